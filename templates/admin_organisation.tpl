{{%AUTOESCAPE context="HTML"}}<div class="wrap narrow">
{{>ADMIN_NAV}}
<p><a href="{{BASE}}/admin/contenu">← Contenus du site</a></p>
<h1>{{TITLE}}</h1>
{{#NOTICE_OK}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_OK}}{{#NOTICE_ERROR}}<div class="errors" role="alert"><p>{{NOTICE}}</p></div>
{{/NOTICE_ERROR}}{{#FORM_ERRORS}}<div class="errors" role="alert">
<p>Le formulaire contient {{N_ERRORS}}. Corrigez les champs signalés ci-dessous.</p>
</div>
{{/FORM_ERRORS}}<p>Ces informations apparaissent en pied de page, dans les mentions légales et sur les factures à venir (les factures émises gardent celles du jour de leur émission).</p>
<form method="post" action="{{BASE}}/admin/contenu/organisation" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset><legend>Identité et contact</legend>
{{#ID_FIELDS}}{{>FIELD}}{{/ID_FIELDS}}
</fieldset>
<fieldset><legend>Immatriculation</legend>
{{#LEGAL_FIELDS}}{{>FIELD}}{{/LEGAL_FIELDS}}
</fieldset>
<fieldset><legend>TVA et publication</legend>
<div class="field"><label for="f-tva">Régime de TVA *</label>
<select id="f-tva" name="tva">
<option value="franchise"{{#VAT_FRANCHISE}} selected{{/VAT_FRANCHISE}}>Franchise en base (TVA non applicable, art. 293 B du CGI)</option>
<option value="assujetti"{{#VAT_SUBJECT}} selected{{/VAT_SUBJECT}}>Assujettie à la TVA</option>
</select></div>
{{#VAT_FIELDS}}{{>FIELD}}{{/VAT_FIELDS}}
</fieldset>
<button type="submit" class="button">Enregistrer</button>
</form>
<h2 id="banque">Coordonnées bancaires des factures</h2>
<p>L’IBAN et le BIC figurent sur les factures ; l’identifiant créancier sert aux prélèvements SEPA.</p>
<form method="post" action="{{BASE}}/admin/contenu/organisation/banque" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<fieldset><legend>Compte de l’association</legend>
{{#BANK_FIELDS}}{{>FIELD}}{{/BANK_FIELDS}}
</fieldset>
<button type="submit" class="button">Enregistrer les coordonnées bancaires</button>
</form>
</div>
