/* test_doc.c: doc_totals, the EN 16931 totals (BR-CO-10..17) in integer cents. */
#include "fixtures.h"
#include "tap.h"

/* round(num / den) half away from zero for num >= 0, by another route than doc.c's. */
static int64_t ref_round(__int128 num, __int128 den)
{
	return (int64_t)((2 * num + den) / (2 * den));
}

/* A franchise document made of the given lines (all 'E'). */
static struct doc franchise_doc(const struct doc_line *lines, size_t n)
{
	struct doc d = fix_franchise_invoice();
	d.lines_in = lines;
	d.n_lines = n;
	d.paid_cents = 0;
	return d;
}

static struct doc vat_doc(const struct doc_line *lines, size_t n)
{
	struct doc d = fix_vat_invoice();
	d.lines_in = lines;
	d.n_lines = n;
	return d;
}

static void test_fixture_invoice(void)
{
	struct doc d = fix_vat_invoice();
	is_int(doc_totals(&d), 0, "VAT invoice: totals computed");
	is_int(d.lines[0].net_cents, 25000, "line 1: 1 × 250,00 = 250,00");
	is_int(d.lines[1].net_cents, 3747, "line 2: 3 × 12,49 = 37,47");
	is_int(d.lines[2].net_cents, 4163, "line 3: 12,5 × 3,33 = 41,625 → 41,63 (half up)");
	is_int(d.lines[3].net_cents, 3198, "line 4: 2 × 15,99 = 31,98");
	is_int(d.net_cents, 36108, "BR-CO-10: total HT is the sum of the line nets");
	is_int((long long)d.n_vat, 3, "three VAT rates, three breakdown rows");
	is_int(d.vat[0].rate_bp, 2000, "first row: 20 % (order of appearance)");
	is_int(d.vat[0].basis_cents, 28747, "20 %: basis 287,47");
	is_int(d.vat[0].vat_cents, 5749, "20 %: VAT 57,494 → 57,49");
	is_int(d.vat[1].rate_bp, 1000, "second row: 10 %");
	is_int(d.vat[1].vat_cents, 416, "10 %: 41,63 × 10 % = 4,163 → 4,16");
	is_int(d.vat[2].rate_bp, 550, "third row: 5,5 %");
	is_int(d.vat[2].vat_cents, 176, "5,5 %: 31,98 × 5,5 % = 1,7589 → 1,76");
	is_int(d.vat_cents, 6341, "BR-CO-14: total VAT is the sum of the rows");
	is_int(d.gross_cents, 42449, "BR-CO-15: TTC = HT + TVA");
	is_int(d.due_cents, 42449, "BR-CO-16: nothing paid, all due");
	is_int(d.lines_in[2].net_cents, 0, "the input lines are left as they were");
	/* A second call frees the first lines (valgrind sees a leak otherwise). */
	is_int(doc_totals(&d), 0, "doc_totals may run twice");
	is_int(d.gross_cents, 42449, "and gives the same totals");
	doc_free(&d);
	ok(d.lines == NULL, "doc_free clears the lines");
	doc_free(&d);
	ok(d.lines == NULL, "doc_free twice is harmless");
}

/* Many lines of 0,333 × 3 €: each rounds to 1,00 €, and the total is the sum of the rounded
 * lines (100,00 €), not the rounded exact sum (99,90 €). */
