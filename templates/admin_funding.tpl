{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}<p>Les subventions publiques et les financements privés de l’association. Le <a href="{{BASE}}/admin/tableau-de-bord">tableau de bord</a> en fait la somme par année, avec la part de l’argent public dans les ressources.</p>
<p><a class="button" href="{{BASE}}/admin/financements/nouveau">Enregistrer un financement</a></p>
{{#NO_GRANT}}<p>Aucun financement enregistré.</p>
{{/NO_GRANT}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Subventions et financements, du plus récent au plus ancien</caption>
<thead><tr><th scope="col">Financeur</th><th scope="col">Nature</th><th scope="col">Objet</th><th scope="col">Montant</th><th scope="col">Période</th><th scope="col">État</th></tr></thead>
<tbody>
{{#GRANT}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{FUNDER}}</a></th><td>{{KIND}}</td><td>{{LABEL}}</td><td>{{AMOUNT}}</td><td>{{PERIOD}}</td><td>{{STATUS}}</td></tr>
{{/GRANT}}</tbody>
</table></div>
</div>
