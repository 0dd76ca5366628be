{{%AUTOESCAPE context="HTML"}}<p class="text">{{TEXT}}</p>
<p class="dq" title="{{TEXT}}">double</p>
<p class="sq" title='{{TEXT}}'>single</p>
<a class="query" href="/recherche?q={{Q:u}}&amp;page=1">recherche</a>
<a class="url" href="{{URL}}">lien</a>
<a class="next" href="/connexion?suite={{URL:u}}">suite</a>
<p class="num">{{NUM}}</p>
<div class="raw">{{HTML:none}}</div>
<ul>
{{#ITEM}}<li data-v="{{V}}">{{V}}</li>
{{/ITEM}}</ul>
{{#HIDDEN}}<p class="hidden">cachée</p>
{{/HIDDEN}}{{#SHOWN}}<p class="shown">affichée</p>
{{/SHOWN}}{{>INC}}
