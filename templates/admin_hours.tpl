{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/contenu">← Contenus du site</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}<h2>Horaires d’ouverture</h2>
<p>Heure de Paris. Deux périodes par jour au plus (pour la pause de midi) ; un jour sans période est fermé.</p>
<form method="post" action="{{BASE}}/admin/contenu/horaires">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Horaires d’ouverture par jour</caption>
<thead><tr><th scope="col">Jour</th><th scope="col">Ouverture</th><th scope="col">Fermeture</th><th scope="col">Réouverture</th><th scope="col">Fermeture</th></tr></thead>
<tbody>
{{#DAY}}<tr><th scope="row">{{DAY_NAME}}</th>
<td><input name="{{NAME_OPEN1}}" type="time" value="{{OPEN1}}" aria-label="{{DAY_NAME}} : ouverture"></td>
<td><input name="{{NAME_CLOSE1}}" type="time" value="{{CLOSE1}}" aria-label="{{DAY_NAME}} : fermeture"></td>
<td><input name="{{NAME_OPEN2}}" type="time" value="{{OPEN2}}" aria-label="{{DAY_NAME}} : réouverture"></td>
<td><input name="{{NAME_CLOSE2}}" type="time" value="{{CLOSE2}}" aria-label="{{DAY_NAME}} : fermeture du soir"></td></tr>
{{/DAY}}</tbody>
</table></div>
<div class="field check"><input id="f-fermer-semaine" name="fermer_semaine" type="checkbox" value="1">
<label for="f-fermer-semaine">Fermer l’espace toute la semaine (à cocher seulement si aucun jour n’a d’horaire)</label></div>
<button type="submit" class="button">Enregistrer les horaires</button>
</form>
<h2>Fermetures exceptionnelles</h2>
<p>Congés, travaux… Les jours fériés sont connus du site et n’ont pas à être saisis. Aucune réservation n’est possible pendant une fermeture.</p>
{{#NO_CLOSURE}}<p>Aucune fermeture prévue.</p>
{{/NO_CLOSURE}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Fermetures exceptionnelles</caption>
<thead><tr><th scope="col">Du</th><th scope="col">Au</th><th scope="col">Motif</th><th scope="col">Espace</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#CLOSURE}}<tr><td>{{FROM}}</td><td>{{TO}}</td><th scope="row">{{REASON}}</th><td>{{WHERE}}</td><td><form method="post" action="{{BASE}}{{DELETE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="secondary">Supprimer</button></form></td></tr>
{{/CLOSURE}}</tbody>
</table></div>
<form method="post" action="{{BASE}}/admin/contenu/fermetures" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="f-debut">Du *</label><input id="f-debut" name="debut" type="date" required></div>
<div class="field"><label for="f-fin">Au (inclus) *</label><input id="f-fin" name="fin" type="date" required></div>
<div class="field"><label for="f-motif">Motif *</label><input id="f-motif" name="motif" type="text" maxlength="200" required></div>
<button type="submit" class="button">Ajouter la fermeture</button>
</form>
</div>
