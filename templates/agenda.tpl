{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p class="notice" role="status">Votre agenda personnel est prêt. Voici son adresse secrète : copiez-la maintenant, elle ne sera plus affichée.</p>
<p><label for="agenda-adresse">Adresse de l’agenda</label><br>
<input id="agenda-adresse" type="text" value="{{AGENDA_URL}}" readonly size="60" spellcheck="false"></p>
<p>Dans votre application d’agenda (Google Agenda, Outlook, Calendrier d’Apple, Thunderbird…), choisissez « S’abonner à un agenda » ou « Ajouter un agenda depuis une URL », puis collez cette adresse.</p>
<p>L’agenda montre vos demi-journées et vos réservations de salle, ainsi que les événements auxquels vous êtes inscrit·e ; il se met à jour tout seul.</p>
<p>Gardez cette adresse pour vous : quiconque la connaît voit votre agenda. En cas de doute, remplacez-la depuis votre espace membre, l’ancienne cessera aussitôt de fonctionner.</p>
<p><a class="button secondary" href="{{BASE}}/compte">Revenir à mon espace membre</a></p>
</div>
