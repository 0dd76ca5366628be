{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p class="lead">Consultez, semaine par semaine et demi-journée par demi-journée, ce qui est libre à {{SITE_NAME}}.</p>
<ul class="resource-list">
{{#RESOURCE}}<li>
<h2><a href="{{BASE}}/disponibilites/{{SLUG}}">{{NAME}}</a></h2>
<p>{{KIND}}. {{DESCRIPTION}}</p>
{{#BOOKABLE}}<p><a class="button secondary" href="{{BASE}}/reservation?salle={{SLUG:u}}">Réserver la salle</a></p>
{{/BOOKABLE}}</li>
{{/RESOURCE}}</ul>
</div>
