{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}<form method="get" action="{{BASE}}/admin/factures" class="filters">
<p><label for="f-q">Client ou numéro</label> <input id="f-q" name="q" type="search" value="{{Q}}"></p>
<p><label for="f-etat">État</label> <select id="f-etat" name="etat">
{{#STATUS_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/STATUS_OPT}}</select></p>
<p><label for="f-type">Type</label> <select id="f-type" name="type">
{{#KIND_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/KIND_OPT}}</select></p>
<p><label for="f-mois">Mois (AAAA-MM)</label> <input id="f-mois" name="mois" type="month" value="{{MONTH}}"></p>
{{#FILTER_ERROR_S}}<p class="error" role="alert">{{FILTER_ERROR}}</p>
{{/FILTER_ERROR_S}}<p><button type="submit" class="button">Filtrer</button></p>
</form>
<p>{{COUNT}}{{#LATER}} sur cette page{{/LATER}}.</p>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Factures et avoirs</caption>
<thead><tr><th scope="col">Numéro</th><th scope="col">Client</th><th scope="col">Date</th><th scope="col">Échéance</th><th scope="col">TTC</th><th scope="col">Payé</th><th scope="col">État</th></tr></thead>
<tbody>
{{#DOC}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NUMBER}}</a></th><td>{{CUSTOMER}}</td><td>{{DATE}}</td><td>{{DUE}}</td><td>{{GROSS}}</td><td>{{PAID}}</td><td>{{STATUS}}</td></tr>
{{/DOC}}</tbody>
</table></div>
{{#PAGES}}<nav aria-label="Pages de la liste"><p>{{#FIRST}}<a href="/admin/factures?q={{Q:u}}&amp;etat={{ETAT:u}}&amp;type={{TYPE:u}}&amp;mois={{MOIS:u}}">Premiers documents</a> {{/FIRST}}{{#NEXT}}<a href="/admin/factures?q={{Q:u}}&amp;etat={{ETAT:u}}&amp;type={{TYPE:u}}&amp;mois={{MOIS:u}}&amp;apres={{AFTER:u}}" rel="next">Documents suivants</a>{{/NEXT}}</p></nav>
{{/PAGES}}</div>
