{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p>Une clé permet à un autre logiciel (contrôle d’accès de la porte, Wi-Fi, comptabilité, site web) de lire ou d’écrire dans Fontaine par l’API, dans la limite des autorisations cochées. Les événements, les disponibilités, les tarifs et les horaires se lisent sans clé. Description de l’API : <a href="{{OPENAPI}}">{{OPENAPI}}</a>.</p>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#NEW_KEY}}<div class="notice" role="status">
<p><strong>Voici la nouvelle clé. Copiez-la maintenant : elle ne sera plus jamais affichée</strong> (Fontaine n’en garde qu’une empreinte).</p>
<p><label for="nouvelle-cle">Clé</label><br><textarea id="nouvelle-cle" readonly rows="2" cols="48" class="secret-key" spellcheck="false">{{KEY}}</textarea></p>
<p class="hint">Le logiciel l’envoie dans l’en-tête <code>Authorization: Bearer …</code> de chaque appel.</p>
</div>
{{/NEW_KEY}}<h2>Les clés du lieu</h2>
{{#NO_KEY}}<p>Aucune clé pour l’instant.</p>
{{/NO_KEY}}{{#HAS_KEYS}}<div class="table-scroll" tabindex="0" role="region" aria-label="Clés de l’API">
<table>
<thead><tr><th scope="col">Clé</th><th scope="col">Autorisations</th><th scope="col">Validité</th><th scope="col">Appels (30 jours)</th><th scope="col">État</th></tr></thead>
<tbody>
{{#KEY_ROW}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NAME}}</a><br><code>{{PREFIX}}…</code></th>
<td><ul class="scope-list">{{#SCOPE}}<li>{{LABEL}}</li>{{/SCOPE}}</ul></td>
<td>jusqu’au {{EXPIRES}} inclus<br><span class="muted">créée le {{CREATED}}{{#CREATOR}} par {{CREATOR}}{{/CREATOR}}</span></td>
<td>{{USES}} dont {{REFUSED}}<br><span class="muted">dernier : {{LAST_USED}} · {{RATE}} par minute au plus</span></td>
<td>{{STATE}}{{#CAN_REVOKE}}<form method="post" action="{{BASE}}{{REVOKE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="secondary">Révoquer</button></form>{{/CAN_REVOKE}}</td></tr>
{{/KEY_ROW}}</tbody>
</table>
</div>
{{/HAS_KEYS}}
<h2 id="nouvelle">Nouvelle clé</h2>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/admin/api" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<fieldset{{#SCOPES_INVALID}} class="invalid" aria-describedby="portees-erreur"{{/SCOPES_INVALID}}>
<legend>Autorisations *</legend>
{{#SCOPES_INVALID}}<p class="error" id="portees-erreur">{{SCOPES_ERROR}}</p>
{{/SCOPES_INVALID}}{{#SCOPE_CHOICE}}<div class="field check"><input id="f-{{FIELD}}" name="{{FIELD}}" type="checkbox" value="1"{{#CHECKED}} checked{{/CHECKED}}> <label for="f-{{FIELD}}">{{LABEL}} <code>{{CODE}}</code></label></div>
{{/SCOPE_CHOICE}}</fieldset>
<button type="submit" class="button">Créer la clé</button>
</form>
</div>
