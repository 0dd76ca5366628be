{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p><a href="/admin/lieux">Gérer les lieux et leurs équipes</a></p>
<section aria-labelledby="usages-titre">
<h2 id="usages-titre">Utilisations par lieu</h2>
<p>Demi-journées d’occupation de chaque lieu jusqu’à aujourd’hui, rapportées à son propre objectif : celui du mois, et celui de l’année entière.</p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="usages-titre">
<table>
<thead><tr><th scope="col">Lieu</th><th scope="col">{{MONTH}}</th><th scope="col">Année {{YEAR}}</th></tr></thead>
<tbody>
{{#SPACE}}<tr><th scope="row">{{NAME}}</th><td>{{MONTH_USES}}</td><td>{{YEAR_USES}}</td></tr>
{{/SPACE}}</tbody>
</table>
</div>
</section>
<section aria-labelledby="recettes-titre">
<h2 id="recettes-titre">Part publique des recettes par organisation ({{YEAR}})</h2>
<p>Subventions accordées ou reçues (comptées l’année où commence la période financée) et ventes nettes (factures moins avoirs).</p>
<div class="table-scroll" tabindex="0" role="region" aria-labelledby="recettes-titre">
<table>
<thead><tr><th scope="col">Organisation</th><th scope="col">Subventions publiques</th><th scope="col">Financements privés</th><th scope="col">Ventes</th><th scope="col">Total</th><th scope="col">Part publique</th></tr></thead>
<tbody>
{{#ORG}}<tr><th scope="row">{{NAME}}</th><td>{{PUBLIC}}</td><td>{{PRIVATE}}</td><td>{{SALES}}</td><td>{{TOTAL}}</td><td>{{SHARE}}</td></tr>
{{/ORG}}</tbody>
</table>
</div>
</section>
</div>
