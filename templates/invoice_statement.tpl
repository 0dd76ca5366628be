{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p>{{DOC_LABEL}} émise le {{ISSUE_DATE}} — état : <strong>{{STATUS}}</strong></p>
<p><a href="{{BASE}}{{DOC_HREF}}">Voir le document</a></p>
{{>STATEMENT}}
</div>
