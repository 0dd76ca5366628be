{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<p><a href="{{BASE}}/compte">← Mon compte</a></p>
<h1>{{TITLE}}</h1>
{{#NONE}}<p>Vous n’avez pas encore de facture.</p>
{{/NONE}}{{#SOME}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Vos factures et avoirs, des plus récents aux plus anciens</caption>
<thead><tr><th scope="col">Numéro</th><th scope="col">Date</th><th scope="col">Montant TTC</th><th scope="col">Reste à payer</th><th scope="col">État</th></tr></thead>
<tbody>
{{#DOC}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{KIND}} {{NUMBER}}</a></th><td>{{DATE}}</td><td>{{GROSS}}</td><td>{{BALANCE}}</td><td>{{STATUS}}</td></tr>
{{/DOC}}</tbody>
</table></div>
{{/SOME}}</div>
