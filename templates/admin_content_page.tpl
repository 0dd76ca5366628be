{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/contenu">← Contenus du site</a> · <a href="{{BASE}}{{PUBLIC_HREF}}">Voir la page en ligne</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#UNSAVED}}<div class="notice" role="status"><p>Aperçu : rien n’est encore enregistré. Enregistrez pour mettre la page en ligne.</p></div>
{{/UNSAVED}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<button type="submit" name="action" value="apercu" class="secondary">Aperçu</button>
<button type="submit" name="action" value="enregistrer" class="button">Enregistrer et publier</button>
</form>
{{#PREVIEW}}<section aria-labelledby="apercu">
<h2 id="apercu">{{PREVIEW_WHAT}}</h2>
<div class="prose">
{{PREVIEW_HTML:none}}
</div>
</section>
{{/PREVIEW}}</div>
