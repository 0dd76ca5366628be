{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}<section aria-labelledby="demandes">
<h2 id="demandes">Demandes à traiter</h2>
<p>Les formules choisies à l’inscription, les carnets pas encore actifs, les adhésions et les demandes de renouvellement. Activer ajoute ce qui est dû à la facture du mois de la personne et la prévient par e-mail ; refuser demande une raison, envoyée à la personne.</p>
<form method="get" action="{{BASE}}/admin/adhesions" class="search-form" role="search">
<div class="field"><label for="q">Chercher une demande (nom ou adresse e-mail)</label>
<input id="q" name="q" type="search" value="{{Q}}" maxlength="100"></div>
<p><button type="submit" class="secondary">Chercher</button></p>
</form>
{{#COUNT}}<p class="count">{{N}}{{#RANGE}} ; affichées ici : {{RANGE}}, les plus anciennes d’abord{{/RANGE}}.</p>
{{/COUNT}}{{#NO_REQUEST}}<p>Aucune demande en attente.</p>
{{/NO_REQUEST}}{{#NO_MATCH}}<p>Aucune demande en attente ne correspond à « {{Q}} ». <a href="{{BASE}}/admin/adhesions">Voir toutes les demandes</a></p>
{{/NO_MATCH}}{{#PAST_LAST}}<p>Cette page est vide. <a href="{{BASE}}/admin/adhesions">Revenir à la première page</a></p>
{{/PAST_LAST}}<ul class="events">
{{#REQUEST}}<li class="form-panel">
<h3><a href="{{BASE}}{{HREF}}">{{NAME}}</a> : {{WHAT}}</h3>
<p>Demandé le {{CREATED}} {{PERIOD}} · {{AMOUNT}} · <a href="mailto:{{EMAIL}}">{{EMAIL}}</a></p>
<form method="post" action="{{BASE}}{{ACTIVATE_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#START}}<label for="debut-{{KEY}}">Début (facultatif)</label>
<input id="debut-{{KEY}}" name="debut" type="date">
{{/START}}<button type="submit" class="button">Activer</button>
</form>
<form method="post" action="{{BASE}}{{REFUSE_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="raison-{{KEY}}">Raison du refus</label>
<input id="raison-{{KEY}}" name="raison" type="text" maxlength="500" required>
<button type="submit" class="secondary">Refuser</button>
</form>
{{#CHANGE}}<form method="post" action="{{BASE}}{{CHANGE_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<label for="formule-{{KEY}}">Changer la formule</label>
<select id="formule-{{KEY}}" name="formule">
{{#CHOICE}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/CHOICE}}</select>
<button type="submit" class="secondary">Modifier</button>
</form>
{{/CHANGE}}</li>
{{/REQUEST}}</ul>
{{#PAGES}}<p>{{#PREV}}<a href="{{BASE}}/admin/adhesions?q={{Q:u}}&amp;page={{PAGE:u}}" rel="prev">← Demandes précédentes</a>{{/PREV}}{{#NEXT}} <a href="{{BASE}}/admin/adhesions?q={{Q:u}}&amp;page={{PAGE:u}}" rel="next">Demandes suivantes →</a>{{/NEXT}}</p>
{{/PAGES}}</section>
<section aria-labelledby="carnet-titre" class="form-panel">
<h2 id="carnet-titre">Vendre un carnet à l’accueil</h2>
<p>Le carnet est ajouté au compte du membre et à sa facture du mois. Cochez « plus tard » s’il ne doit pas encore servir : il reste alors à activer ci-dessus.</p>
<form method="post" action="{{BASE}}/admin/adhesions/carnet">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field"><label for="vente-email">Adresse e-mail du compte du membre *</label>
<input id="vente-email" name="email" type="email" autocomplete="off" required></div>
<div class="field"><label for="vente-formule">Formule</label>
<select id="vente-formule" name="formule">
{{#SALE_CHOICE}}<option value="{{VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{LABEL}}</option>
{{/SALE_CHOICE}}</select></div>
<div class="field check"><input id="vente-plus-tard" name="plus_tard" type="checkbox" value="1"> <label for="vente-plus-tard">Activer plus tard</label></div>
<p><button type="submit" class="button">Vendre</button></p>
</form>
</section>
<section aria-labelledby="renouveler">
<h2 id="renouveler">Adhésions non renouvelées</h2>
<p>Les adhésions qui se terminent dans les 45 prochains jours ou terminées depuis moins de 90 jours, sans adhésion suivante. À sa date de fin, une adhésion ne compte plus pour le droit de vote à l’assemblée générale ni pour les tarifs membres.</p>
<form method="post" action="{{BASE}}/admin/adhesions/rappels" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="secondary">Envoyer maintenant les rappels dus</button>
</form>
{{#NONE_TO_RENEW}}<p>Aucune adhésion à renouveler.</p>
{{/NONE_TO_RENEW}}{{#HAS_NOT_RENEWED}}{{#MORE}}<p>{{TOTAL}} à renouveler : les 300 qui se terminent le plus tôt sont ci-dessous ; la liste entière est sur la page <a href="{{BASE}}/admin/membres/renouvellements">Adhésions à renouveler</a>.</p>
{{/MORE}}<div class="table-scroll">
<table>
<caption class="visually-hidden">Adhésions non renouvelées</caption>
<thead><tr><th scope="col">Membre</th><th scope="col">Fin de l’adhésion</th><th scope="col">Échéance</th><th scope="col">Cotisation</th><th scope="col">Rappels envoyés</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#NOT_RENEWED}}<tr><th scope="row"><a href="{{BASE}}{{HREF}}">{{NAME}}</a></th><td>{{END}}</td><td>{{WHEN}}</td><td>{{MSTATUS}}</td><td>{{REMINDERS}}</td><td><form method="post" action="{{BASE}}{{RENEW_ACTION}}" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="retour" value="adhesions"><button type="submit" class="button small" aria-label="{{RENEW_LABEL}}">Renouveler</button></form></td></tr>
{{/NOT_RENEWED}}</tbody>
</table>
</div>
{{/HAS_NOT_RENEWED}}
</section>
</div>
