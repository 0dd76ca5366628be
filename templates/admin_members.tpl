{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p><a href="{{BASE}}/admin/membres/renouvellements">Adhésions à renouveler</a> · <a href="{{BASE}}/admin/membres/assemblee">Membres votants pour l’assemblée générale</a> · <a href="{{BASE}}/admin/rgpd">Données personnelles (RGPD)</a></p>
<form method="get" action="{{BASE}}/admin/membres" class="search-form" role="search">
<div class="field"><label for="q">Nom, e-mail ou entreprise</label>
<input id="q" name="q" type="search" value="{{Q}}" maxlength="100"></div>
<div class="field"><label for="statut">État du compte</label>
<select id="statut" name="statut"><option value="">Tous</option>
{{#STATUS_OPTION}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/STATUS_OPTION}}</select></div>
<button type="submit" class="button">Rechercher</button>
</form>
<p role="status">{{N_FOUND}} (200 au plus).</p>
{{#NONE}}<p>Aucun compte ne correspond.</p>
{{/NONE}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Comptes trouvés</caption>
<thead><tr><th scope="col">Nom</th><th scope="col">E-mail</th><th scope="col">Entreprise</th><th scope="col">Profil</th><th scope="col">Compte</th><th scope="col">Rôle</th><th scope="col">Adhésion</th></tr></thead>
<tbody>
{{#MEMBER}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NAME}}</a></th><td>{{EMAIL}}</td><td>{{COMPANY}}</td><td>{{PROFILE}}</td><td>{{STATUS}}</td><td>{{ROLE}}</td><td>{{MEMBERSHIP}}</td></tr>
{{/MEMBER}}</tbody>
</table></div>
</div>
