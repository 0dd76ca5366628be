{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#DONE}}<div class="notice" role="status"><p>Nettoyage effectué :</p>
<ul>{{#DELETED}}<li>{{WHAT}} : {{N}}</li>{{/DELETED}}</ul></div>
{{/DONE}}<h2>Durées de conservation</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Durées de conservation des données</caption>
<thead><tr><th scope="col">Données</th><th scope="col">Conservées</th></tr></thead>
<tbody>
{{#RETENTION}}<tr><th scope="row">{{WHAT}}</th><td>{{HOW_LONG}}</td></tr>
{{/RETENTION}}</tbody>
</table></div>
<h2>Nettoyage des données expirées</h2>
<p>Supprime ce que ces durées ne permettent plus de garder. Il peut aussi être lancé chaque nuit par l’hébergement (<code>SELECT * FROM cleanup_expired()</code>).</p>
<form method="post" action="{{BASE}}/admin/rgpd/nettoyage" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button">Lancer le nettoyage</button>
</form>
<h2>Export et effacement d’une personne</h2>
<p>Depuis la <a href="{{BASE}}/admin/membres">fiche d’un membre</a> : « Exporter toutes les données » (JSON) et « Effacer les données personnelles ».</p>
</div>
