{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
{{#CONFIRM_ONLY}}<p class="lead">Cliquez sur le bouton pour confirmer votre nouvelle adresse e-mail.</p>
<button type="submit" class="button">Confirmer</button>
{{/CONFIRM_ONLY}}{{#CONFIRM_UNLOCK}}<p class="lead">Cliquez sur le bouton pour débloquer la connexion à votre compte.</p>
<button type="submit" class="button">Débloquer</button>
{{/CONFIRM_UNLOCK}}{{#PASSWORD_FORM}}<p class="hint">Au moins 10 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.</p>
<div class="field{{#PASSWORD_INVALID}} invalid{{/PASSWORD_INVALID}}">
<label for="mot_de_passe">Nouveau mot de passe *</label>
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="new-password" maxlength="200" required{{#PASSWORD_INVALID}} aria-invalid="true" aria-describedby="mot_de_passe-erreur"{{/PASSWORD_INVALID}}>
{{#PASSWORD_INVALID}}<p class="error" id="mot_de_passe-erreur">{{PASSWORD_ERROR}}</p>{{/PASSWORD_INVALID}}
</div>
<div class="field">
<label for="confirmation">Confirmez le mot de passe *</label>
<input id="confirmation" name="confirmation" type="password" autocomplete="new-password" maxlength="200" required>
</div>
<button type="submit" class="button">Enregistrer mon mot de passe</button>
{{/PASSWORD_FORM}}</form>
</div>
