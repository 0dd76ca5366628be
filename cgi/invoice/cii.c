/* cii.c: the structured invoice, UN/CEFACT CII XML in the Factur-X EN16931 profile. */
#include "doc.h"
#include "arena.h"
#include "xmlout.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NS_RSM "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
#define NS_RAM "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
#define NS_QDT "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
#define NS_UDT "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"

/* The VATEX code when the document has none: the French "franchise en base" (art. 293 B du
 * CGI), an exemption (E), not an operation outside the scope of VAT (O). */
#define VATEX_FRANCHISE "VATEX-FR-FRANCHISE"
/* UNTDID 2475 code of BT-8: VAT due at the invoice date (option for VAT on debits). */
#define VAT_POINT_INVOICE_DATE "5"

struct cii {
	xmlTextWriterPtr w;
	struct arena *a;
	int rc; /* -1 once any write failed */
};

static void start(struct cii *c, const char *name)
{
	if (xmlTextWriterStartElement(c->w, BAD_CAST name) < 0)
		c->rc = -1;
}

static void end(struct cii *c)
{
	if (xmlTextWriterEndElement(c->w) < 0)
		c->rc = -1;
}

/* name="value", value cleaned of what XML forbids (a control character in a unit code
 * made the whole document unreadable). */
static void attr(struct cii *c, const char *name, const char *value)
{
	if (xmlTextWriterWriteAttribute(c->w, BAD_CAST name, BAD_CAST xml_clean(c->a, value)) < 0)
		c->rc = -1;
}

/* <name attr_name="attr_value">text</name>, text cleaned of what XML forbids. */
static void element_attr(struct cii *c, const char *name, const char *attr_name,
			 const char *attr_value, const char *text)
{
	start(c, name);
	if (attr_name)
		attr(c, attr_name, attr_value);
	if (xmlTextWriterWriteString(c->w, BAD_CAST xml_clean(c->a, text)) < 0)
		c->rc = -1;
	end(c);
}

static void element(struct cii *c, const char *name, const char *text)
{
	element_attr(c, name, NULL, NULL, text);
}

/* "123.45" (no thousands separator, two decimals): a CII amount. */
static const char *amount(struct cii *c, int64_t cents)
{
	uint64_t v = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	return arena_printf(c->a, "%s%" PRIu64 ".%02" PRIu64, cents < 0 ? "-" : "", v / 100,
			    v % 100);
}

/* "20.00" from basis points. */
static const char *percent(struct cii *c, int bp)
{
	return arena_printf(c->a, "%d.%02d", bp / 100, bp % 100);
}

/* <wrapper><udt:DateTimeString format="102">AAAAMMJJ</...></wrapper>, Paris date. */
static void date(struct cii *c, const char *wrapper, const char *ns, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	start(c, wrapper);
	element_attr(c, ns, "format", "102",
		     arena_printf(c->a, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1,
				  tm.tm_mday));
	end(c);
}

static void period(struct cii *c, time_t from, time_t to)
{
	if (!from && !to)
		return;
	start(c, "ram:BillingSpecifiedPeriod");
	if (from)
		date(c, "ram:StartDateTime", "udt:DateTimeString", from);
	if (to)
		date(c, "ram:EndDateTime", "udt:DateTimeString", to);
	end(c);
}

static void note(struct cii *c, const char *content, const char *subject)
{
	if (!content || !*content)
		return;
	start(c, "ram:IncludedNote");
	element(c, "ram:Content", content);
	element(c, "ram:SubjectCode", subject);
	end(c);
}

static bool present(const char *s)
{
	return s && *s;
}

/* A seller or buyer (BG-4 / BG-7) with its electronic address (BT-34 / BT-49, required by
 * BR-FR-12/13): a business buyer is addressed by its SIREN in the directory of the reform
 * (scheme 0225), anyone else by e-mail (EM). Only the VAT number the party has is declared
 * (BT-31 / BT-48); nothing stands in for a missing one. */
