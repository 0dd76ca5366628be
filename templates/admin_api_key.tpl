{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/api">← Clés de l’API</a></p>
<h1>{{TITLE}}</h1>
<p>Clé <code>{{PREFIX}}…</code> : {{USES}} ces 30 derniers jours, dont {{REFUSED}}. Les 200 derniers appels :</p>
{{#NO_CALL}}<p>Aucun appel pour l’instant.</p>
{{/NO_CALL}}<div class="table-scroll" tabindex="0" role="region" aria-label="Derniers appels">
<table>
<thead><tr><th scope="col">Date</th><th scope="col">Appel</th><th scope="col">Autorisation demandée</th><th scope="col">Résultat</th><th scope="col">Adresse</th></tr></thead>
<tbody>
{{#CALL}}<tr><td>{{AT}}</td><td><code>{{METHOD}} {{PATH}}</code></td><td>{{SCOPE}}</td><td>{{OUTCOME}}</td><td>{{ADDR}}</td></tr>
{{/CALL}}</tbody>
</table>
</div>
</div>
