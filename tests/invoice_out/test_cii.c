/* test_cii.c: doc_cii, the Factur-X EN16931 CII XML: validated by xmllint against the XSD,
 * then parsed back here and its figures added up again (EN 16931 BR-CO-10..17). */
#include "fixtures.h"
#include "tap.h"
#include <ctype.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

static char xsd[1024];

/* Runs xmllint --schema on the text; returns its exit status, its output in log. */
static int xmllint(const char *xml, size_t len, struct buf *log)
{
	char path[] = "/tmp/fontaine-cii.XXXXXX.xml";
	if (fix_write_temp(path, 4, xml, len) < 0)
		return -1;
	char *argv[] = {"xmllint", "--noout", "--nonet", "--schema", xsd, path, NULL};
	int rc = fix_run(argv, log);
	unlink(path);
	return rc;
}

/* "123.45" → 12345; "-1.5" → -150. Returns false when it is not a decimal with at most two
 * decimals (EN 16931 amounts). */
static bool cents_of(const char *s, int64_t *out)
{
	bool neg = *s == '-';
	if (neg)
		s++;
	if (!isdigit((unsigned char)*s))
		return false;
	int64_t v = 0;
	for (; isdigit((unsigned char)*s); s++)
		v = v * 10 + (*s - '0');
	int dec = 0;
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++, dec++) {
			if (dec == 2)
				return false;
			v = v * 10 + (*s - '0');
		}
	}
	if (*s)
		return false;
	for (; dec < 2; dec++)
		v *= 10;
	*out = neg ? -v : v;
	return true;
}

/* "20.00" → 2000 basis points. */
static bool bp_of(const char *s, int *out)
{
	int64_t c;
	if (!cents_of(s, &c))
		return false;
	*out = (int)c;
	return true;
}

struct parsed {
	xmlDocPtr doc;
	xmlXPathContextPtr ctx;
};

static bool parse(struct parsed *p, const char *xml, size_t len)
{
	p->doc = xmlReadMemory(xml, (int)len, "cii.xml", NULL, XML_PARSE_NONET);
	if (!p->doc)
		return false;
	p->ctx = xmlXPathNewContext(p->doc);
	xmlXPathRegisterNs(p->ctx, BAD_CAST "rsm",
			   BAD_CAST "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100");
	xmlXPathRegisterNs(p->ctx, BAD_CAST "ram",
			   BAD_CAST "urn:un:unece:uncefact:data:standard:"
				    "ReusableAggregateBusinessInformationEntity:100");
	xmlXPathRegisterNs(p->ctx, BAD_CAST "udt",
			   BAD_CAST "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100");
	xmlXPathRegisterNs(p->ctx, BAD_CAST "qdt",
			   BAD_CAST "urn:un:unece:uncefact:data:standard:QualifiedDataType:100");
	return true;
}

static void unparse(struct parsed *p)
{
	xmlXPathFreeContext(p->ctx);
	xmlFreeDoc(p->doc);
}

/* The text of the first node matching expr under node (NULL: the document), in out. */
static const char *xp(struct parsed *p, xmlNodePtr node, const char *expr, char *out, size_t n)
{
	out[0] = '\0';
	p->ctx->node = node ? node : xmlDocGetRootElement(p->doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, p->ctx);
	if (r && r->nodesetval && r->nodesetval->nodeNr > 0) {
		xmlChar *t = xmlNodeGetContent(r->nodesetval->nodeTab[0]);
		snprintf(out, n, "%s", t ? (const char *)t : "");
		xmlFree(t);
	}
	xmlXPathFreeObject(r);
	return out;
}

/* The number of nodes matching expr in the document. */
static int xcount(struct parsed *p, const char *expr)
{
	p->ctx->node = xmlDocGetRootElement(p->doc);
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, p->ctx);
	int n = !r ? -1 : r->nodesetval ? r->nodesetval->nodeNr : 0; /* an empty set may be NULL */
	xmlXPathFreeObject(r);
	return n;
}

/* "12.500" → 12500 thousandths; -1 when not a quantity with at most 3 decimals. */
static int64_t milli_of(const char *s)
{
	int64_t v = 0;
	int dec = -1;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (!isdigit((unsigned char)*s) || dec == 3)
			return -1;
		v = v * 10 + (*s - '0');
		if (dec >= 0)
			dec++;
	}
	for (dec = dec < 0 ? 0 : dec; dec < 3; dec++)
		v *= 10;
	return v;
}

