{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<p class="kind"><a href="{{BASE}}/disponibilites/{{ROOM_SLUG}}">Disponibilités de la salle</a></p>
<h1>{{TITLE}}</h1>
<p class="lead">{{ROOM_NAME}} accueille jusqu’à {{CAPACITY}} personnes ({{EQUIPMENT}}). Ouverte aux entreprises comme aux membres, à la demi-journée ou à la journée.</p>
{{#REQUEST_MODE}}<p>Chaque réservation est une demande : l’équipe la confirme par e-mail, le créneau vous est gardé en attendant.</p>
{{/REQUEST_MODE}}<section class="form-panel" aria-labelledby="form-titre">
<h2 id="form-titre">Votre réservation</h2>
{{#HAS_NOTICE}}<p class="notice" role="alert">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/reservation" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="salle" value="{{ROOM_SLUG}}">
<div class="field{{#DAY_INVALID}} invalid{{/DAY_INVALID}}">
<label for="f-jour">Jour *</label>
<input id="f-jour" name="jour" type="date" value="{{DAY_VALUE}}" min="{{DAY_MIN}}" max="{{DAY_MAX}}" required{{#DAY_INVALID}} aria-invalid="true" aria-describedby="f-jour-erreur"{{/DAY_INVALID}}>
{{#DAY_INVALID}}<p class="error" id="f-jour-erreur">{{DAY_ERROR}}</p>
{{/DAY_INVALID}}</div>
<fieldset class="field{{#SLOT_INVALID}} invalid{{/SLOT_INVALID}}"{{#SLOT_INVALID}} aria-describedby="f-creneau-erreur"{{/SLOT_INVALID}}>
<legend>Créneau *</legend>
{{#SLOT_CHOICE}}<div class="check"><input id="{{SLOT_ID}}" name="creneau" type="radio" value="{{SLOT_VALUE}}"{{#SLOT_CHECKED}} checked{{/SLOT_CHECKED}}> <label for="{{SLOT_ID}}">{{SLOT_TEXT}}</label></div>
{{/SLOT_CHOICE}}{{#SLOT_INVALID}}<p class="error" id="f-creneau-erreur">{{SLOT_ERROR}}</p>
{{/SLOT_INVALID}}</fieldset>
<div class="field{{#START_INVALID}} invalid{{/START_INVALID}}">
<label for="f-debut">Heure de début (horaires précis seulement)</label>
<input id="f-debut" name="debut" type="time" value="{{START_VALUE}}"{{#START_INVALID}} aria-invalid="true" aria-describedby="f-debut-erreur"{{/START_INVALID}}>
{{#START_INVALID}}<p class="error" id="f-debut-erreur">{{START_ERROR}}</p>
{{/START_INVALID}}</div>
<div class="field{{#END_INVALID}} invalid{{/END_INVALID}}">
<label for="f-fin">Heure de fin (horaires précis seulement)</label>
<input id="f-fin" name="fin" type="time" value="{{END_VALUE}}"{{#END_INVALID}} aria-invalid="true" aria-describedby="f-fin-erreur"{{/END_INVALID}}>
{{#END_INVALID}}<p class="error" id="f-fin-erreur">{{END_ERROR}}</p>
{{/END_INVALID}}</div>
<div class="field{{#ATTENDEES_INVALID}} invalid{{/ATTENDEES_INVALID}}">
<label for="f-participants">Nombre de participants *</label>
<input id="f-participants" name="participants" type="number" min="1" max="{{CAPACITY}}" value="{{ATTENDEES_VALUE}}" required{{#ATTENDEES_INVALID}} aria-invalid="true" aria-describedby="f-participants-erreur"{{/ATTENDEES_INVALID}}>
{{#ATTENDEES_INVALID}}<p class="error" id="f-participants-erreur">{{ATTENDEES_ERROR}}</p>
{{/ATTENDEES_INVALID}}</div>
<fieldset class="field">
<legend>Options</legend>
{{#OPTION}}<div class="check"><input id="f-option-{{OPT_CODE}}" name="option" type="checkbox" value="{{OPT_CODE}}"{{#OPT_CHECKED}} checked{{/OPT_CHECKED}}> <label for="f-option-{{OPT_CODE}}">{{OPT_LABEL}} : {{OPT_PRICE}}</label></div>
{{/OPTION}}</fieldset>
<p><button type="submit" class="button secondary" name="action" value="prix">Calculer le prix</button></p>
{{#PRICE}}<div class="price-box" role="status">
<p>Prix : <strong id="prix-total">{{TOTAL}}</strong> TTC. {{PRICE_BASIS}}</p>
</div>
{{/PRICE}}{{#FOR_CHOICE}}<fieldset class="field for-choice">
<legend>Je réserve</legend>
<div class="check"><input id="f-pour-personne" name="pour" type="radio" value="personne"{{#FOR_PERSON}} checked{{/FOR_PERSON}}> <label for="f-pour-personne">À mon nom, à titre personnel (salarié·e en télétravail, indépendant·e sans SIREN) : la facture est à mon nom</label></div>
<div class="check"><input id="f-pour-entreprise" name="pour" type="radio" value="entreprise"{{#FOR_COMPANY}} checked{{/FOR_COMPANY}}> <label for="f-pour-entreprise">Au nom d’une entreprise ou d’un organisme</label></div>
</fieldset>
{{/FOR_CHOICE}}<div class="company-fields">
<h3>Votre entreprise</h3>
{{#COMPANY_HINT}}<p class="hint">Seulement pour une réservation au nom d’une entreprise ou d’un organisme.</p>
{{/COMPANY_HINT}}{{#COMPANY_FIELDS}}{{>FIELD}}{{/COMPANY_FIELDS}}
</div>
<h3>Contact</h3>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
<p>Annulation ou modification gratuite jusqu’à {{FREE_HOURS}} h avant le début, avec le lien reçu par e-mail ; au-delà, la réservation est due.</p>
{{#HOLD_INFO}}<p id="confirmation-mail">Pour enregistrer la réservation, vous la confirmez avec le lien envoyé à votre adresse e-mail : le créneau vous est gardé pendant {{HOLD_MINUTES}} minutes en attendant ; sans confirmation, il est libéré. Membre ? <a href="{{BASE}}/connexion?retour=/reservation">Connectez-vous</a> et réservez avec l’adresse de votre compte : la réservation est alors enregistrée sans cette étape.</p>
{{/HOLD_INFO}}{{#MEMBER_INFO}}<p id="confirmation-mail">Réservée avec l’adresse de votre compte ({{MEMBER_EMAIL}}), la réservation est enregistrée aussitôt. Avec une autre adresse, elle se confirme par le lien envoyé à celle-ci : le créneau est gardé {{HOLD_MINUTES}} minutes en attendant.</p>
{{/MEMBER_INFO}}<p>On réserve au plus {{HORIZON_MONTHS}} mois à l’avance.</p>
<p><button type="submit" class="button" name="action" value="reserver">Réserver</button>
<button type="submit" class="button secondary" name="action" value="devis">Obtenir un devis</button></p>
</form>
</section>
</div>
