/* sepa.c: a SEPA Core direct-debit batch (ISO 20022 pain.008.001.08) and the IBAN check. */
#include "doc.h"
#include "arena.h"
#include "xmlout.h"
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#define NS_PAIN008 "urn:iso:std:iso:20022:tech:xsd:pain.008.001.08"
/* EPC: at most 999 999 999,99 € per transaction. */
#define SEPA_MAX_AMOUNT INT64_C(99999999999)

/* IBAN lengths of the SEPA countries (EPC409: SEPA countries and territories). */
static const struct {
	char cc[3];
	unsigned char len;
} iban_lengths[] = {
	{"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24},
	{"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22},
	{"GI", 23}, {"GR", 27}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27},
	{"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18},
	{"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24}, {"SE", 24}, {"SI", 19}, {"SK", 24},
	{"SM", 27}, {"VA", 22},
};

/* Copies iban without spaces, upper-cased, into out (35 bytes). Returns its length, or 0
 * when it holds something else than letters and digits or is too long. */
static size_t iban_compact(const char *iban, char out[35])
{
	size_t n = 0;
	for (const char *p = iban; *p; p++) {
		if (*p == ' ')
			continue;
		if (!isalnum((unsigned char)*p) || n == 34)
			return 0;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
	return n;
}

bool iban_valid(const char *iban)
{
	char s[35];
	size_t n = iban ? iban_compact(iban, s) : 0;
	if (n < 15 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
		return false;
	for (size_t i = 0; i < sizeof iban_lengths / sizeof iban_lengths[0]; i++)
		if (memcmp(iban_lengths[i].cc, s, 2) == 0 && iban_lengths[i].len != n)
			return false;
	/* ISO 7064 MOD 97-10: the first four characters moved to the end, letters as 10..35,
	 * the number mod 97 is 1. Computed digit by digit. */
	unsigned rem = 0;
	for (size_t k = 0; k < n; k++) {
		char c = s[(k + 4) % n];
		unsigned v = isdigit((unsigned char)c) ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10);
		rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
	}
	return rem == 1;
}

/* True for a BIC (ISO 9362): 4 letters or digits, a country, 2 letters or digits, an
 * optional branch of 3. */
static bool bic_valid(const char *bic)
{
	size_t n = strlen(bic);
	if (n != 8 && n != 11)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)bic[i];
		bool ok = (i == 4 || i == 5) ? isupper(c) : (isupper(c) || isdigit(c));
		if (!ok)
			return false;
	}
	return true;
}

/* True for a character of the EPC's SEPA Latin set. */
static bool sepa_char(unsigned char c)
{
	return isalnum(c) || (c && strchr("/-?:().,'+ ", c));
}

/* True for an identifier SEPA accepts as is (EndToEndId, MsgId, RUM…): 1 to 35 characters
 * of the SEPA set, neither starting nor ending with '/', no "//". Identifiers are never
 * altered: a changed RUM or reference would no longer match. */
static bool sepa_id_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 35 || s[0] == '/' || s[n - 1] == '/' || strstr(s, "//") || s[0] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!sepa_char((unsigned char)s[i]))
			return false;
	return true;
}

/* The text s in the SEPA Latin set (accented letters lose their accents, other characters
 * become spaces), at most max characters. */
