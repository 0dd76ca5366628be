/* test_fec.c: fec_write and fec_filename, the FEC of art. A47 A-1 LPF. */
#include "fixtures.h"
#include "tap.h"

/* Splits line into fields on tabs; returns the count (at most max). */
static int split(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p && n < max; p++)
		if (*p == '\t') {
			*p = '\0';
			f[n++] = p + 1;
		}
	return n;
}

/* Invoice F2026-00042 (sale, VAT) and its payment: two balanced entries. */
static void rows_of(struct fec_row *r)
{
	time_t day = fix_day(2026, 3, 31), paid = fix_day(2026, 4, 20);
	struct fec_row sale = {.journal_code = "VE", .journal_label = "Journal des ventes",
			       .entry_number = "VE2026-000042", .entry_date = day,
			       .piece_ref = "F2026-00042", .piece_date = day,
			       .label = "Facture F2026-00042 Garonne Conseil", .valid_date = day};
	r[0] = sale;
	r[0].account = "411000";
	r[0].account_label = "Clients";
	r[0].aux_account = "C0117";
	r[0].aux_label = "Garonne Conseil & Associés";
	r[0].debit_cents = 42449;
	r[0].lettering = "AA";
	r[0].lettering_date = paid;
	r[1] = sale;
	r[1].account = "706000";
	r[1].account_label = "Prestations de services";
	r[1].credit_cents = 36108;
	r[2] = sale;
	r[2].account = "445710";
	r[2].account_label = "TVA collectée";
	r[2].credit_cents = 6341;
	struct fec_row bank = {.journal_code = "BQ", .journal_label = "Banque",
			       .entry_number = "BQ2026-000007", .entry_date = paid,
			       .piece_ref = "VIR-0420", .piece_date = paid,
			       .label = "Virement\tGaronne\nConseil", .valid_date = paid};
	r[3] = bank;
	r[3].account = "512000";
	r[3].account_label = "Banque";
	r[3].debit_cents = 42449;
	r[4] = bank;
	r[4].account = "411000";
	r[4].account_label = "Clients";
	r[4].aux_account = "C0117";
	r[4].aux_label = "Garonne Conseil & Associés";
	r[4].credit_cents = 42449;
	r[4].lettering = "AA";
	r[4].lettering_date = paid;
}

static void test_write(void)
{
	struct fec_row r[5];
	rows_of(r);
	struct buf out = {0};
	is_int(fec_write(r, 5, &out), 0, "two balanced entries: written");
	char *text = out.data ? strdup(out.data) : strdup("");
	char *lines[16];
	int n = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < 16;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	is_int(n, 6, "a header line and five rows");
	ok(out.len > 2 && out.data[out.len - 2] == '\r' && out.data[out.len - 1] == '\n',
	   "lines end with CR LF");
	for (int i = 0; i < n; i++) {
		size_t len = strlen(lines[i]);
		if (len && lines[i][len - 1] == '\r')
			lines[i][len - 1] = '\0';
	}
	is_str(lines[0],
	       "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t"
	       "CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\t"
	       "EcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise",
	       "the header names the 18 columns in order");
	char *f[32];
	int bad = 0;
	for (int i = 1; i < n; i++) {
		char copy[1024];
		snprintf(copy, sizeof copy, "%s", lines[i]);
		if (split(copy, f, 32) != 18)
			bad++;
	}
	is_int(bad, 0, "every row has exactly 18 fields");
	is_int(split(lines[1], f, 32), 18, "row 1 split");
	is_str(f[0], "VE", "JournalCode");
	is_str(f[1], "Journal des ventes", "JournalLib");
	is_str(f[2], "VE2026-000042", "EcritureNum");
	is_str(f[3], "20260331", "EcritureDate AAAAMMJJ");
	is_str(f[4], "411000", "CompteNum");
	is_str(f[6], "C0117", "CompAuxNum");
	is_str(f[7], "Garonne Conseil & Associ\xe9s", "CompAuxLib in ISO 8859-15 (é = 0xE9)");
	is_str(f[8], "F2026-00042", "PieceRef");
	is_str(f[9], "20260331", "PieceDate");
	is_str(f[11], "424,49", "Debit with a decimal comma");
	is_str(f[12], "0,00", "Credit 0,00");
	is_str(f[13], "AA", "EcritureLet");
	is_str(f[14], "20260420", "DateLet");
	is_str(f[15], "20260331", "ValidDate");
	is_str(f[16], "", "Montantdevise empty (euros)");
	is_str(f[17], "", "Idevise empty");
	split(lines[2], f, 32);
	is_str(f[11], "0,00", "row 2: Debit 0,00");
	is_str(f[12], "361,08", "row 2: Credit 361,08");
	is_str(f[13], "", "row 2: no lettering");
	is_str(f[14], "", "row 2: no DateLet");
	split(lines[3], f, 32);
	is_str(f[5], "TVA collect\xe9" "e", "row 3: CompteLib in Latin-9");
	split(lines[4], f, 32);
	is_str(f[10], "Virement Garonne Conseil", "tab and newline in a label become spaces");
	free(text);
	buf_free(&out);
}

static void test_refused(void)
{
	struct fec_row r[5];
	struct buf out = {0};
	rows_of(r);
	r[2].credit_cents = 6340;
	is_int(fec_write(r, 5, &out), -1, "an entry off by one cent: refused");
	is_int((long long)out.len, 0, "nothing written");
	rows_of(r);
	r[4].entry_number = "BQ2026-000008";
	is_int(fec_write(r, 5, &out), -1,
	       "two one-sided entries (debit in one, credit in another): refused");
	rows_of(r);
	/* rows of one entry need not be contiguous */
	struct fec_row mixed[5] = {r[0], r[3], r[1], r[4], r[2]};
	is_int(fec_write(mixed, 5, &out), 0, "interleaved entries that balance: written");
	buf_reset(&out);
	rows_of(r);
	r[0].debit_cents = -42449; /* balanced: −424,49 = −487,90 + 63,41 */
	r[1].credit_cents = -48790;
	is_int(fec_write(r, 5, &out), -1, "negative amounts, even balanced: refused");
	rows_of(r);
	r[1].account = NULL;
	is_int(fec_write(r, 5, &out), -1, "missing CompteNum: refused");
	rows_of(r);
	r[0].piece_date = 0;
	is_int(fec_write(r, 5, &out), -1, "missing PieceDate: refused");
	is_int(fec_write(r, 0, &out), 0, "no row: just the header");
	contains(out.data, "JournalCode\t", "the header is there");
	buf_free(&out);
}

static void test_filename(void)
{
	char name[32];
	is_str(fec_filename(name, "812345676", fix_day(2026, 12, 31)), "812345676FEC20261231",
	       "SIREN + FEC + closing date");
	ok(fec_filename(name, "81234567", fix_day(2026, 12, 31)) == NULL, "8-digit SIREN refused");
	ok(fec_filename(name, "81234567A", fix_day(2026, 12, 31)) == NULL, "letters refused");
	ok(fec_filename(name, NULL, fix_day(2026, 12, 31)) == NULL, "no SIREN refused");
}

int main(void)
{
	fix_init();
	test_write();
	test_refused();
	test_filename();
	return done_testing();
}
