{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p class="lead">{{NAME}}, vous êtes inscrit(e) à « <a href="{{BASE}}/evenements/{{SLUG}}">{{EV_TITLE}}</a> », le {{WHEN}}.</p>
<form method="post" action="{{BASE}}/evenements/annulation">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="jeton" value="{{TOKEN}}">
<button type="submit" class="button">Annuler mon inscription</button>
</form>
</div>