static void party(struct cii *c, const char *name, const struct doc_party *p, bool seller)
{
	start(c, name);
	element(c, "ram:Name", p->name);
	if (present(p->siren)) {
		start(c, "ram:SpecifiedLegalOrganization");
		element_attr(c, "ram:ID", "schemeID", "0002", p->siren);
		end(c);
	}
	start(c, "ram:PostalTradeAddress");
	if (present(p->postcode))
		element(c, "ram:PostcodeCode", p->postcode);
	if (present(p->street))
		element(c, "ram:LineOne", p->street);
	if (present(p->city))
		element(c, "ram:CityName", p->city);
	element(c, "ram:CountryID", present(p->country) ? p->country : "FR");
	end(c);
	if (!seller && p->business && present(p->siren)) {
		start(c, "ram:URIUniversalCommunication");
		element_attr(c, "ram:URIID", "schemeID", "0225", p->siren);
		end(c);
	} else if (present(p->email)) {
		start(c, "ram:URIUniversalCommunication");
		element_attr(c, "ram:URIID", "schemeID", "EM", p->email);
		end(c);
	}
	if (present(p->vat_number)) {
		start(c, "ram:SpecifiedTaxRegistration");
		element_attr(c, "ram:ID", "schemeID", "VA", p->vat_number);
		end(c);
	}
	end(c);
}

/* One SpecifiedTradeAllowanceCharge (BG-20/21 with their VAT, BG-27/28 without). */
static void allowance_charge(struct cii *c, const struct doc_allowance *ac, bool with_vat)
{
	start(c, "ram:SpecifiedTradeAllowanceCharge");
	start(c, "ram:ChargeIndicator");
	element(c, "udt:Indicator", ac->charge ? "true" : "false");
	end(c);
	if (ac->base_cents) {
		element(c, "ram:CalculationPercent", percent(c, ac->percent_bp));
		element(c, "ram:BasisAmount", amount(c, ac->base_cents));
	}
	element(c, "ram:ActualAmount", amount(c, ac->amount_cents));
	if (present(ac->reason_code))
		element(c, "ram:ReasonCode", ac->reason_code);
	element(c, "ram:Reason", ac->reason);
	if (with_vat) {
		start(c, "ram:CategoryTradeTax");
		element(c, "ram:TypeCode", "VAT");
		element(c, "ram:CategoryCode", (char[]){ac->vat_category, '\0'});
		element(c, "ram:RateApplicablePercent", percent(c, ac->vat_rate_bp));
		end(c);
	}
	end(c);
}

static void line_item(struct cii *c, const struct doc *d, size_t index, const struct doc_line *l)
{
	start(c, "ram:IncludedSupplyChainTradeLineItem");
	start(c, "ram:AssociatedDocumentLineDocument");
	element(c, "ram:LineID", arena_printf(c->a, "%zu", index + 1));
	end(c);
	start(c, "ram:SpecifiedTradeProduct");
	element(c, "ram:Name", l->description);
	end(c);
	start(c, "ram:SpecifiedLineTradeAgreement");
	start(c, "ram:NetPriceProductTradePrice");
	element(c, "ram:ChargeAmount", amount(c, l->unit_price_cents));
	end(c);
	end(c);
	start(c, "ram:SpecifiedLineTradeDelivery");
	element_attr(c, "ram:BilledQuantity", "unitCode",
		     present(l->unit_code) ? l->unit_code : "C62",
		     arena_printf(c->a, "%" PRId64 ".%03" PRId64, l->quantity_milli / 1000,
				  l->quantity_milli % 1000));
	end(c);
	start(c, "ram:SpecifiedLineTradeSettlement");
	start(c, "ram:ApplicableTradeTax");
	element(c, "ram:TypeCode", "VAT");
	element(c, "ram:CategoryCode", (char[]){l->vat_category, '\0'});
	element(c, "ram:RateApplicablePercent", percent(c, l->vat_rate_bp));
	end(c);
	period(c, l->service_start, l->service_end);
	for (size_t j = 0; j < d->n_acs; j++)
		if (d->acs[j].line == (int)index)
			allowance_charge(c, &d->acs[j], false);
	start(c, "ram:SpecifiedTradeSettlementLineMonetarySummation");
	element(c, "ram:LineTotalAmount", amount(c, l->net_cents));
	end(c);
	end(c);
	end(c);
}

