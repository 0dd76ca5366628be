/* fuzz_sepa.c: the SEPA direct-debit writer (cgi/invoice/sepa.c) on batches built from the
 * input: names and remittance texts in any UTF-8, identifiers, IBANs, BICs, creditor ids,
 * sequence types and amounts either taken from lists of valid ones or fuzzed, up to five
 * transactions. When sepa_pain008 accepts a batch, its document must parse with libxml2,
 * count the transactions and their sum right, and, when the XSD is at hand
 * ($FUZZ_STANDARDS/sepa/pain.008.001.08.xsd, run.sh sets it to ../shared/standards), be
 * valid against the pain.008.001.08 schema. A refused batch writes nothing. */
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
		snprintf(path, sizeof path, "%s/sepa/pain.008.001.08.xsd", dir);
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
		if (pc) {
			schema = xmlSchemaParse(pc);
			xmlSchemaFreeParserCtxt(pc);
		}
		if (!schema)
			fprintf(stderr, "fuzz_sepa: could not load %s: well-formedness only\n", path);
	}
	return 0;
}

static const char *const ibans[] = {"FR7630006000011234567890189", "FR76 3000 4000 0312 3456 7890 143",
				    "DE89370400440532013000", "BE71096123456769", "fr7630006000011234567890189"};
static const char *const bics[] = {"AGRIFRPP", "BNPAFRPPXXX", "DEUTDEFF", "", NULL};
static const char *const ids[] = {"F2026-00042", "FONTAINE-2026-0001", "MSG-1", "A/B", "RUM 12"};
static const char *const seqs[] = {"FRST", "RCUR", "OOFF", "FNAL"};

#define PICK(in, list, max, utf8) \
	(fz_bool(in) ? (list)[fz_u8(in) % (sizeof(list) / sizeof((list)[0]))] : fz_str(in, max, utf8, true))

static int64_t amount_of(struct fuzz_in *in)
{
	switch (fz_u8(in) % 4) {
	case 0: return 1 + (int64_t)(fz_u64(in, 2));
	case 1: return (int64_t)fz_u64(in, 8);
	case 2: return INT64_C(99999999999);
	default: return (int64_t)fz_u64(in, 5);
	}
}

/* Returns the text of the first element named name under node (depth first), or NULL. */
static xmlNodePtr find(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr n = node; n; n = n->next) {
		if (n->type == XML_ELEMENT_NODE && xmlStrcmp(n->name, BAD_CAST name) == 0)
			return n;
		xmlNodePtr c = find(n->children, name);
		if (c)
			return c;
	}
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.p = data, .n = size};
	struct sepa_tx tx[5];
	struct sepa_batch b = {
		.message_id = PICK(&in, ids, 40, false),
		.payment_info_id = PICK(&in, ids, 40, false),
		.created = (time_t)fz_u64(&in, 4),
		.collection_date = (time_t)fz_u64(&in, 4),
		.creditor_name = fz_str(&in, 120, true, true),
		.creditor_iban = PICK(&in, ibans, 40, false),
		.creditor_bic = PICK(&in, bics, 12, false),
		.creditor_id = fz_bool(&in) ? "FR12ZZZ123456" : fz_str(&in, 36, false, true),
		.sequence_type = PICK(&in, seqs, 5, false),
		.tx = tx,
		.n_tx = fz_u8(&in) % 6,
	};
	int64_t sum = 0;
	for (size_t i = 0; i < b.n_tx; i++) {
		tx[i] = (struct sepa_tx){
			.end_to_end_id = PICK(&in, ids, 40, false),
			.amount_cents = amount_of(&in),
			.mandate_id = PICK(&in, ids, 40, false),
			.mandate_date = (time_t)fz_u64(&in, 4),
			.debtor_name = fz_str(&in, 120, true, true),
			.debtor_iban = PICK(&in, ibans, 40, false),
			.debtor_bic = PICK(&in, bics, 12, false),
			.remittance = fz_str(&in, 200, true, true),
		};
		sum += tx[i].amount_cents > 0 && tx[i].amount_cents <= INT64_C(99999999999) ? tx[i].amount_cents : 0;
	}
	struct buf out = {0};
	int rc = sepa_pain008(&b, &out);
	if (rc != 0) {
		CHECK(rc == -1 && out.len == 0);
		goto done;
	}
	if (getenv("FUZZ_VERBOSE"))
		fwrite(out.data, 1, out.len, stderr);
	xmlDocPtr doc = xmlReadMemory(out.data, (int)out.len, "sepa.xml", NULL, XML_PARSE_NONET);
	if (!doc) {
		fprintf(stderr, "not well-formed:\n%.*s\n", (int)out.len, out.data);
		CHECK(doc != NULL);
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	CHECK(root && xmlStrcmp(root->name, BAD_CAST "Document") == 0);
	xmlNodePtr n = find(root, "NbOfTxs");
	xmlChar *count = n ? xmlNodeGetContent(n) : NULL;
	char want[32];
	snprintf(want, sizeof want, "%zu", b.n_tx);
	CHECK(count && strcmp((const char *)count, want) == 0);
	xmlFree(count);
	n = find(root, "CtrlSum");
	xmlChar *ctrl = n ? xmlNodeGetContent(n) : NULL;
	snprintf(want, sizeof want, "%" PRId64 ".%02" PRId64, sum / 100, sum % 100);
	CHECK(ctrl && strcmp((const char *)ctrl, want) == 0);
	xmlFree(ctrl);
	if (schema) {
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		CHECK(vc != NULL);
		int v = xmlSchemaValidateDoc(vc, doc);
		xmlSchemaFreeValidCtxt(vc);
		if (v != 0) {
			fprintf(stderr, "not valid against pain.008.001.08.xsd:\n%.*s\n", (int)out.len, out.data);
			CHECK(v == 0);
		}
	}
	xmlFreeDoc(doc);
done:
	buf_free(&out);
	fuzz_in_free(&in);
	return 0;
}