static void test_many_thirds(void)
{
	enum { N = 100 };
	static struct doc_line l[N];
	for (int i = 0; i < N; i++)
		l[i] = (struct doc_line){.description = "Tiers de demi-journée",
					 .quantity_milli = 333, .unit_price_cents = 300,
					 .vat_rate_bp = 2000, .vat_category = 'S'};
	struct doc d = vat_doc(l, N);
	is_int(doc_totals(&d), 0, "100 lines of 0,333 × 3,00 €");
	is_int(d.lines[N - 1].net_cents, 100, "each line: 0,999 → 1,00 €");
	is_int(d.net_cents, 10000, "total HT 100,00 € (sum of rounded lines, not 99,90 €)");
	is_int(d.vat_cents, 2000, "VAT 20 % on the category basis: 20,00 €");
	is_int(d.gross_cents, 12000, "TTC 120,00 €");
	doc_free(&d);

	/* 3 × 0,33 € per line, 7 lines. */
	for (int i = 0; i < 7; i++)
		l[i] = (struct doc_line){.description = "Photocopies", .quantity_milli = 3000,
					 .unit_price_cents = 33, .vat_rate_bp = 2000,
					 .vat_category = 'S'};
	d = vat_doc(l, 7);
	is_int(doc_totals(&d), 0, "7 lines of 3 × 0,33 €");
	is_int(d.net_cents, 693, "total HT 6,93 €");
	is_int(d.vat_cents, 139, "VAT 1,386 → 1,39 € (rounded once, per rate)");
	doc_free(&d);

	/* VAT rounded per category, not per line: 3 lines of 0,01 € at 20 %. */
	for (int i = 0; i < 3; i++)
		l[i] = (struct doc_line){.description = "Impression", .quantity_milli = 1000,
					 .unit_price_cents = 1, .vat_rate_bp = 2000,
					 .vat_category = 'S'};
	d = vat_doc(l, 3);
	is_int(doc_totals(&d), 0, "3 lines of 0,01 €");
	is_int(d.vat_cents, 1, "VAT on the basis 0,03 € = 0,006 → 0,01 € (per line it would be 0)");
	doc_free(&d);
}

/* Half-up on exact integers: halves go up, never to the even neighbour. */
static void test_half_up(void)
{
	static const struct {
		int64_t q, p;
		int bp;
		int64_t net, vat;
		const char *what;
	} cases[] = {
		{500, 1, 2000, 1, 0, "0,5 × 0,01 € = 0,005 → 0,01; VAT 0,002 → 0"},
		{1500, 1, 2000, 2, 0, "1,5 × 0,01 € = 0,015 → 0,02"},
		{500, 5, 2000, 3, 1, "0,5 × 0,05 € = 0,025 → 0,03 (not 0,02 as banker's)"},
		{1000, 10, 550, 10, 1, "VAT 5,5 % of 0,10 € = 0,0055 → 0,01"},
		{1000, 30, 550, 30, 2, "VAT 5,5 % of 0,30 € = 0,0165 → 0,02"},
		{1000, 5, 1000, 5, 1, "VAT 10 % of 0,05 € = 0,005 → 0,01"},
		{1000, 45, 1000, 45, 5, "VAT 10 % of 0,45 € = 0,045 → 0,05"},
		{1000, 1, 550, 1, 0, "VAT 5,5 % of 0,01 € = 0,00055 → 0"},
		{1000, 0, 2000, 0, 0, "a free line: 0 €"},
		{1, 1, 2000, 0, 0, "0,001 × 0,01 € → 0"},
		{10000000, 100000000, 2000, INT64_C(1000000000000), INT64_C(200000000000),
		 "10 000 × 1 000 000 € (the bounds): no overflow"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct doc_line l = {.description = "x", .quantity_milli = cases[i].q,
				     .unit_price_cents = cases[i].p, .vat_rate_bp = cases[i].bp,
				     .vat_category = 'S'};
		struct doc d = vat_doc(&l, 1);
		int rc = doc_totals(&d);
		ok(rc == 0 && d.net_cents == cases[i].net && d.vat_cents == cases[i].vat,
		   "half up: %s", cases[i].what);
		if (rc == 0 && (d.net_cents != cases[i].net || d.vat_cents != cases[i].vat))
			diag("got net %lld vat %lld", (long long)d.net_cents, (long long)d.vat_cents);
		doc_free(&d);
	}
}

/* A pseudo-random invoice: totals recomputed here by another route (128-bit products,
 * rounding as (2n + d) / 2d, breakdown by rate index). */
static void test_random(void)
{
	static const int rates[] = {2000, 1000, 550, 210};
	static struct doc_line l[200];
	uint32_t seed = 20260331;
	int bad = 0;
	for (int round = 0; round < 50; round++) {
		size_t n = 1 + (seed % 200);
		__int128 basis[4] = {0};
		int64_t want_net = 0;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1664525u + 1013904223u;
			int64_t q = 1 + (seed >> 8) % 50000;
			seed = seed * 1664525u + 1013904223u;
			int64_t p = (seed >> 4) % 2000000;
			int r = (int)((seed >> 28) % 4);
			l[i] = (struct doc_line){.description = "ligne", .quantity_milli = q,
						 .unit_price_cents = p, .vat_rate_bp = rates[r],
						 .vat_category = 'S'};
			int64_t net = ref_round((__int128)q * p, 1000);
			want_net += net;
			basis[r] += net;
		}
		int64_t want_vat = 0;
		for (int r = 0; r < 4; r++)
			want_vat += ref_round(basis[r] * rates[r], 10000);
		struct doc d = vat_doc(l, n);
		if (doc_totals(&d) != 0 || d.net_cents != want_net || d.vat_cents != want_vat ||
		    d.gross_cents != want_net + want_vat || d.due_cents != d.gross_cents) {
			bad++;
			diag("round %d: n=%zu net %lld/%lld vat %lld/%lld", round, n,
			     (long long)d.net_cents, (long long)want_net, (long long)d.vat_cents,
			     (long long)want_vat);
		}
		int64_t sum_basis = 0, sum_vat = 0;
		for (size_t k = 0; k < d.n_vat; k++) {
			sum_basis += d.vat[k].basis_cents;
			sum_vat += d.vat[k].vat_cents;
		}
		if (sum_basis != d.net_cents || sum_vat != d.vat_cents)
			bad++;
		doc_free(&d);
	}
	is_int(bad, 0, "50 random invoices: totals match an independent computation");
}

