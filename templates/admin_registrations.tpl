{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}{{EVENT_HREF}}">← {{EVENT_TITLE}}</a></p>
<h1>{{TITLE}}</h1>
<p>{{CONFIRMED}} sur {{CAPACITY}}, {{WAITING}} en liste d’attente.</p>
{{#NO_REGISTRATION}}<p>Personne n’est encore inscrit.</p>
{{/NO_REGISTRATION}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Inscriptions à l’événement</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">État</th><th scope="col">Inscrit le</th><th scope="col">Compte membre</th></tr></thead>
<tbody>
{{#REGISTRATION}}<tr><th scope="row">{{NAME}}</th><td><a href="mailto:{{EMAIL}}">{{EMAIL}}</a></td><td>{{STATUS}}</td><td>{{WHEN}}</td><td>{{MEMBER}}</td></tr>
{{/REGISTRATION}}</tbody>
</table></div>
</div>
