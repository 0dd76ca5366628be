{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p class="lead">Indiquez l’adresse e-mail de votre compte : nous vous envoyons un lien, valable une heure, pour choisir un nouveau mot de passe.</p>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/mot-de-passe-oublie" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<button type="submit" class="button">Recevoir le lien</button>
</form>
</div>