static void test_credit_note_and_paid(void)
{
	struct doc d = fix_credit_note();
	is_int(doc_totals(&d), 0, "credit note: totals computed");
	is_int(d.net_cents, 25000, "credit note: HT 250,00 € (positive, type 381 says credit)");
	is_int(d.vat_cents, 5000, "credit note: VAT 50,00 €");
	is_int(d.due_cents, 30000, "credit note: 300,00 €");
	doc_free(&d);
	d = fix_credit_note();
	d.corrects_number = NULL;
	is_int(doc_totals(&d), -1, "credit note without the corrected invoice: refused");
	d.corrects_number = "";
	is_int(doc_totals(&d), -1, "credit note with an empty corrected number: refused");

	d = fix_franchise_invoice();
	is_int(doc_totals(&d), 0, "franchise invoice: totals computed");
	is_int(d.lines[1].net_cents, 2498, "2,5 × 9,99 € = 24,975 → 24,98");
	is_int(d.net_cents, 20498, "HT 204,98 €");
	is_int((long long)d.n_vat, 1, "one breakdown row");
	ok(d.vat[0].category == 'E' && d.vat[0].rate_bp == 0 && d.vat[0].vat_cents == 0,
	   "the row is E, 0 %, no VAT");
	is_int(d.vat[0].basis_cents, 20498, "its basis is the total HT");
	is_int(d.gross_cents, 20498, "TTC = HT");
	is_int(d.due_cents, 15498, "BR-CO-16: 204,98 − 50,00 paid = 154,98 due");
	doc_free(&d);
	d = fix_franchise_invoice();
	d.paid_cents = 20498;
	is_int(doc_totals(&d), 0, "fully paid");
	is_int(d.due_cents, 0, "nothing due");
	doc_free(&d);
	d.paid_cents = 20499;
	is_int(doc_totals(&d), -1, "paid above the total: refused");
	ok(d.lines == NULL, "a refused document holds no lines");
	d.paid_cents = -1;
	is_int(doc_totals(&d), -1, "negative paid amount: refused");
}