static const char *sepa_text(struct arena *a, const char *s, size_t max)
{
	static const struct {
		const char *from, *to;
	} map[] = {
		{"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"}, {"ã", "a"}, {"å", "a"},
		{"À", "A"}, {"Â", "A"}, {"Ä", "A"}, {"Á", "A"}, {"Ã", "A"}, {"Å", "A"},
		{"ç", "c"}, {"Ç", "C"}, {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"},
		{"É", "E"}, {"È", "E"}, {"Ê", "E"}, {"Ë", "E"}, {"î", "i"}, {"ï", "i"},
		{"í", "i"}, {"ì", "i"}, {"Î", "I"}, {"Ï", "I"}, {"Í", "I"}, {"Ì", "I"},
		{"ô", "o"}, {"ö", "o"}, {"ó", "o"}, {"ò", "o"}, {"õ", "o"}, {"ø", "o"},
		{"Ô", "O"}, {"Ö", "O"}, {"Ó", "O"}, {"Ò", "O"}, {"Õ", "O"}, {"Ø", "O"},
		{"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ú", "u"}, {"Ù", "U"}, {"Û", "U"},
		{"Ü", "U"}, {"Ú", "U"}, {"ÿ", "y"}, {"ý", "y"}, {"Ÿ", "Y"}, {"Ý", "Y"},
		{"ñ", "n"}, {"Ñ", "N"}, {"œ", "oe"}, {"Œ", "OE"}, {"æ", "ae"}, {"Æ", "AE"},
		{"ß", "ss"}, {"’", "'"}, {"‘", "'"}, {"&", "+"}, {"–", "-"}, {"—", "-"},
	};
	char *out = arena_alloc(a, max + 1);
	size_t n = 0;
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p && n < max) {
		size_t k = 0, nk = sizeof map / sizeof map[0];
		for (; k < nk; k++)
			if (strncmp((const char *)p, map[k].from, strlen(map[k].from)) == 0)
				break;
		if (k < nk) {
			for (const char *t = map[k].to; *t && n < max; t++)
				out[n++] = *t;
			p += strlen(map[k].from);
			continue;
		}
		out[n++] = sepa_char(*p) ? (char)*p : ' ';
		/* skip the rest of a multi-byte character */
		p++;
		if (p[-1] >= 0xC0)
			while ((*p & 0xC0) == 0x80)
				p++;
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

struct sepa {
	xmlTextWriterPtr w;
	struct arena *a;
	int rc;
};

static void start(struct sepa *x, const char *name)
{
	if (xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->rc = -1;
}

static void end(struct sepa *x)
{
	if (xmlTextWriterEndElement(x->w) < 0)
		x->rc = -1;
}

static void element(struct sepa *x, const char *name, const char *text)
{
	if (xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST text) < 0)
		x->rc = -1;
}

static const char *amount(struct sepa *x, int64_t cents)
{
	return arena_printf(x->a, "%" PRId64 ".%02" PRId64, cents / 100, cents % 100);
}

static const char *iso_date(struct sepa *x, time_t t)
{
	struct tm tm;
	localtime_r(&t, &tm);
	return arena_printf(x->a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static void account(struct sepa *x, const char *name, const char *iban)
{
	char s[35];
	iban_compact(iban, s);
	start(x, name);
	start(x, "Id");
	element(x, "IBAN", s);
	end(x);
	end(x);
}

/* The bank by its BIC, or "NOTPROVIDED" (IBAN-only, allowed by the EPC since 2016). */
static void agent(struct sepa *x, const char *name, const char *bic)
{
	start(x, name);
	start(x, "FinInstnId");
	if (bic && *bic) {
		element(x, "BICFI", bic);
	} else {
		start(x, "Othr");
		element(x, "Id", "NOTPROVIDED");
		end(x);
	}
	end(x);
	end(x);
}

static void party_name(struct sepa *x, const char *name, const char *text)
{
	start(x, name);
	element(x, "Nm", sepa_text(x->a, text, 70));
	end(x);
}

static void transaction(struct sepa *x, const struct sepa_tx *t)
{
	start(x, "DrctDbtTxInf");
	start(x, "PmtId");
	element(x, "EndToEndId", t->end_to_end_id);
	end(x);
	start(x, "InstdAmt");
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST "Ccy", BAD_CAST "EUR") < 0)
		x->rc = -1;
	if (xmlTextWriterWriteString(x->w, BAD_CAST amount(x, t->amount_cents)) < 0)
		x->rc = -1;
	end(x);
	start(x, "DrctDbtTx");
	start(x, "MndtRltdInf");
	element(x, "MndtId", t->mandate_id);
	element(x, "DtOfSgntr", iso_date(x, t->mandate_date));
	end(x);
	end(x);
	agent(x, "DbtrAgt", t->debtor_bic);
	party_name(x, "Dbtr", t->debtor_name);
	account(x, "DbtrAcct", t->debtor_iban);
	/* A text with nothing of the SEPA set left is no remittance (Ustrd takes 1 to 140). */
	const char *ustrd = sepa_text(x->a, t->remittance, 140);
	if (*ustrd) {
		start(x, "RmtInf");
		element(x, "Ustrd", ustrd);
		end(x);
	}
	end(x);
}

static void write_batch(struct sepa *x, const struct sepa_batch *b, int64_t sum)
{
	struct tm tm;
	localtime_r(&b->created, &tm);
	const char *created = arena_printf(x->a, "%04d-%02d-%02dT%02d:%02d:%02d",
					   tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
					   tm.tm_hour, tm.tm_min, tm.tm_sec);
	const char *count = arena_printf(x->a, "%zu", b->n_tx);
	start(x, "Document");
	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST "xmlns", BAD_CAST NS_PAIN008) < 0)
		x->rc = -1;
	start(x, "CstmrDrctDbtInitn");
	start(x, "GrpHdr");
	element(x, "MsgId", b->message_id);
	element(x, "CreDtTm", created);
	element(x, "NbOfTxs", count);
	element(x, "CtrlSum", amount(x, sum));
	party_name(x, "InitgPty", b->creditor_name);
	end(x);
	start(x, "PmtInf");
	element(x, "PmtInfId", b->payment_info_id);
	element(x, "PmtMtd", "DD");
	element(x, "NbOfTxs", count);
	element(x, "CtrlSum", amount(x, sum));
	start(x, "PmtTpInf");
	start(x, "SvcLvl");
	element(x, "Cd", "SEPA");
	end(x);
	start(x, "LclInstrm");
	element(x, "Cd", "CORE");
	end(x);
	element(x, "SeqTp", b->sequence_type);
	end(x);
	element(x, "ReqdColltnDt", iso_date(x, b->collection_date));
	party_name(x, "Cdtr", b->creditor_name);
	account(x, "CdtrAcct", b->creditor_iban);
	agent(x, "CdtrAgt", b->creditor_bic);
	element(x, "ChrgBr", "SLEV");
	start(x, "CdtrSchmeId");
	start(x, "Id");
	start(x, "PrvtId");
	start(x, "Othr");
	element(x, "Id", b->creditor_id);
	start(x, "SchmeNm");
	element(x, "Prtry", "SEPA");
	end(x);
	end(x);
	end(x);
	end(x);
	end(x);
	for (size_t i = 0; i < b->n_tx; i++)
		transaction(x, &b->tx[i]);
	end(x); /* PmtInf */
	end(x); /* CstmrDrctDbtInitn */
	end(x); /* Document */
}

