{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/webhooks">← Tous les récepteurs</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p>État : <strong>{{STATE}}</strong>.{{#PREVIOUS}} L’ancien secret signe encore jusqu’au {{PREVIOUS_UNTIL}}.{{/PREVIOUS}}</p>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<fieldset class="field{{#EVENTS_INVALID}} invalid{{/EVENTS_INVALID}}"{{#EVENTS_INVALID}} aria-describedby="f-evenements-erreur"{{/EVENTS_INVALID}}>
<legend>Événements envoyés *</legend>
{{#EVENT}}<div class="field check"><input id="f-{{NAME}}" name="{{NAME}}" type="checkbox" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="f-{{NAME}}">{{LABEL}} (<code>{{TYPE}}</code>)</label></div>
{{/EVENT}}{{#EVENTS_INVALID}}<p class="error" id="f-evenements-erreur">{{EVENTS_ERROR}}</p>
{{/EVENTS_INVALID}}</fieldset>
<p><button type="submit">Enregistrer</button></p>
</form>
{{#ACTIVE}}<h2>Secret et désactivation</h2>
<p>Un nouveau secret remplace l’actuel ; l’ancien reste valable 24 heures (les envois portent alors les deux signatures), le temps de mettre le récepteur à jour.</p>
<form method="post" action="{{BASE}}{{ROTATE_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Changer le secret</button></form>
<form method="post" action="{{BASE}}{{DISABLE_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="danger">Désactiver ce récepteur</button></form>
{{/ACTIVE}}{{#INACTIVE}}<h2>Réactivation</h2>
<p>Ce récepteur est désactivé : il ne reçoit rien. Réactivé, il reçoit les événements qui suivent, pas ceux de la période où il était désactivé. Son secret ne change pas.</p>
<form method="post" action="{{BASE}}{{ENABLE_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Réactiver ce récepteur</button></form>
{{/INACTIVE}}<h2>Derniers envois</h2>
{{#NO_DELIVERY}}<p>Aucun envoi pour l’instant.</p>
{{/NO_DELIVERY}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Les 100 derniers envois, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Créé le</th><th scope="col">Événement</th><th scope="col">Ressource</th><th scope="col">État</th><th scope="col">Essais</th><th scope="col">Dernier code HTTP</th><th scope="col">Dernière erreur</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#DELIVERY}}<tr><td>{{CREATED}}</td><td><code>{{TYPE}}</code><br><small>{{DELIVERY_ID}}</small></td><td><code>{{KEY}}</code></td><td>{{STATUS}}</td><td>{{ATTEMPTS}}</td><td>{{HTTP}}</td><td>{{ERROR}}</td><td>{{#FAILED}}<form method="post" action="{{BASE}}{{RESEND_ACTION}}"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit">Renvoyer</button></form>{{/FAILED}}</td></tr>
{{/DELIVERY}}</tbody>
</table></div>
</div>
