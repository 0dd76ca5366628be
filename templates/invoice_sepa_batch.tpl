{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}<dl>
<dt>Séquence</dt><dd>{{SEQ}}</dd>
<dt>Date d’échéance</dt><dd>{{DATE}}</dd>
<dt>Identifiant du message</dt><dd>{{MESSAGE_ID}}</dd>
<dt>Identifiant créancier (ICS)</dt><dd>{{CREDITOR_ID}}</dd>
<dt>État</dt><dd>{{STATUS}}{{#SETTLED_S}}, le {{SETTLED_ON}}{{/SETTLED_S}}</dd>
</dl>
<p><a class="button" href="{{BASE}}{{XML_HREF}}">Télécharger le fichier pain.008</a></p>
<div class="table-scroll" tabindex="0"><table>
<caption>Prélèvements du lot</caption>
<thead><tr><th scope="col">Facture</th><th scope="col">Mandat</th><th scope="col">Débiteur</th><th scope="col">Montant</th><th scope="col">Référence</th><th scope="col">État</th></tr></thead>
<tbody>
{{#DEBIT}}<tr><th scope="row">{{NUMBER}}</th><td>{{RUM}}</td><td>{{DEBTOR}}</td><td>{{AMOUNT}}</td><td>{{E2E}}</td><td>{{D_STATUS}}{{#RETURN_S}}
<form method="post" action="{{BASE}}{{RETURN_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="prelevement" value="{{DEBIT_ID}}">
<label for="r-date-{{DEBIT_ID}}">Rejeté le</label> <input id="r-date-{{DEBIT_ID}}" name="date" type="date" value="{{TODAY}}" required>
<label for="r-motif-{{DEBIT_ID}}">Motif</label> <input id="r-motif-{{DEBIT_ID}}" name="motif" type="text" size="4" maxlength="4" required>
<button type="submit">Enregistrer le rejet</button></form>{{/RETURN_S}}</td></tr>
{{/DEBIT}}</tbody>
</table></div>
{{#SETTLE_S}}<h2>Règlement</h2>
<p>Une fois les éventuels rejets enregistrés, réglez le lot : un paiement par prélèvement est enregistré sur chaque facture.</p>
<form method="post" action="{{BASE}}{{SETTLE_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}">
<p><label for="s-date">Réglé le</label> <input id="s-date" name="date" type="date" value="{{TODAY}}" required>
<button type="submit" class="button">Régler le lot</button></p></form>
{{/SETTLE_S}}<p><a href="{{BASE}}/admin/factures/sepa">Retour aux prélèvements</a></p>
</div>
