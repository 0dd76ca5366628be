{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p class="lead">{{MESSAGE}}</p>
<p><a class="button" href="{{BASE}}/">Revenir à l’accueil</a> <a class="button secondary" href="{{BASE}}/contact">Nous écrire</a></p>
<p class="muted">Code d’erreur : {{STATUS}}</p>
</div>
