{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}{{#ERROR_S}}<div class="error-summary" role="alert"><p>{{ERROR}}</p></div>
{{/ERROR_S}}<p>Clôturer une période la fige : plus aucun document ne peut être émis à une date de cette période. L’archive (documents, lignes, empreintes) est conservée et chaînée à la clôture précédente.</p>
<form method="post" action="{{BASE}}/admin/factures/clotures">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="c-periode">Période à clôturer (AAAA-MM pour un mois, AAAA pour une année)</label> <input id="c-periode" name="periode" type="text" inputmode="numeric" value="{{PERIOD}}" required></p>
<p><button type="submit" class="button">Clôturer</button></p>
</form>
<h2>Exports</h2>
<form method="get" action="{{BASE}}/admin/factures/fec" class="inline-form"><p><label for="e-mois">Mois du FEC et du journal (AAAA-MM)</label> <input id="e-mois" name="mois" type="month" value="{{MONTH}}"> <button type="submit" class="button secondary">Télécharger le FEC</button> <button type="submit" class="button secondary" formaction="{{BASE}}/admin/factures/journal.csv">Journal des ventes (CSV)</button></p></form>
<h2>Clôtures</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Périodes clôturées</caption>
<thead><tr><th scope="col">Période</th><th scope="col">Documents</th><th scope="col">Empreinte de l’archive</th><th scope="col">Empreinte chaînée</th><th scope="col">Archive</th></tr></thead>
<tbody>
{{#CLOSING}}<tr><th scope="row">{{PERIOD_LABEL}}</th><td>{{DOCS}}</td><td><code>{{ARCHIVE_SHA}}</code></td><td><code>{{HASH}}</code></td><td><a href="{{BASE}}{{HREF}}">JSON</a></td></tr>
{{/CLOSING}}</tbody>
</table></div>
</div>
