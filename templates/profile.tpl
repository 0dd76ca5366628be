{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/compte/profil" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset>
<legend>Vos coordonnées</legend>
{{#IDENTITY}}{{>FIELD}}{{/IDENTITY}}
</fieldset>
<fieldset>
<legend>Votre structure</legend>
{{#ORGANISATION}}<p class="hint">Votre compte est celui d’une structure : ces champs sont obligatoires.</p>{{/ORGANISATION}}
{{#COMPANY_FIELDS}}{{>FIELD}}{{/COMPANY_FIELDS}}
</fieldset>
<button type="submit" class="button">Enregistrer</button> <a class="button secondary" href="{{BASE}}/compte">Annuler</a>
</form>
</div>
