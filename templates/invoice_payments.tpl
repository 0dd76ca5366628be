{{%AUTOESCAPE context="HTML"}}<section class="invoice-payments" aria-labelledby="reglements">
<h2 id="reglements">Relevé des règlements</h2>
<p>Les règlements reçus après l’émission figurent ici ; le document émis, lui, ne change jamais.</p>
{{#NO_PAYMENT}}<p>Aucun règlement reçu pour l’instant.</p>
{{/NO_PAYMENT}}{{#SOME_PAYMENTS}}<table>
<caption class="visually-hidden">Règlements reçus</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Règlement</th><th scope="col">Montant</th>{{#REVERSE_COL}}<th scope="col">Action</th>{{/REVERSE_COL}}</tr></thead>
<tbody>
{{#PAYMENT}}<tr><td>{{P_DATE}}</td><td>{{#REVERSAL_S}}Annulation du règlement du {{P_ORIG_DATE}} (motif : {{P_REASON}}){{/REVERSAL_S}}{{#PLAIN_S}}{{P_METHOD}}{{#P_REF_S}}, réf. {{P_REF}}{{/P_REF_S}}{{#REVERSED_S}} — annulé{{/REVERSED_S}}{{/PLAIN_S}}</td><td>{{P_AMOUNT}}</td>{{#REVERSE_COL}}<td>{{#REVERSE_S}}<form method="post" action="{{BASE}}{{REVERSE_ACTION}}" class="inline-form" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="motif-{{PAY_ID}}">Motif de l’annulation *</label>
<input id="motif-{{PAY_ID}}" name="motif" type="text" maxlength="300" required>
<button type="submit" class="button secondary small">Annuler ce paiement</button></form>{{/REVERSE_S}}</td>{{/REVERSE_COL}}</tr>
{{/PAYMENT}}</tbody>
</table>
{{/SOME_PAYMENTS}}<table class="invoice-totals">
<caption class="visually-hidden">Solde</caption>
<tbody>
<tr><th scope="row">Total TTC du document</th><td>{{STMT_GROSS}}</td></tr>
<tr><th scope="row">Total réglé</th><td>{{STMT_PAID}}</td></tr>
<tr><th scope="row">Reste à payer</th><td><strong>{{STMT_DUE}}</strong></td></tr>
</tbody>
</table>
</section>
