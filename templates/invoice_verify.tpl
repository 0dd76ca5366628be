{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#OK}}<div class="notice" role="status"><p>La chaîne est intacte : {{CHECKED}} (documents émis et clôtures).</p></div>
{{/OK}}{{#BROKEN}}<div class="error-summary" role="alert"><p>Chaîne rompue au maillon <strong>{{WHERE}}</strong> : {{REASON}}. {{CHECKED}} avant lui.</p></div>
{{/BROKEN}}<p>Chaque document émis garde l’empreinte SHA-256 de son contenu et de l’empreinte du document précédent ; chaque clôture chaîne l’empreinte de son archive à la clôture précédente. La vérification recalcule tout.</p>
</div>