static int64_t xp_cents(struct parsed *p, xmlNodePtr node, const char *expr, bool *okp)
{
	char s[128];
	int64_t c = 0;
	if (!cents_of(xp(p, node, expr, s, sizeof s), &c)) {
		diag("not an amount at %s: \"%s\"", expr, s);
		*okp = false;
	}
	return c;
}

/* The EN 16931 arithmetic of the XML, checked from the XML alone. Returns true when every
 * rule holds; explains the first failures in diagnostics. */
static bool figures_add_up(struct parsed *p)
{
	bool good = true;
	xmlXPathObjectPtr lines = xmlXPathEvalExpression(
		BAD_CAST "//ram:IncludedSupplyChainTradeLineItem", p->ctx);
	xmlXPathObjectPtr taxes = xmlXPathEvalExpression(
		BAD_CAST "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax", p->ctx);
	if (!lines || !lines->nodesetval || !taxes || !taxes->nodesetval) {
		xmlXPathFreeObject(lines);
		xmlXPathFreeObject(taxes);
		return false;
	}
	int64_t sum_lines = 0;
	for (int i = 0; i < lines->nodesetval->nodeNr; i++) {
		xmlNodePtr ln = lines->nodesetval->nodeTab[i];
		char q[64];
		int64_t price = xp_cents(p, ln, ".//ram:NetPriceProductTradePrice/ram:ChargeAmount", &good);
		int64_t net = xp_cents(p, ln, ".//ram:LineTotalAmount", &good);
		/* BT-131 = BT-129 × BT-146 rounded: quantity in thousandths */
		int64_t milli = milli_of(xp(p, ln, ".//ram:BilledQuantity", q, sizeof q));
		if (milli < 0) {
			diag("line %d: quantity \"%s\"", i + 1, q);
			good = false;
		}
		int64_t want = (2 * milli * price + 1000) / 2000;
		if (net != want) {
			diag("line %d: %s × %lld = %lld, written %lld", i + 1, q, (long long)price,
			     (long long)want, (long long)net);
			good = false;
		}
		sum_lines += net;
	}
	int64_t line_total = xp_cents(p, NULL, "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount", &good);
	int64_t basis_total = xp_cents(p, NULL, "//ram:TaxBasisTotalAmount", &good);
	int64_t tax_total = xp_cents(p, NULL, "//ram:TaxTotalAmount", &good);
	int64_t grand = xp_cents(p, NULL, "//ram:GrandTotalAmount", &good);
	int64_t prepaid = xp_cents(p, NULL, "//ram:TotalPrepaidAmount", &good);
	int64_t due = xp_cents(p, NULL, "//ram:DuePayableAmount", &good);
	if (sum_lines != line_total) {
		diag("BR-CO-10: lines add up to %lld, written %lld", (long long)sum_lines,
		     (long long)line_total);
		good = false;
	}
	if (basis_total != line_total) {
		diag("BR-CO-13: TaxBasisTotalAmount %lld != LineTotalAmount %lld",
		     (long long)basis_total, (long long)line_total);
		good = false;
	}
	int64_t sum_tax = 0, sum_basis = 0;
	for (int i = 0; i < taxes->nodesetval->nodeNr; i++) {
		xmlNodePtr t = taxes->nodesetval->nodeTab[i];
		char cat[8], rate[16];
		int bp = -1;
		xp(p, t, "ram:CategoryCode", cat, sizeof cat);
		if (!bp_of(xp(p, t, "ram:RateApplicablePercent", rate, sizeof rate), &bp))
			good = false;
		int64_t basis = xp_cents(p, t, "ram:BasisAmount", &good);
		int64_t amount = xp_cents(p, t, "ram:CalculatedAmount", &good);
		/* BR-CO-18 and friends: the basis of a row is the sum of its lines. */
		int64_t lines_basis = 0;
		for (int k = 0; k < lines->nodesetval->nodeNr; k++) {
			xmlNodePtr ln = lines->nodesetval->nodeTab[k];
			char lc[8], lr[16];
			int lbp = -2;
			xp(p, ln, ".//ram:ApplicableTradeTax/ram:CategoryCode", lc, sizeof lc);
			bp_of(xp(p, ln, ".//ram:ApplicableTradeTax/ram:RateApplicablePercent", lr,
				 sizeof lr), &lbp);
			if (strcmp(lc, cat) == 0 && lbp == bp)
				lines_basis += xp_cents(p, ln, ".//ram:LineTotalAmount", &good);
		}
		if (lines_basis != basis) {
			diag("VAT %s %d: lines give %lld, basis written %lld", cat, bp,
			     (long long)lines_basis, (long long)basis);
			good = false;
		}
		int64_t want = (2 * basis * bp + 10000) / 20000; /* BR-CO-17 */
		if (amount != want) {
			diag("BR-CO-17: VAT %s %d on %lld = %lld, written %lld", cat, bp,
			     (long long)basis, (long long)want, (long long)amount);
			good = false;
		}
		sum_tax += amount;
		sum_basis += basis;
	}
	if (sum_basis != basis_total) {
		diag("breakdown bases add up to %lld, total %lld", (long long)sum_basis,
		     (long long)basis_total);
		good = false;
	}
	if (sum_tax != tax_total) {
		diag("BR-CO-14: rows add up to %lld, TaxTotalAmount %lld", (long long)sum_tax,
		     (long long)tax_total);
		good = false;
	}
	if (grand != basis_total + tax_total) {
		diag("BR-CO-15: %lld + %lld != %lld", (long long)basis_total, (long long)tax_total,
		     (long long)grand);
		good = false;
	}
	if (due != grand - prepaid) {
		diag("BR-CO-16: %lld − %lld != %lld", (long long)grand, (long long)prepaid,
		     (long long)due);
		good = false;
	}
	xmlXPathFreeObject(lines);
	xmlXPathFreeObject(taxes);
	return good;
}

