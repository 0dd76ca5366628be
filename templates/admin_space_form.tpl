{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="/admin/lieux">← Tous les lieux</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}{{#IS_DEFAULT}}<p>C’est le lieu principal : il répond au domaine commun sans préfixe et reste ouvert.</p>
{{/IS_DEFAULT}}<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset>
<legend>Le lieu</legend>
{{#FIELDS_BEFORE}}{{>FIELD}}{{/FIELDS_BEFORE}}
<div class="field{{#ORG_INVALID}} invalid{{/ORG_INVALID}}">
<label for="f-organisation">Organisation qui l’anime et facture *</label>
<select id="f-organisation" name="organisation" required{{#ORG_INVALID}} aria-invalid="true" aria-describedby="f-organisation-erreur"{{/ORG_INVALID}}>
<option value="">Choisir…</option>
{{#ORG}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ORG}}</select>
{{#ORG_INVALID}}<p class="error" id="f-organisation-erreur">{{ORG_ERROR}}</p>
{{/ORG_INVALID}}</div>
{{#FIELDS_AFTER}}{{>FIELD}}{{/FIELDS_AFTER}}
</fieldset>
<button type="submit" class="button">Enregistrer</button>
</form>
{{#TEAM}}<section aria-labelledby="equipe-titre">
<h2 id="equipe-titre">L’équipe du lieu</h2>
<p class="hint">Les membres de l’équipe d’un lieu n’agissent que sur ce lieu. Un administrateur rattaché à un lieu n’administre plus que ses lieux, et plus le réseau.</p>
{{#NO_MEMBER}}<p>Personne n’est encore rattaché à ce lieu.</p>
{{/NO_MEMBER}}<ul>
{{#MEMBER}}<li>{{NAME}} ({{EMAIL}}), {{ROLE}}
<form method="post" action="{{REMOVE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="secondary small">Retirer {{NAME}} de l’équipe</button></form></li>
{{/MEMBER}}</ul>
{{#CAN_ADD}}<form method="post" action="{{ADD_ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="f-personne">Ajouter à l’équipe</label>
<select id="f-personne" name="personne" required>
<option value="">Choisir une personne…</option>
{{#CHOICE}}<option value="{{VALUE}}">{{LABEL}}</option>
{{/CHOICE}}</select>
</div>
<button type="submit" class="button">Ajouter</button>
</form>
{{/CAN_ADD}}</section>
{{/TEAM}}</div>
