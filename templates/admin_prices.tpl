{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/contenu">← Contenus du site</a> · <a href="{{BASE}}/tarifs">Voir les tarifs en ligne</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}<p>Prix TTC en euros. Laissez un prix vide quand l’offre n’est pas proposée à ce public. Les prix déjà facturés ou réservés ne changent pas.</p>
{{#PRICE}}<form method="post" action="{{BASE}}{{ACTION}}" class="price-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset>
<legend>{{LABEL}}</legend>
<div class="field"><label for="libelle-{{CODE}}">Libellé *</label><input id="libelle-{{CODE}}" name="libelle" type="text" value="{{LABEL}}" maxlength="200" required></div>
<div class="field"><label for="unite-{{CODE}}">Unité *</label><input id="unite-{{CODE}}" name="unite" type="text" value="{{UNIT}}" maxlength="100" required></div>
<div class="field"><label for="membre-{{CODE}}">Prix membre (€)</label><input id="membre-{{CODE}}" name="prix_membre" type="text" value="{{MEMBER}}" inputmode="decimal"></div>
<div class="field"><label for="nonmembre-{{CODE}}">Prix non-membre (€)</label><input id="nonmembre-{{CODE}}" name="prix_non_membre" type="text" value="{{NON_MEMBER}}" inputmode="decimal"></div>
<div class="field"><label for="note-{{CODE}}">Note</label><input id="note-{{CODE}}" name="note" type="text" value="{{NOTE}}" maxlength="300"></div>
<div class="field check"><input id="actif-{{CODE}}" name="actif" type="checkbox" value="1"{{#ACTIVE}} checked{{/ACTIVE}}> <label for="actif-{{CODE}}">Affiché et proposé</label></div>
<button type="submit" class="secondary">Enregistrer ce tarif</button>
</fieldset>
</form>
{{/PRICE}}</div>