/* One row of the VAT breakdown (BG-23). */
static void vat_row(struct cii *c, const struct doc *d, const struct doc_vat *v)
{
	start(c, "ram:ApplicableTradeTax");
	element(c, "ram:CalculatedAmount", amount(c, v->vat_cents));
	element(c, "ram:TypeCode", "VAT");
	if (v->category == 'E')
		element(c, "ram:ExemptionReason", d->vat_exemption);
	element(c, "ram:BasisAmount", amount(c, v->basis_cents));
	element(c, "ram:CategoryCode", (char[]){v->category, '\0'});
	if (v->category == 'E')
		element(c, "ram:ExemptionReasonCode",
			present(d->vat_exemption_code) ? d->vat_exemption_code : VATEX_FRANCHISE);
	if (d->vat_on_debits && v->category == 'S')
		element(c, "ram:DueDateTypeCode", VAT_POINT_INVOICE_DATE);
	element(c, "ram:RateApplicablePercent", percent(c, v->rate_bp));
	end(c);
}

static void write_invoice(struct cii *c, const struct doc *d)
{
	start(c, "rsm:CrossIndustryInvoice");
	attr(c, "xmlns:rsm", NS_RSM);
	attr(c, "xmlns:ram", NS_RAM);
	attr(c, "xmlns:qdt", NS_QDT);
	attr(c, "xmlns:udt", NS_UDT);

	start(c, "rsm:ExchangedDocumentContext");
	start(c, "ram:BusinessProcessSpecifiedDocumentContextParameter");
	element(c, "ram:ID", present(d->business_process) ? d->business_process : "S1");
	end(c);
	start(c, "ram:GuidelineSpecifiedDocumentContextParameter");
	element(c, "ram:ID", "urn:cen.eu:en16931:2017");
	end(c);
	end(c);

	start(c, "rsm:ExchangedDocument");
	element(c, "ram:ID", d->number);
	element(c, "ram:TypeCode", d->type == DOC_CREDIT_NOTE ? "381" : "380");
	date(c, "ram:IssueDateTime", "udt:DateTimeString", d->issue_date);
	if (present(d->seller.rna))
		note(c, arena_printf(c->a, "%s, association, RNA %s", d->seller.name, d->seller.rna),
		     "ABL");
	note(c, d->penalty_note, "PMD");
	if (present(d->indemnity_note))
		note(c, d->indemnity_note, "PMT");
	else if (d->buyer.business)
		note(c, "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €.",
		     "PMT");
	note(c, d->discount_note, "AAB");
	end(c);

	start(c, "rsm:SupplyChainTradeTransaction");
	for (size_t i = 0; i < d->n_lines; i++)
		line_item(c, d, i, &d->lines[i]);

	start(c, "ram:ApplicableHeaderTradeAgreement");
	if (present(d->buyer_reference))
		element(c, "ram:BuyerReference", d->buyer_reference);
	party(c, "ram:SellerTradeParty", &d->seller, true);
	party(c, "ram:BuyerTradeParty", &d->buyer, false);
	end(c);

	/* BT-72: the date the service was delivered, its last day (the period is BT-73/74), or
	 * the issue date when the document names none. */
	start(c, "ram:ApplicableHeaderTradeDelivery");
	start(c, "ram:ActualDeliverySupplyChainEvent");
	date(c, "ram:OccurrenceDateTime", "udt:DateTimeString",
	     d->service_end ? d->service_end : d->service_start ? d->service_start : d->issue_date);
	end(c);
	end(c);

	start(c, "ram:ApplicableHeaderTradeSettlement");
	bool debit = d->type == DOC_INVOICE && present(d->mandate_ref) && present(d->creditor_id) &&
		     present(d->debtor_iban);
	if (debit)
		element(c, "ram:CreditorReferenceID", d->creditor_id);
	element(c, "ram:InvoiceCurrencyCode", "EUR");
	if (debit) {
		/* 59: SEPA direct debit (BR-DE-30/31: creditor identifier and debited account). */
		start(c, "ram:SpecifiedTradeSettlementPaymentMeans");
		element(c, "ram:TypeCode", "59");
		start(c, "ram:PayerPartyDebtorFinancialAccount");
		element(c, "ram:IBANID", d->debtor_iban);
		end(c);
		end(c);
	} else if (d->type == DOC_INVOICE && present(d->iban)) {
		/* 58: SEPA credit transfer to the seller's account (BR-61: IBAN present). */
		start(c, "ram:SpecifiedTradeSettlementPaymentMeans");
		element(c, "ram:TypeCode", "58");
		start(c, "ram:PayeePartyCreditorFinancialAccount");
		char iban[64];
		size_t n = 0;
		for (const char *p = d->iban; *p && n + 1 < sizeof iban; p++)
			if (*p != ' ')
				iban[n++] = *p;
		iban[n] = '\0';
		element(c, "ram:IBANID", iban);
		end(c);
		if (present(d->bic)) {
			start(c, "ram:PayeeSpecifiedCreditorFinancialInstitution");
			element(c, "ram:BICID", d->bic);
			end(c);
		}
		end(c);
	}
	for (size_t k = 0; k < d->n_vat; k++)
		vat_row(c, d, &d->vat[k]);
	period(c, d->service_start, d->service_end);
	bool doc_acs = false;
	for (size_t j = 0; j < d->n_acs; j++)
		if (d->acs[j].line == -1) {
			allowance_charge(c, &d->acs[j], true);
			doc_acs = true;
		}
	if (present(d->payment_terms) || d->due_date || debit) {
		start(c, "ram:SpecifiedTradePaymentTerms");
		if (present(d->payment_terms))
			element(c, "ram:Description", d->payment_terms);
		if (d->due_date)
			date(c, "ram:DueDateDateTime", "udt:DateTimeString", d->due_date);
		if (debit)
			element(c, "ram:DirectDebitMandateID", d->mandate_ref);
		end(c);
	}
	start(c, "ram:SpecifiedTradeSettlementHeaderMonetarySummation");
	element(c, "ram:LineTotalAmount", amount(c, d->line_total_cents));
	if (doc_acs) {
		element(c, "ram:ChargeTotalAmount", amount(c, d->charge_cents));
		element(c, "ram:AllowanceTotalAmount", amount(c, d->allowance_cents));
	}
	element(c, "ram:TaxBasisTotalAmount", amount(c, d->net_cents));
	element_attr(c, "ram:TaxTotalAmount", "currencyID", "EUR", amount(c, d->vat_cents));
	element(c, "ram:GrandTotalAmount", amount(c, d->gross_cents));
	element(c, "ram:TotalPrepaidAmount", amount(c, d->paid_cents));
	element(c, "ram:DuePayableAmount", amount(c, d->due_cents));
	end(c);
	if (d->type == DOC_CREDIT_NOTE) {
		start(c, "ram:InvoiceReferencedDocument");
		element(c, "ram:IssuerAssignedID", d->corrects_number);
		if (d->corrects_date)
			date(c, "ram:FormattedIssueDateTime", "qdt:DateTimeString", d->corrects_date);
		end(c);
	}
	end(c); /* ApplicableHeaderTradeSettlement */
	end(c); /* SupplyChainTradeTransaction */
	end(c); /* CrossIndustryInvoice */
}

