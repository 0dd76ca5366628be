{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>NAV}}
<h1>{{TITLE}}</h1>
<p>Un brouillon pour un client sans compte (entreprise qui loue la salle, visiteur…). Vous ajouterez les lignes ensuite.</p>
{{#FORM_ERRORS}}<div class="error-summary" role="alert" tabindex="-1"><p>{{N_ERRORS}} à corriger.</p></div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/admin/factures/nouvelle" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELD}}{{>FIELD}}{{/FIELD}}
<p><button type="submit" class="button">Créer le brouillon</button></p>
</form>
</div>
