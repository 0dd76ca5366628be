{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<p>Chaque action de l’équipe sur l’argent, les accès et le contenu (factures, avoirs, paiements, relances, prélèvements, réservations et arrivées, baux, adhésions, formules, comptes et rôles, pages et événements), enregistrée par la base de données elle-même. Ce journal ne peut être ni modifié ni effacé.</p>
<form method="get" action="{{BASE}}/admin/journal" class="search-form">
<div class="field"><label for="table">Type d’enregistrement</label>
<select id="table" name="table"><option value="">Tous</option>
{{#TABLE_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/TABLE_OPTION}}</select></div>
<div class="field"><label for="personne">Personne (numéro)</label>
<input id="personne" name="personne" type="text" inputmode="numeric" value="{{PERSON}}" maxlength="18"></div>
<button type="submit" class="button">Filtrer</button>
</form>
{{#NONE}}<p>Aucune modification.</p>
{{/NONE}}<ol class="audit-list">
{{#ENTRY}}<li class="audit-entry"><p>{{WHAT}} {{#WHO_LINK}}par <a href="{{BASE}}{{WHO_HREF}}">{{WHO}}</a>{{/WHO_LINK}}{{#NO_WHO}}hors back-office{{/NO_WHO}} {{AT}}.</p>
{{#CHANGES}}<ul class="changes">{{#CHANGE}}<li>{{LINE}}</li>{{/CHANGE}}</ul>{{/CHANGES}}</li>
{{/ENTRY}}</ol>
{{#NEXT}}<p><a href="{{BASE}}{{NEXT_HREF}}">Modifications plus anciennes</a></p>
{{/NEXT}}</div>
