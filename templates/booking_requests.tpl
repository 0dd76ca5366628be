{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>STAFF_NAV}}
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}<h2>Demandes à traiter</h2>
<ul class="requests">
{{#PENDING}}<li><strong>{{COMPANY}}</strong> : {{ROOM}}, {{WHEN}}, {{ATTENDEES}}, {{PRICE}}. Contact : {{CONTACT}}. {{PURPOSE}}
<form method="post" action="{{BASE}}/admin/reservations/{{ID}}/reponse" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="reponse" value="confirmer"><button type="submit" class="button small" aria-label="{{CONFIRM_LABEL}}">Confirmer</button></form>
<form method="post" action="{{BASE}}/admin/reservations/{{ID}}/reponse" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><input type="hidden" name="reponse" value="refuser"><button type="submit" class="button small secondary" aria-label="{{DECLINE_LABEL}}">Refuser</button></form></li>
{{/PENDING}}{{#NO_PENDING}}<li>Aucune demande en attente.</li>
{{/NO_PENDING}}</ul>
<h2>Réservations confirmées à venir</h2>
<ul class="requests">
{{#CONFIRMED}}<li><strong>{{COMPANY}}</strong> : {{ROOM}}, {{WHEN}}, {{ATTENDEES}}, {{PRICE}}. Contact : {{CONTACT}}.</li>
{{/CONFIRMED}}{{#NO_CONFIRMED}}<li>Aucune réservation à venir.</li>
{{/NO_CONFIRMED}}</ul>
<h2>En attente de confirmation par e-mail</h2>
<p>Réservations faites sans compte : le créneau est gardé jusqu’à ce que le contact suive le lien reçu par e-mail, ou jusqu’à l’expiration indiquée ; elles ne sont ni comptées ni facturées avant.</p>
<ul class="requests">
{{#HELD}}<li><strong>{{COMPANY}}</strong> : {{ROOM}}, {{WHEN}}, {{ATTENDEES}}, {{PRICE}}. Contact : {{CONTACT}}. Gardé jusqu’au {{HOLD_UNTIL}}.</li>
{{/HELD}}{{#NO_HELD}}<li>Aucune réservation en attente de confirmation.</li>
{{/NO_HELD}}</ul>
</div>
