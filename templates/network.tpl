{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p>Le réseau réunit {{N_SPACES}} : chacun a ses espaces, ses tarifs et son équipe, et votre compte vous suit de l’un à l’autre.</p>
<p>Suivez les événements de tout le réseau : <a href="/reseau/evenements.rss">fil RSS</a> ou <a href="/reseau/evenements.ics">agenda iCalendar</a>.</p>
<ul class="cards network">
{{#SPACE}}<li class="card">
<h2 id="lieu-{{SPACE_ID}}"><a href="{{SPACE_HREF}}">{{SPACE_NAME}}</a></h2>
<address>{{SPACE_STREET}}<br>{{SPACE_POSTCODE}} {{SPACE_CITY}}</address>
{{#SUMMARY}}<p>{{SPACE_SUMMARY}}</p>{{/SUMMARY}}
<table class="hours">
<caption>Horaires d’ouverture</caption>
<tbody>
{{#DAY}}<tr><th scope="row">{{DAY_NAME}}</th><td>{{DAY_HOURS}}</td></tr>
{{/DAY}}</tbody>
</table>
<h3>Prochains événements</h3>
{{#EVENTS}}<ul class="network-events">
{{#EVENT}}<li><a href="{{EVENT_HREF}}">{{EVENT_TITLE}}</a><br><span class="note">{{EVENT_WHEN}}</span></li>
{{/EVENT}}</ul>
{{/EVENTS}}{{#NO_EVENTS}}<p>Aucun événement annoncé pour le moment.</p>
{{/NO_EVENTS}}<p><a class="button" href="{{SPACE_HREF}}">Découvrir {{SPACE_NAME}}</a></p>
</li>
{{/SPACE}}</ul>
</div>
