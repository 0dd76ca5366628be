{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}<h2>Préparer un lot de prélèvements</h2>
<p>Un lot reprend chaque facture ouverte d’un membre ayant un mandat actif, une seule fois : le premier prélèvement d’un mandat est FRST, les suivants RCUR. Le fichier pain.008 du lot est enregistré à son premier téléchargement et reste le même ensuite.</p>
<form method="post" action="{{BASE}}{{BATCH_ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="s-seq">Séquence</label> <select id="s-seq" name="sequence"><option value="FRST">Premier prélèvement (FRST)</option><option value="RCUR">Prélèvement récurrent (RCUR)</option></select>
<label for="s-date">Date d’échéance</label> <input id="s-date" name="date" type="date" value="{{DATE}}" required>
<button type="submit" class="button">Préparer le lot</button></p>
</form>
<h2>Lots</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Lots de prélèvements SEPA</caption>
<thead><tr><th scope="col">Lot</th><th scope="col">Séquence</th><th scope="col">Échéance</th><th scope="col">Prélèvements</th><th scope="col">Rejets</th><th scope="col">Montant</th><th scope="col">État</th></tr></thead>
<tbody>
{{#BATCH}}<tr><th scope="row"><a href="{{BASE}}{{B_HREF}}">n° {{B_ID}}</a></th><td>{{B_SEQ}}</td><td>{{B_DATE}}</td><td>{{B_COUNT}}</td><td>{{B_RETURNED}}</td><td>{{B_AMOUNT}}</td><td>{{B_STATUS}}</td></tr>
{{/BATCH}}</tbody>
</table></div>
<h2>Enregistrer un mandat</h2>
{{#FORM_ERRORS}}<div class="error-summary" role="alert" tabindex="-1"><p>{{N_ERRORS}} à corriger.</p></div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/admin/factures/sepa" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELD}}{{>FIELD}}{{/FIELD}}
<p><button type="submit" class="button">Enregistrer le mandat</button></p>
</form>
<h2>Mandats</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Mandats de prélèvement SEPA</caption>
<thead><tr><th scope="col">RUM</th><th scope="col">Signé le</th><th scope="col">Débiteur</th><th scope="col">IBAN</th><th scope="col">État</th></tr></thead>
<tbody>
{{#MANDATE}}<tr><th scope="row">{{RUM}}</th><td>{{SIGNED}}</td><td>{{DEBTOR}} ({{EMAIL}})</td><td>{{IBAN}}</td><td>{{STATUS}}</td></tr>
{{/MANDATE}}</tbody>
</table></div>
</div>
