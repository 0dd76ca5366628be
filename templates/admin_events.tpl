{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p><a class="button" href="{{BASE}}/admin/evenements/nouveau">Créer un événement</a></p>
{{#NO_EVENT}}<p>Aucun événement pour l’instant.</p>
{{/NO_EVENT}}<h2>À venir et en cours</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Événements à venir</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Événement</th><th scope="col">Catégorie</th><th scope="col">État</th><th scope="col">Inscrits</th><th scope="col">En attente</th></tr></thead>
<tbody>
{{#EVENT}}<tr><td><time datetime="{{ISO}}">{{WHEN}}</time></td><th scope="row"><a href="{{BASE}}{{HREF}}">{{TITLE}}</a></th><td>{{CATEGORY}}</td><td>{{STATUS}}</td><td><a href="{{BASE}}{{REG_HREF}}">{{SEATS}}</a></td><td>{{WAITING}}</td></tr>
{{/EVENT}}</tbody>
</table></div>
<h2>Passés</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Événements passés, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Événement</th><th scope="col">Catégorie</th><th scope="col">État</th><th scope="col">Inscrits</th><th scope="col">En attente</th></tr></thead>
<tbody>
{{#PAST_EVENT}}<tr><td><time datetime="{{ISO}}">{{WHEN}}</time></td><th scope="row"><a href="{{BASE}}{{HREF}}">{{TITLE}}</a></th><td>{{CATEGORY}}</td><td>{{STATUS}}</td><td><a href="{{BASE}}{{REG_HREF}}">{{SEATS}}</a></td><td>{{WAITING}}</td></tr>
{{/PAST_EVENT}}</tbody>
</table></div>
</div>
