{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
{{#WELCOME}}<p class="notice" role="status">Bienvenue {{FIRST_NAME}} ! Votre compte est activé. L’équipe va valider votre adhésion et votre formule.</p>
{{/WELCOME}}{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}<section class="next-steps" aria-labelledby="suite-titre">
<h2 id="suite-titre">À faire maintenant</h2>
<ul>
{{#STEP}}<li>{{STEP_TEXT}}{{#STEP_LINK}} <a href="{{BASE}}{{STEP_HREF}}">{{STEP_LABEL}}</a>{{/STEP_LINK}}</li>
{{/STEP}}{{#NOTHING_TO_DO}}<li>Tout est en ordre : rien à faire pour l’instant.</li>{{/NOTHING_TO_DO}}
</ul>
</section>
<div class="cards">
<section class="card" aria-labelledby="adhesion-titre">
<h2 id="adhesion-titre">Mon adhésion</h2>
{{#MEMBERSHIP}}<dl>
<dt>Statut</dt><dd>{{MEMBERSHIP_STATUS}}</dd>
<dt>Période</dt><dd>{{MEMBERSHIP_PERIOD}}</dd>
<dt>Fin de l’adhésion</dt><dd>{{MEMBERSHIP_END}}</dd>
<dt>Cotisation</dt><dd>{{MEMBERSHIP_FEE}}</dd>
<dt>Renouvellement</dt><dd>à partir du {{MEMBERSHIP_RENEWAL}}</dd>
</dl>
<p><a href="{{BASE}}/compte/adhesion/renouveler">Mon adhésion</a></p>{{/MEMBERSHIP}}
{{#NO_MEMBERSHIP}}<p>Aucune adhésion en cours. <a href="{{BASE}}/contact?objet=Adh%C3%A9sion">Contactez l’équipe</a> pour adhérer.</p>{{/NO_MEMBERSHIP}}
</section>
<section class="card" aria-labelledby="formule-titre">
<h2 id="formule-titre">Ma formule</h2>
{{#FORMULA}}<dl>
<dt>Formule</dt><dd>{{FORMULA_LABEL}}</dd>
<dt>Statut</dt><dd>{{FORMULA_STATUS}}</dd>
<dt>Prix</dt><dd>{{FORMULA_PRICE}}</dd>
{{#CARNET}}<dt>Carnet</dt><dd>{{CARNET_LEFT}}</dd>{{/CARNET}}
{{#FORMULA_END}}<dt>Jusqu’au</dt><dd>{{FORMULA_END_DATE}}</dd>{{/FORMULA_END}}
</dl>
{{#FORMULA_STOP}}<form method="post" action="{{BASE}}{{STOP_ACTION}}" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Arrêter cet abonnement à la fin du mois</button>
</form>
{{/FORMULA_STOP}}{{/FORMULA}}{{#NO_FORMULA}}<p>Aucune formule en cours.</p>{{/NO_FORMULA}}
{{#HAS_CARNET_HISTORY}}<details class="carnet-history">
<summary>Historique du carnet</summary>
<ul>{{/HAS_CARNET_HISTORY}}{{#CARNET_MOVE}}<li>{{MOVE_WHEN}} — {{MOVE_WHAT}}</li>
{{/CARNET_MOVE}}{{#HAS_CARNET_HISTORY}}</ul>
</details>{{/HAS_CARNET_HISTORY}}
{{#NEXT_INVOICE}}<p>Prochaine facture à régler : <a href="{{BASE}}{{INVOICE_HREF}}">{{INVOICE_NUMBER}}</a>, {{INVOICE_AMOUNT}} avant le {{INVOICE_DUE}}.</p>{{/NEXT_INVOICE}}
{{#NO_INVOICE_DUE}}<p>Aucune facture à régler.</p>{{/NO_INVOICE_DUE}}
<p><a href="{{BASE}}/factures">Mes factures</a></p>
</section>
<section class="card" aria-labelledby="profil-titre">
<h2 id="profil-titre">Mes informations</h2>
<dl>
<dt>Nom</dt><dd>{{FULL_NAME}}</dd>
<dt>E-mail</dt><dd>{{EMAIL}}</dd>
<dt>Téléphone</dt><dd>{{PHONE}}</dd>
<dt>Profil</dt><dd>{{PROFILE}}</dd>
{{#COMPANY}}<dt>Structure</dt><dd>{{COMPANY_NAME}} (SIREN {{SIREN}})</dd>
<dt>Facturation</dt><dd>{{BILLING}}</dd>{{/COMPANY}}
</dl>
<p><a class="button secondary" href="{{BASE}}/compte/profil">Modifier mes informations</a></p>
</section>
</div>
<section aria-labelledby="reservations-titre">
<h2 id="reservations-titre">Mes réservations</h2>
{{#NO_BOOKING}}<p>Aucune réservation à venir. <a href="{{BASE}}/mes-reservations">Réserver une demi-journée</a> ou <a href="{{BASE}}/reservation">la salle de réunion</a>.</p>{{/NO_BOOKING}}
<ul class="bookings">
{{#BOOKING}}<li><strong>{{BOOKING_WHEN}}</strong> — {{BOOKING_WHAT}}, {{BOOKING_STATE}} ({{BOOKING_PAID}}).
{{#ROOM}}<a href="{{BASE}}{{MANAGE_HREF}}">Gérer cette réservation</a> ·{{/ROOM}}{{#DESK}}<a href="{{BASE}}/mes-reservations">Gérer mes demi-journées</a> ·{{/DESK}} <a href="{{BASE}}{{ICS_HREF}}">Ajouter à mon agenda (.ics)</a></li>
{{/BOOKING}}</ul>
{{#HAS_PAST}}<details><summary>Réservations des 30 derniers jours</summary><ul class="bookings">{{/HAS_PAST}}{{#PAST_BOOKING}}<li>{{BOOKING_WHEN}} — {{BOOKING_WHAT}}, {{BOOKING_STATE}} ({{BOOKING_PAID}})</li>
{{/PAST_BOOKING}}{{#HAS_PAST}}</ul></details>{{/HAS_PAST}}
<p><a class="button secondary" href="{{BASE}}/mes-reservations">Réserver une demi-journée</a> <a class="button secondary" href="{{BASE}}/reservation">Réserver la salle de réunion</a></p>
</section>
<section aria-labelledby="annuaire-titre">
<h2 id="annuaire-titre">L’annuaire des coworkers</h2>
{{#IN_DIRECTORY}}<p>Votre profil figure dans l’annuaire.</p>{{/IN_DIRECTORY}}{{#NOT_IN_DIRECTORY}}<p>Vous n’apparaissez pas dans l’annuaire (c’est le choix par défaut).</p>{{/NOT_IN_DIRECTORY}}
<p><a href="{{BASE}}/annuaire">Voir l’annuaire</a> · <a href="{{BASE}}/compte/profil-annuaire">Mon profil dans l’annuaire</a></p>
</section>
<section aria-labelledby="email-titre">
<h2 id="email-titre">Changer d’adresse e-mail</h2>
<form method="post" action="{{BASE}}/compte/email" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="nouvel-email">Nouvelle adresse e-mail</label>
<input id="nouvel-email" name="email" type="email" autocomplete="email" maxlength="254" required>
</div>
<div class="field">
<label for="email-mot-de-passe">Mot de passe actuel</label>
<input id="email-mot-de-passe" name="mot_de_passe" type="password" autocomplete="current-password" maxlength="200" required>
</div>
<button type="submit" class="button secondary">Recevoir un lien de confirmation</button>
</form>
</section>
<section aria-labelledby="securite-titre">
<h2 id="securite-titre">Sécurité</h2>
<p><a class="button secondary" href="{{BASE}}/compte/mot-de-passe">Changer mon mot de passe</a></p>
{{#STAFF}}<p><a href="{{BASE}}/compte/double-authentification">Double authentification (compte de l’équipe)</a></p>{{/STAFF}}
</section>
{{#AGENDA}}<section aria-labelledby="agenda-titre">
<h2 id="agenda-titre">Mon agenda personnel</h2>
{{#AGENDA_DELETED}}<p class="notice" role="status">L’adresse de votre agenda est supprimée : elle ne fonctionne plus.</p>
{{/AGENDA_DELETED}}<p>Vos demi-journées, vos réservations de salle et les événements auxquels vous êtes inscrit·e, dans votre application d’agenda, à une adresse secrète.</p>
{{#AGENDA_ON}}<p>Votre adresse est active depuis le {{AGENDA_SINCE}}. Perdue ou partagée par erreur ? Remplacez-la : l’ancienne cessera aussitôt de fonctionner.</p>
<form method="post" action="{{BASE}}/compte/agenda" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Remplacer l’adresse de mon agenda</button>
</form>
<form method="post" action="{{BASE}}/compte/agenda/supprimer" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Supprimer l’adresse</button>
</form>{{/AGENDA_ON}}
{{#AGENDA_OFF}}<form method="post" action="{{BASE}}/compte/agenda" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Créer l’adresse de mon agenda</button>
</form>{{/AGENDA_OFF}}
</section>
{{/AGENDA}}<section aria-labelledby="lettre-titre">
<h2 id="lettre-titre">Lettre d’information</h2>
<form method="post" action="{{BASE}}/compte/newsletter" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
{{#NEWSLETTER_ON}}<p>Vous recevez la lettre d’information.</p>
<input type="hidden" name="newsletter" value="0">
<button type="submit" class="button secondary">Ne plus la recevoir</button>{{/NEWSLETTER_ON}}
{{#NEWSLETTER_OFF}}<p>Vous ne recevez pas la lettre d’information.</p>
<input type="hidden" name="newsletter" value="1">
<button type="submit" class="button secondary">La recevoir</button>{{/NEWSLETTER_OFF}}
</form>
</section>
<section aria-labelledby="donnees-titre">
<h2 id="donnees-titre">Mes données</h2>
<p><a href="{{BASE}}/compte/donnees">Voir tout ce que {{SITE_NAME}} garde sur moi</a> · <a href="{{BASE}}/compte/donnees.json" download>Télécharger toutes mes données (JSON)</a></p>
<form method="post" action="{{BASE}}/compte/deconnexion-partout" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Me déconnecter de tous mes appareils</button>
</form>
{{#CAN_CLOSE}}<form method="post" action="{{BASE}}/compte/fermeture" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field check">
<input id="confirmer-fermeture" name="confirmer" type="checkbox" value="1" required>
<label for="confirmer-fermeture">Je demande la fermeture de mon compte et l’effacement de mes données personnelles</label>
</div>
<button type="submit" class="button secondary">Demander la fermeture</button>
</form>{{/CAN_CLOSE}}
{{#CLOSING}}<p class="notice">La fermeture de votre compte est demandée ; l’équipe la traite dans le mois.</p>{{/CLOSING}}
</section>
</div>
