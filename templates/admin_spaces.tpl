{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p><a class="button" href="/admin/lieux/nouveau">Ajouter un lieu</a> <a href="/admin/reseau">Tableau de bord du réseau</a></p>
<div class="table-scroll" tabindex="0" role="region" aria-label="Liste des lieux">
<table>
<thead><tr><th scope="col">Lieu</th><th scope="col">Adresse web</th><th scope="col">Ville</th><th scope="col">Organisation</th><th scope="col">État</th><th scope="col">Équipe</th></tr></thead>
<tbody>
{{#SPACE}}<tr><th scope="row"><a href="{{HREF}}">{{NAME}}</a></th><td>{{WHERE}}</td><td>{{CITY}}</td><td>{{ORG}}</td><td>{{STATE}}</td><td>{{STAFF}}</td></tr>
{{/SPACE}}</tbody>
</table>
</div>
</div>