bool ics_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 8 || n > 35 || !isupper((unsigned char)s[0]) || !isupper((unsigned char)s[1]) ||
	    !isdigit((unsigned char)s[2]) || !isdigit((unsigned char)s[3]))
		return false;
	for (size_t i = 4; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
			return false;
	/* ISO 7064 MOD 97-10 on the national identifier (after the business code, positions
	 * 8..) followed by the country code and the check digits; letters as 10..35. */
	unsigned rem = 0;
	for (size_t k = 0; k < n - 3; k++) {
		char c = k < n - 7 ? s[7 + k] : s[k - (n - 7)];
		unsigned v = isdigit((unsigned char)c) ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10);
		rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
	}
	return rem == 1;
}

/* True when name keeps at least one character once in the SEPA set (a name of Chinese or
 * Cyrillic letters only would be an empty Nm, which the schema and the banks refuse). */
static bool sepa_name_ok(const char *name)
{
	if (!name || !*name)
		return false;
	struct arena a = {0};
	bool ok = *sepa_text(&a, name, 70) != '\0';
	arena_free(&a);
	return ok;
}

/* Returns true when the batch can be written: a known sequence type, valid IBANs, BICs,
 * identifiers and dates, names with something of the SEPA set, amounts of 0,01 € to
 * 999 999 999,99 €. Sets *sum. */
static bool batch_valid(const struct sepa_batch *b, int64_t *sum)
{
	static const char *const seq[] = {"FRST", "RCUR", "OOFF", "FNAL"};
	bool seq_ok = false;
	for (size_t i = 0; i < 4; i++)
		seq_ok |= b->sequence_type && strcmp(b->sequence_type, seq[i]) == 0;
	if (!seq_ok || !b->tx || b->n_tx == 0 || b->n_tx > 999999 || !b->created ||
	    !b->collection_date || !sepa_id_valid(b->message_id) ||
	    !sepa_id_valid(b->payment_info_id) || !sepa_name_ok(b->creditor_name) ||
	    !iban_valid(b->creditor_iban) || !ics_valid(b->creditor_id) ||
	    (b->creditor_bic && *b->creditor_bic && !bic_valid(b->creditor_bic)))
		return false;
	*sum = 0;
	for (size_t i = 0; i < b->n_tx; i++) {
		const struct sepa_tx *t = &b->tx[i];
		if (t->amount_cents <= 0 || t->amount_cents > SEPA_MAX_AMOUNT ||
		    !sepa_id_valid(t->end_to_end_id) || !sepa_id_valid(t->mandate_id) ||
		    !t->mandate_date || !sepa_name_ok(t->debtor_name) ||
		    !iban_valid(t->debtor_iban) ||
		    (t->debtor_bic && *t->debtor_bic && !bic_valid(t->debtor_bic)))
			return false;
		*sum += t->amount_cents; /* ≤ 999 999 × 10^11: no overflow */
	}
	return true;
}

int sepa_pain008(const struct sepa_batch *b, struct buf *out)
{
	int64_t sum;
	if (!batch_valid(b, &sum))
		return -1;
	struct arena a = {0};
	struct xmlout xo = {0};
	if (xmlout_begin(&xo) < 0) {
		if (xo.w)
			xmlFreeTextWriter(xo.w);
		if (xo.xb)
			xmlBufferFree(xo.xb);
		return -1;
	}
	xmlTextWriterSetIndent(xo.w, 1);
	xmlTextWriterSetIndentString(xo.w, BAD_CAST " ");
	struct sepa x = {.w = xo.w, .a = &a, .rc = 0};
	write_batch(&x, b, sum);
	struct buf tmp = {0};
	int rc = xmlout_finish(&xo, &tmp);
	if (rc == 0 && x.rc == 0)
		buf_append(out, tmp.data, tmp.len);
	else
		rc = -1;
	buf_free(&tmp);
	arena_free(&a);
	return rc;
}
