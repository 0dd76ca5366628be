{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>Copiez ce secret maintenant dans la configuration du récepteur : il ne sera plus jamais affiché.</p></div>
<p>Secret : <code id="secret">{{SECRET}}</code></p>
{{#ROTATED}}<p>L’ancien secret reste valable 24 heures : pendant ce temps, chaque envoi porte deux signatures (une par secret).</p>
{{/ROTATED}}<p>Le récepteur vérifie l’en-tête <code>Fontaine-Signature: t=…,v1=…</code> : un HMAC-SHA256, avec ce secret pour clé, de l’horodatage, d’un point et du corps exact de la requête.</p>
<p><a href="{{BASE}}{{HREF}}">Voir le récepteur et ses envois</a></p>
</div>
