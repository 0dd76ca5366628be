{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
{{#JUST_CONFIRMED}}<p class="notice" role="status">Votre réservation est confirmée. Un e-mail vous a été envoyé avec ce récapitulatif, l’invitation pour votre agenda et le lien de cette page : gardez-le pour annuler ou modifier.</p>
{{/JUST_CONFIRMED}}{{#JUST_REQUESTED}}<p class="notice" role="status">Votre demande est enregistrée et le créneau vous est gardé : l’équipe vous répond par e-mail. Gardez le lien de cette page (envoyé par e-mail) pour suivre ou annuler la demande.</p>
{{/JUST_REQUESTED}}{{#HELD}}<p class="notice" role="status" id="attente-confirmation">Votre réservation n’est pas encore enregistrée. Nous venons d’envoyer un e-mail à {{HOLD_EMAIL}} : suivez le lien qu’il contient avant le {{HOLD_UNTIL}} ({{HOLD_MINUTES}} minutes) pour la confirmer. D’ici là, le créneau vous est gardé ; sans confirmation, il est libéré. Le lien pour gérer la réservation vous sera envoyé avec la confirmation.</p>
{{/HELD}}{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}<dl class="legal">
<dt>Salle</dt><dd>{{ROOM_NAME}}</dd>
<dt>Quand</dt><dd>{{WHEN}}</dd>
<dt>État</dt><dd>{{STATUS}}</dd>
<dt>Entreprise</dt><dd>{{COMPANY}} (SIREN {{SIREN}})<br>{{ADDRESS}}</dd>
<dt>Contact</dt><dd>{{CONTACT}}, {{EMAIL}}, {{PHONE}}</dd>
<dt>Participants</dt><dd>{{ATTENDEES}}</dd>
{{#PURPOSE}}<dt>Objet</dt><dd>{{PURPOSE_TEXT}}</dd>
{{/PURPOSE}}<dt>Prix</dt><dd>{{TOTAL}} TTC ({{PRICE_BASIS}})</dd>
<dt>Conditions</dt><dd>{{TERMS}}</dd>
</dl>
<table class="prices">
<caption>Détail du prix</caption>
<thead><tr><th scope="col">Désignation</th><th scope="col">Quantité</th><th scope="col">Prix unitaire</th><th scope="col">Montant</th></tr></thead>
<tbody>
{{#BASE}}<tr><th scope="row">{{BASE_LABEL}}</th><td>1</td><td>{{BASE_PRICE}}</td><td>{{BASE_PRICE}}</td></tr>
{{/BASE}}{{#LINE}}<tr><th scope="row">{{LINE_LABEL}}</th><td>{{LINE_QTY}}</td><td>{{LINE_UNIT}}</td><td>{{LINE_TOTAL}}</td></tr>
{{/LINE}}<tr><th scope="row">Total TTC</th><td></td><td></td><td>{{TOTAL}}</td></tr>
</tbody>
</table>
{{#CAN_CHANGE}}<section class="form-panel" aria-labelledby="modifier-titre">
<h2 id="modifier-titre">Modifier ou annuler</h2>
<p>Gratuit jusqu’au {{DEADLINE}}.</p>
<form method="post" action="{{BASE}}/reservation/gerer/modifier" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<div class="field{{#DAY_INVALID}} invalid{{/DAY_INVALID}}">
<label for="m-jour">Nouveau jour *</label>
<input id="m-jour" name="jour" type="date" value="{{DAY_VALUE}}" required{{#DAY_INVALID}} aria-invalid="true" aria-describedby="f-jour-erreur"{{/DAY_INVALID}}>
{{#DAY_INVALID}}<p class="error" id="f-jour-erreur">{{DAY_ERROR}}</p>
{{/DAY_INVALID}}</div>
<fieldset class="field{{#SLOT_INVALID}} invalid{{/SLOT_INVALID}}"{{#SLOT_INVALID}} aria-describedby="f-creneau-erreur"{{/SLOT_INVALID}}>
<legend>Nouveau créneau *</legend>
{{#SLOT_CHOICE}}<div class="check"><input id="{{SLOT_ID}}" name="creneau" type="radio" value="{{SLOT_VALUE}}"{{#SLOT_CHECKED}} checked{{/SLOT_CHECKED}}> <label for="{{SLOT_ID}}">{{SLOT_TEXT}}</label></div>
{{/SLOT_CHOICE}}{{#SLOT_INVALID}}<p class="error" id="f-creneau-erreur">{{SLOT_ERROR}}</p>
{{/SLOT_INVALID}}</fieldset>
<p><button type="submit" class="button secondary">Modifier la réservation</button></p>
</form>
<form method="post" action="{{BASE}}/reservation/gerer/annuler">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<p><button type="submit" class="button">Annuler la réservation</button></p>
</form>
</section>
{{/CAN_CHANGE}}{{#HELD}}<form method="post" action="{{BASE}}/reservation/gerer/annuler">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<p><button type="submit" class="button secondary">Abandonner cette demande</button></p>
</form>
{{/HELD}}{{#TOO_LATE}}<p>Le délai d’annulation ou de modification gratuite est passé (c’était jusqu’au {{DEADLINE}}). Pour toute question, <a href="{{BASE}}/contact">écrivez-nous</a>.</p>
{{/TOO_LATE}}</div>
