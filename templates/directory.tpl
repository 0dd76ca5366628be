{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p>À La Fontaine, on ne travaille pas seul : voici les coworkers qui ont choisi de se présenter, leurs compétences, ce qu’ils proposent et ce qu’ils cherchent.</p>
{{#VISITOR}}<p class="notice">Vous voyez les profils que leurs auteurs ont rendus publics. <a href="{{BASE}}/connexion?retour=%2Fannuaire">Connectez-vous</a> pour voir aussi ceux réservés aux membres.</p>{{/VISITOR}}
{{#MEMBER}}<p><a class="button secondary" href="{{BASE}}/compte/profil-annuaire">Mon profil dans l’annuaire</a></p>{{/MEMBER}}
<form method="get" action="{{BASE}}/annuaire" class="search-form" role="search">
<div class="field"><label for="competence">Compétence</label>
<input id="competence" name="competence" type="search" value="{{SKILL}}" maxlength="80"></div>
<div class="field"><label for="activite">Activité</label>
<input id="activite" name="activite" type="search" value="{{ACTIVITY}}" maxlength="80"></div>
<button type="submit" class="button">Rechercher</button>{{#SEARCHED}} <a href="{{BASE}}/annuaire">Tout voir</a>{{/SEARCHED}}
</form>
{{#SEARCH_ERROR}}<p class="error" role="alert">{{SEARCH_ERROR_TEXT}}</p>{{/SEARCH_ERROR}}
<p role="status">{{COUNT}}</p>
{{#NONE}}<p>Aucun profil ne correspond pour l’instant.</p>{{/NONE}}
<ul class="cards directory">
{{#PROFILE}}<li class="card coworker" aria-labelledby="{{PROFILE_ID}}">
{{#PHOTO}}<img class="coworker-photo" src="{{BASE}}{{PHOTO_SRC}}" alt="" width="96" height="96" loading="lazy">{{/PHOTO}}
<h2 id="{{PROFILE_ID}}">{{NAME}}</h2>
<p class="coworker-activity">{{ACTIVITY}}</p>
{{#MEMBERS_ONLY}}<p class="hint">Visible des membres seulement</p>{{/MEMBERS_ONLY}}
<dl>
{{#DETAIL}}<dt>{{DETAIL_LABEL}}</dt><dd>{{DETAIL_TEXT}}</dd>
{{/DETAIL}}</dl>
</li>
{{/PROFILE}}</ul>
</div>
