{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/financements">← Tous les financements</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset>
<legend>Le financeur</legend>
<div class="field{{#FUNDER_INVALID}} invalid{{/FUNDER_INVALID}}">
<label for="f-financeur">Financeur</label>
<select id="f-financeur" name="financeur"{{#FUNDER_INVALID}} aria-invalid="true" aria-describedby="f-financeur-erreur"{{/FUNDER_INVALID}}>
<option value="">Autre (nom ci-dessous)</option>
{{#FUNDER}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/FUNDER}}</select>
{{#FUNDER_INVALID}}<p class="error" id="f-financeur-erreur">{{FUNDER_ERROR}}</p>
{{/FUNDER_INVALID}}</div>
{{#NAME_FIELDS}}{{>FIELD}}{{/NAME_FIELDS}}
<fieldset class="field{{#KIND_INVALID}} invalid{{/KIND_INVALID}}"{{#KIND_INVALID}} aria-describedby="f-nature-erreur"{{/KIND_INVALID}}>
<legend>Nature de l’argent (pour un autre financeur)</legend>
<input type="radio" id="f-nature-public" name="nature" value="public"{{#KIND_PUBLIC}} checked{{/KIND_PUBLIC}}> <label for="f-nature-public">Public (État, Europe, collectivités)</label><br>
<input type="radio" id="f-nature-prive" name="nature" value="prive"{{#KIND_PRIVATE}} checked{{/KIND_PRIVATE}}> <label for="f-nature-prive">Privé (fondations, entreprises, dons)</label>
{{#KIND_INVALID}}<p class="error" id="f-nature-erreur">{{KIND_ERROR}}</p>
{{/KIND_INVALID}}</fieldset>
</fieldset>
<fieldset>
<legend>Le financement</legend>
{{#MAIN_FIELDS}}{{>FIELD}}{{/MAIN_FIELDS}}
<div class="field{{#STATUS_INVALID}} invalid{{/STATUS_INVALID}}">
<label for="f-statut">État *</label>
<select id="f-statut" name="statut"{{#STATUS_INVALID}} aria-invalid="true" aria-describedby="f-statut-erreur"{{/STATUS_INVALID}}>
{{#STATUS}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS}}</select>
{{#STATUS_INVALID}}<p class="error" id="f-statut-erreur">{{STATUS_ERROR}}</p>
{{/STATUS_INVALID}}</div>
{{#NOTE_FIELDS}}{{>FIELD}}{{/NOTE_FIELDS}}
</fieldset>
<button type="submit" class="button">Enregistrer</button>
</form>
{{#CAN_DELETE}}<form method="post" action="{{BASE}}{{DELETE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="secondary">Supprimer ce financement</button></form>
{{/CAN_DELETE}}</div>
