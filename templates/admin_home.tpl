{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p class="lead">Les événements à venir et leurs inscriptions. Les autres rubriques (tableau de bord, membres, contenus du site, journal des modifications) arrivent ici au fil des versions.</p>
<ul>
<li>Brouillons : <strong>{{DRAFTS}}</strong></li>
<li>Publiés à venir : <strong>{{UPCOMING}}</strong></li>
<li>Publiés passés : <strong>{{PAST}}</strong></li>
<li>Annulés : <strong>{{CANCELLED}}</strong></li>
</ul>
<p><a class="button" href="{{BASE}}/admin/evenements/nouveau">Créer un événement</a> <a class="button secondary" href="{{BASE}}/admin/evenements">Tous les événements</a></p>
<h2>Événements à venir</h2>
{{#NO_EVENT}}<p>Aucun événement à venir pour l’instant.</p>
{{/NO_EVENT}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Événements à venir, avec leurs inscriptions</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Événement</th><th scope="col">État</th><th scope="col">Inscrits</th></tr></thead>
<tbody>
{{#EVENT}}<tr><td><time datetime="{{ISO}}">{{WHEN}}</time></td><th scope="row"><a href="{{BASE}}{{HREF}}">{{TITLE}}</a></th><td>{{STATUS}}</td><td><a href="{{BASE}}{{REG_HREF}}">{{SEATS}}</a>{{#WAITING}}, {{N_WAITING}} en attente{{/WAITING}}</td></tr>
{{/EVENT}}</tbody>
</table></div>
</div>
