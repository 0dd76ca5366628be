{{%AUTOESCAPE context="HTML"}}<div class="wrap">
<h1>{{TITLE}}</h1>
<p>Voici tout ce que l’association conserve sur vous : les mêmes données que le fichier à télécharger, dont l’équipe dispose aussi. Pour corriger une information, <a href="{{BASE}}/compte/profil">modifiez votre profil</a> ou écrivez-nous ; pour tout effacer, demandez la fermeture de votre compte depuis <a href="{{BASE}}/compte">votre espace</a>.</p>
<p><a class="button secondary" href="{{BASE}}/compte/donnees.json" download>Télécharger mes données (JSON)</a> <a href="{{BASE}}/compte">Retour à mon espace</a></p>
{{#SECTION}}<section class="data-section" aria-labelledby="{{SECTION_ID}}">
<h2 id="{{SECTION_ID}}">{{SECTION_TITLE}}</h2>
{{#EMPTY}}<p>Rien d’enregistré.</p>{{/EMPTY}}
{{#ITEM}}<dl class="data-item">
{{#FIELD}}<dt>{{LABEL}}</dt><dd>{{#TECH}}<code>{{/TECH}}{{VALUE}}{{#TECH}}</code>{{/TECH}}</dd>
{{/FIELD}}</dl>
{{/ITEM}}</section>
{{/SECTION}}</div>
