{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p>Un webhook prévient un autre outil (contrôle d’accès, comptabilité, site, messagerie) à chaque événement choisi : un nouveau membre, une réservation, une facture… Chaque envoi est signé avec le secret du récepteur (en-tête <code>Fontaine-Signature</code>) ; la documentation explique comment le vérifier.</p>
<p><a class="button" href="{{BASE}}/admin/webhooks/nouveau">Ajouter un récepteur</a></p>
{{#NO_ENDPOINT}}<p>Aucun récepteur enregistré.</p>
{{/NO_ENDPOINT}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Récepteurs de webhooks</caption>
<thead><tr><th scope="col">Adresse</th><th scope="col">Description</th><th scope="col">Événements</th><th scope="col">État</th><th scope="col">En attente</th><th scope="col">Échecs</th></tr></thead>
<tbody>
{{#ENDPOINT}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{URL}}</a></th><td>{{DESCRIPTION}}</td><td><code>{{EVENTS}}</code></td><td>{{STATE}}</td><td>{{PENDING}}</td><td>{{FAILED}}</td></tr>
{{/ENDPOINT}}</tbody>
</table></div>
</div>
