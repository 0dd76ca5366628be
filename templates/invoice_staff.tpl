{{%AUTOESCAPE context="HTML"}}<div class="wrap">
{{>NAV}}
<h1>{{TITLE}}</h1>
{{#NOTICE_S}}<div class="notice" role="status"><p>{{NOTICE}}</p></div>
{{/NOTICE_S}}{{#ERROR_S}}<div class="error-summary" role="alert"><p>{{ERROR}}</p></div>
{{/ERROR_S}}<p>État : <strong>{{STATUS}}</strong>{{#LINK_S}} — lien du client : <a href="{{LINK}}">{{LINK}}</a>{{/LINK_S}}{{#PDF_S}} — <a href="{{BASE}}{{PDF_HREF}}">{{PDF_LABEL}}</a>{{/PDF_S}}</p>
{{#CREDIT_S}}<p>Avoir : <a href="{{BASE}}{{CREDIT_HREF}}">{{CREDIT_NUMBER}}</a> ({{CREDIT_STATUS}})</p>
{{/CREDIT_S}}{{>DOC}}
{{#DRAFT}}<h2>Modifier le brouillon</h2>
<div class="table-scroll" tabindex="0"><table>
<caption class="visually-hidden">Lignes du brouillon</caption>
<thead><tr><th scope="col">Ligne</th><th scope="col">Action</th></tr></thead>
<tbody>
{{#DLINE}}<tr><th scope="row">{{DESC}}</th><td><form method="post" action="{{BASE}}{{DEL_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary small">Retirer</button></form></td></tr>
{{/DLINE}}</tbody>
</table></div>
<h3>Ajouter une ligne</h3>
{{#FORM_ERRORS}}<div class="error-summary" role="alert" tabindex="-1"><p>{{N_ERRORS}} à corriger.</p></div>
{{/FORM_ERRORS}}<form method="post" action="{{BASE}}{{LINE_ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#L_DESC_INVALID}} invalid{{/L_DESC_INVALID}}"><label for="l-desc">Désignation *</label>
<input id="l-desc" name="description" type="text" value="{{L_DESC_VALUE}}" maxlength="300" required{{#L_DESC_INVALID}} aria-invalid="true" aria-describedby="l-desc-erreur"{{/L_DESC_INVALID}}>
{{#L_DESC_INVALID}}<p class="error" id="l-desc-erreur">{{L_DESC_ERROR}}</p>{{/L_DESC_INVALID}}</div>
<div class="field{{#L_QTY_INVALID}} invalid{{/L_QTY_INVALID}}"><label for="l-qty">Quantité * (par exemple 1, 2,5)</label>
<input id="l-qty" name="quantite" type="text" value="{{L_QTY_VALUE}}" inputmode="decimal" required{{#L_QTY_INVALID}} aria-invalid="true" aria-describedby="l-qty-erreur"{{/L_QTY_INVALID}}>
{{#L_QTY_INVALID}}<p class="error" id="l-qty-erreur">{{L_QTY_ERROR}}</p>{{/L_QTY_INVALID}}</div>
<div class="field{{#L_UNIT_INVALID}} invalid{{/L_UNIT_INVALID}}"><label for="l-unit">Unité</label>
<select id="l-unit" name="unite"{{#L_UNIT_INVALID}} aria-invalid="true" aria-describedby="l-unit-erreur"{{/L_UNIT_INVALID}}>
{{#UNIT_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/UNIT_OPT}}</select>
{{#L_UNIT_INVALID}}<p class="error" id="l-unit-erreur">{{L_UNIT_ERROR}}</p>{{/L_UNIT_INVALID}}</div>
<div class="field{{#L_PRICE_INVALID}} invalid{{/L_PRICE_INVALID}}"><label for="l-price">Prix unitaire HT (€) *</label>
<input id="l-price" name="prix" type="text" value="{{L_PRICE_VALUE}}" inputmode="decimal" required{{#L_PRICE_INVALID}} aria-invalid="true" aria-describedby="l-price-erreur"{{/L_PRICE_INVALID}}>
{{#L_PRICE_INVALID}}<p class="error" id="l-price-erreur">{{L_PRICE_ERROR}}</p>{{/L_PRICE_INVALID}}</div>
<div class="field{{#L_VAT_INVALID}} invalid{{/L_VAT_INVALID}}"><label for="l-vat">Taux de TVA</label>
<select id="l-vat" name="tva"{{#L_VAT_INVALID}} aria-invalid="true" aria-describedby="l-vat-erreur"{{/L_VAT_INVALID}}>
{{#VAT_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/VAT_OPT}}</select>
{{#L_VAT_INVALID}}<p class="error" id="l-vat-erreur">{{L_VAT_ERROR}}</p>{{/L_VAT_INVALID}}</div>
<div class="field{{#L_KIND_INVALID}} invalid{{/L_KIND_INVALID}}"><label for="l-kind">Nature (compte de vente)</label>
<select id="l-kind" name="nature"{{#L_KIND_INVALID}} aria-invalid="true" aria-describedby="l-kind-erreur"{{/L_KIND_INVALID}}>
{{#KIND_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/KIND_OPT}}</select>
{{#L_KIND_INVALID}}<p class="error" id="l-kind-erreur">{{L_KIND_ERROR}}</p>{{/L_KIND_INVALID}}</div>
<p><button type="submit" class="button">Ajouter la ligne</button></p>
</form>
<h3>Remises et frais</h3>
{{#AC_ROW}}<div>{{AC_ROW_TEXT}} <form method="post" action="{{BASE}}{{AC_DEL_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary small">Retirer</button></form></div>
{{/AC_ROW}}<p>Une remise réduit une ligne ou tout le document ; des frais s’y ajoutent. Indiquez un montant, ou un pourcentage de ce qu’ils concernent.</p>
{{#AC_ERRORS}}<div class="error-summary" role="alert" tabindex="-1"><p>{{N_AC_ERRORS}} champ(s) à corriger.</p></div>
{{/AC_ERRORS}}<form method="post" action="{{BASE}}{{AC_ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#A_SCOPE_INVALID}} invalid{{/A_SCOPE_INVALID}}"><label for="a-scope">Porte sur</label>
<select id="a-scope" name="porte_sur"{{#A_SCOPE_INVALID}} aria-invalid="true" aria-describedby="a-scope-erreur"{{/A_SCOPE_INVALID}}>
{{#AC_SCOPE_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/AC_SCOPE_OPT}}</select>
{{#A_SCOPE_INVALID}}<p class="error" id="a-scope-erreur">{{A_SCOPE_ERROR}}</p>{{/A_SCOPE_INVALID}}</div>
<div class="field{{#A_TYPE_INVALID}} invalid{{/A_TYPE_INVALID}}"><label for="a-type">Type</label>
<select id="a-type" name="type"{{#A_TYPE_INVALID}} aria-invalid="true" aria-describedby="a-type-erreur"{{/A_TYPE_INVALID}}>
{{#AC_TYPE_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/AC_TYPE_OPT}}</select>
{{#A_TYPE_INVALID}}<p class="error" id="a-type-erreur">{{A_TYPE_ERROR}}</p>{{/A_TYPE_INVALID}}</div>
<div class="field{{#A_REASON_INVALID}} invalid{{/A_REASON_INVALID}}"><label for="a-reason">Motif * (imprimé sur la facture)</label>
<input id="a-reason" name="motif" type="text" value="{{A_REASON_VALUE}}" maxlength="200" required{{#A_REASON_INVALID}} aria-invalid="true" aria-describedby="a-reason-erreur"{{/A_REASON_INVALID}}>
{{#A_REASON_INVALID}}<p class="error" id="a-reason-erreur">{{A_REASON_ERROR}}</p>{{/A_REASON_INVALID}}</div>
<div class="field{{#A_CODE_INVALID}} invalid{{/A_CODE_INVALID}}"><label for="a-code">Code du motif (facture électronique)</label>
<select id="a-code" name="code"{{#A_CODE_INVALID}} aria-invalid="true" aria-describedby="a-code-erreur"{{/A_CODE_INVALID}}>
{{#AC_CODE_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/AC_CODE_OPT}}</select>
{{#A_CODE_INVALID}}<p class="error" id="a-code-erreur">{{A_CODE_ERROR}}</p>{{/A_CODE_INVALID}}</div>
<div class="field{{#A_AMOUNT_INVALID}} invalid{{/A_AMOUNT_INVALID}}"><label for="a-amount">Montant HT (€)</label>
<input id="a-amount" name="montant" type="text" value="{{A_AMOUNT_VALUE}}" inputmode="decimal"{{#A_AMOUNT_INVALID}} aria-invalid="true" aria-describedby="a-amount-erreur"{{/A_AMOUNT_INVALID}}>
{{#A_AMOUNT_INVALID}}<p class="error" id="a-amount-erreur">{{A_AMOUNT_ERROR}}</p>{{/A_AMOUNT_INVALID}}</div>
<div class="field{{#A_PERCENT_INVALID}} invalid{{/A_PERCENT_INVALID}}"><label for="a-percent">ou pourcentage (par exemple 10 ou 12,5)</label>
<input id="a-percent" name="pourcentage" type="text" value="{{A_PERCENT_VALUE}}" inputmode="decimal"{{#A_PERCENT_INVALID}} aria-invalid="true" aria-describedby="a-percent-erreur"{{/A_PERCENT_INVALID}}>
{{#A_PERCENT_INVALID}}<p class="error" id="a-percent-erreur">{{A_PERCENT_ERROR}}</p>{{/A_PERCENT_INVALID}}</div>
<div class="field{{#A_VAT_INVALID}} invalid{{/A_VAT_INVALID}}"><label for="a-vat">Taux de TVA (remise ou frais sur tout le document ; sur une ligne : celui de la ligne)</label>
<select id="a-vat" name="tva"{{#A_VAT_INVALID}} aria-invalid="true" aria-describedby="a-vat-erreur"{{/A_VAT_INVALID}}>
{{#AC_VAT_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/AC_VAT_OPT}}</select>
{{#A_VAT_INVALID}}<p class="error" id="a-vat-erreur">{{A_VAT_ERROR}}</p>{{/A_VAT_INVALID}}</div>
<p><button type="submit" class="button">Ajouter</button></p>
</form>
<h3>Émettre</h3>
<p>Une fois émise, la facture reçoit son numéro définitif et ne peut plus être modifiée ni supprimée : seul un avoir peut l’annuler.</p>
<form method="post" action="{{BASE}}{{ISSUE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button">Émettre {{TYPE_WORD}}</button></form>
<form method="post" action="{{BASE}}{{DELETE_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">Supprimer le brouillon</button></form>
{{/DRAFT}}{{#PAYABLE}}{{>STATEMENT}}
<h3>Enregistrer un paiement</h3>
{{#PAY_ERRORS}}<div class="error-summary" role="alert" tabindex="-1"><p>{{N_PAY_ERRORS}} à corriger.</p></div>
{{/PAY_ERRORS}}<form method="post" action="{{BASE}}{{PAY_ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<div class="field{{#P_DATE_F_INVALID}} invalid{{/P_DATE_F_INVALID}}"><label for="p-date">Date du paiement *</label>
<input id="p-date" name="date" type="date" value="{{P_DATE_F_VALUE}}" required{{#P_DATE_F_INVALID}} aria-invalid="true" aria-describedby="p-date-erreur"{{/P_DATE_F_INVALID}}>
{{#P_DATE_F_INVALID}}<p class="error" id="p-date-erreur">{{P_DATE_F_ERROR}}</p>{{/P_DATE_F_INVALID}}</div>
<div class="field{{#P_AMOUNT_F_INVALID}} invalid{{/P_AMOUNT_F_INVALID}}"><label for="p-amount">Montant (€) *</label>
<input id="p-amount" name="montant" type="text" value="{{P_AMOUNT_F_VALUE}}" inputmode="decimal" required{{#P_AMOUNT_F_INVALID}} aria-invalid="true" aria-describedby="p-amount-erreur"{{/P_AMOUNT_F_INVALID}}>
{{#P_AMOUNT_F_INVALID}}<p class="error" id="p-amount-erreur">{{P_AMOUNT_F_ERROR}}</p>{{/P_AMOUNT_F_INVALID}}</div>
<div class="field{{#P_METHOD_F_INVALID}} invalid{{/P_METHOD_F_INVALID}}"><label for="p-method">Mode de paiement</label>
<select id="p-method" name="mode"{{#P_METHOD_F_INVALID}} aria-invalid="true" aria-describedby="p-method-erreur"{{/P_METHOD_F_INVALID}}>
{{#METHOD_OPT}}<option value="{{VALUE}}"{{#SEL}} selected{{/SEL}}>{{LABEL}}</option>
{{/METHOD_OPT}}</select>
{{#P_METHOD_F_INVALID}}<p class="error" id="p-method-erreur">{{P_METHOD_F_ERROR}}</p>{{/P_METHOD_F_INVALID}}</div>
<div class="field{{#P_REF_F_INVALID}} invalid{{/P_REF_F_INVALID}}"><label for="p-ref">Référence (n° de chèque, libellé du virement…)</label>
<input id="p-ref" name="reference" type="text" value="{{P_REF_F_VALUE}}" maxlength="100"{{#P_REF_F_INVALID}} aria-invalid="true" aria-describedby="p-ref-erreur"{{/P_REF_F_INVALID}}>
{{#P_REF_F_INVALID}}<p class="error" id="p-ref-erreur">{{P_REF_F_ERROR}}</p>{{/P_REF_F_INVALID}}</div>
<p><button type="submit" class="button">Enregistrer le paiement</button></p>
</form>
{{/PAYABLE}}{{#PAYMENTS_ONLY}}{{>STATEMENT}}
{{/PAYMENTS_ONLY}}{{#CANCELLABLE}}<h2>Annuler par un avoir</h2>
<p>Crée un brouillon d’avoir (série A) qui reprend toutes les lignes ; la facture est annulée quand l’avoir est émis.</p>
<form method="post" action="{{BASE}}{{CREDIT_ACTION}}" class="inline-form"><input type="hidden" name="csrf" value="{{CSRF}}"><button type="submit" class="button secondary">Préparer l’avoir</button></form>
{{/CANCELLABLE}}</div>
