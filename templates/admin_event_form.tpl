{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/evenements">← Tous les événements</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}{{#EXISTING}}<dl class="legal">
<dt>État</dt><dd>{{STATUS}}</dd>
<dt>Adresse publique</dt><dd>{{#IS_PUBLIC}}<a href="{{BASE}}{{PUBLIC_HREF}}">{{/IS_PUBLIC}}/evenements/{{SLUG}}{{#IS_PUBLIC}}</a>{{/IS_PUBLIC}}</dd>
<dt>Inscriptions</dt><dd><a href="{{BASE}}{{REG_HREF}}">{{N_REGS}} en cours</a></dd>
<dt>Version</dt><dd>{{SEQ}}</dd>
</dl>
{{/EXISTING}}{{#IS_CANCELLED}}<p>Cet événement est annulé : il reste dans l’historique et ne peut plus être modifié.</p>
{{/IS_CANCELLED}}<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#EXISTING}}<input type="hidden" name="sequence" value="{{SEQUENCE}}">
{{/EXISTING}}<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset>
<legend>L’événement</legend>
{{#MAIN_FIELDS}}{{>FIELD}}{{/MAIN_FIELDS}}
<div class="field{{#CATEGORIE_INVALID}} invalid{{/CATEGORIE_INVALID}}">
<label for="f-categorie">Catégorie *</label>
<select id="f-categorie" name="categorie" required{{#CATEGORIE_INVALID}} aria-invalid="true" aria-describedby="f-categorie-erreur"{{/CATEGORIE_INVALID}}>
<option value="">Choisissez…</option>
{{#CATEGORY}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CATEGORY}}</select>
{{#CATEGORIE_INVALID}}<p class="error" id="f-categorie-erreur">{{CATEGORIE_ERROR}}</p>
{{/CATEGORIE_INVALID}}</div>
</fieldset>
<fieldset>
<legend>Quand (heure de Paris)</legend>
{{#WHEN_FIELDS}}{{>FIELD}}{{/WHEN_FIELDS}}
</fieldset>
<fieldset>
<legend>Où</legend>
{{#WHERE_FIELDS}}{{>FIELD}}{{/WHERE_FIELDS}}
</fieldset>
<fieldset>
<legend>Places, prix et image</legend>
{{#PRACTICAL_FIELDS}}{{>FIELD}}{{/PRACTICAL_FIELDS}}
</fieldset>
<button type="submit" class="button">{{SUBMIT}}</button>
</form>
{{#PREVIEW}}<section aria-labelledby="apercu">
<h2 id="apercu">Aperçu de la description enregistrée</h2>
<div class="prose">
{{PREVIEW_HTML:none}}
</div>
</section>
{{/PREVIEW}}{{#CAN_PUBLISH}}<section aria-labelledby="publier">
<h2 id="publier">Publier</h2>
<p>Une fois publié, l’événement apparaît sur le site et dans les flux RSS et iCalendar, et les inscriptions sont ouvertes.</p>
<form method="post" action="{{BASE}}{{PUBLISH_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button">Publier l’événement</button></form>
</section>
{{/CAN_PUBLISH}}{{#CAN_CANCEL}}<section aria-labelledby="annuler">
<h2 id="annuler">Annuler l’événement</h2>
<p>Les personnes inscrites sont prévenues par e-mail. Un événement annulé ne peut plus être rouvert.</p>
<form method="post" action="{{BASE}}{{CANCEL_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">Annuler l’événement</button></form>
</section>
{{/CAN_CANCEL}}{{#CAN_DELETE}}<section aria-labelledby="supprimer">
<h2 id="supprimer">Supprimer le brouillon</h2>
<p>Seul un brouillon peut être supprimé ; c’est définitif.</p>
<form method="post" action="{{BASE}}{{DELETE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">Supprimer le brouillon</button></form>
</section>
{{/CAN_DELETE}}</div>
