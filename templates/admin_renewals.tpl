{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/membres">← Membres</a></p>
<h1>{{TITLE}}</h1>
<p>Les adhésions qui se terminent dans les 45 prochains jours, ou terminées depuis moins de 90 jours, sans adhésion suivante.</p>
{{#NONE}}<p>Aucune adhésion à renouveler.</p>
{{/NONE}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Adhésions à renouveler</caption>
<thead><tr><th scope="col">Membre</th><th scope="col">E-mail</th><th scope="col">Fin de l’adhésion</th><th scope="col">Échéance</th><th scope="col">Cotisation</th></tr></thead>
<tbody>
{{#RENEWAL}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NAME}}</a></th><td><a href="mailto:{{EMAIL}}">{{EMAIL}}</a></td><td><time datetime="{{END_ISO}}">{{END}}</time></td><td>{{WHEN}}</td><td>{{MSTATUS}}</td></tr>
{{/RENEWAL}}</tbody>
</table></div>
</div>
