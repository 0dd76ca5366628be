{{%AUTOESCAPE context="HTML"}}<div class="field{{#INVALID}} invalid{{/INVALID}}{{#CHECKBOX}} check{{/CHECKBOX}}">
{{#INPUT}}<label for="{{ID}}">{{LABEL}}{{#REQUIRED}} *{{/REQUIRED}}</label>
{{#HINT}}<p class="hint" id="{{ID}}-aide">{{HINT_TEXT}}</p>{{/HINT}}
<input id="{{ID}}" name="{{NAME}}" type="{{TYPE}}" value="{{VALUE}}"{{#AUTOCOMPLETE}} autocomplete="{{AC}}"{{/AUTOCOMPLETE}}{{#MAXLEN}} maxlength="{{MAX}}"{{/MAXLEN}}{{#REQUIRED}} required{{/REQUIRED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}{{#DESCRIBED}} aria-describedby="{{DESCRIBED_BY}}"{{/DESCRIBED}}>
{{/INPUT}}{{#TEXTAREA}}<label for="{{ID}}">{{LABEL}}{{#REQUIRED}} *{{/REQUIRED}}</label>
{{#HINT}}<p class="hint" id="{{ID}}-aide">{{HINT_TEXT}}</p>{{/HINT}}
<textarea id="{{ID}}" name="{{NAME}}" rows="6"{{#MAXLEN}} maxlength="{{MAX}}"{{/MAXLEN}}{{#REQUIRED}} required{{/REQUIRED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}{{#DESCRIBED}} aria-describedby="{{DESCRIBED_BY}}"{{/DESCRIBED}}>
{{VALUE:pre_escape}}</textarea>
{{/TEXTAREA}}{{#CHECKBOX}}<input id="{{ID}}" name="{{NAME}}" type="checkbox" value="1"{{#CHECKED}} checked{{/CHECKED}}{{#REQUIRED}} required{{/REQUIRED}}{{#INVALID}} aria-invalid="true"{{/INVALID}}{{#DESCRIBED}} aria-describedby="{{DESCRIBED_BY}}"{{/DESCRIBED}}>
<label for="{{ID}}">{{LABEL}}{{#REQUIRED}} *{{/REQUIRED}}</label>
{{#HINT}}<p class="hint" id="{{ID}}-aide">{{HINT_TEXT}}</p>{{/HINT}}
{{/CHECKBOX}}{{#ERROR}}<p class="error" id="{{ID}}-erreur">{{ERROR_TEXT}}</p>
{{/ERROR}}</div>
