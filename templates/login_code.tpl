{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<p class="lead">Votre compte est protégé par la double authentification. Saisissez le code à 6 chiffres affiché par votre application (ou l’un de vos codes de secours).</p>
<form method="post" action="{{BASE}}/connexion/code" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<input type="hidden" name="retour" value="{{RETOUR}}">
<div class="field{{#CODE_INVALID}} invalid{{/CODE_INVALID}}">
<label for="code">Code de vérification *</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="15" required autofocus{{#CODE_INVALID}} aria-invalid="true" aria-describedby="code-erreur"{{/CODE_INVALID}}>
{{#CODE_INVALID}}<p class="error" id="code-erreur">{{CODE_ERROR}}</p>{{/CODE_INVALID}}
</div>
<button type="submit" class="button">Valider</button>
</form>
<p>Ce code expire dans 5 minutes. <a href="{{BASE}}/connexion">Recommencer la connexion</a></p>
</div>
