{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#PARAGRAPH}}<p class="lead">{{TEXT}}</p>
{{/PARAGRAPH}}{{#LINK}}<p><a class="button" href="{{BASE}}{{LINK_HREF}}">{{LINK_LABEL}}</a></p>
{{/LINK}}</div>
