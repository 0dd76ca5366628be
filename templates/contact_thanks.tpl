{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p class="lead">Merci ! Votre message a bien été transmis à l’équipe de {{SITE_NAME}}. Nous vous répondons en général sous deux jours ouvrés.</p>
<p><a class="button" href="{{BASE}}/">Revenir à l’accueil</a> <a class="button secondary" href="{{BASE}}/tarifs">Voir les tarifs</a></p>
</div>
