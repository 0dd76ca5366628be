{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/membres">← Tous les membres</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<dl class="legal">
<dt>Compte</dt><dd>{{STATUS}}</dd>
<dt>Rôle</dt><dd>{{ROLE}}</dd>
<dt>Créé le</dt><dd>{{CREATED}}</dd>
{{#CLOSE_REQUESTED}}<dt>Fermeture demandée le</dt><dd>{{CLOSE_DATE}}</dd>
{{/CLOSE_REQUESTED}}</dl>
<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset>
<legend>Identité</legend>
{{#ID_FIELDS}}{{>FIELD}}{{/ID_FIELDS}}
<div class="field{{#PROFILE_INVALID}} invalid{{/PROFILE_INVALID}}">
<label for="f-profil">Profil *</label>
<select id="f-profil" name="profil"{{#PROFILE_INVALID}} aria-invalid="true" aria-describedby="f-profil-erreur"{{/PROFILE_INVALID}}>
{{#PROFILE}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/PROFILE}}</select>
{{#PROFILE_INVALID}}<p class="error" id="f-profil-erreur">{{PROFILE_ERROR}}</p>
{{/PROFILE_INVALID}}</div>
</fieldset>
<fieldset>
<legend>Activité et facturation</legend>
{{#WORK_FIELDS}}{{>FIELD}}{{/WORK_FIELDS}}
</fieldset>
{{#CAN_EDIT}}<button type="submit" class="button">Enregistrer</button>
{{/CAN_EDIT}}{{#READ_ONLY}}<p class="hint">Ce compte est celui d’un membre de l’équipe : seul·e un·e administrateur·rice peut le modifier.</p>
{{/READ_ONLY}}</form>
<h2>Adhésions et formules</h2>
{{#NO_MEMBERSHIP}}<p>Aucune adhésion ni formule.</p>
{{/NO_MEMBERSHIP}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Adhésions et formules</caption>
<thead><tr><th scope="col">Quoi</th><th scope="col">Du</th><th scope="col">Au</th><th scope="col">État</th><th scope="col">Montant</th></tr></thead>
<tbody>
{{#MEMBERSHIP}}<tr><th scope="row">{{WHAT}}</th><td>{{FROM}}</td><td>{{TO}}</td><td>{{MSTATUS}}</td><td>{{AMOUNT}}</td></tr>
{{/MEMBERSHIP}}</tbody>
</table></div>
{{#CAN_MANAGE}}<p><a href="{{BASE}}/admin/adhesions">Les demandes à traiter</a></p>
<form method="post" action="{{BASE}}{{MEMBERSHIP_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Enregistrer une adhésion d’un an (à la suite de la dernière)</button>
</form>
<form method="post" action="{{BASE}}{{FORMULA_ACTION}}" class="form-panel">
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset>
<legend>Ajouter une formule</legend>
<div class="field"><label for="m-formule">Formule</label>
<select id="m-formule" name="formule">
{{#FORMULA_CHOICE}}<option value="{{VALUE}}">{{LABEL}}</option>
{{/FORMULA_CHOICE}}</select></div>
<div class="field"><label for="m-debut">Début (aujourd’hui si vide)</label>
<input id="m-debut" name="debut" type="date"></div>
<div class="field check"><input id="m-accueil" name="accueil" type="checkbox" value="1"> <label for="m-accueil">Vendu à l’accueil (recharge de carnet)</label></div>
<div class="field check"><input id="m-plus-tard" name="plus_tard" type="checkbox" value="1"> <label for="m-plus-tard">Pas encore active (à activer plus tard)</label></div>
</fieldset>
<p><button type="submit" class="button">Ajouter la formule</button></p>
</form>
{{/CAN_MANAGE}}<h2>Actions</h2>
<ul>
<li><a href="{{BASE}}{{EXPORT_HREF}}">Exporter toutes les données de la personne (JSON)</a></li>
<li><a href="{{BASE}}{{AUDIT_HREF}}">Voir les modifications de ce compte dans le journal</a></li>
</ul>
{{#CAN_ROLE}}<form method="post" action="{{BASE}}{{ROLE_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="role">Rôle</label>
<select id="role" name="role">
{{#ROLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/ROLE_OPTION}}</select>
<button type="submit" class="secondary">Changer le rôle</button>
</form>
{{/CAN_ROLE}}{{#CAN_DEACTIVATE}}<form method="post" action="{{BASE}}{{DEACTIVATE_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Fermer le compte (désactiver)</button>
</form>
{{/CAN_DEACTIVATE}}{{#CAN_ERASE}}<section aria-labelledby="effacer">
<h2 id="effacer">Effacer les données personnelles</h2>
<p>À la demande de la personne (RGPD, article 17) : son nom, son adresse, son téléphone, son entreprise, ses sessions et ses messages sont effacés ; ses factures sont conservées dix ans comme la loi l’exige. Cette action est définitive.</p>
<form method="post" action="{{BASE}}{{ERASE_ACTION}}">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="confirmation">Tapez EFFACER pour confirmer</label>
<input id="confirmation" name="confirmation" type="text" autocomplete="off" required></div>
<button type="submit" class="button">Effacer la personne</button>
</form>
</section>
{{/CAN_ERASE}}</div>
