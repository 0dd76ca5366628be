{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p class="lead">Rejoignez la communauté des coworkers de {{SITE_NAME}} : l’adhésion à l’association {{ORG_LEGAL_NAME}} vous ouvre les tarifs membres et une voix dans la vie du lieu. Comptez cinq minutes.</p>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/adhesion" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset class="choices{{#PROFIL_INVALID}} invalid{{/PROFIL_INVALID}}"{{#PROFIL_INVALID}} aria-describedby="profil-erreur"{{/PROFIL_INVALID}}>
<legend>Vous êtes *</legend>
{{#PROFILE}}<div class="choice"><input type="radio" id="{{PROFILE_ID}}" name="profil" value="{{PROFILE_VALUE}}"{{#CHECKED}} checked{{/CHECKED}} required> <label for="{{PROFILE_ID}}">{{PROFILE_LABEL}}</label></div>
{{/PROFILE}}{{#PROFIL_INVALID}}<p class="error" id="profil-erreur">{{PROFIL_ERROR}}</p>{{/PROFIL_INVALID}}
</fieldset>
<fieldset>
<legend>Vos coordonnées</legend>
{{#IDENTITY}}{{>FIELD}}{{/IDENTITY}}
</fieldset>
<fieldset>
<legend>Votre structure</legend>
<p class="hint">Obligatoire pour une entreprise, une association ou une collectivité : ces informations figureront sur vos factures.</p>
{{#COMPANY_FIELDS}}{{>FIELD}}{{/COMPANY_FIELDS}}
</fieldset>
<fieldset class="choices{{#FORMULE_INVALID}} invalid{{/FORMULE_INVALID}}"{{#FORMULE_INVALID}} aria-describedby="formule-erreur"{{/FORMULE_INVALID}}>
<legend>Votre formule *</legend>
<p class="hint">Tarifs membres, toutes taxes comprises. Vous pourrez en changer avec l’équipe.</p>
{{#FORMULA}}<div class="choice"><input type="radio" id="{{FORMULA_ID}}" name="formule" value="{{FORMULA_VALUE}}"{{#CHECKED}} checked{{/CHECKED}} required> <label for="{{FORMULA_ID}}"><strong>{{FORMULA_LABEL}}</strong> — {{FORMULA_PRICE}}{{#FORMULA_NOTE}} <span class="note">{{NOTE}}</span>{{/FORMULA_NOTE}}</label></div>
{{/FORMULA}}{{#FORMULE_INVALID}}<p class="error" id="formule-erreur">{{FORMULE_ERROR}}</p>{{/FORMULE_INVALID}}
</fieldset>
<fieldset>
<legend>Adhésion et engagements</legend>
<p>{{MEMBERSHIP_LABEL}} : <strong>{{MEMBERSHIP_FEE}}</strong> par an. Lisez les <a href="{{BASE}}/statuts">statuts et le règlement intérieur</a> et notre <a href="{{BASE}}/confidentialite">politique de confidentialité</a>.</p>
{{#CONSENTS}}{{>FIELD}}{{/CONSENTS}}
</fieldset>
<p class="hint">Après l’envoi, vous recevrez un e-mail pour confirmer votre adresse et choisir votre mot de passe. L’équipe vous contacte ensuite pour le règlement.</p>
<button type="submit" class="button">Envoyer ma demande d’adhésion</button>
</form>
<p>Déjà membre ? <a href="{{BASE}}/connexion">Connectez-vous</a>.</p>
</div>
