/* fields.c: validation of declared fields, with French messages. */
#include "fields.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool has_control(const char *s, bool multiline)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x7f)
			return true;
		if (*p < 0x20 && !(multiline && (*p == '\n' || *p == '\r' || *p == '\t')))
			return true;
		/* C1 controls U+0080..U+009F are encoded C2 80..C2 9F */
		if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			return true;
	}
	return false;
}

const char *valid_email(const char *s)
{
	size_t len = strlen(s);
	const char *at = strrchr(s, '@');
	if (len < 3 || len > 254 || !at || at == s || !at[1])
		return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
	if ((size_t)(at - s) > 64)
		return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c == 0x7f || strchr("<>()[]\\,;:\"", c))
			if (!(c == '@' && p == at))
				return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
	}
	if (strchr(s, '@') != at)
		return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
	const char *dom = at + 1;
	const char *dot = strrchr(dom, '.');
	if (!dot || dot == dom || !dot[1] || strstr(dom, "..") || dom[0] == '.' ||
	    dom[0] == '-')
		return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
	for (const char *label = dom; *label;) {
		size_t n = strcspn(label, ".");
		if (n > 63) /* a DNS label is at most 63 characters */
			return "Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";
		label += n + (label[n] == '.');
	}
	return NULL;
}

const char *valid_phone(const char *s)
{
	size_t digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" .-()", *p) && !(*p == '+' && p == s))
			return "Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).";
	}
	if (digits < 9 || digits > 15)
		return "Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).";
	return NULL;
}

bool luhn_valid(const char *digits)
{
	size_t n = strlen(digits);
	int sum = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digits[n - 1 - i] - '0';
		if (d < 0 || d > 9)
			return false;
		if (i % 2 == 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return n > 0 && sum % 10 == 0;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

const char *valid_siren(const char *s)
{
	if (!all_digits(s, 9))
		return "Le SIREN compte 9 chiffres.";
	if (!luhn_valid(s))
		return "Ce SIREN n’est pas valide : vérifiez les chiffres (clé de contrôle).";
	return NULL;
}

const char *valid_siret(const char *s)
{
	if (!all_digits(s, 14))
		return "Le SIRET compte 14 chiffres.";
	/* La Poste (SIREN 356000000) numbers its establishments with a digit-sum rule. */
	if (strncmp(s, "356000000", 9) == 0) {
		int sum = 0;
		for (int i = 0; i < 14; i++)
			sum += s[i] - '0';
		if (sum % 5 == 0)
			return NULL;
	}
	if (!luhn_valid(s))
		return "Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle).";
	return NULL;
}

const char *valid_date(const char *s, int *y, int *m, int *d)
{
	static const char *msg = "Cette date n’est pas valide (format attendu : AAAA-MM-JJ).";
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return msg;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return msg;
	int yy = atoi(s), mm = atoi(s + 5), dd = atoi(s + 8);
	static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (yy < 1900 || yy > 2200 || mm < 1 || mm > 12 || dd < 1 || dd > mdays[mm - 1])
		return msg;
	bool leap = (yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0;
	if (mm == 2 && dd == 29 && !leap)
		return msg;
	if (y)
		*y = yy, *m = mm, *d = dd;
	return NULL;
}

/* Length of the group separator at s (a space, U+00A0 or U+202F), or 0. */
static size_t group_space(const char *s)
{
	if (s[0] == ' ')
		return 1;
	if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
		return 2;
	if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF)
		return 3;
	return 0;
}

bool parse_euros(const char *s, int64_t *cents)
{
	int64_t units = 0;
	int digits = 0, group = 0; /* digits in all, digits since the last separator */
	bool grouped = false;
	const char *p = s;
	for (;;) {
		if (*p >= '0' && *p <= '9') {
			if (++digits > 9) /* a billion euros or more: not a price typed here */
				return false;
			units = units * 10 + (*p++ - '0');
			group++;
			continue;
		}
		size_t sp = group_space(p);
		if (sp && (p[sp] >= '0' && p[sp] <= '9')) {
			/* "1 234": the first group has 1 to 3 digits, the next ones exactly 3 */
			if (group == 0 || group > 3 || (grouped && group != 3))
				return false;
			grouped = true;
			group = 0;
			p += sp;
			continue;
		}
		break;
	}
	if (digits == 0 || (grouped && group != 3))
		return false;
	int64_t frac = 0;
	if (*p == ',' || *p == '.') {
		p++;
		int n = 0;
		while (*p >= '0' && *p <= '9') {
			if (++n > 2)
				return false;
			frac = frac * 10 + (*p++ - '0');
		}
		if (n == 0)
			return false;
		if (n == 1)
			frac *= 10;
	}
	size_t sp = group_space(p);
	if (strcmp(p + sp, "\xe2\x82\xac") == 0) /* an optional euro sign, after a space or not */
		p += sp + 3;
	if (*p)
		return false;
	if (cents)
		*cents = units * 100 + frac;
	return true;
}

static const char *valid_uuid(const char *s)
{
	if (strlen(s) != 36)
		return "Identifiant invalide.";
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return "Identifiant invalide.";
		} else if (!isxdigit((unsigned char)s[i])) {
			return "Identifiant invalide.";
		}
	}
	return NULL;
}

static const char *trim(struct arena *a, const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return arena_strndup(a, s, n);
}

/* Multi-line text as typed, its line ends made LF: browsers send CR LF from a textarea, an
 * old client a lone CR. Nothing else changes (no trim: indentation, blank lines and a final
 * newline are Markdown, and an edit that changes nothing must store the same bytes). */
