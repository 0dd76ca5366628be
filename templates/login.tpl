{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/connexion" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="retour" value="{{RETOUR}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<button type="submit" class="button">Se connecter</button>
</form>
{{#UNLOCK}}<form method="post" action="{{BASE}}/connexion/deblocage" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="email" value="{{UNLOCK_EMAIL}}">
<button type="submit" class="button secondary">Recevoir un lien de déblocage par e-mail</button>
</form>
{{/UNLOCK}}<p><a href="{{BASE}}/mot-de-passe-oublie">Mot de passe oublié ?</a></p>
<p>Pas encore membre ? <a href="{{BASE}}/adhesion">Adhérez en ligne</a>.</p>
</div>
