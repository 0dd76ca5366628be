{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<p><a href="{{BASE}}/compte">← Mon espace membre</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#CURRENT}}<p>Votre adhésion se termine le <strong>{{END}}</strong> ({{STATE}}).</p>
{{/CURRENT}}{{#NO_MEMBERSHIP}}<p>Vous n’avez pas encore d’adhésion à l’association.</p>
{{/NO_MEMBERSHIP}}<p>L’adhésion dure un an. Elle donne le droit de vote à l’assemblée générale et les tarifs membres ; à sa date de fin, ces droits s’arrêtent. La nouvelle adhésion commence le lendemain de la fin de la précédente (ou aujourd’hui si elle est déjà terminée) ; la cotisation est ajoutée à votre facture.</p>
{{#ALREADY}}<p>Votre renouvellement est déjà demandé ou enregistré : l’équipe vous prévient par e-mail.</p>
{{/ALREADY}}{{#CAN_RENEW}}<form method="post" action="{{BASE}}/compte/adhesion/renouveler">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="confirmer" value="oui">
<p><button type="submit" class="button">Demander le renouvellement</button></p>
</form>
{{/CAN_RENEW}}</div>