/* Writes d's CII, validates it, adds it up; returns the XML (caller frees) or an empty buf. */
static struct buf check_doc(struct doc *d, const char *what)
{
	struct buf x = {0};
	is_int(doc_totals(d), 0, "%s: totals", what);
	is_int(doc_cii(d, &x), 0, "%s: doc_cii returns 0", what);
	struct buf log = {0};
	int rc = xmllint(x.data ? x.data : "", x.len, &log);
	is_int(rc, 0, "%s: xmllint --schema Factur-X_EN16931.xsd accepts it", what);
	if (rc != 0)
		diag("%s", log.data ? log.data : "(no output)");
	contains(log.data, "validates", "%s: xmllint says it validates", what);
	buf_free(&log);
	struct parsed p;
	if (ok(x.len && parse(&p, x.data, x.len), "%s: parsed back", what)) {
		ok(figures_add_up(&p), "%s: the figures add up (BR-CO-10, 13..17)", what);
		unparse(&p);
	} else {
		ok(false, "%s: the figures add up", what);
	}
	return x;
}

static void test_vat_invoice(void)
{
	struct doc d = fix_vat_invoice();
	struct buf x = check_doc(&d, "VAT invoice");
	struct parsed p;
	char s[256];
	if (parse(&p, x.data, x.len)) {
		is_str(xp(&p, NULL, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", s, sizeof s),
		       "urn:cen.eu:en16931:2017", "BT-24: the EN 16931 specification");
		is_str(xp(&p, NULL, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:TypeCode", s, sizeof s),
		       "380", "BT-3: 380 commercial invoice");
		is_str(xp(&p, NULL, "//rsm:ExchangedDocument/ram:ID", s, sizeof s), "F2026-00042",
		       "BT-1: the number");
		is_str(xp(&p, NULL, "//ram:IssueDateTime/udt:DateTimeString", s, sizeof s),
		       "20260331", "BT-2: issue date as 102 (AAAAMMJJ)");
		is_str(xp(&p, NULL, "//ram:IssueDateTime/udt:DateTimeString/@format", s, sizeof s),
		       "102", "dates in format 102");
		is_str(xp(&p, NULL, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", s, sizeof s),
		       "812345676", "BT-30: seller SIREN");
		is_str(xp(&p, NULL, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID/@schemeID", s, sizeof s),
		       "0002", "BT-30-1: scheme 0002 (SIRENE)");
		is_str(xp(&p, NULL, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", s, sizeof s),
		       "FR19812345676", "BT-31: seller VAT number");
		is_str(xp(&p, NULL, "//ram:BuyerTradeParty/ram:Name", s, sizeof s),
		       "Garonne Conseil & Associés SARL", "BT-44: buyer name, '&' and accents intact");
		is_str(xp(&p, NULL, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", s, sizeof s),
		       "443061841", "BT-47: buyer SIREN");
		is_str(xp(&p, NULL, "//ram:BuyerReference", s, sizeof s), "BC-2026-117", "BT-10");
		is_str(xp(&p, NULL, "//ram:IncludedNote[ram:SubjectCode='PMD']/ram:Content", s, sizeof s),
		       FIX_PENALTY, "note PMD: the penalties");
		contains(xp(&p, NULL, "//ram:IncludedNote[ram:SubjectCode='PMT']/ram:Content", s, sizeof s),
			 "40 €", "note PMT: the 40 € indemnity");
		is_str(xp(&p, NULL, "//ram:IncludedNote[ram:SubjectCode='AAB']/ram:Content", s, sizeof s),
		       FIX_DISCOUNT, "note AAB: no discount");
		is_str(xp(&p, NULL, "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", s, sizeof s),
		       "58", "BT-81: 58 SEPA credit transfer");
		is_str(xp(&p, NULL, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID", s, sizeof s),
		       "FR7630004000031234567890143", "BT-84: IBAN without spaces");
		is_str(xp(&p, NULL, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString", s, sizeof s),
		       "20260430", "BT-9: due date");
		is_str(xp(&p, NULL, "//ram:ApplicableHeaderTradeSettlement/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString", s, sizeof s),
		       "20260301", "BT-73: service period start");
		is_str(xp(&p, NULL, "//ram:IncludedSupplyChainTradeLineItem[3]//ram:BilledQuantity", s, sizeof s),
		       "12.500", "BT-129: 12,5 written 12.500");
		is_str(xp(&p, NULL, "//ram:IncludedSupplyChainTradeLineItem[3]//ram:LineTotalAmount", s, sizeof s),
		       "41.63", "BT-131: 41.63");
		is_str(xp(&p, NULL, "//ram:TaxTotalAmount/@currencyID", s, sizeof s), "EUR",
		       "BT-110 in EUR");
		is_str(xp(&p, NULL, "//ram:DuePayableAmount", s, sizeof s), "424.49", "BT-115: 424.49");
		is_int(xcount(&p, "//ram:InvoiceReferencedDocument"), 0,
		       "no preceding invoice on an invoice");
		is_int(xcount(&p, "//ram:IncludedSupplyChainTradeLineItem"), 4, "four lines");
		is_int(xcount(&p, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax"), 3,
		       "three VAT breakdown rows");
		unparse(&p);
	}
	/* The checks can fail: a total changed in the XML is caught… */
	char *at = x.data ? strstr(x.data, "<ram:GrandTotalAmount>424.49<") : NULL;
	if (ok(at != NULL, "the grand total is where expected")) {
		memcpy(at + strlen("<ram:GrandTotalAmount>"), "424.48", 6);
		struct parsed q;
		if (parse(&q, x.data, x.len)) {
			ok(!figures_add_up(&q), "a grand total off by one cent is caught");
			unparse(&q);
		}
		struct buf log = {0};
		is_int(xmllint(x.data, x.len, &log), 0,
		       "…which the schema alone accepts (why the figures are re-added)");
		buf_free(&log);
	}
	/* … and so is a structure the schema refuses. */
	char *g = x.data ? strstr(x.data, "urn:cen.eu:en16931:2017") : NULL;
	if (g) {
		char *broken = strstr(x.data, "<rsm:ExchangedDocumentContext>");
		char *after = strstr(x.data, "</rsm:ExchangedDocumentContext>");
		struct buf b = {0};
		buf_append(&b, x.data, (size_t)(broken - x.data));
		buf_puts(&b, after + strlen("</rsm:ExchangedDocumentContext>"));
		struct buf log = {0};
		ok(xmllint(b.data, b.len, &log) != 0,
		   "xmllint refuses a CII without its ExchangedDocumentContext");
		buf_free(&log);
		buf_free(&b);
	}
	buf_free(&x);
	doc_free(&d);
}

static void test_franchise(void)
{
	struct doc d = fix_franchise_invoice();
	struct buf x = check_doc(&d, "franchise invoice");
	struct parsed p;
	char s[256];
	if (parse(&p, x.data, x.len)) {
		is_str(xp(&p, NULL, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode", s, sizeof s),
		       "E", "BT-118: category E (exempt), franchise en base");
		is_str(xp(&p, NULL, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReason", s, sizeof s),
		       FIX_EXEMPTION, "BT-120: TVA non applicable, art. 293 B du CGI");
		is_str(xp(&p, NULL, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReasonCode", s, sizeof s),
		       "VATEX-FR-FRANCHISE", "BT-121: VATEX-FR-FRANCHISE");
		is_str(xp(&p, NULL, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:CalculatedAmount", s, sizeof s),
		       "0.00", "BR-E-09: no VAT");
		is_str(xp(&p, NULL, "//ram:IncludedSupplyChainTradeLineItem[1]//ram:RateApplicablePercent", s, sizeof s),
		       "0.00", "BR-E-05: line rate 0");
		is_int(xcount(&p, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"), 0,
		       "BT-32: the SIREN is not declared as a tax registration (FC)");
		is_int(xcount(&p, "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"), 0,
		       "no VAT number anywhere");
		is_str(xp(&p, NULL, "//ram:TotalPrepaidAmount", s, sizeof s), "50.00", "BT-113 paid");
		is_str(xp(&p, NULL, "//ram:DuePayableAmount", s, sizeof s), "154.98", "BT-115 due");
		is_str(xp(&p, NULL, "//ram:IncludedNote[ram:SubjectCode='ABL']/ram:Content", s, sizeof s),
		       "Canti'net — La Fontaine, association, RNA W473004567", "note ABL: the RNA");
		is_int(xcount(&p, "//ram:IncludedNote[ram:SubjectCode='PMT']"), 0,
		       "no PMT note for an individual when the document has no wording for it");
		is_str(xp(&p, NULL, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID", s, sizeof s),
		       "S1", "BT-23: S1 (services) when the document names no process");
		is_int(xcount(&p, "//ram:ApplicableHeaderTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime"), 1,
		       "BT-72: the delivery is dated, not an empty element");
		is_int(xcount(&p, "//ram:IncludedNote[ram:SubjectCode='AAB']"), 1,
		       "the AAB note is there (the count can see notes)");
		unparse(&p);
	}
	buf_free(&x);
	doc_free(&d);
}

static void test_credit_note(void)
{
	struct doc d = fix_credit_note();
	struct buf x = check_doc(&d, "credit note");
	struct parsed p;
	char s[256];
	if (parse(&p, x.data, x.len)) {
		is_str(xp(&p, NULL, "//rsm:ExchangedDocument/ram:TypeCode", s, sizeof s), "381",
		       "BT-3: 381 credit note");
		is_str(xp(&p, NULL, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID", s, sizeof s),
		       "F2026-00042", "BT-25: the corrected invoice");
		is_str(xp(&p, NULL, "//ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString", s, sizeof s),
		       "20260331", "BT-26: its date");
		is_str(xp(&p, NULL, "//ram:GrandTotalAmount", s, sizeof s), "300.00",
		       "amounts of a credit note are positive");
		unparse(&p);
	}
	buf_free(&x);
	doc_free(&d);
}

/* 300 lines of 0,333 × 3 € with mixed rates: validation and arithmetic hold at scale. */
static void test_many_lines(void)
{
	enum { N = 300 };
	static struct doc_line l[N];
	static const int rates[] = {2000, 1000, 550, 210};
	for (int i = 0; i < N; i++)
		l[i] = (struct doc_line){.description = "Tiers de demi-journée", .quantity_milli = 333,
					 .unit_price_cents = 300 + i, .vat_rate_bp = rates[i % 4],
					 .vat_category = 'S', .unit_code = "C62"};
	struct doc d = fix_vat_invoice();
	d.lines_in = l;
	d.n_lines = N;
	struct buf x = check_doc(&d, "300 lines, four rates");
	buf_free(&x);
	doc_free(&d);
}

/* Found by tests/fuzz/fuzz_cii.c: attribute values were written raw, and a control
 * character (the database takes them) in a unit code made the document unreadable. */
static void test_control_characters(void)
{
	static struct doc_line l[1];
	l[0] = fix_vat_lines[0];
	l[0].unit_code = "C6\x01";
	l[0].description = "Demi-journ\x02e";
	struct doc d = fix_vat_invoice();
	d.lines_in = l;
	d.n_lines = 1;
	d.buyer.name = "Atelier\x1b Garonne";
	struct buf x = check_doc(&d, "control characters in a unit code, a description, a name");
	buf_free(&x);
	doc_free(&d);
}

static void test_refused(void)
{
	struct buf x = {0};
	struct doc d = fix_vat_invoice();
	is_int(doc_cii(&d, &x), -1, "doc_cii before doc_totals: refused");
	is_int(doc_totals(&d), 0, "totals");
	d.seller.siren = NULL;
	is_int(doc_cii(&d, &x), -1, "no seller SIREN: refused (BR-CO-26)");
	d.seller = fix_seller_vat();
	d.number = "";
	is_int(doc_cii(&d, &x), -1, "no number: refused");
	is_int((long long)x.len, 0, "nothing written when refused");
	doc_free(&d);
	buf_free(&x);
}

int main(void)
{
	fix_init();
	xmlInitParser();
	snprintf(xsd, sizeof xsd, "%s/en16931/Factur-X_EN16931.xsd", fix_standards());
	if (!ok(access(xsd, R_OK) == 0, "the XSD is at %s (set FONTAINE_STANDARDS)", xsd))
		return done_testing();
	test_vat_invoice();
	test_franchise();
	test_credit_note();
	test_many_lines();
	test_control_characters();
	test_refused();
	xmlCleanupParser();
	return done_testing();
}
