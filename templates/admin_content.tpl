{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p>Ce que vous enregistrez ici est en ligne sur le site public en moins d’une seconde.</p>
<ul>
<li><a href="{{BASE}}/admin/contenu/tarifs">Tarifs</a></li>
<li><a href="{{BASE}}/admin/contenu/horaires">Horaires d’ouverture et fermetures exceptionnelles</a></li>
<li><a href="{{BASE}}/admin/contenu/financeurs">Financeurs affichés sur la page Partenaires</a></li>
{{#IS_ADMIN}}<li><a href="{{BASE}}/admin/contenu/organisation">Identité de l’association et mentions légales</a></li>
{{/IS_ADMIN}}</ul>
<h2>Pages du site</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Pages du site</caption>
<thead><tr><th scope="col">Page</th><th scope="col">Adresse</th><th scope="col">Modifiée le</th></tr></thead>
<tbody>
{{#PAGE}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{PAGE_TITLE}}</a></th><td>/{{SLUG}}</td><td>{{UPDATED}}</td></tr>
{{/PAGE}}</tbody>
</table></div>
</div>
