{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}{{#ERROR_S}}<div class="error-summary" role="alert"><p>{{ERROR}}</p></div>
{{/ERROR_S}}<p>La facturation mensuelle prépare en brouillon les factures du mois : adhésions à régler, carnets, abonnements mensuels. La relancer ne facture rien deux fois.</p>
<form method="get" action="{{BASE}}/admin/factures/mensuel">
<p><label for="r-mois">Mois</label> <input id="r-mois" name="mois" type="month" value="{{MONTH}}"> <button type="submit" class="button secondary">Afficher</button></p>
</form>
<p>Mois de {{MONTH_LABEL}} : <strong>{{DRAFTS}}</strong> pour {{DRAFT_TOTAL}}, <strong>{{ISSUED}}</strong>.</p>
<form method="post" action="{{BASE}}/admin/factures/mensuel" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="mois" value="{{MONTH}}"><button type="submit" class="button">Préparer les brouillons de {{MONTH_LABEL}}</button></form>
<form method="post" action="{{BASE}}/admin/factures/mensuel/emettre" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="mois" value="{{MONTH}}"><button type="submit" class="button secondary">Émettre les brouillons de {{MONTH_LABEL}}</button></form>
<p><a href="{{BASE}}{{LIST_HREF}}">Voir les brouillons du mois</a></p>
</div>
