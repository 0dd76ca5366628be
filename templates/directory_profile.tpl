{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
{{#SAVED}}<p class="notice" role="status">Votre profil est enregistré.</p>{{/SAVED}}
{{#REMOVED}}<p class="notice" role="status">Votre profil a été retiré de l’annuaire.</p>{{/REMOVED}}
{{#NEW}}<p>Vous n’apparaissez pas dans l’annuaire : c’est le choix par défaut. Remplissez ce formulaire et donnez votre accord pour que les autres coworkers vous trouvent.</p>{{/NEW}}
{{#EXISTS}}<p>Votre profil est visible par {{SHOWN_TO}} depuis votre accord du {{CONSENT_AT}}. <a href="{{BASE}}/annuaire">Voir l’annuaire</a></p>
{{#NOT_LISTED}}<p class="notice">Votre adhésion n’est pas en cours : votre profil n’est pas montré.</p>{{/NOT_LISTED}}{{/EXISTS}}
{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}} erreur(s). Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}/compte/profil-annuaire" enctype="multipart/form-data" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p class="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
<fieldset>
<legend>Mon profil</legend>
{{#FIELDS}}{{>FIELD}}{{/FIELDS}}
</fieldset>
<fieldset{{#VIS_ERROR}} class="invalid"{{/VIS_ERROR}}>
<legend>Qui peut voir mon profil ? *</legend>
<div class="field check"><input id="visibilite-membres" name="visibilite" type="radio" value="members"{{#VIS_MEMBERS}} checked{{/VIS_MEMBERS}}>
<label for="visibilite-membres">Les membres de La Fontaine, connectés</label></div>
<div class="field check"><input id="visibilite-public" name="visibilite" type="radio" value="public"{{#VIS_PUBLIC}} checked{{/VIS_PUBLIC}}>
<label for="visibilite-public">Tout le monde, sur le site public</label></div>
{{#VIS_ERROR}}<p class="error">{{VIS_ERROR_TEXT}}</p>{{/VIS_ERROR}}
</fieldset>
<fieldset>
<legend>Ma photo (facultative)</legend>
{{#HAS_PHOTO}}<p><img class="coworker-photo" src="{{BASE}}{{PHOTO_SRC}}" alt="Ma photo actuelle" width="96" height="96"></p>
{{#DROP}}{{>FIELD}}{{/DROP}}{{/HAS_PHOTO}}
<div class="field{{#PHOTO_ERROR}} invalid{{/PHOTO_ERROR}}">
<label for="photo">Envoyer une photo</label>
<p class="hint" id="photo-aide">JPEG, PNG ou WebP, {{PHOTO_MAX}} au plus.</p>
<input id="photo" name="photo" type="file" accept="image/jpeg,image/png,image/webp" aria-describedby="photo-aide{{#PHOTO_ERROR}} photo-erreur{{/PHOTO_ERROR}}"{{#PHOTO_ERROR}} aria-invalid="true"{{/PHOTO_ERROR}}>
{{#PHOTO_ERROR}}<p class="error" id="photo-erreur">{{PHOTO_ERROR_TEXT}}</p>{{/PHOTO_ERROR}}
</div>
</fieldset>
{{#CONSENT}}{{>FIELD}}{{/CONSENT}}
<button type="submit" class="button">Enregistrer mon profil</button> <a class="button secondary" href="{{BASE}}/compte">Retour à mon espace</a>
</form>
{{#EXISTS}}<form method="post" action="{{BASE}}/compte/profil-annuaire/retirer" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<button type="submit" class="button secondary">Retirer mon profil de l’annuaire</button>
</form>{{/EXISTS}}
</div>
