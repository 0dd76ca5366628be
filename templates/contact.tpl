{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<div class="columns">
<div class="prose">
{{BODY_HTML:none}}
{{#OPENING_HOURS}}<h2 id="horaires">Horaires d’ouverture</h2>
<table class="hours">
<caption class="visually-hidden">Horaires d’ouverture par jour</caption>
<tbody>
{{#DAY}}<tr><th scope="row">{{DAY_NAME}}</th><td>{{DAY_HOURS}}</td></tr>
{{/DAY}}</tbody>
</table>
{{/OPENING_HOURS}}</div>
<section class="form-panel" aria-labelledby="form-titre">
<h2 id="form-titre">Nous écrire</h2>
{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/contact" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="cle" value="{{KEY}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<div class="field{{#NOM_INVALID}} invalid{{/NOM_INVALID}}">
<label for="nom">Nom et prénom *</label>
<input id="nom" name="nom" type="text" autocomplete="name" maxlength="120" required value="{{NOM_VALUE}}"{{#NOM_INVALID}} aria-invalid="true" aria-describedby="nom-erreur"{{/NOM_INVALID}}>
{{#NOM_INVALID}}<p class="error" id="nom-erreur">{{NOM_ERROR}}</p>{{/NOM_INVALID}}
</div>
<div class="field{{#EMAIL_INVALID}} invalid{{/EMAIL_INVALID}}">
<label for="email">Adresse e-mail *</label>
<input id="email" name="email" type="email" autocomplete="email" maxlength="254" required value="{{EMAIL_VALUE}}"{{#EMAIL_INVALID}} aria-invalid="true" aria-describedby="email-erreur"{{/EMAIL_INVALID}}>
{{#EMAIL_INVALID}}<p class="error" id="email-erreur">{{EMAIL_ERROR}}</p>{{/EMAIL_INVALID}}
</div>
<div class="field{{#TELEPHONE_INVALID}} invalid{{/TELEPHONE_INVALID}}">
<label for="telephone">Téléphone (facultatif)</label>
<input id="telephone" name="telephone" type="tel" autocomplete="tel" maxlength="30" value="{{TELEPHONE_VALUE}}"{{#TELEPHONE_INVALID}} aria-invalid="true" aria-describedby="telephone-erreur"{{/TELEPHONE_INVALID}}>
{{#TELEPHONE_INVALID}}<p class="error" id="telephone-erreur">{{TELEPHONE_ERROR}}</p>{{/TELEPHONE_INVALID}}
</div>
<div class="field{{#OBJET_INVALID}} invalid{{/OBJET_INVALID}}">
<label for="objet">Objet *</label>
<input id="objet" name="objet" type="text" maxlength="200" required value="{{OBJET_VALUE}}"{{#OBJET_INVALID}} aria-invalid="true" aria-describedby="objet-erreur"{{/OBJET_INVALID}}>
{{#OBJET_INVALID}}<p class="error" id="objet-erreur">{{OBJET_ERROR}}</p>{{/OBJET_INVALID}}
</div>
<div class="field{{#MESSAGE_INVALID}} invalid{{/MESSAGE_INVALID}}">
<label for="message">Votre message *</label>
<textarea id="message" name="message" rows="7" maxlength="5000" required{{#MESSAGE_INVALID}} aria-invalid="true" aria-describedby="message-erreur"{{/MESSAGE_INVALID}}>
{{MESSAGE_VALUE:pre_escape}}</textarea>
{{#MESSAGE_INVALID}}<p class="error" id="message-erreur">{{MESSAGE_ERROR}}</p>{{/MESSAGE_INVALID}}
</div>
<div class="trap" aria-hidden="true">
<label for="site_web">Laissez ce champ vide</label>
<input id="site_web" name="site_web" type="text" tabindex="-1" autocomplete="off">
</div>
<p class="hint">Vos coordonnées servent uniquement à vous répondre ; elles sont conservées douze mois. Voir notre <a href="{{BASE}}/confidentialite">politique de confidentialité</a>.</p>
<button type="submit" class="button">Envoyer le message</button>
</form>
</section>
</div>
</div>
