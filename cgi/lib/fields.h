/* fields.h: declared form and query fields, their validators and French error messages. */
#ifndef FT_FIELDS_H
#define FT_FIELDS_H
#include <stdbool.h>
#include <stdint.h>
#include "parse.h"

enum field_type {
	FIELD_LINE,      /* one line of text: no control characters */
	FIELD_TEXT,      /* multi-line text: newlines and tabs allowed; kept as typed (not
			  * trimmed), CR LF and lone CR made LF; min counts non-blank text */
	FIELD_EMAIL,
	FIELD_PHONE,     /* French or international phone number */
	FIELD_INT,       /* whole number within [min, max] */
	FIELD_BOOL,      /* checkbox: present and "1"/"on" means true */
	FIELD_CHOICE,    /* one of choices[] */
	FIELD_DATE,      /* YYYY-MM-DD */
	FIELD_SIREN,     /* 9 digits, Luhn key */
	FIELD_SIRET,     /* 14 digits, Luhn key */
	FIELD_UUID,
	FIELD_TOKEN,     /* opaque ASCII token (base64url) */
	FIELD_POSTCODE,  /* French postcode: 5 digits */
	FIELD_PASSWORD,  /* kept exactly as typed (not trimmed); strength is checked apart */
	FIELD_MONEY,     /* euros as typed in France ("12", "12,50", "1 234,50"): num = cents;
			  * min/max unused (the handler bounds the amount) */
	FIELD__MAX
};

struct field_def {
	const char *name;
	enum field_type type;
	bool required;
	int64_t min, max;           /* length in characters for text, value for FIELD_INT */
	const char *const *choices; /* NULL-terminated, for FIELD_CHOICE */
};

struct field_value {
	bool present;      /* the field was sent and not blank */
	bool valid;
	const char *error; /* French message when !valid */
	const char *str;   /* trimmed value as sent (FIELD_TEXT and FIELD_PASSWORD: as sent), for
			    * redisplay; "" when absent */
	int64_t num;       /* FIELD_INT value, FIELD_CHOICE index, FIELD_BOOL 0/1, FIELD_MONEY cents */
};

/* Reads every declared field from src into out[0..n). Returns the number of invalid fields.
 * "Missing" (required, absent or blank) and "invalid" get different messages. */
size_t form_read(struct arena *a, const struct kvlist *src, const struct field_def *defs,
		 size_t n, struct field_value *out);

/* Single validators, usable on their own; each returns NULL when valid, else a French message. */
const char *valid_email(const char *s);
const char *valid_phone(const char *s);
bool luhn_valid(const char *digits);
const char *valid_siren(const char *s);
const char *valid_siret(const char *s);
const char *valid_date(const char *s, int *y, int *m, int *d);
/* Parses a non-negative amount in euros into *cents: digits, optionally grouped by three with
 * a space (U+0020, U+00A0 or U+202F), then at most two decimals after ',' or '.', then an
 * optional "€" (so fmt_money's output reads back). Refuses signs, letters, a third decimal,
 * bad grouping and amounts of a billion euros or more. Returns true when s is such an amount. */
bool parse_euros(const char *s, int64_t *cents);
#endif
