{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
{{#UPCOMING}}<p class="lead">Ateliers, afterworks, conférences, portes ouvertes : la vie de {{SITE_NAME}} est ouverte à toutes et à tous, coworkers ou non. Inscription gratuite sauf mention contraire.</p>
<p class="feeds">Suivre le programme : <a href="{{BASE}}/evenements.rss">flux RSS</a> · <a href="{{BASE}}/evenements.ics">agenda iCalendar</a> · <a href="{{BASE}}/evenements/archives">événements passés</a></p>
<ul class="feeds category-feeds" aria-label="Suivre une catégorie">
{{#CATEGORY_FEED}}<li>{{FEED_NAME}} : <a href="{{BASE}}{{FEED_RSS}}">flux RSS</a> · <a href="{{BASE}}{{FEED_ICS}}">agenda iCalendar</a></li>
{{/CATEGORY_FEED}}</ul>
{{/UPCOMING}}{{#PAST}}<p class="lead">Ce qui s’est passé à {{SITE_NAME}}. <a href="{{BASE}}/evenements">Voir les prochains événements</a>.</p>
{{/PAST}}{{#NONE}}<p>Aucun événement pour le moment. Abonnez-vous au <a href="{{BASE}}/evenements.rss">flux RSS</a> pour être prévenu des prochains.</p>
{{/NONE}}{{#MONTH}}<section class="month">
<h2>{{MONTH_NAME}}</h2>
<ul class="events">
{{#EVENT}}<li class="event-item">
<p class="kind">{{CATEGORY}}{{#CANCELLED}} · <strong class="badge">Annulé</strong>{{/CANCELLED}}{{#FULL}} · <strong class="badge">Complet</strong>{{/FULL}}</p>
<h3><a href="{{BASE}}/evenements/{{SLUG}}">{{EV_TITLE}}</a></h3>
<p><time datetime="{{DATETIME}}">{{WHEN}}</time> · {{PLACE}}</p>
<p>{{SUMMARY}}</p>
</li>
{{/EVENT}}</ul>
</section>
{{/MONTH}}{{#PAGINATION}}<nav class="pagination" aria-label="Pagination">
{{#PREV}}<a href="{{BASE}}{{PREV_HREF}}" rel="prev">Événements précédents</a>{{/PREV}}
<span>Page {{PAGE}}</span>
{{#NEXT}}<a href="{{BASE}}{{NEXT_HREF}}" rel="next">Événements suivants</a>{{/NEXT}}
</nav>
{{/PAGINATION}}</div>
