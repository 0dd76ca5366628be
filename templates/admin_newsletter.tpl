{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<p>La lettre part aux membres qui ont accepté de la recevoir, ou aux inscrits d’un événement ; chaque message porte un lien de désinscription. Les adresses désinscrites ne reçoivent plus rien.</p>
<form method="post" action="{{BASE}}/admin/lettre" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#AUDIENCE_INVALID}} invalid{{/AUDIENCE_INVALID}}">
<label for="f-destinataires">Destinataires *</label>
<select id="f-destinataires" name="destinataires"{{#AUDIENCE_INVALID}} aria-invalid="true" aria-describedby="f-destinataires-erreur"{{/AUDIENCE_INVALID}}>
<option value="membres"{{#MEMBERS_SELECTED}} selected{{/MEMBERS_SELECTED}}>Membres ayant accepté la lettre d’information</option>
{{#EVENT}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/EVENT}}</select>
{{#AUDIENCE_INVALID}}<p class="error" id="f-destinataires-erreur">{{AUDIENCE_ERROR}}</p>
{{/AUDIENCE_INVALID}}</div>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<button type="submit" name="action" value="apercu" class="secondary">Aperçu et nombre de destinataires</button>
{{#PREVIEW}}{{#CAN_SEND}}<button type="submit" name="action" value="envoyer" class="button">Envoyer à {{N_RECIPIENTS}}</button>{{/CAN_SEND}}{{/PREVIEW}}
</form>
{{#PREVIEW}}<section aria-labelledby="apercu">
<h2 id="apercu">Aperçu</h2>
<p role="status"><strong>{{N_RECIPIENTS}}</strong>.</p>
<div class="prose">
<p><strong>{{P_SUBJECT}}</strong></p>
<p>Bonjour Prénom,</p>
{{#PARAGRAPH}}<p>{{TEXT}}</p>
{{/PARAGRAPH}}<p>Se désinscrire de la lettre d’information : (lien personnel)</p>
</div>
</section>
{{/PREVIEW}}<h2>Lettres envoyées</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Dernières lettres envoyées</caption>
<thead><tr><th scope="col">Objet</th><th scope="col">À</th><th scope="col">Destinataires</th><th scope="col">Le</th><th scope="col">Par</th></tr></thead>
<tbody>
{{#SENT}}<tr><th scope="row">{{H_SUBJECT}}</th><td>{{H_AUDIENCE}}</td><td>{{H_N}}</td><td>{{H_WHEN}}</td><td>{{H_WHO}}</td></tr>
{{/SENT}}</tbody>
</table></div>
</div>
