{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<link rel="stylesheet" href="{{BASE}}/factures/impression.css" media="print">
<h1 class="invoice-screen">{{TITLE}}</h1>
<p class="invoice-screen">État : <strong>{{STATUS}}</strong></p>
<ul class="cta-list invoice-screen">
<li><a class="button" href="{{BASE}}{{PDF_HREF}}" download>Facture PDF (Factur-X)</a></li>
<li><a class="button secondary" href="{{BASE}}{{XML_HREF}}" download>XML CII (EN 16931)</a></li>
{{#PAYMENTS_S}}<li><a class="button secondary" href="{{BASE}}{{PAYMENTS_HREF}}">Relevé des règlements</a></li>
{{/PAYMENTS_S}}</ul>
{{>DOC}}
</div>
