/* fuzz_cii.c: the Factur-X CII writer (cgi/invoice/cii.c) on documents built from the input:
 * invoice or credit note, seller and buyer in any UTF-8 (control characters included: the
 * database takes them), up to six lines with quantities, prices, VAT categories and rates
 * from lists of valid ones or fuzzed, dates, notes. doc_totals decides whether the document
 * is coherent; when doc_cii then writes it, the XML must parse with libxml2, carry the
 * document's number and grand total, and, when the XSD is at hand
 * ($FUZZ_STANDARDS/en16931/Factur-X_EN16931.xsd), be valid against it. */
#include "fuzz.h"
#include "doc.h"
#include <inttypes.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlschemas.h>

static xmlSchemaPtr schema;

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx, (void)msg;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("TZ", "Europe/Paris", 1);
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	const char *dir = getenv("FUZZ_STANDARDS");
	if (dir && *dir) {
		char path[4096];
		snprintf(path, sizeof path, "%s/en16931/Factur-X_EN16931.xsd", dir);
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
		if (pc) {
			schema = xmlSchemaParse(pc);
			xmlSchemaFreeParserCtxt(pc);
		}
		if (!schema)
			fprintf(stderr, "fuzz_cii: could not load %s: well-formedness only\n", path);
	}
	return 0;
}

static const char *const units[] = {"C62", "MON", "DAY", "HUR"};
static const int rates[] = {2000, 1000, 550, 210, 0};

static void party_from(struct fuzz_in *in, struct doc_party *p, bool seller)
{
	*p = (struct doc_party){
		.name = fz_str(in, 80, true, true),
		.street = fz_str(in, 60, true, true),
		.postcode = fz_str(in, 10, true, true),
		.city = fz_str(in, 40, true, true),
		.country = fz_bool(in) ? "FR" : fz_str(in, 3, true, true),
		.siren = fz_bool(in) ? "732829320" : fz_str(in, 10, true, true),
		.siret = fz_bool(in) ? NULL : fz_str(in, 15, true, true),
		.vat_number = fz_bool(in) ? NULL : fz_str(in, 14, true, true),
		.rna = seller && fz_bool(in) ? "W471234567" : NULL,
		.email = fz_str(in, 40, true, true),
		.business = fz_bool(in),
	};
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.p = data, .n = size};
	struct doc_line lines[6];
	struct doc d = {
		.type = fz_bool(&in) ? DOC_CREDIT_NOTE : DOC_INVOICE,
		.number = fz_bool(&in) ? "F2026-00042" : fz_str(&in, 20, true, true),
		.corrects_number = fz_bool(&in) ? "F2026-00041" : fz_str(&in, 20, true, true),
		.corrects_date = (time_t)fz_u64(&in, 4),
		.issue_date = (time_t)fz_u64(&in, 4),
		.due_date = (time_t)fz_u64(&in, 4),
		.service_start = (time_t)fz_u64(&in, 4),
		.service_end = (time_t)fz_u64(&in, 4),
		.lines_in = lines,
		.n_lines = fz_u8(&in) % 7,
	};
	party_from(&in, &d.seller, true);
	party_from(&in, &d.buyer, false);
	d.vat_exemption = fz_bool(&in) ? "TVA non applicable, art. 293 B du CGI" : fz_str(&in, 60, true, true);
	d.payment_terms = fz_str(&in, 80, true, true);
	d.penalty_note = fz_bool(&in) ? "Pénalités de retard : 3 fois le taux d’intérêt légal." : fz_str(&in, 60, true, true);
	d.discount_note = fz_str(&in, 60, true, true);
	d.iban = fz_bool(&in) ? "FR7630006000011234567890189" : fz_str(&in, 34, true, true);
	d.bic = fz_bool(&in) ? "AGRIFRPP" : fz_str(&in, 11, true, true);
	d.buyer_reference = fz_str(&in, 30, true, true);
	d.paid_cents = (int64_t)fz_u64(&in, fz_u8(&in) % 6);
	d.hash_hex = NULL;
	for (size_t i = 0; i < d.n_lines; i++) {
		bool exempt = fz_bool(&in);
		lines[i] = (struct doc_line){
			.description = fz_str(&in, 80, true, true),
			.quantity_milli = fz_bool(&in) ? 1000 * (1 + fz_u8(&in) % 20) : (int64_t)fz_u64(&in, 4),
			.unit_code = fz_bool(&in) ? units[fz_u8(&in) % 4] : fz_str(&in, 4, true, true),
			.unit_price_cents = (int64_t)fz_u64(&in, 1 + fz_u8(&in) % 4),
			.vat_rate_bp = exempt ? 0 : rates[fz_u8(&in) % 5],
			.vat_category = exempt ? 'E' : (fz_bool(&in) ? 'S' : (char)fz_u8(&in)),
			.service_start = (time_t)fz_u64(&in, 4),
			.service_end = (time_t)fz_u64(&in, 4),
		};
	}
	struct buf out = {0};
	if (doc_totals(&d) != 0)
		goto done;
	int rc = doc_cii(&d, &out);
	if (rc != 0) {
		CHECK(rc == -1 && out.len == 0);
		goto done;
	}
	if (getenv("FUZZ_VERBOSE"))
		fwrite(out.data, 1, out.len, stderr);
	xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "cii.xml", NULL, XML_PARSE_NONET);
	if (!doc) {
		fprintf(stderr, "not well-formed:\n%.*s\n", (int)out.len, out.data);
		CHECK(doc != NULL);
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	CHECK(root && xmlStrcmp(root->name, BAD_CAST "CrossIndustryInvoice") == 0);
	char total[40];
	snprintf(total, sizeof total, ">%" PRId64 ".%02" PRId64 "</ram:GrandTotalAmount>", d.gross_cents / 100,
		 d.gross_cents % 100);
	CHECK(memmem(out.data, out.len, total, strlen(total)) != NULL);
	if (schema) {
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		CHECK(vc != NULL);
		int v = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
		if (v != 0) {
			fprintf(stderr, "not valid against Factur-X_EN16931.xsd:\n%.*s\n", (int)out.len, out.data);
			CHECK(v == 0);
		}
	}
	xmlFreeDoc(doc);
done:
	doc_free(&d);
	buf_free(&out);
	fuzz_in_free(&in);
	return 0;
}
