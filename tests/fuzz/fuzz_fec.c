/* fuzz_fec.c: the FEC writer (cgi/invoice/fec.c) on rows built from the input: any text in
 * every field (tabs, line breaks, accents, characters Latin-9 lacks), dates, amounts, entries
 * balanced (mostly) or not. When fec_write accepts the rows, the file must be the header and
 * one line per row, CRLF-terminated, each line exactly 18 tab-separated fields, the
 * amounts "1234,56", the dates AAAAMMJJ or empty; when it refuses them, nothing is written. */
#include "fuzz.h"
#include "doc.h"
#include <ctype.h>

enum { MAX_ROWS = 8, FEC_FIELDS = 18 };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	setenv("TZ", "Europe/Paris", 1);
	return 0;
}

static time_t date_of(struct fuzz_in *in)
{
	/* 0 (none) or a time between 1970 and 2106. */
	return (time_t)fz_u64(in, 4);
}

static bool amount_ok(const char *s, size_t n)
{
	size_t comma = 0;
	while (comma < n && isdigit((unsigned char)s[comma]))
		comma++;
	return comma > 0 && comma + 3 == n && s[comma] == ',' && isdigit((unsigned char)s[comma + 1]) &&
	       isdigit((unsigned char)s[comma + 2]);
}

static bool date_ok(const char *s, size_t n)
{
	if (n == 0)
		return true;
	if (n != 8)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = {.p = data, .n = size};
	struct fec_row rows[MAX_ROWS];
	size_t n = fz_u8(&in) % (MAX_ROWS + 1);
	bool balance = fz_bool(&in);
	static const char *const entries[] = {"VE1", "VE2", "BQ1", "OD-0001"};
	for (size_t i = 0; i < n; i++) {
		struct fec_row *r = &rows[i];
		r->journal_code = fz_str(&in, 8, true, true);
		r->journal_label = fz_str(&in, 30, true, true);
		r->entry_number = fz_bool(&in) ? entries[fz_u8(&in) % 4] : fz_str(&in, 12, true, false);
		r->entry_date = date_of(&in);
		r->account = fz_str(&in, 10, true, true);
		r->account_label = fz_str(&in, 40, true, true);
		r->aux_account = fz_str(&in, 10, true, true);
		r->aux_label = fz_str(&in, 40, true, true);
		r->piece_ref = fz_str(&in, 16, true, true);
		r->piece_date = date_of(&in);
		r->label = fz_str(&in, 60, true, true);
		r->debit_cents = (int64_t)fz_u64(&in, fz_u8(&in) % 9);
		r->credit_cents = (int64_t)fz_u64(&in, fz_u8(&in) % 9);
		r->lettering = fz_str(&in, 4, true, true);
		r->lettering_date = date_of(&in);
		r->valid_date = date_of(&in);
	}
	/* Balance each entry on its last row, so that the writer is reached. */
	for (size_t i = 0; balance && i < n; i++) {
		bool last = true;
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(rows[j].entry_number, rows[i].entry_number) == 0)
				last = false;
		if (!last || rows[i].debit_cents < 0 || rows[i].credit_cents < 0)
			continue;
		__int128 sum = 0;
		for (size_t j = 0; j < i; j++)
			if (strcmp(rows[j].entry_number, rows[i].entry_number) == 0)
				sum += (__int128)rows[j].debit_cents - rows[j].credit_cents;
		sum += (__int128)rows[i].debit_cents - rows[i].credit_cents;
		if (sum > 0 && sum <= INT64_MAX - rows[i].credit_cents)
			rows[i].credit_cents += (int64_t)sum;
		else if (sum < 0 && -sum <= INT64_MAX - rows[i].debit_cents)
			rows[i].debit_cents += (int64_t)-sum;
	}

	struct buf out = {0};
	buf_puts(&out, "");
	size_t before = out.len;
	int rc = fec_write(rows, n, &out);
	if (rc != 0) {
		CHECK(rc == -1);
		CHECK(out.len == before);
		goto done;
	}
	if (getenv("FUZZ_VERBOSE")) /* run.sh repro with FUZZ_VERBOSE=1 shows the file */
		fwrite(out.data, 1, out.len, stderr);
	/* Lines: the header, then one per row. */
	size_t line_no = 0;
	const char *p = out.data, *end = out.data + out.len;
	while (p < end) {
		const char *eol = NULL;
		for (const char *q = p; q < end; q++) {
			CHECK(*q != '\n' || (q > p && q[-1] == '\r')); /* no bare LF */
			if (*q == '\r') {
				CHECK(q + 1 < end && q[1] == '\n'); /* no bare CR */
				eol = q;
				break;
			}
		}
		CHECK(eol != NULL); /* every line ends with CRLF */
		const char *f[FEC_FIELDS + 1];
		size_t fl[FEC_FIELDS + 1], nf = 0;
		const char *start = p;
		for (const char *q = p; q <= eol; q++) {
			if (q == eol || *q == '\t') {
				if (nf < FEC_FIELDS + 1) {
					f[nf] = start;
					fl[nf] = (size_t)(q - start);
				}
				nf++;
				start = q + 1;
			}
		}
		if (nf != FEC_FIELDS) {
			fprintf(stderr, "line %zu has %zu fields: %.*s\n", line_no, nf, (int)(eol - p), p);
			CHECK(nf == FEC_FIELDS);
		}
		if (line_no == 0) {
			CHECK(fl[0] == 11 && memcmp(f[0], "JournalCode", 11) == 0);
		} else {
			CHECK(amount_ok(f[11], fl[11]) && amount_ok(f[12], fl[12]));
			CHECK(date_ok(f[3], fl[3]) && date_ok(f[9], fl[9]) && date_ok(f[14], fl[14]) &&
			      date_ok(f[15], fl[15]));
			CHECK(fl[3] == 8 && fl[9] == 8 && fl[15] == 8); /* mandatory dates */
			CHECK(fl[16] == 0 && fl[17] == 0);
		}
		line_no++;
		p = eol + 2;
	}
	CHECK(line_no == n + 1);
done:
	buf_free(&out);
	fuzz_in_free(&in);
	return 0;
}
