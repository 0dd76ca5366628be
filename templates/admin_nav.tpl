{{%AUTOESCAPE context="HTML"}}<nav class="admin-nav" aria-label="Back-office">
<p class="muted">Back-office de l’équipe — connecté·e : {{STAFF_NAME}}</p>
<ul class="cta-list">
{{#ITEM}}<li><a href="{{BASE}}{{HREF}}"{{#PAGE}} aria-current="page"{{/PAGE}}{{#SECTION_CUR}} aria-current="true"{{/SECTION_CUR}}>{{LABEL}}</a></li>
{{/ITEM}}</ul>
</nav>
