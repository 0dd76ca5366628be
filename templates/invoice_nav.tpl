{{%AUTOESCAPE context="HTML"}}<nav class="admin-nav" aria-label="Facturation">
<p class="muted"><a href="{{BASE}}/admin">Back-office</a> › Facturation — connecté·e : {{STAFF_NAME}}</p>
<ul class="cta-list">
{{#ITEM}}<li><a href="{{BASE}}{{HREF}}"{{#CURRENT}} aria-current="page"{{/CURRENT}}>{{LABEL}}</a></li>
{{/ITEM}}</ul>
</nav>
