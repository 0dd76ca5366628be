{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>STAFF_NAV}}
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}<div class="table-scroll" tabindex="0">
<table>
<caption>Baux</caption>
<thead><tr><th scope="col">Bureau</th><th scope="col">Locataire</th><th scope="col">Début</th><th scope="col">Fin</th><th scope="col">Loyer mensuel</th><th scope="col">État</th></tr></thead>
<tbody>
{{#LEASE}}<tr><th scope="row">{{OFFICE}}</th><td>{{TENANT}}</td><td>{{START}}</td><td>{{END}}</td><td>{{RENT}}</td><td>{{STATUS}}</td></tr>
{{/LEASE}}{{#NO_LEASE}}<tr><th scope="row">Aucun bail</th><td></td><td></td><td></td><td></td><td></td></tr>
{{/NO_LEASE}}</tbody>
</table>
</div>
{{#HAS_ENDABLE}}<section aria-labelledby="fin-titre">
<h2 id="fin-titre">Mettre fin à un bail</h2>
<p>Le dernier jour du bail arrête les loyers à cette date (le mois est calculé au prorata). Un loyer déjà facturé après cette date demande d’abord un avoir.</p>
<ul class="events">
{{#END_FORM}}<li><details><summary>{{END_LABEL}}</summary><form method="post" action="{{BASE}}{{END_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><label for="fin-{{KEY}}">Dernier jour</label> <input id="fin-{{KEY}}" name="fin" type="date" required> <label for="raison-fin-{{KEY}}">Raison</label> <input id="raison-fin-{{KEY}}" name="raison" type="text" maxlength="500" required> <button type="submit" class="button small secondary">Mettre fin</button></form></details></li>
{{/END_FORM}}</ul>
</section>
{{/HAS_ENDABLE}}<section class="form-panel" aria-labelledby="bail-titre">
<h2 id="bail-titre">Enregistrer un bail</h2>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/admin/reservations/baux" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#OFFICE_INVALID}} invalid{{/OFFICE_INVALID}}">
<label for="f-bureau">Bureau *</label>
<select id="f-bureau" name="bureau" required{{#OFFICE_INVALID}} aria-invalid="true" aria-describedby="f-bureau-erreur"{{/OFFICE_INVALID}}>
<option value="">Choisir…</option>
{{#OFFICE}}<option value="{{OFFICE_ID}}"{{#OFFICE_SELECTED}} selected{{/OFFICE_SELECTED}}>{{OFFICE_NAME}}</option>
{{/OFFICE}}</select>
{{#OFFICE_INVALID}}<p class="error" id="f-bureau-erreur">{{OFFICE_ERROR}}</p>
{{/OFFICE_INVALID}}</div>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<p><button type="submit" class="button">Enregistrer le bail</button></p>
</form>
</section>
</div>