static void test_refused(void)
{
	static const struct {
		struct doc_line l;
		bool franchise;
		const char *what;
	} bad[] = {
		{{.description = "x", .quantity_milli = 0, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "zero quantity"},
		{{.description = "x", .quantity_milli = -1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "negative quantity"},
		{{.description = "x", .quantity_milli = 10000001, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "quantity above 10 000"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = -100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "negative price"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100000001,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "price above 1 000 000 €"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = INT64_MAX,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "absurd price (INT64_MAX)"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 1960, .vat_category = 'S'}, false, "unknown VAT rate 19,6 %"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 0, .vat_category = 'S'}, false, "standard category at 0 %"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'Z'}, false, "unknown VAT category"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 0, .vat_category = 'E'}, false, "exempt line without the exemption"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'E'}, true, "exempt line with a rate"},
		{{.description = "x", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, true, "VAT charged under the franchise"},
		{{.description = NULL, .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "no description"},
		{{.description = "", .quantity_milli = 1000, .unit_price_cents = 100,
		  .vat_rate_bp = 2000, .vat_category = 'S'}, false, "empty description"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct doc d = bad[i].franchise ? franchise_doc(&bad[i].l, 1) : vat_doc(&bad[i].l, 1);
		is_int(doc_totals(&d), -1, "refused: %s", bad[i].what);
	}
	struct doc d = vat_doc(fix_vat_lines, 0);
	is_int(doc_totals(&d), -1, "refused: no line");
	d = vat_doc(NULL, 1);
	is_int(doc_totals(&d), -1, "refused: no line array");
	d = fix_vat_invoice();
	d.seller.vat_number = NULL;
	is_int(doc_totals(&d), -1, "refused: VAT charged by a seller without VAT number (BR-S-02)");
	d = fix_vat_invoice();
	d.penalty_note = NULL;
	is_int(doc_totals(&d), -1, "refused: business customer without the penalty mentions");
	d.buyer = fix_buyer_person();
	is_int(doc_totals(&d), 0, "an individual needs no penalty mention");
	doc_free(&d);
	d = fix_vat_invoice();
	d.type = (enum doc_type)999;
	is_int(doc_totals(&d), -1, "refused: unknown document type");
	/* the refused ones held nothing: */
	ok(d.lines == NULL && d.net_cents == 0, "a refused document has no totals");
}

/* BR-CO-10..16 with allowances and charges: line ones change the line nets (BT-131), document
 * ones sit between BT-106 and BT-109 and in the basis of their VAT row. */
static void test_allowances(void)
{
	struct doc d = fix_vat_with_allowances();
	is_int(doc_totals(&d), 0, "allowances: totals computed");
	is_int(d.lines[0].net_cents, 22500, "line 1: 250,00 − 10 %% (25,00) = 225,00");
	is_int(d.lines[0].allowance_cents, 2500, "line 1: its allowance");
	is_int(d.lines[2].net_cents, 4663, "line 3: 41,63 + 5,00 of charge = 46,63");
	is_int(d.lines[1].net_cents, 3747, "line 2: untouched");
	is_int(d.line_total_cents, 34108, "BR-CO-10: BT-106 = Σ line nets after their allowances");
	is_int(d.allowance_cents, 1000, "BR-CO-11: BT-107 = Σ document allowances");
	is_int(d.charge_cents, 1500, "BR-CO-12: BT-108 = Σ document charges");
	is_int(d.net_cents, 34108 - 1000 + 1500, "BR-CO-13: BT-109 = BT-106 − BT-107 + BT-108");
	is_int(d.vat[0].basis_cents, 22500 + 3747 - 1000, "20 %%: basis less the document allowance");
	is_int(d.vat[0].vat_cents, 5049, "20 %%: 252,47 × 20 %% = 50,494 → 50,49");
	is_int(d.vat[1].basis_cents, 4663 + 1500, "10 %%: basis with the document charge");
	is_int(d.vat[1].vat_cents, 616, "10 %%: 61,63 × 10 %% = 6,163 → 6,16");
	is_int(d.vat[2].vat_cents, 176, "5,5 %%: unchanged");
	int64_t sum_basis = 0;
	for (size_t k = 0; k < d.n_vat; k++)
		sum_basis += d.vat[k].basis_cents;
	is_int(sum_basis, d.net_cents, "BR-CO-?: the bases add up to BT-109");
	is_int(d.vat_cents, 5049 + 616 + 176, "BR-CO-14: BT-110 = Σ BT-117");
	is_int(d.gross_cents, d.net_cents + d.vat_cents, "BR-CO-15: BT-112 = BT-109 + BT-110");
	is_int(d.due_cents, d.gross_cents, "BR-CO-16: BT-115 = BT-112 − BT-113");
	doc_free(&d);

	struct doc_allowance bad[1];
	struct doc e;
	bad[0] = (struct doc_allowance){.line = 1, .amount_cents = 3748, .reason = "Trop"};
	e = fix_vat_invoice();
	e.acs = bad;
	e.n_acs = 1;
	is_int(doc_totals(&e), -1, "refused: a line allowance above its line (37,48 on 37,47)");
	bad[0].amount_cents = 3747;
	is_int(doc_totals(&e), 0, "accepted: an allowance of the whole line");
	is_int(e.lines[1].net_cents, 0, "that line's net is 0");
	doc_free(&e);
	bad[0] = (struct doc_allowance){.line = 0, .amount_cents = 2400, .base_cents = 25000, .percent_bp = 1000,
					.reason = "Faux"};
	is_int(doc_totals(&e), -1, "refused: 10 %% of 250,00 is not 24,00");
	bad[0] = (struct doc_allowance){.line = 0, .amount_cents = 100, .reason = ""};
	is_int(doc_totals(&e), -1, "refused: an allowance without reason (BR-33/BR-42)");
	bad[0] = (struct doc_allowance){.line = 7, .amount_cents = 100, .reason = "Ligne"};
	is_int(doc_totals(&e), -1, "refused: an allowance on a line that does not exist");
	bad[0] = (struct doc_allowance){.line = -1, .amount_cents = 3199, .reason = "Trop", .vat_rate_bp = 550,
					.vat_category = 'S'};
	is_int(doc_totals(&e), -1, "refused: a document allowance above the lines at its rate (5,5 %%)");
	bad[0] = (struct doc_allowance){.line = -1, .amount_cents = 100, .reason = "Taux", .vat_rate_bp = 1900,
					.vat_category = 'S'};
	is_int(doc_totals(&e), -1, "refused: a document allowance at an unknown rate");
	bad[0] = (struct doc_allowance){.line = -1, .amount_cents = 0, .reason = "Zéro", .vat_rate_bp = 2000,
					.vat_category = 'S'};
	is_int(doc_totals(&e), -1, "refused: an amount of 0");
	struct doc f = fix_franchise_invoice();
	f.paid_cents = 0;
	bad[0] = (struct doc_allowance){.line = -1, .amount_cents = 100, .reason = "TVA", .vat_rate_bp = 2000,
					.vat_category = 'S'};
	f.acs = bad;
	f.n_acs = 1;
	is_int(doc_totals(&f), -1, "refused: a document allowance with VAT under the franchise");
	bad[0] = (struct doc_allowance){.line = -1, .amount_cents = 100, .reason = "Remise", .vat_category = 'E'};
	is_int(doc_totals(&f), 0, "accepted: the same exempt (E, 0 %%)");
	is_int(f.net_cents, f.line_total_cents - 100, "franchise: BT-109 = BT-106 − 1,00");
	is_int(f.vat_cents, 0, "franchise: no VAT");
	doc_free(&f);
}

int main(void)
{
	fix_init();
	test_fixture_invoice();
	test_many_thirds();
	test_half_up();
	test_random();
	test_credit_note_and_paid();
	test_refused();
	test_allowances();
	return done_testing();
}