/* Returns 0 with the CII XML appended to out, or -1 when the document lacks what EN 16931
 * requires (totals not computed, no number or date, no seller SIREN (BR-CO-26), no seller
 * VAT number nor SIREN for BR-E-02/BR-S-02, no buyer name) or a write failed. */
int doc_cii(const struct doc *d, struct buf *out)
{
	if (!d->lines || d->n_lines == 0 || d->n_vat == 0 || !present(d->number) ||
	    !d->issue_date || !present(d->seller.name) || !present(d->seller.siren) ||
	    !present(d->buyer.name))
		return -1;
	if (d->type == DOC_CREDIT_NOTE && !present(d->corrects_number))
		return -1;
	struct arena a = {0};
	struct xmlout x = {0};
	if (xmlout_begin(&x) < 0) {
		if (x.w)
			xmlFreeTextWriter(x.w);
		if (x.xb)
			xmlBufferFree(x.xb);
		return -1;
	}
	xmlTextWriterSetIndent(x.w, 1);
	xmlTextWriterSetIndentString(x.w, BAD_CAST " ");
	struct cii c = {.w = x.w, .a = &a, .rc = 0};
	write_invoice(&c, d);
	struct buf tmp = {0};
	int rc = xmlout_finish(&x, &tmp);
	if (rc == 0 && c.rc == 0)
		buf_append(out, tmp.data, tmp.len);
	else
		rc = -1;
	buf_free(&tmp);
	arena_free(&a);
	return rc;
}
