{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}{{#NONE}}<p>Aucune facture en retard.</p>
{{/NONE}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Factures échues non payées, de la plus ancienne échéance à la plus récente</caption>
<thead><tr><th scope="col">Facture</th><th scope="col">Client</th><th scope="col">Échéance</th><th scope="col">Retard</th><th scope="col">Reste dû</th><th scope="col">Relances</th></tr></thead>
<tbody>
{{#DOC}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NUMBER}}</a></th><td>{{CUSTOMER}}{{#PRO}} (professionnel){{/PRO}}</td><td>{{DUE}}</td><td>{{DAYS}} j</td><td>{{BALANCE}}</td><td>{{LEVEL_TEXT}}{{#CAN_REMIND}}<form method="post" action="{{BASE}}{{REMIND_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="niveau" value="{{NEXT_LEVEL}}"><button type="submit" class="button small">Envoyer la relance {{NEXT_LEVEL}}</button></form>{{/CAN_REMIND}}</td></tr>
{{/DOC}}</tbody>
</table></div>
<p>Le total restant dû des factures en retard est de <strong>{{TOTAL}}</strong>.</p>
</div>
