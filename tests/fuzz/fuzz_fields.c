/* fuzz_fields.c: form_read() over every field type, and the single validators. */
#include "fuzz.h"
#include "fields.h"
#include <ctype.h>

static const char *const formules[] = {"demi-journee", "carnet-10", "mensuel", "résident", NULL};
static const char *const empty_choices[] = {NULL};

/* Every field type, once required with bounds and once optional without. */
static const struct field_def defs[] = {
	{"nom", FIELD_LINE, true, 2, 80, NULL},
	{"message", FIELD_TEXT, true, 10, 2000, NULL},
	{"email", FIELD_EMAIL, true, 0, 254, NULL},
	{"telephone", FIELD_PHONE, false, 0, 30, NULL},
	{"places", FIELD_INT, true, 1, 40, NULL},
	{"newsletter", FIELD_BOOL, false, 0, 0, NULL},
	{"formule", FIELD_CHOICE, true, 0, 0, formules},
	{"date", FIELD_DATE, true, 0, 0, NULL},
	{"siren", FIELD_SIREN, false, 0, 0, NULL},
	{"siret", FIELD_SIRET, false, 0, 0, NULL},
	{"id", FIELD_UUID, false, 0, 0, NULL},
	{"jeton", FIELD_TOKEN, true, 0, 0, NULL},
	{"ligne", FIELD_LINE, false, 0, 0, NULL},
	{"texte", FIELD_TEXT, false, 0, 0, NULL},
	{"delta", FIELD_INT, false, -1000000, 1000000, NULL},
	{"grand", FIELD_INT, false, INT64_MIN, INT64_MAX, NULL},
	{"cgu", FIELD_BOOL, true, 0, 0, NULL},
	{"vide", FIELD_CHOICE, false, 0, 0, empty_choices},
	{"sans", FIELD_CHOICE, false, 0, 0, NULL},
	{"debut", FIELD_DATE, false, 0, 0, NULL},
	{"siren2", FIELD_SIREN, true, 0, 12, NULL},
	{"siret2", FIELD_SIRET, true, 0, 20, NULL},
	{"cle", FIELD_UUID, true, 0, 36, NULL},
	{"csrf", FIELD_TOKEN, false, 0, 64, NULL},
	{"adresse", FIELD_EMAIL, false, 0, 0, NULL},
	{"mobile", FIELD_PHONE, true, 0, 0, NULL},
	{"code_postal", FIELD_POSTCODE, true, 0, 5, NULL},
	{"cp", FIELD_POSTCODE, false, 0, 0, NULL},
	{"mot_de_passe", FIELD_PASSWORD, true, 12, 128, NULL},
	{"ancien", FIELD_PASSWORD, false, 0, 0, NULL},
	{"prix", FIELD_MONEY, false, 0, 0, NULL},
	{"tarif", FIELD_MONEY, true, 0, 100000, NULL},
};
/* A new field type must be added to defs[] above and to the switch below. */
_Static_assert(FIELD__MAX == 15, "fuzz_fields.c does not cover every enum field_type");
enum { N_DEFS = sizeof defs / sizeof defs[0] };

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static size_t cps(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void check_validators(const char *s)
{
	int y = -1, m = -1, d = -1;
	const char *e = valid_date(s, &y, &m, &d);
	if (!e) {
		CHECK(y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31);
		char back[16];
		snprintf(back, sizeof back, "%04d-%02d-%02d", y, m, d);
		CHECK(strcmp(back, s) == 0);
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		CHECK(d <= mdays[m - 1] + (m == 2 && leap));
	} else {
		CHECK(y == -1 && m == -1 && d == -1);
		CHECK(valid_date(s, NULL, NULL, NULL) != NULL);
	}
	CHECK((valid_date(s, NULL, NULL, NULL) == NULL) == (e == NULL));

	if (!valid_email(s)) {
		size_t len = strlen(s);
		const char *at = strchr(s, '@');
		CHECK(len >= 3 && len <= 254 && at && at != s && strrchr(s, '@') == at);
		CHECK(at - s <= 64);
		CHECK(strchr(at, '.') != NULL);
		for (const char *p = s; *p; p++)
			CHECK((unsigned char)*p > 0x20 && *p != 0x7f && !strchr("<>()[]\\,;:\"", *p));
	}
	if (!valid_phone(s)) {
		size_t digits = 0;
		for (const char *p = s; *p; p++)
			digits += isdigit((unsigned char)*p) != 0;
		CHECK(digits >= 9 && digits <= 15);
		for (const char *p = s; *p; p++)
			CHECK(isdigit((unsigned char)*p) || strchr(" .-()", *p) || (*p == '+' && p == s));
	}
	if (!valid_siren(s)) {
		CHECK(strlen(s) == 9 && strspn(s, "0123456789") == 9 && luhn_valid(s));
	}
	if (!valid_siret(s)) {
		CHECK(strlen(s) == 14 && strspn(s, "0123456789") == 14);
		CHECK(luhn_valid(s) || strncmp(s, "356000000", 9) == 0);
	}
	if (luhn_valid(s))
		CHECK(*s && strspn(s, "0123456789") == strlen(s));
}

/* Builds the list as parse_urlencoded does when the input is a valid form body, else by
 * splitting raw bytes on '&' and '=' so that validators also see bytes a decoder refuses. */
static void build_list(struct arena *a, const char *in, size_t size, struct kvlist *list)
{
	if (parse_urlencoded(a, in, size, list) == 0)
		return;
	*list = (struct kvlist){0};
	for (size_t i = 0; i < size;) {
		size_t end = i;
		while (end < size && in[end] != '&')
			end++;
		const char *eq = memchr(in + i, '=', end - i);
		size_t klen = eq ? (size_t)(eq - (in + i)) : end - i;
		const char *key = arena_strndup(a, in + i, klen);
		const char *val = eq ? arena_strndup(a, eq + 1, (size_t)(in + end - eq - 1)) : "";
		kv_add(a, list, key, val, strlen(val));
		i = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	struct kvlist list = {0};
	build_list(&a, (const char *)data, size, &list);
	struct field_value out[N_DEFS];
	memset(out, 0xA5, sizeof out);
	size_t errors = form_read(&a, &list, defs, N_DEFS, out);
	size_t invalid = 0;
	for (size_t i = 0; i < N_DEFS; i++) {
		const struct field_def *def = &defs[i];
		const struct field_value *v = &out[i];
		invalid += !v->valid;
		CHECK((v->error != NULL) == !v->valid);
		if (v->error)
			CHECK(utf8_valid(v->error, strlen(v->error)) && v->error[0] != '\0');
		CHECK(v->str != NULL);
		size_t len = strlen(v->str);
		if (def->type == FIELD_TEXT)
			CHECK(!strchr(v->str, '\r')); /* line ends are LF */
		else
			CHECK(v->present == (len > 0));
		CHECK(!v->present == (len == 0));
		/* Trimmed; SIREN/SIRET also lose their inner spaces and dots after the trim, so
		 * "1\t." keeps a tab at its end: those two are checked for digits below. A
		 * password and multi-line text are kept as typed. */
		if (len && def->type != FIELD_SIREN && def->type != FIELD_SIRET &&
		    def->type != FIELD_PASSWORD && def->type != FIELD_TEXT)
			CHECK(!is_space(v->str[0]) && !is_space(v->str[len - 1]));
		if (!v->present) {
			CHECK(v->valid == !def->required);
			continue;
		}
		if (!v->valid)
			continue;
		if (def->type != FIELD_INT && def->max)
			CHECK(cps(v->str) <= (size_t)def->max);
		switch (def->type) {
		case FIELD_LINE:
		case FIELD_TEXT:
			if (def->type == FIELD_LINE)
				CHECK(cps(v->str) >= (size_t)def->min);
			for (const unsigned char *p = (const unsigned char *)v->str; *p; p++) {
				CHECK(*p != 0x7f);
				if (*p < 0x20)
					CHECK(def->type == FIELD_TEXT &&
					      (*p == '\n' || *p == '\t'));
			}
			break;
		case FIELD_EMAIL:
			CHECK(valid_email(v->str) == NULL);
			break;
		case FIELD_PHONE:
			CHECK(valid_phone(v->str) == NULL);
			break;
		case FIELD_INT:
			CHECK(v->num >= def->min && v->num <= def->max);
			break;
		case FIELD_BOOL:
			CHECK(v->num == 1);
			break;
		case FIELD_CHOICE:
			CHECK(def->choices && v->num >= 0);
			CHECK(strcmp(def->choices[v->num], v->str) == 0);
			break;
		case FIELD_DATE:
			CHECK(valid_date(v->str, NULL, NULL, NULL) == NULL);
			break;
		case FIELD_SIREN:
			CHECK(strlen(v->str) == 9 && valid_siren(v->str) == NULL);
			break;
		case FIELD_SIRET:
			CHECK(strlen(v->str) == 14 && valid_siret(v->str) == NULL);
			break;
		case FIELD_MONEY: {
			int64_t cents = -1;
			CHECK(parse_euros(v->str, &cents) && cents == v->num && cents >= 0);
			break;
		}
		case FIELD_UUID:
			CHECK(len == 36);
			for (size_t k = 0; k < 36; k++)
				CHECK((k == 8 || k == 13 || k == 18 || k == 23)
					      ? v->str[k] == '-'
					      : isxdigit((unsigned char)v->str[k]) != 0);
			break;
		case FIELD_TOKEN:
			CHECK(len <= 200);
			CHECK(strspn(v->str, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					     "0123456789-_") == len);
			break;
		case FIELD_POSTCODE:
			CHECK(len == 5 && strspn(v->str, "0123456789") == 5);
			break;
		case FIELD_PASSWORD:
			for (const unsigned char *p = (const unsigned char *)v->str; *p; p++)
				CHECK(*p >= 0x20 && *p != 0x7f && !(p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F));
			CHECK(strcmp(v->str, kv_get(&list, def->name)) == 0);
			break;
		case FIELD__MAX:
			CHECK(0);
		}
	}
	CHECK(errors == invalid);

	/* The single validators on the whole input and on every value. */
	char *s = fuzz_cstr(data, size);
	check_validators(s);
	free(s);
	for (size_t i = 0; i < list.n; i++)
		check_validators(list.items[i].value);
	arena_free(&a);
	return 0;
}
