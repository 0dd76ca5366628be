{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<p class="kind"><a href="{{BASE}}/evenements">Événements</a> · {{CATEGORY}}</p>
<h1>{{TITLE}}</h1>
{{#CANCELLED}}<p class="notice" role="status"><strong>Cet événement est annulé.</strong> Les personnes inscrites ont été prévenues par e-mail.</p>
{{/CANCELLED}}<div class="columns">
<div class="prose">
<p class="lead">{{SUMMARY}}</p>
<dl class="legal">
<dt>Quand</dt><dd><time datetime="{{DATETIME}}">{{WHEN}}</time></dd>
<dt>Où</dt><dd>{{PLACE}}</dd>
<dt>Tarif</dt><dd>{{PRICE}}</dd>
</dl>
<p><a class="button secondary" href="{{BASE}}/evenements/{{SLUG}}.ics">Ajouter à mon agenda</a></p>
{{BODY_HTML:none}}
<p class="feeds">Suivre tous les événements : <a href="{{BASE}}/evenements.rss">flux RSS</a> · <a href="{{BASE}}/evenements.ics">agenda iCalendar</a></p>
{{#CATEGORY_FEED}}<p class="feeds">{{FEED_NAME}} : <a href="{{BASE}}{{FEED_RSS}}">flux RSS</a> · <a href="{{BASE}}{{FEED_ICS}}">agenda iCalendar</a></p>
{{/CATEGORY_FEED}}
</div>
{{#REGISTER}}<section class="form-panel" aria-labelledby="inscription-titre">
<h2 id="inscription-titre">S’inscrire</h2>
<p>{{SEATS}}</p>
{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/evenements/{{SLUG}}/inscription" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<button type="submit" class="button">M’inscrire</button>
</form>
</section>
{{/REGISTER}}{{#PAST}}<section class="form-panel"><h2>Événement passé</h2><p>Cet événement a eu lieu. <a href="{{BASE}}/evenements">Voir les prochains</a>.</p></section>
{{/PAST}}</div>
</div>
