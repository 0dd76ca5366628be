{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<p class="kind"><a href="{{BASE}}/compte">Mon compte</a></p>
<h1>{{TITLE}}</h1>
{{#HAS_DONE}}<p class="notice" role="status">{{DONE}}</p>
{{/HAS_DONE}}{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}<h2>Ma formule</h2>
<ul>
{{#FORMULA}}<li>{{FORMULA_LABEL}} : {{FORMULA_STATE}}</li>
{{/FORMULA}}{{#NO_FORMULA}}<li>Aucune formule en cours : vos demi-journées sont facturées à l’unité.</li>
{{/NO_FORMULA}}</ul>
<section class="form-panel" aria-labelledby="reserver-titre">
<h2 id="reserver-titre">Réserver une demi-journée dans l’open space</h2>
<p>Voir les <a href="{{BASE}}/disponibilites/open-space">places libres de la semaine</a>. Annulation possible jusqu’à {{CANCEL_HOURS}} h avant le début ; une demi-journée de carnet annulée vous est rendue.</p>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/mes-reservations" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#DAY_INVALID}} invalid{{/DAY_INVALID}}">
<label for="f-jour">Jour *</label>
<input id="f-jour" name="jour" type="date" value="{{DAY_VALUE}}" required{{#DAY_INVALID}} aria-invalid="true" aria-describedby="f-jour-erreur"{{/DAY_INVALID}}>
{{#DAY_INVALID}}<p class="error" id="f-jour-erreur">{{DAY_ERROR}}</p>
{{/DAY_INVALID}}</div>
<fieldset class="field{{#SLOT_INVALID}} invalid{{/SLOT_INVALID}}"{{#SLOT_INVALID}} aria-describedby="f-creneau-erreur"{{/SLOT_INVALID}}>
<legend>Demi-journée *</legend>
{{#SLOT_CHOICE}}<div class="check"><input id="{{SLOT_ID}}" name="creneau" type="radio" value="{{SLOT_VALUE}}"{{#SLOT_CHECKED}} checked{{/SLOT_CHECKED}}> <label for="{{SLOT_ID}}">{{SLOT_TEXT}}</label></div>
{{/SLOT_CHOICE}}{{#SLOT_INVALID}}<p class="error" id="f-creneau-erreur">{{SLOT_ERROR}}</p>
{{/SLOT_INVALID}}</fieldset>
<p><button type="submit" class="button">Réserver</button></p>
</form>
</section>
<h2>À venir</h2>
<ul class="bookings">
{{#UPCOMING}}<li><time datetime="{{WHEN_ISO}}">{{WHEN}}</time>, {{SLOT}} : {{STATE}}, {{COVERED}}.{{#CANCEL}}
<form method="post" action="{{BASE}}/mes-reservations/{{ID}}/annuler" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button small secondary" aria-label="{{CANCEL_LABEL}}">Annuler</button></form>{{/CANCEL}}</li>
{{/UPCOMING}}{{#NO_UPCOMING}}<li>Aucune réservation à venir.</li>
{{/NO_UPCOMING}}</ul>
<h2>Passées</h2>
<ul class="bookings">
{{#PAST}}<li><time datetime="{{WHEN_ISO}}">{{WHEN}}</time>, {{SLOT}} : {{STATE}}, {{COVERED}}.</li>
{{/PAST}}{{#NO_PAST}}<li>Aucune demi-journée ces trois derniers mois.</li>
{{/NO_PAST}}</ul>
</div>
