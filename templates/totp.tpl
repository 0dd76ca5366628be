{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#HAS_NOTICE}}<p class="notice" role="status">{{NOTICE}}</p>
{{/HAS_NOTICE}}{{#ENABLED}}<p class="lead">La double authentification est activée : à chaque connexion, votre application d’authentification vous donne le code à saisir après le mot de passe.</p>
<p>Codes de secours restants : {{CODES_LEFT}} sur 10.</p>
{{#ADMIN_REQUIRED}}<p>Elle est obligatoire pour les comptes administrateur et ne peut pas être désactivée.</p>{{/ADMIN_REQUIRED}}
{{#DISABLE_FORM}}<h2>Désactiver la double authentification</h2>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/compte/double-authentification/desactiver" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field">
<label for="mot_de_passe">Mot de passe actuel *</label>
<input id="mot_de_passe" name="mot_de_passe" type="password" autocomplete="current-password" maxlength="200" required>
</div>
<div class="field{{#CODE_INVALID}} invalid{{/CODE_INVALID}}">
<label for="code">Code de votre application *</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="15" required{{#CODE_INVALID}} aria-invalid="true" aria-describedby="code-erreur"{{/CODE_INVALID}}>
{{#CODE_INVALID}}<p class="error" id="code-erreur">{{CODE_ERROR}}</p>{{/CODE_INVALID}}
</div>
<button type="submit" class="button secondary">Désactiver</button>
</form>{{/DISABLE_FORM}}
{{/ENABLED}}{{#SETUP}}<p class="lead">Protégez votre compte de l’équipe : après le mot de passe, la connexion demandera un code à 6 chiffres donné par une application d’authentification (FreeOTP, Aegis, Google Authenticator…).</p>
<ol>
<li>Dans l’application, ajoutez un compte en scannant ce QR code, ou en saisissant la clé ci-dessous.</li>
<li>Saisissez le code que l’application affiche, pour confirmer.</li>
</ol>
{{#QR}}<p>{{QR_SVG:none}}</p>{{/QR}}
<dl>
<dt>Clé (base32)</dt><dd><code id="totp-cle">{{SECRET}}</code></dd>
<dt>Adresse à copier dans l’application (otpauth)</dt><dd><code id="totp-uri">{{URI}}</code></dd>
</dl>
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/compte/double-authentification" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#CODE_INVALID}} invalid{{/CODE_INVALID}}">
<label for="code">Code affiché par l’application *</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="15" required{{#CODE_INVALID}} aria-invalid="true" aria-describedby="code-erreur"{{/CODE_INVALID}}>
{{#CODE_INVALID}}<p class="error" id="code-erreur">{{CODE_ERROR}}</p>{{/CODE_INVALID}}
</div>
<button type="submit" class="button">Activer la double authentification</button>
</form>{{/SETUP}}
{{#RECOVERY}}<p class="lead">La double authentification est activée.</p>
<p>Voici vos codes de secours : chacun remplace une fois le code de l’application, si vous perdez votre téléphone. Notez-les et rangez-les en lieu sûr ; ils ne seront plus affichés.</p>
<ul class="recovery-codes">
{{#CODE}}<li><code>{{RECOVERY_CODE}}</code></li>
{{/CODE}}</ul>
{{/RECOVERY}}<p><a href="{{BASE}}/compte">Retour à mon compte</a></p>
</div>
