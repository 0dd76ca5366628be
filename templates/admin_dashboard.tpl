{{%AUTOESCAPE context="HTML"}}<div class="wrap dashboard">
{{>ADMIN_NAV}}
<h1>{{TITLE}}</h1>
{{#NETWORK_ADMIN}}<p>Le réseau : <a href="/admin/reseau">tableau de bord du réseau</a>, <a href="/admin/lieux">lieux et équipes</a>.</p>
{{/NETWORK_ADMIN}}{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#SETUP}}<section class="notice setup" aria-labelledby="h-setup">
<h2 id="h-setup">À compléter avant l’ouverture</h2>
<p>Ces informations sont encore celles d’une installation neuve : elles apparaissent sur le site, les factures et les mentions légales. Renseignez-les dans cet ordre.</p>
<ol>
{{#SETUP_ITEM}}<li><a href="{{BASE}}{{HREF}}">{{LABEL}}</a> : {{HINT}}</li>
{{/SETUP_ITEM}}</ol>
</section>
{{/SETUP}}<p class="lead">Mois affiché : <strong>{{MONTH_NAME}}</strong>. <a href="{{BASE}}{{PREV_HREF}}">Mois précédent</a> · <a href="{{BASE}}{{NEXT_HREF}}">Mois suivant</a> · <a href="{{BASE}}/admin/tableau-de-bord">Mois en cours</a></p>


<nav id="sommaire" class="toc" aria-label="Sommaire du tableau de bord">
<h2>Sommaire</h2>
<ol>
<li><a href="#utilisations">Utilisations du mois</a> : <strong>{{USES}}</strong> sur {{TARGET}}</li>
<li><a href="#recettes">Recettes et factures non réglées</a> : <strong>{{UNPAID}}</strong> à encaisser</li>
<li><a href="#occupation">Occupation des espaces</a></li>
<li><a href="#evenements">Événements à venir</a></li>
<li><a href="#membres">Membres</a></li>
<li><a href="#financement">Financement et part de l’argent public</a></li>
</ol>
</nav>

<section id="utilisations" aria-labelledby="h-uses">
<h2 id="h-uses">Utilisations du mois</h2>
<p class="figure" id="uses-figure"><strong>{{USES_TEXT}}</strong> (demi-journées) sur un objectif de <strong>{{TARGET}}</strong>, soit {{TARGET_SHARE}} de l’objectif.</p>
{{#PROJECTION}}<p id="uses-projection">Projection à la fin du mois : <strong>{{PROJECTED_TEXT}}</strong> ({{PROJ_SHARE}} de l’objectif), au rythme des jours d’ouverture écoulés ({{ELAPSED_OPEN}} sur {{OPEN_DAYS}}).{{#ON_TRACK}} L’objectif devrait être atteint.{{/ON_TRACK}}{{#BELOW}} L’objectif ne serait pas atteint à ce rythme.{{/BELOW}}</p>
{{/PROJECTION}}{{#NO_PROJECTION}}<p id="uses-projection">Pas encore de projection : aucun jour d’ouverture écoulé ce mois-ci.</p>
{{/NO_PROJECTION}}<form method="post" action="{{BASE}}/admin/tableau-de-bord/objectif" class="inline-form">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="mois" value="{{MONTH_VALUE}}">
<label for="objectif">Objectif de {{MONTH_NAME}} (demi-journées)</label>
<input id="objectif" name="objectif" type="number" min="1" max="100000" required value="{{TARGET_RAW}}">
<button type="submit" class="secondary">Enregistrer l’objectif</button>
</form>
{{#CHART_DAYS}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_DAYS}}{{#CHART_MONTHS}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_MONTHS}}<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>

<section id="recettes" aria-labelledby="h-income">
<h2 id="h-income">Recettes</h2>
<p>Total des 12 mois : <strong id="income-total">{{INCOME_TOTAL}}</strong> hors taxes (factures émises moins les avoirs).</p>
<ul class="figures">
<li>Factures non réglées : <strong id="unpaid">{{UNPAID}}</strong> ({{UNPAID_N}})</li>
<li>Dont en retard de paiement : <strong id="overdue">{{OVERDUE}}</strong> ({{OVERDUE_N}}) — <a href="{{BASE}}/admin/factures/retards">voir les retards</a></li>
</ul>
{{#CHART_INCOME}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_INCOME}}<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>

<section id="occupation" aria-labelledby="h-occupancy">
<h2 id="h-occupancy">Occupation des espaces</h2>
{{#CHART_OCCUPANCY}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_OCCUPANCY}}<h3>Par jour de la semaine et demi-journée (trois derniers mois)</h3>
{{#HEATMAP}}<figure class="chart heatmap"><figcaption><strong>{{HEAT_TITLE}}</strong></figcaption>{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details></figure>
{{/HEATMAP}}<p><a href="{{BASE}}{{WEEK_CSV_HREF}}" download>Télécharger les données (CSV) : occupation par jour de la semaine et demi-journée</a></p>
<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>

<section id="evenements" aria-labelledby="h-events">
<h2 id="h-events">Événements à venir</h2>
<p><a class="button" href="{{BASE}}/admin/evenements/nouveau">Créer un événement</a> <a class="button secondary" href="{{BASE}}/admin/evenements">Tous les événements</a></p>
{{#NO_EVENT}}<p>Aucun événement à venir pour l’instant.</p>
{{/NO_EVENT}}<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Événements à venir, avec leurs inscriptions</caption>
<thead><tr><th scope="col">Date</th><th scope="col">Événement</th><th scope="col">État</th><th scope="col">Inscrits</th></tr></thead>
<tbody>
{{#EVENT}}<tr><td><time datetime="{{ISO}}">{{WHEN}}</time></td><th scope="row"><a href="{{BASE}}{{HREF}}">{{TITLE}}</a></th><td>{{STATUS}}</td><td><a href="{{BASE}}{{REG_HREF}}">{{SEATS}}</a>{{#WAITING}}, {{N_WAITING}} en attente{{/WAITING}}</td></tr>
{{/EVENT}}</tbody>
</table></div>
<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>

<section id="membres" aria-labelledby="h-members">
<h2 id="h-members">Membres</h2>
{{#CHART_MEMBERS}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_MEMBERS}}<p><a href="{{BASE}}/admin/membres">Membres</a> · <a href="{{BASE}}/admin/membres/renouvellements">Renouvellements à venir</a> · <a href="{{BASE}}/admin/membres/assemblee">Membres votants (assemblée générale)</a></p>
<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>

<section id="financement" aria-labelledby="h-funding">
<h2 id="h-funding">Financement et part de l’argent public</h2>
<p>L’association vise son indépendance financière : la part des subventions publiques dans ses ressources doit baisser d’année en année. <a href="{{BASE}}/admin/financements">Gérer les subventions et financements</a></p>
<div class="table-scroll" tabindex="0"><table id="funding-years">
<caption>Ressources et part publique par année</caption>
<thead><tr><th scope="col">Année</th><th scope="col">Subventions publiques</th><th scope="col">Financements privés</th><th scope="col">Recettes propres</th><th scope="col">Total</th><th scope="col">Part publique</th><th scope="col">Demandé</th><th scope="col">Accordé, à recevoir</th><th scope="col">Reçu</th></tr></thead>
<tbody>
{{#YEAR}}<tr><th scope="row">{{YEAR_NAME}}</th><td>{{PUBLIC}}</td><td>{{PRIVATE}}</td><td>{{SALES}}</td><td>{{TOTAL}}</td><td>{{SHARE}}</td><td>{{REQUESTED}}</td><td>{{GRANTED}}</td><td>{{RECEIVED}}</td></tr>
{{/YEAR}}</tbody>
</table></div>
{{#CHART_FUNDING}}<figure class="chart">{{#EMPTY}}<p>Pas de données.</p>{{/EMPTY}}{{SVG:none}}
<details><summary>Les chiffres</summary>{{TABLE:none}}</details>
<figcaption><a href="{{BASE}}{{CSV_HREF}}" download>{{CSV_LABEL}}</a></figcaption></figure>
{{/CHART_FUNDING}}<p class="to-toc"><a href="#sommaire">Retour au sommaire</a></p>
</section>
</div>
