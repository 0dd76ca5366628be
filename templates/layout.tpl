{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{TITLE}} · {{SITE_NAME}}</title>
<meta name="description" content="{{DESCRIPTION}}">
{{#NOINDEX}}<meta name="robots" content="noindex">
{{/NOINDEX}}{{#NO_REFERRER}}<meta name="referrer" content="no-referrer">
{{/NO_REFERRER}}<link rel="canonical" href="{{CANONICAL}}">
<meta property="og:type" content="website">
<meta property="og:locale" content="fr_FR">
<meta property="og:site_name" content="{{SITE_NAME}}">
<meta property="og:title" content="{{TITLE}}">
<meta property="og:description" content="{{DESCRIPTION}}">
<meta property="og:url" content="{{CANONICAL}}">
<meta property="og:image" content="{{BASE_URL}}/static/img/og.png">
<link rel="stylesheet" href="/static/css/site.css">
<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">
<link rel="alternate" type="application/rss+xml" title="Les événements de {{SITE_NAME}} (RSS)" href="{{BASE}}/evenements.rss">
<link rel="alternate" type="text/calendar" title="Les événements de {{SITE_NAME}} (iCalendar)" href="{{BASE}}/evenements.ics">
{{#ALTERNATE}}<link rel="alternate" type="{{ALT_TYPE}}" title="{{ALT_TITLE}}" href="{{BASE}}{{ALT_HREF}}">
{{/ALTERNATE}}</head>
<body>
<a class="skip" href="#contenu">Aller au contenu</a>
<header class="site-header">
<div class="wrap header-inner">
<a class="brand" href="{{BASE}}/"><img src="/static/img/logo.svg" alt="" width="40" height="40"><span>{{SITE_NAME}}</span></a>
<nav class="main-nav" aria-label="Navigation principale">
<ul>
{{#NAV}}<li><a href="{{BASE}}{{NAV_HREF}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>
{{/NAV}}</ul>
</nav>
<div class="account">
{{#LOGGED_OUT}}<a href="{{BASE}}/compte">Espace membre</a> <a class="button small" href="{{BASE}}/adhesion">Adhérer</a>{{/LOGGED_OUT}}
{{#LOGGED_IN}}{{#IS_STAFF}}<a href="{{BASE}}/admin">Administration</a> {{/IS_STAFF}}<a href="{{BASE}}/compte">Mon compte ({{USER_FIRST_NAME}})</a>
<form method="post" action="{{BASE}}/deconnexion" class="inline"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="link">Se déconnecter</button></form>{{/LOGGED_IN}}
</div>
</div>
</header>
<main id="contenu" tabindex="-1">
{{>CONTENT}}
</main>
<footer class="site-footer">
<div class="wrap footer-inner">
{{#ORG}}<section aria-labelledby="footer-contact">
<h2 id="footer-contact">{{ORG_NAME}}</h2>
<p>Espace de coworking coopératif animé par l’association {{ORG_LEGAL_NAME}}.</p>
<address>{{ORG_STREET}}<br>{{ORG_POSTCODE}} {{ORG_CITY}}<br>
<a href="mailto:{{ORG_EMAIL}}">{{ORG_EMAIL}}</a><br>{{ORG_PHONE}}</address>
</section>{{/ORG}}
<nav aria-label="Informations légales">
<ul>
<li><a href="{{BASE}}/mentions-legales">Mentions légales</a></li>
<li><a href="{{BASE}}/confidentialite">Confidentialité</a></li>
<li><a href="{{BASE}}/statuts">Statuts et règlement intérieur</a></li>
<li><a href="{{BASE}}/partenaires">Nos financeurs</a></li>
{{#NETWORK}}<li><a href="{{BASE}}/reseau">Les lieux du réseau</a></li>
{{/NETWORK}}</ul>
</nav>
<p class="copy">© {{YEAR}} {{SITE_NAME}}</p>
</div>
</footer>
</body>
</html>
