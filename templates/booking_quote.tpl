{{%AUTOESCAPE context="HTML"}}<link rel="stylesheet" href="{{BASE}}/reservation/devis.css" media="print">
<div class="wrap quote">
<h1>{{TITLE}}</h1>
{{#JUST_MADE}}<p class="notice" role="status">Votre devis est prêt. Imprimez cette page ou enregistrez-la en PDF depuis votre navigateur (Ctrl+P). Il ne réserve pas le créneau : réservez quand vous êtes prêt.</p>
{{/JUST_MADE}}<dl class="legal">
<dt>Numéro</dt><dd>{{NUMBER}}</dd>
<dt>Date</dt><dd>{{ISSUED}}</dd>
<dt>Valable jusqu’au</dt><dd>{{VALID_UNTIL}}</dd>
<dt>Client</dt><dd>{{COMPANY}} (SIREN {{SIREN}})<br>{{ADDRESS}}<br>À l’attention de {{CONTACT}}, {{EMAIL}}</dd>
<dt>Prestation</dt><dd>Location de {{ROOM_IN_SENTENCE}}, {{WHEN}}, pour {{ATTENDEES_TEXT}}.</dd>
{{#PURPOSE}}<dt>Objet</dt><dd>{{PURPOSE_TEXT}}</dd>
{{/PURPOSE}}</dl>
<div class="table-scroll" tabindex="0"><table class="prices">
<caption>Détail du devis</caption>
<thead><tr><th scope="col">Désignation</th><th scope="col">Quantité</th><th scope="col">Prix unitaire TTC</th><th scope="col">Montant TTC</th></tr></thead>
<tbody>
{{#BASE}}<tr><th scope="row">{{BASE_LABEL}}</th><td>1</td><td>{{BASE_PRICE}}</td><td>{{BASE_PRICE}}</td></tr>
{{/BASE}}{{#LINE}}<tr><th scope="row">{{LINE_LABEL}}</th><td>{{LINE_QTY}}</td><td>{{LINE_UNIT}}</td><td>{{LINE_TOTAL}}</td></tr>
{{/LINE}}<tr><th scope="row">Total TTC</th><td></td><td></td><td>{{TOTAL}}</td></tr>
</tbody>
</table></div>
<p>Conditions : {{TERMS}}</p>
<p class="quote-actions"><a class="button" href="{{BASE}}{{ROOM_LINK}}">Réserver ce créneau</a></p>
</div>
