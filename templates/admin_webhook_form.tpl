{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/webhooks">← Tous les récepteurs</a></p>
<h1>{{TITLE}}</h1>
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
</div>
