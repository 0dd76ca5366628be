{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
{{#CTAS}}<ul class="cta-list">
{{#CTA}}<li><a class="cta" href="{{BASE}}{{CTA_HREF}}"><strong>{{CTA_LABEL}}</strong><span>{{CTA_TEXT}}</span></a></li>
{{/CTA}}</ul>
{{/CTAS}}<div class="prose">
{{BODY_HTML:none}}
</div>
{{#RESOURCES}}<section aria-labelledby="espaces-titre">
<h2 id="espaces-titre">Nos espaces</h2>
<ul class="cards">
{{#RESOURCE}}<li class="card">
<h3>{{RES_NAME}}</h3>
<p class="kind">{{RES_KIND}}</p>
<p>{{RES_DESCRIPTION}}</p>
<dl>
<dt>Capacité</dt><dd>{{RES_CAPACITY}}</dd>
{{#HAS_AREA}}<dt>Surface</dt><dd>{{RES_AREA}} m²</dd>{{/HAS_AREA}}
{{#HAS_EQUIPMENT}}<dt>Équipement</dt><dd>{{RES_EQUIPMENT}}</dd>{{/HAS_EQUIPMENT}}
</dl>
</li>
{{/RESOURCE}}</ul>
<p><a class="button" href="{{BASE}}/disponibilites">Voir les disponibilités</a> <a class="button secondary" href="{{BASE}}/reservation">Réserver la salle de réunion</a></p>
</section>
{{/RESOURCES}}{{#PRICES}}<section aria-labelledby="grille-titre">
<h2 id="grille-titre">La grille tarifaire</h2>
<p>Prix toutes taxes comprises. Le tarif adhérent s’applique aux membres de l’association à jour de leur cotisation.{{#NETWORK_NOTE}} Le tarif réseau s’applique aux membres à jour d’une autre association du réseau.{{/NETWORK_NOTE}}</p>
{{#PRICE_GROUP}}<table class="prices">
<caption>{{GROUP_LABEL}}</caption>
<thead><tr><th scope="col">Formule</th><th scope="col">Tarif adhérent</th><th scope="col">Tarif non adhérent</th>{{#NETWORK}}<th scope="col">Tarif réseau</th>{{/NETWORK}}</tr></thead>
<tbody>
{{#PRICE}}<tr><th scope="row">{{PRICE_LABEL}} <span class="unit">({{PRICE_UNIT}})</span>{{#HAS_NOTE}}<br><span class="note">{{PRICE_NOTE}}</span>{{/HAS_NOTE}}</th><td>{{PRICE_MEMBER}}</td><td>{{PRICE_NON_MEMBER}}</td>{{#NETWORK_CELL}}<td>{{PRICE_NETWORK}}</td>{{/NETWORK_CELL}}</tr>
{{/PRICE}}</tbody>
</table>
{{/PRICE_GROUP}}<p><a class="button" href="{{BASE}}/adhesion">Adhérer en ligne</a></p>
</section>
{{/PRICES}}{{#FUNDERS}}<section aria-labelledby="financeurs-titre">
<h2 id="financeurs-titre">Ils nous soutiennent</h2>
<ul class="cards">
{{#FUNDER}}<li class="card">
<h3>{{#HAS_URL}}<a href="{{FUNDER_URL}}" rel="external">{{FUNDER_NAME}}</a>{{/HAS_URL}}{{#NO_URL}}{{FUNDER_NAME}}{{/NO_URL}}</h3>
<p class="kind">{{FUNDER_KIND}}</p>
<p>{{FUNDER_ROLE}}</p>
</li>
{{/FUNDER}}</ul>
</section>
{{/FUNDERS}}{{#LEGAL_TABLE}}<section aria-labelledby="identite-titre">
<h2 id="identite-titre">Identification</h2>
<dl class="legal">
{{#LEGAL}}<dt>{{LEGAL_LABEL}}</dt><dd>{{LEGAL_VALUE}}</dd>
{{/LEGAL}}</dl>
</section>
{{/LEGAL_TABLE}}</div>
