{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/compte/mot-de-passe" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<p class="hint">Vos sessions sur les autres appareils seront fermées, et un e-mail vous confirmera le changement.</p>
<button type="submit" class="button">Changer mon mot de passe</button> <a class="button secondary" href="{{BASE}}/compte">Annuler</a>
</form>
</div>
