/* fec.c: the Fichier des écritures comptables (art. A47 A-1 LPF) and its file name. */
#include "doc.h"
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char fec_header[] =
	"JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\t"
	"CompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\t"
	"EcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise";

static bool present(const char *s)
{
	return s && *s;
}

/* Appends s with the separators (tab, CR, LF) a field may not hold turned into spaces. */
static void field(struct buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++)
		buf_putc(b, *p == '\t' || *p == '\r' || *p == '\n' ? ' ' : *p);
}

/* AAAAMMJJ in Paris time, or nothing for 0. */
static void date_field(struct buf *b, time_t t)
{
	if (!t)
		return;
	struct tm tm;
	localtime_r(&t, &tm);
	buf_printf(b, "%04d%02d%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* "1234,56": decimal comma, no thousands separator. */
static void amount_field(struct buf *b, int64_t cents)
{
	buf_printf(b, "%" PRId64 ",%02" PRId64, cents / 100, cents % 100);
}

static int by_entry(const void *x, const void *y)
{
	const struct fec_row *a = *(const struct fec_row *const *)x;
	const struct fec_row *b = *(const struct fec_row *const *)y;
	return strcmp(a->entry_number, b->entry_number);
}

/* Returns true when every row holds its mandatory fields and every entry (rows sharing an
 * EcritureNum) has as much debit as credit. */
static bool rows_valid(const struct fec_row *rows, size_t n)
{
	const struct fec_row **sorted = malloc((n ? n : 1) * sizeof *sorted);
	if (!sorted)
		return false;
	bool valid = true;
	for (size_t i = 0; i < n && valid; i++) {
		const struct fec_row *r = &rows[i];
		sorted[i] = r;
		valid = present(r->journal_code) && present(r->journal_label) &&
			present(r->entry_number) && r->entry_date && present(r->account) &&
			present(r->account_label) && present(r->piece_ref) && r->piece_date &&
			present(r->label) && r->valid_date && r->debit_cents >= 0 &&
			r->credit_cents >= 0 && r->debit_cents <= INT64_MAX / 2 &&
			r->credit_cents <= INT64_MAX / 2;
	}
	if (valid)
		qsort(sorted, n, sizeof *sorted, by_entry);
	for (size_t i = 0; i < n && valid;) {
		int64_t debit = 0, credit = 0;
		size_t j = i;
		for (; j < n && strcmp(sorted[j]->entry_number, sorted[i]->entry_number) == 0; j++) {
			if (__builtin_add_overflow(debit, sorted[j]->debit_cents, &debit) ||
			    __builtin_add_overflow(credit, sorted[j]->credit_cents, &credit))
				valid = false;
		}
		if (debit != credit)
			valid = false;
		i = j;
	}
	free(sorted);
	return valid;
}

/* Converts the UTF-8 text in to ISO 8859-15 (the norm's character sets are ASCII, ISO 8859-15
 * and EBCDIC), transliterating what Latin-9 lacks. Returns 0 or -1. */
static int to_latin9(const struct buf *in, struct buf *out)
{
	iconv_t cd = iconv_open("ISO-8859-15//TRANSLIT", "UTF-8");
	if (cd == (iconv_t)-1)
		return -1;
	char *src = in->data;
	size_t left = in->len;
	int rc = 0;
	char chunk[4096];
	while (left > 0) {
		char *dst = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &src, &left, &dst, &room);
		buf_append(out, chunk, sizeof chunk - room);
		if (r == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			/* Invalid or unconvertible character: a '?' and on to the next one. */
			buf_putc(out, '?');
			do {
				src++;
				left--;
			} while (left > 0 && ((unsigned char)*src & 0xC0) == 0x80);
		}
	}
	char *dst = chunk;
	size_t room = sizeof chunk;
	if (iconv(cd, NULL, NULL, &dst, &room) == (size_t)-1)
		rc = -1;
	buf_append(out, chunk, sizeof chunk - room);
	iconv_close(cd);
	return rc;
}

int fec_write(const struct fec_row *rows, size_t n, struct buf *out)
{
	if (n > 0 && !rows)
		return -1;
	if (!rows_valid(rows, n))
		return -1;
	struct buf b = {0};
	buf_puts(&b, fec_header);
	buf_puts(&b, "\r\n");
	for (size_t i = 0; i < n; i++) {
		const struct fec_row *r = &rows[i];
		field(&b, r->journal_code);
		buf_putc(&b, '\t');
		field(&b, r->journal_label);
		buf_putc(&b, '\t');
		field(&b, r->entry_number);
		buf_putc(&b, '\t');
		date_field(&b, r->entry_date);
		buf_putc(&b, '\t');
		field(&b, r->account);
		buf_putc(&b, '\t');
		field(&b, r->account_label);
		buf_putc(&b, '\t');
		field(&b, r->aux_account);
		buf_putc(&b, '\t');
		field(&b, r->aux_label);
		buf_putc(&b, '\t');
		field(&b, r->piece_ref);
		buf_putc(&b, '\t');
		date_field(&b, r->piece_date);
		buf_putc(&b, '\t');
		field(&b, r->label);
		buf_putc(&b, '\t');
		amount_field(&b, r->debit_cents);
		buf_putc(&b, '\t');
		amount_field(&b, r->credit_cents);
		buf_putc(&b, '\t');
		field(&b, r->lettering);
		buf_putc(&b, '\t');
		if (present(r->lettering))
			date_field(&b, r->lettering_date);
		buf_putc(&b, '\t');
		date_field(&b, r->valid_date);
		/* Montantdevise and Idevise: empty, every amount is in euros. */
		buf_puts(&b, "\t\t\r\n");
	}
	struct buf latin9 = {0};
	int rc = to_latin9(&b, &latin9);
	if (rc == 0)
		buf_append(out, latin9.data, latin9.len);
	buf_free(&latin9);
	buf_free(&b);
	return rc;
}

const char *fec_filename(char out[32], const char *siren, time_t period_end)
{
	if (!siren || strlen(siren) != 9 || !period_end)
		return NULL;
	for (const char *p = siren; *p; p++)
		if (!isdigit((unsigned char)*p))
			return NULL;
	struct tm tm;
	localtime_r(&period_end, &tm);
	snprintf(out, 32, "%sFEC%04d%02d%02d", siren, tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday);
	return out;
}
