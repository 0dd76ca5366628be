{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
<h1>{{TITLE}}</h1>
<p>Vous ne recevrez plus la lettre d’information de {{SITE_NAME}} à l’adresse <strong>{{EMAIL}}</strong>.</p>
<form method="post" action="{{BASE}}/desinscription">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="e" value="{{EMAIL}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<button type="submit" class="button">Confirmer la désinscription</button>
</form>
</div>
