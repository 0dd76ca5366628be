{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p class="lead">Vérifiez la réservation demandée avec votre adresse e-mail, puis confirmez-la. Le créneau vous est gardé jusqu’au {{HOLD_UNTIL}}.</p>
<dl class="legal">
<dt>Salle</dt><dd>{{ROOM_NAME}}</dd>
<dt>Quand</dt><dd>{{WHEN}}</dd>
<dt>Entreprise</dt><dd>{{COMPANY}} (SIREN {{SIREN}})<br>{{ADDRESS}}</dd>
<dt>Contact</dt><dd>{{CONTACT}}, {{EMAIL}}, {{PHONE}}</dd>
<dt>Participants</dt><dd>{{ATTENDEES}}</dd>
{{#PURPOSE}}<dt>Objet</dt><dd>{{PURPOSE_TEXT}}</dd>
{{/PURPOSE}}<dt>Prix</dt><dd>{{TOTAL}} TTC ({{PRICE_BASIS}})</dd>
<dt>Conditions</dt><dd>{{TERMS}}</dd>
</dl>
{{#REQUEST_MODE}}<p>Cette salle se réserve sur demande : une fois confirmée, votre demande part à l’équipe, qui vous répond par e-mail.</p>
{{/REQUEST_MODE}}<form method="post" action="{{BASE}}/reservation/confirmer">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<p><button type="submit" class="button">Confirmer la réservation</button></p>
</form>
<p>Vous n’avez rien demandé ? Ne confirmez pas : sans confirmation, rien n’est enregistré et le créneau est libéré.</p>
</div>