static const char *text_lf(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *o = out;
	for (const char *p = s; *p; p++) {
		if (*p == '\r') {
			*o++ = '\n';
			if (p[1] == '\n')
				p++;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

/* Code points of s without its leading and trailing spaces, tabs and newlines. */
static size_t trimmed_chars(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	return utf8_length(s, n);
}

static const char *check_value(struct arena *a, const struct field_def *def, const char *s,
			       struct field_value *v)
{
	size_t chars = utf8_length(s, strlen(s));
	if (def->type != FIELD_INT && def->type != FIELD_MONEY && def->max && chars > (size_t)def->max)
		return arena_printf(a, "Ce champ ne doit pas dépasser %lld caractères.",
				    (long long)def->max);
	switch (def->type) {
	case FIELD_LINE:
	case FIELD_TEXT:
		if (has_control(s, def->type == FIELD_TEXT))
			return "Ce champ contient des caractères non autorisés.";
		if (def->type == FIELD_TEXT)
			chars = trimmed_chars(s); /* at least min characters of text, not of spaces */
		if (def->min && chars < (size_t)def->min)
			return arena_printf(a, "Ce champ doit compter au moins %lld caractères.",
					    (long long)def->min);
		if (def->max && chars > (size_t)def->max)
			return arena_printf(a, "Ce champ ne doit pas dépasser %lld caractères.",
					    (long long)def->max);
		return NULL;
	case FIELD_EMAIL:
		return valid_email(s);
	case FIELD_PHONE:
		return valid_phone(s);
	case FIELD_INT: {
		const char *p = s;
		if (*p == '-' || *p == '+')
			p++;
		if (!*p)
			return "Indiquez un nombre entier.";
		for (; *p; p++)
			if (!isdigit((unsigned char)*p))
				return "Indiquez un nombre entier.";
		errno = 0;
		long long n = strtoll(s, NULL, 10);
		if (errno || n < def->min || n > def->max)
			return arena_printf(a, "Indiquez un nombre entre %lld et %lld.",
					    (long long)def->min, (long long)def->max);
		v->num = n;
		return NULL;
	}
	case FIELD_BOOL:
		if (strcmp(s, "1") && strcmp(s, "on") && strcmp(s, "oui"))
			return "Valeur non reconnue.";
		v->num = 1;
		return NULL;
	case FIELD_CHOICE:
		for (size_t i = 0; def->choices && def->choices[i]; i++)
			if (strcmp(s, def->choices[i]) == 0) {
				v->num = (int64_t)i;
				return NULL;
			}
		return "Choisissez une des options proposées.";
	case FIELD_DATE:
		return valid_date(s, NULL, NULL, NULL);
	case FIELD_SIREN:
		return valid_siren(s);
	case FIELD_SIRET:
		return valid_siret(s);
	case FIELD_UUID:
		return valid_uuid(s);
	case FIELD_TOKEN:
		if (chars > 200)
			return "Jeton invalide.";
		for (const char *p = s; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
				return "Jeton invalide.";
		return NULL;
	case FIELD_POSTCODE:
		if (strlen(s) != 5 || strspn(s, "0123456789") != 5)
			return "Le code postal compte 5 chiffres.";
		return NULL;
	case FIELD_PASSWORD:
		if (has_control(s, false))
			return "Ce champ contient des caractères non autorisés.";
		if (def->min && chars < (size_t)def->min)
			return arena_printf(a, "Ce champ doit compter au moins %lld caractères.",
					    (long long)def->min);
		return NULL;
	case FIELD_MONEY: {
		int64_t cents;
		if (!parse_euros(s, &cents))
			return "Indiquez un montant en euros, sans signe moins (exemple : 12,50).";
		v->num = cents;
		return NULL;
	}
	case FIELD__MAX:
		break;
	}
	return "Valeur non reconnue.";
}

size_t form_read(struct arena *a, const struct kvlist *src, const struct field_def *defs,
		 size_t n, struct field_value *out)
{
	size_t errors = 0;
	for (size_t i = 0; i < n; i++) {
		const struct field_def *def = &defs[i];
		struct field_value *v = &out[i];
		*v = (struct field_value){.valid = true, .str = ""};
		const char *raw = kv_get(src, def->name);
		if (raw) {
			/* Numbers and identifiers may carry spaces as typed ("123 456 789");
			 * a password is kept exactly as typed, multi-line text too (its line
			 * ends made LF); it is present when it holds more than whitespace. */
			const char *t = def->type == FIELD_PASSWORD ? raw
					: def->type == FIELD_TEXT   ? text_lf(a, raw)
								    : trim(a, raw);
			if (def->type == FIELD_SIREN || def->type == FIELD_SIRET) {
				char *c = arena_alloc(a, strlen(t) + 1), *o = c;
				for (const char *p = t; *p; p++)
					if (*p != ' ' && *p != '.')
						*o++ = *p;
				t = c;
			}
			v->present = def->type == FIELD_TEXT ? *trim(a, t) != '\0' : *t != '\0';
			v->str = v->present ? t : "";
		}
		if (!v->present) {
			if (def->required) {
				v->valid = false;
				v->error = def->type == FIELD_BOOL ? "Cette case doit être cochée."
								    : "Ce champ est obligatoire.";
				errors++;
			}
			continue;
		}
		const char *msg = check_value(a, def, v->str, v);
		if (msg) {
			v->valid = false;
			v->error = msg;
			errors++;
		}
	}
	return errors;
}
