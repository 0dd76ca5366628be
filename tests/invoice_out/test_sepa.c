/* test_sepa.c: iban_valid and sepa_pain008, validated by xmllint against pain.008.001.08. */
#include "fixtures.h"
#include "tap.h"

static char xsd[1024];

static int xmllint(const char *xml, size_t len, struct buf *log)
{
	char path[] = "/tmp/fontaine-sepa.XXXXXX.xml";
	if (fix_write_temp(path, 4, xml, len) < 0)
		return -1;
	char *argv[] = {"xmllint", "--noout", "--nonet", "--schema", xsd, path, NULL};
	int rc = fix_run(argv, log);
	unlink(path);
	return rc;
}

static void test_iban(void)
{
	static const struct {
		const char *iban;
		bool valid;
		const char *what;
	} cases[] = {
		{"FR7630004000031234567890143", true, "French IBAN"},
		{"FR76 3000 4000 0312 3456 7890 143", true, "with spaces"},
		{"fr76 3000 4000 0312 3456 7890 143", true, "lower case"},
		{"FR1420041010050500013M02606", true, "French IBAN with a letter in the account"},
		{"DE89370400440532013000", true, "German IBAN"},
		{"BE68539007547034", true, "Belgian IBAN (16)"},
		{"FR7630004000031234567890144", false, "last digit changed"},
		{"FR7630004000031234567890134", false, "two digits swapped"},
		{"FR763000400003123456789014", false, "French IBAN one character short"},
		{"DE8937040044053201300", false, "German IBAN one short"},
		{"FR76300040000312345678901-3", false, "a dash"},
		{"", false, "empty"},
		{"FR", false, "country only"},
		{"7630004000031234567890143FR", false, "country at the end"},
		{"FR7630004000031234567890143FR7630004000031234567890143", false, "too long"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(iban_valid(cases[i].iban), cases[i].valid, "iban_valid: %s", cases[i].what);
	is_int(iban_valid(NULL), false, "iban_valid: NULL");
}

static const struct sepa_tx fix_tx[] = {
	{.end_to_end_id = "F2026-00043", .amount_cents = 15498, .mandate_id = "RUM-2026-0007",
	 .debtor_name = "Élodie Marchand", .debtor_iban = "FR76 3000 6000 0112 3456 7890 189",
	 .debtor_bic = "AGRIFRPP", .remittance = "Facture F2026-00043 — formule résident mars"},
	{.end_to_end_id = "F2026-00044", .amount_cents = 1, .mandate_id = "RUM-2026-0008",
	 .debtor_name = "Œuvres & Co « Lot »", .debtor_iban = "DE89370400440532013000",
	 .remittance = "Facture F2026-00044"},
	{.end_to_end_id = "F2026-00045", .amount_cents = 99999999999, .mandate_id = "RUM-2026-0009",
	 .debtor_name = "Lucas Pérez", .debtor_iban = "FR1420041010050500013M02606",
	 .debtor_bic = "PSSTFRPPTOU"},
};

static struct sepa_batch fix_batch(struct sepa_tx *tx, size_t n)
{
	return (struct sepa_batch){
		.message_id = "PRLV-2026-04", .payment_info_id = "PRLV-2026-04-RCUR",
		.created = fix_day(2026, 4, 1) + 9 * 3600 + 30 * 60,
		.collection_date = fix_day(2026, 4, 8),
		.creditor_name = "Canti'net — La Fontaine",
		.creditor_iban = "FR76 3000 4000 0312 3456 7890 143",
		.creditor_bic = "BNPAFRPPXXX", .creditor_id = "FR72ZZZ123456",
		.sequence_type = "RCUR", .tx = tx, .n_tx = n};
}

static void test_batch(void)
{
	struct sepa_tx tx[3];
	memcpy(tx, fix_tx, sizeof tx);
	for (int i = 0; i < 3; i++)
		tx[i].mandate_date = fix_day(2025, 9, 15);
	struct sepa_batch b = fix_batch(tx, 3);
	struct buf x = {0}, log = {0};
	is_int(sepa_pain008(&b, &x), 0, "a batch of three: written");
	int rc = xmllint(x.data ? x.data : "", x.len, &log);
	is_int(rc, 0, "xmllint --schema pain.008.001.08.xsd accepts it");
	if (rc)
		diag("%s", log.data ? log.data : "");
	contains(log.data, "validates", "xmllint says it validates");
	contains(x.data, "xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.008.001.08\"",
		 "the pain.008.001.08 namespace");
	contains(x.data, "<NbOfTxs>3</NbOfTxs>", "NbOfTxs 3");
	contains(x.data, "<CtrlSum>1000000154.98</CtrlSum>",
		 "CtrlSum = 154,98 + 0,01 + 999 999 999,99");
	contains(x.data, "<CreDtTm>2026-04-01T09:30:00</CreDtTm>", "CreDtTm");
	contains(x.data, "<ReqdColltnDt>2026-04-08</ReqdColltnDt>", "collection date");
	contains(x.data, "<SeqTp>RCUR</SeqTp>", "sequence type");
	contains(x.data, "<Cd>CORE</Cd>", "SEPA Core scheme");
	contains(x.data, "<IBAN>FR7630004000031234567890143</IBAN>", "creditor IBAN compacted");
	contains(x.data, "<Id>FR72ZZZ123456</Id>", "creditor identifier (ICS)");
	contains(x.data, "<InstdAmt Ccy=\"EUR\">154.98</InstdAmt>", "amount in euros");
	contains(x.data, "<InstdAmt Ccy=\"EUR\">0.01</InstdAmt>", "one cent");
	contains(x.data, "<MndtId>RUM-2026-0007</MndtId>", "RUM");
	contains(x.data, "<DtOfSgntr>2025-09-15</DtOfSgntr>", "mandate signature date");
	contains(x.data, "<Nm>Elodie Marchand</Nm>", "debtor name in the SEPA character set");
	contains(x.data, "<Nm>OEuvres + Co   Lot</Nm>", "Œ, & and guillemets transliterated");
	contains(x.data, "<Nm>Canti'net - La Fontaine</Nm>", "creditor name, dash");
	contains(x.data, "<Ustrd>Facture F2026-00043 - formule resident mars</Ustrd>",
		 "remittance information");
	contains(x.data, "<Id>NOTPROVIDED</Id>", "a debtor without BIC: NOTPROVIDED");
	contains(x.data, "<BICFI>AGRIFRPP</BICFI>", "an 8-letter BIC");
	buf_free(&x);
	buf_free(&log);

	/* The validator can fail: a wrong sequence type written by hand is refused. */
	b = fix_batch(tx, 1);
	is_int(sepa_pain008(&b, &x), 0, "a batch of one: written");
	char *seq = x.data ? strstr(x.data, "<SeqTp>RCUR</SeqTp>") : NULL;
	if (ok(seq != NULL, "sequence type found")) {
		memcpy(seq + 7, "XXXX", 4);
		ok(xmllint(x.data, x.len, &log) != 0, "xmllint refuses SeqTp XXXX");
	}
	buf_free(&x);
	buf_free(&log);
}

static void test_refused(void)
{
	struct sepa_tx tx[3];
	memcpy(tx, fix_tx, sizeof tx);
	for (int i = 0; i < 3; i++)
		tx[i].mandate_date = fix_day(2025, 9, 15);
	struct buf x = {0};
	struct sepa_batch b = fix_batch(tx, 0);
	is_int(sepa_pain008(&b, &x), -1, "empty batch: refused");
	b = fix_batch(tx, 3);
	b.creditor_iban = "FR7630004000031234567890144";
	is_int(sepa_pain008(&b, &x), -1, "bad creditor IBAN: refused");
	b = fix_batch(tx, 3);
	tx[1].debtor_iban = "DE89370400440532013001";
	is_int(sepa_pain008(&b, &x), -1, "bad debtor IBAN: refused");
	memcpy(tx, fix_tx, sizeof tx);
	for (int i = 0; i < 3; i++)
		tx[i].mandate_date = fix_day(2025, 9, 15);
	b.sequence_type = "ONCE";
	is_int(sepa_pain008(&b, &x), -1, "unknown sequence type: refused");
	b = fix_batch(tx, 3);
	tx[0].amount_cents = 0;
	is_int(sepa_pain008(&b, &x), -1, "zero amount: refused");
	tx[0].amount_cents = 100000000000;
	is_int(sepa_pain008(&b, &x), -1, "amount above 999 999 999,99: refused");
	tx[0] = fix_tx[0];
	tx[0].mandate_date = 0;
	is_int(sepa_pain008(&b, &x), -1, "no mandate date: refused");
	tx[0].mandate_date = fix_day(2025, 9, 15);
	tx[0].mandate_id = "RUM été 2026";
	is_int(sepa_pain008(&b, &x), -1, "RUM outside the SEPA characters: refused (never altered)");
	tx[0].mandate_id = "RUM-2026-0007-ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	is_int(sepa_pain008(&b, &x), -1, "RUM longer than 35: refused");
	tx[0].mandate_id = "RUM-2026-0007";
	tx[0].debtor_bic = "AGRI";
	is_int(sepa_pain008(&b, &x), -1, "malformed BIC: refused");
	tx[0].debtor_bic = "AGRIFRPP";
	b.creditor_id = "";
	is_int(sepa_pain008(&b, &x), -1, "no creditor identifier: refused");
	b.creditor_id = "FR12ZZZ123456";
	is_int(sepa_pain008(&b, &x), -1, "a creditor identifier whose check digits fail: refused");
	b.creditor_id = "FR72ZZZ123456";
	/* Found by tests/fuzz/fuzz_sepa.c: a name with nothing of the SEPA set became <Nm></Nm>. */
	const char *name = tx[0].debtor_name;
	tx[0].debtor_name = "李小龍";
	is_int(sepa_pain008(&b, &x), -1, "a debtor name with no SEPA character: refused (no empty Nm)");
	tx[0].debtor_name = name;
	tx[0].remittance = "€€";
	x.len = 0;
	ok(sepa_pain008(&b, &x) == 0 && !memmem(x.data, x.len, "<Ustrd></Ustrd>", 15) &&
	   !memmem(x.data, x.len, "<Ustrd/>", 8), "a remittance with no SEPA character: left out");
	tx[0].remittance = fix_tx[0].remittance;
	x.len = 0;
	ok(sepa_pain008(&b, &x) == 0 && x.len > 0, "the batch is fine again (the refusals were real)");
	buf_free(&x);
}

/* ICS check digits: ISO 7064 mod 97-10 on the identifier rearranged (business code skipped). */
static void test_ics(void)
{
	static const struct {
		const char *ics;
		bool ok;
		const char *what;
	} cases[] = {
		{"FR72ZZZ123456", true, "the French test ICS"},
		{"FR72ABC123456", true, "the business code is not part of the check"},
		{"DE98ZZZ09999999999", true, "the German test ICS"},
		{"FR12ZZZ123456", false, "the former default FR12ZZZ123456 (check digits 12)"},
		{"FR72ZZZ123457", false, "a digit changed"},
		{"FR27ZZZ123456", false, "check digits swapped"},
		{"FR72zzz123456", false, "lower case"},
		{"FR72 ZZZ 123456", false, "spaces"},
		{"FR72ZZZ", false, "no national identifier"},
		{"", false, "empty"},
		{NULL, false, "NULL"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_int(ics_valid(cases[i].ics), cases[i].ok, "ics_valid: %s", cases[i].what);
}

int main(void)
{
	fix_init();
	snprintf(xsd, sizeof xsd, "%s/sepa/pain.008.001.08.xsd", fix_standards());
	test_iban();
	test_ics();
	if (!ok(access(xsd, R_OK) == 0, "the XSD is at %s (set FONTAINE_STANDARDS)", xsd))
		return done_testing();
	test_batch();
	test_refused();
	return done_testing();
}
