{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>STAFF_NAV}}
<h1>{{TITLE}}</h1>
<p class="lead">{{DAY_LONG}} · <a href="{{BASE}}/admin/accueil?jour={{PREV_DAY:u}}">Jour précédent</a> · <a href="{{BASE}}/admin/accueil">Aujourd’hui</a> · <a href="{{BASE}}/admin/accueil?jour={{NEXT_DAY:u}}">Jour suivant</a></p>
{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#SLOT}}<section aria-labelledby="creneau-{{SLOT_CODE}}">
<h2 id="creneau-{{SLOT_CODE}}">{{SLOT_LABEL}} : {{COUNT}}</h2>
{{#EMPTY}}<p>Personne n’a réservé.</p>
{{/EMPTY}}<ul class="checkins">
{{#PERSON}}<li>{{NAME}} ({{KIND}}) : {{STATE}}{{#ARRIVE}}
<form method="post" action="{{BASE}}/admin/accueil/arrivee" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="id" value="{{ID}}"><input type="hidden" name="jour" value="{{DAY_ISO}}"><button type="submit" class="button small" aria-label="{{LABEL}}">Arrivé</button></form>{{/ARRIVE}}{{#NO_SHOW}}
<form method="post" action="{{BASE}}/admin/accueil/absent" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="id" value="{{ID}}"><input type="hidden" name="jour" value="{{DAY_ISO}}"><button type="submit" class="button small secondary" aria-label="{{LABEL}}">Absent</button></form>{{/NO_SHOW}}{{#UNDO}}
<details class="inline"><summary>{{UNDO_LABEL}}</summary><form method="post" action="{{BASE}}/admin/accueil/correction" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="id" value="{{ID}}"><input type="hidden" name="jour" value="{{DAY_ISO}}"><input type="hidden" name="quoi" value="{{WHAT}}"><label for="raison-{{KEY}}">Raison</label> <input id="raison-{{KEY}}" name="raison" type="text" maxlength="500" required> <button type="submit" class="button small secondary">{{UNDO_LABEL}}</button></form></details>{{/UNDO}}</li>
{{/PERSON}}</ul>
</section>
{{/SLOT}}{{#WALK_IN}}<section class="form-panel" aria-labelledby="visiteur-titre">
<h2 id="visiteur-titre">Un visiteur arrive</h2>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/admin/accueil/visiteur" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<fieldset class="field{{#SLOT_INVALID}} invalid{{/SLOT_INVALID}}"{{#SLOT_INVALID}} aria-describedby="f-creneau-erreur"{{/SLOT_INVALID}}>
<legend>Demi-journée *</legend>
{{#SLOT_CHOICE}}<div class="check"><input id="{{SLOT_ID}}" name="creneau" type="radio" value="{{SLOT_VALUE}}"{{#SLOT_CHECKED}} checked{{/SLOT_CHECKED}}> <label for="{{SLOT_ID}}">{{SLOT_TEXT}}</label></div>
{{/SLOT_CHOICE}}{{#SLOT_INVALID}}<p class="error" id="f-creneau-erreur">{{SLOT_ERROR}}</p>
{{/SLOT_INVALID}}</fieldset>
{{#FIELDS_AFTER}}{{>FIELD}}{{/FIELDS_AFTER}}
<p><button type="submit" class="button">Enregistrer le visiteur</button></p>
</form>
</section>
{{/WALK_IN}}</div>
