{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/contenu">← Contenus du site</a> · <a href="{{BASE}}/partenaires">Voir la page Partenaires</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FUNDER}}<form method="post" action="{{BASE}}{{ACTION}}" class="price-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset>
<legend>{{NAME}}</legend>
<div class="field"><label for="nom-{{ID}}">Nom *</label><input id="nom-{{ID}}" name="nom" type="text" value="{{NAME}}" maxlength="200" required></div>
<div class="field"><label for="nature-{{ID}}">Nature *</label><select id="nature-{{ID}}" name="nature"><option value="public"{{#PUBLIC}} selected{{/PUBLIC}}>Public</option><option value="private"{{#PRIVATE}} selected{{/PRIVATE}}>Privé</option></select></div>
<div class="field"><label for="role-{{ID}}">Ce qu’il a soutenu *</label><input id="role-{{ID}}" name="role" type="text" value="{{ROLE}}" maxlength="300" required></div>
<div class="field"><label for="url-{{ID}}">Site (https://…)</label><input id="url-{{ID}}" name="url" type="url" value="{{URL}}" maxlength="300"></div>
<div class="field"><label for="ordre-{{ID}}">Ordre d’affichage</label><input id="ordre-{{ID}}" name="ordre" type="number" min="0" max="1000" value="{{ORDER}}"></div>
<button type="submit" class="secondary">Enregistrer</button>
</fieldset>
</form>
<form method="post" action="{{BASE}}{{DELETE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="secondary">Retirer {{NAME}} du site</button></form>
{{/FUNDER}}<h2>Ajouter un financeur</h2>
<form method="post" action="{{BASE}}/admin/contenu/financeurs">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="nom-nouveau">Nom *</label><input id="nom-nouveau" name="nom" type="text" maxlength="200" required></div>
<div class="field"><label for="nature-nouveau">Nature *</label><select id="nature-nouveau" name="nature"><option value="public">Public</option><option value="private">Privé</option></select></div>
<div class="field"><label for="role-nouveau">Ce qu’il a soutenu *</label><input id="role-nouveau" name="role" type="text" maxlength="300" required></div>
<div class="field"><label for="url-nouveau">Site (https://…)</label><input id="url-nouveau" name="url" type="url" maxlength="300"></div>
<div class="field"><label for="ordre-nouveau">Ordre d’affichage</label><input id="ordre-nouveau" name="ordre" type="number" min="0" max="1000" value="10"></div>
<button type="submit" class="button">Ajouter</button>
</form>
</div>
