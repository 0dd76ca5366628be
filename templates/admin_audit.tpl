{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p>Chaque modification faite depuis le back-office, enregistrée par la base de données elle-même. Ce journal ne peut être ni modifié ni effacé.</p>
<form method="get" action="/admin/journal" class="search-form">
<div class="field"><label for="table">Table</label>
<select id="table" name="table"><option value="">Toutes</option>
{{#TABLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TABLE_OPTION}}</select></div>
<div class="field"><label for="personne">Personne (numéro)</label>
<input id="personne" name="personne" type="text" inputmode="numeric" value="{{PERSON}}" maxlength="18"></div>
<button type="submit" class="button">Filtrer</button>
</form>
{{#NONE}}<p>Aucune modification.</p>
{{/NONE}}<div class="table-scroll"><table>
<caption class="visually-hidden">Modifications, de la plus récente à la plus ancienne</caption>
<thead><tr><th scope="col">Quand</th><th scope="col">Qui</th><th scope="col">Quoi</th><th scope="col">Table et ligne</th><th scope="col">Avant → après</th></tr></thead>
<tbody>
{{#ENTRY}}<tr><td><time datetime="{{ISO}}">{{AT}}</time></td><td>{{#WHO_LINK}}<a href="{{WHO_HREF}}">{{/WHO_LINK}}{{WHO}}{{#WHO_LINK}}</a>{{/WHO_LINK}}</td><td>{{ACTION}}</td><td>{{TABLE}} {{ROW}}</td><td><ul class="changes">{{#CHANGE}}<li>{{LINE}}</li>{{/CHANGE}}</ul></td></tr>
{{/ENTRY}}</tbody>
</table></div>
{{#NEXT}}<p><a href="{{NEXT_HREF}}">Modifications plus anciennes</a></p>
{{/NEXT}}</div>
