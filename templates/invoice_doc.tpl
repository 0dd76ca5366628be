{{%AUTOESCAPE context="HTML"}}<article class="invoice" aria-labelledby="doc-title">
<header class="invoice-head">
<h2 id="doc-title">{{TYPE_LABEL}} n° {{NUMBER}}</h2>
{{#CORRECTS}}<p>Avoir portant sur la facture n° <strong>{{CORRECTS_NUMBER}}</strong>{{#CORRECTS_DATE_S}} du {{CORRECTS_DATE}}{{/CORRECTS_DATE_S}}.</p>
{{/CORRECTS}}<dl class="invoice-dates">
<dt>{{ISSUE_DATE_LABEL}}</dt><dd>{{ISSUE_DATE}}</dd>
{{#SERVICE}}<dt>Date ou période de la prestation</dt><dd>{{SERVICE_PERIOD}}</dd>
{{/SERVICE}}<dt>Nature de l’opération</dt><dd>Prestations de services</dd>
{{#DUE}}<dt>Date d’échéance</dt><dd>{{DUE_DATE}}</dd>
{{/DUE}}</dl>
</header>
<div class="invoice-parties">
<section aria-labelledby="seller-title"><h3 id="seller-title">Émetteur</h3>
<p><strong>{{S_NAME}}</strong><br>{{S_STREET}}<br>{{S_POSTCODE}} {{S_CITY}}</p>
<p>{{#S_SIREN_S}}SIREN {{S_SIREN}}{{/S_SIREN_S}}{{#S_SIRET_S}} — SIRET {{S_SIRET}}{{/S_SIRET_S}}{{#S_RNA_S}}<br>RNA {{S_RNA}}{{/S_RNA_S}}{{#S_VAT_S}}<br>N° de TVA intracommunautaire {{S_VAT}}{{/S_VAT_S}}<br>{{S_EMAIL}}</p>
</section>
<section aria-labelledby="buyer-title"><h3 id="buyer-title">Client</h3>
<p><strong>{{B_NAME}}</strong>{{#B_STREET_S}}<br>{{B_STREET}}{{/B_STREET_S}}{{#B_CITY_S}}<br>{{B_POSTCODE}} {{B_CITY}}{{/B_CITY_S}}</p>
{{#B_SIREN_S}}<p>SIREN {{B_SIREN}}</p>
{{/B_SIREN_S}}{{#B_VAT_S}}<p>TVA intracommunautaire {{B_VAT}}</p>
{{/B_VAT_S}}</section>
</div>
<div class="table-scroll" tabindex="0"><table class="invoice-lines">
<caption>Détail des prestations</caption>
<thead><tr><th scope="col">Désignation</th><th scope="col">Quantité</th><th scope="col">Prix unitaire HT</th><th scope="col">TVA</th><th scope="col">Montant HT</th></tr></thead>
<tbody>
{{#LINE}}<tr><th scope="row">{{DESC}}{{#LINE_PERIOD_S}}<br><span class="muted">{{LINE_PERIOD}}</span>{{/LINE_PERIOD_S}}{{#LINE_AC}}<br><span class="muted">{{LINE_AC_TEXT}}</span>{{/LINE_AC}}</th><td>{{QTY}}</td><td>{{PRICE}}</td><td>{{VAT}}</td><td>{{NET}}</td></tr>
{{/LINE}}</tbody>
</table></div>
<table class="invoice-totals">
<caption class="visually-hidden">Totaux</caption>
<tbody>
{{#DOC_AC_S}}{{#DOC_AC}}<tr><th scope="row">{{AC_TEXT}} ({{AC_VAT}})</th><td></td></tr>
{{/DOC_AC}}<tr><th scope="row">Total des lignes HT</th><td>{{LINE_TOTAL}}</td></tr>
{{#ALLOWANCES_S}}<tr><th scope="row">Remises</th><td>{{ALLOWANCES}}</td></tr>
{{/ALLOWANCES_S}}{{#CHARGES_S}}<tr><th scope="row">Frais</th><td>{{CHARGES}}</td></tr>
{{/CHARGES_S}}{{/DOC_AC_S}}<tr><th scope="row">Total HT</th><td>{{TOTAL_NET}}</td></tr>
{{#VAT_ROW}}<tr><th scope="row">TVA {{VAT_RATE}} sur {{VAT_BASIS}}</th><td>{{VAT_AMOUNT}}</td></tr>
{{/VAT_ROW}}<tr><th scope="row">Total TVA</th><td>{{TOTAL_VAT}}</td></tr>
<tr><th scope="row">Total TTC</th><td><strong>{{TOTAL_GROSS}}</strong></td></tr>
{{#PAID_S}}<tr><th scope="row">Déjà payé</th><td>{{PAID}}</td></tr>
{{/PAID_S}}{{#DUE_AMOUNT_S}}<tr><th scope="row">Net à payer</th><td><strong>{{DUE_AMOUNT}}</strong></td></tr>
{{/DUE_AMOUNT_S}}</tbody>
</table>
<div class="invoice-mentions">
{{#VAT_EXEMPTION_S}}<p><strong>{{VAT_EXEMPTION}}</strong></p>
{{/VAT_EXEMPTION_S}}<p>{{PAYMENT_TERMS}}</p>
{{#IBAN_S}}<p>Virement : IBAN {{IBAN}}{{#BIC_S}} — BIC {{BIC}}{{/BIC_S}}, en indiquant le n° {{NUMBER}}.</p>
{{/IBAN_S}}{{#PENALTY_S}}<p>{{PENALTY}}</p>
{{/PENALTY_S}}<p>{{DISCOUNT}}</p>
{{#HASH_S}}<p class="muted invoice-hash">Empreinte d’inaltérabilité (SHA-256) : <code>{{HASH}}</code></p>
{{/HASH_S}}</div>
</article>
