{{%AUTOESCAPE context="HTML"}}<div class="wrap attendance">
<link rel="stylesheet" media="print" href="{{BASE}}/admin/impression.css">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p class="skip-print"><a href="{{BASE}}{{PREV_HREF}}">Année précédente</a> · <a href="{{BASE}}{{NEXT_HREF}}">Année suivante</a> · Pour la feuille d’émargement, imprimez cette page (la navigation n’est pas imprimée).</p>
<p>Membres de l’association {{ORG_LEGAL_NAME}} à jour de leur cotisation pour l’année {{YEAR}}{{#ROLL}}, adhésion en cours au {{ROLL_DAY}}{{/ROLL}} : <strong>{{N_VOTERS}}</strong>.</p>
{{#NONE}}<p>Aucun membre n’a réglé sa cotisation pour cette année.</p>
{{/NONE}}<div class="table-scroll" tabindex="0"><table class="attendance-sheet">
<caption>Feuille d’émargement — assemblée générale {{YEAR}}</caption>
<thead><tr><th scope="col">N°</th><th scope="col">Nom</th><th scope="col">Entreprise</th><th scope="col">Présent·e ou pouvoir donné à</th><th scope="col">Signature</th></tr></thead>
<tbody>
{{#VOTER}}<tr><td>{{N}}</td><th scope="row">{{NAME}}</th><td>{{COMPANY}}</td><td></td><td></td></tr>
{{/VOTER}}</tbody>
</table></div>
</div>
