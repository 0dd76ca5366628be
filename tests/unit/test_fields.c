/* test_fields.c: unit tests of fields.c (validators and form_read with French messages). */
#include "fields.h"
#include "tap.h"
#include <stdlib.h>

static const char *const MSG_REQUIRED = "Ce champ est obligatoire.";
static const char *const MSG_CHARS = "Ce champ contient des caractères non autorisés.";
static const char *const MSG_EMAIL =
	"Cette adresse e-mail n’est pas valide (exemple : nom@domaine.fr).";

struct good_bad {
	const char *value;
	bool valid;
};

/* Fills out with "a@" and labels of label_len letters joined by dots, ending in ".fr",
 * total bytes long (total - 5 must be reachable); returns out. */
static char *long_address(char *out, size_t total, size_t label_len)
{
	size_t n = 0;
	out[n++] = 'a';
	out[n++] = '@';
	size_t body = total - 5; /* without "a@" and ".fr" */
	size_t run = 0;
	while (body--) {
		if (run == label_len && body > 0) {
			out[n++] = '.';
			run = 0;
		} else {
			out[n++] = 'd';
			run++;
		}
	}
	memcpy(out + n, ".fr", 4);
	return out;
}

static void test_email(void)
{
	static const struct good_bad cases[] = {
		{"nom@domaine.fr", true},
		{"jean.dupont@lafontaine-agen.fr", true},
		{"a+tag@sub.example.org", true},
		{"x@y.co", true},
		{"", false},
		{"nomdomaine.fr", false},
		{"@domaine.fr", false},
		{"nom@", false},
		{"nom@@domaine.fr", false},
		{"nom@dom@aine.fr", false},
		{"n@m@domaine.fr", false},
		{"nom @domaine.fr", false},
		{"nom@doma ine.fr", false},
		{" nom@domaine.fr", false},
		{"nom@domaine.fr ", false},
		{"nom\t@domaine.fr", false},
		{"nom@domaine", false},
		{"nom@domaine.", false},
		{"nom@.fr", false},
		{"nom@.domaine.fr", false},
		{"nom@domaine..fr", false},
		{"nom@-domaine.fr", false},
		{"<nom>@domaine.fr", false},
		{"nom@domaine.fr,autre@domaine.fr", false},
		{"nom;x@domaine.fr", false},
		{"\"nom\"@domaine.fr", false},
		{"nom@domaine.fr\r\nBcc: x@y.fr", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *msg = valid_email(cases[i].value);
		ok(cases[i].valid ? msg == NULL : msg != NULL, "valid_email(\"%s\") %s",
		   cases[i].value, cases[i].valid ? "accepts" : "rejects");
	}
	is_str(valid_email("pas-une-adresse"), MSG_EMAIL, "valid_email message is French");

	/* Lengths: local part at most 64, whole address at most 254 (RFC 5321). */
	char local[80], addr[300];
	memset(local, 'a', 64);
	snprintf(local + 64, sizeof local - 64, "@d.fr");
	ok(valid_email(local) == NULL, "64-character local part accepted");
	memset(local, 'a', 65);
	snprintf(local + 65, sizeof local - 65, "@d.fr");
	ok(valid_email(local) != NULL, "65-character local part rejected");
	long_address(addr, 254, 63);
	is_int((long long)strlen(addr), 254, "fixture: a 254-byte address of 63-letter labels");
	ok(valid_email(addr) == NULL, "254-character address accepted");
	long_address(addr, 255, 63);
	is_int((long long)strlen(addr), 255, "fixture: a 255-byte address");
	ok(valid_email(addr) != NULL, "255-character address rejected");

	/* A DNS label holds at most 63 characters (RFC 1035): such an address cannot exist.
	 * Regression test (once a bug in cgi/lib/fields.c, valid_email): label lengths are not checked. */
	long_address(addr, 80, 64);
	ok(valid_email(addr) != NULL, "a 64-letter domain label is rejected");
}

static void test_phone(void)
{
	static const struct good_bad cases[] = {
		{"05 53 00 00 00", true},
		{"0553000000", true},
		{"05.53.00.00.00", true},
		{"05-53-00-00-00", true},
		{"+33 5 53 00 00 00", true},
		{"+33 (0)5 53 00 00 00", true},
		{"+44 20 7946 0958", true},
		{"", false},
		{"05 53 00 00", false},
		{"12345678", false},
		{"0553 ABC 000", false},
		{"05 53 OO OO OO", false},
		{"tel: 05 53 00 00 00", false},
		{"05 53 00 00 00 ext 12", false},
		{"33+ 5 53 00 00 00", false},
		{"+33 +5 53 00 00 00", false},
		{"0553000000/01", false},
		{"1234567890123456", false},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *msg = valid_phone(cases[i].value);
		ok(cases[i].valid ? msg == NULL : msg != NULL, "valid_phone(\"%s\") %s",
		   cases[i].value, cases[i].valid ? "accepts" : "rejects");
	}
	is_str(valid_phone("abc"),
	       "Ce numéro de téléphone n’est pas valide (exemple : 05 53 00 00 00).",
	       "valid_phone message is French");
}

static void test_siren_siret(void)
{
	ok(luhn_valid("732829320"), "luhn_valid(\"732829320\")");
	ok(!luhn_valid("732829321"), "!luhn_valid(\"732829321\")");
	ok(luhn_valid("0"), "luhn_valid(\"0\")");
	ok(luhn_valid("18"), "luhn_valid(\"18\")");
	ok(!luhn_valid("81"), "!luhn_valid(\"81\")");
	ok(!luhn_valid(""), "!luhn_valid(\"\")");
	ok(!luhn_valid("73282932a"), "luhn_valid rejects a letter");

	is_str(valid_siren("732829320"), NULL, "valid_siren(\"732829320\") accepts");
	is_str(valid_siren("443061841"), NULL, "valid_siren(\"443061841\") accepts");
	is_str(valid_siren("732829321"),
	       "Ce SIREN n’est pas valide : vérifiez les chiffres (clé de contrôle).",
	       "valid_siren(\"732829321\"): bad key");
	is_str(valid_siren("73282932"), "Le SIREN compte 9 chiffres.", "valid_siren: 8 digits");
	is_str(valid_siren("7328293200"), "Le SIREN compte 9 chiffres.", "valid_siren: 10 digits");
	is_str(valid_siren("73282932a"), "Le SIREN compte 9 chiffres.", "valid_siren: a letter");
	is_str(valid_siren("732 829 320"), "Le SIREN compte 9 chiffres.",
	       "valid_siren alone does not strip spaces");
	is_str(valid_siren(""), "Le SIREN compte 9 chiffres.", "valid_siren: empty");

	is_str(valid_siret("73282932000074"), NULL, "valid_siret(\"73282932000074\") accepts");
	is_str(valid_siret("44306184100047"), NULL, "valid_siret(\"44306184100047\") accepts");
	is_str(valid_siret("73282932000075"),
	       "Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle).",
	       "valid_siret(\"73282932000075\"): bad key");
	is_str(valid_siret("7328293200007"), "Le SIRET compte 14 chiffres.", "valid_siret: 13 digits");
	is_str(valid_siret("732829320000745"), "Le SIRET compte 14 chiffres.",
	       "valid_siret: 15 digits");
	is_str(valid_siret("7328293200007a"), "Le SIRET compte 14 chiffres.", "valid_siret: a letter");
	/* La Poste (SIREN 356000000): digit sum a multiple of 5 instead of the Luhn key. */
	is_str(valid_siret("35600000049837"), NULL,
	       "La Poste SIRET 35600000049837 (sum 45, fails Luhn) accepted");
	is_str(valid_siret("35600000000048"), NULL, "La Poste head office 35600000000048 (Luhn) accepted");
	ok(valid_siret("35600000049838") != NULL,
	   "La Poste SIRET 35600000049838 (sum 46, fails Luhn) rejected");
	ok(valid_siret("73282932000072") != NULL,
	   "the digit-sum rule is only for La Poste: 73282932000072 (sum 45) rejected");
}

static void test_date(void)
{
	static const struct {
		const char *s;
		int y, m, d; /* 0: rejected */
	} cases[] = {
		{"2026-03-03", 2026, 3, 3},
		{"2024-02-29", 2024, 2, 29},
		{"2000-02-29", 2000, 2, 29},
		{"2026-12-31", 2026, 12, 31},
		{"2026-01-01", 2026, 1, 1},
		{"2025-02-29", 0, 0, 0},
		{"1900-02-29", 0, 0, 0},
		{"2100-02-29", 0, 0, 0},
		{"2026-13-01", 0, 0, 0},
		{"2026-00-10", 0, 0, 0},
		{"2026-04-31", 0, 0, 0},
		{"2026-01-32", 0, 0, 0},
		{"2026-01-00", 0, 0, 0},
		{"2026-1-01", 0, 0, 0},
		{"26-01-01", 0, 0, 0},
		{"2026/01/01", 0, 0, 0},
		{"2026-01-01T10:00", 0, 0, 0},
		{"2026-0a-01", 0, 0, 0},
		{"+026-01-01", 0, 0, 0},
		{"2026-01- 1", 0, 0, 0},
		{"", 0, 0, 0},
		{"1899-12-31", 0, 0, 0},
		{"03/03/2026", 0, 0, 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int y = -1, m = -1, d = -1;
		const char *msg = valid_date(cases[i].s, &y, &m, &d);
		if (cases[i].y) {
			ok(msg == NULL && y == cases[i].y && m == cases[i].m && d == cases[i].d,
			   "valid_date(\"%s\") accepts with y/m/d", cases[i].s);
		} else {
			is_str(msg, "Cette date n’est pas valide (format attendu : AAAA-MM-JJ).",
			       "valid_date(\"%s\") rejects", cases[i].s);
		}
	}
	is_str(valid_date("2026-03-03", NULL, NULL, NULL), NULL, "valid_date with NULL outputs");
}

/* Reads one field from a urlencoded body; returns the number of invalid fields. */
static size_t read_one(struct arena *a, const char *body, const struct field_def *def,
		       struct field_value *v)
{
	struct kvlist l = {0};
	if (parse_urlencoded(a, body, strlen(body), &l) < 0) {
		diag("test body does not parse: %s", body);
		abort();
	}
	return form_read(a, &l, def, 1, v);
}

static void test_form_read(struct arena *a)
{
	struct field_value v;
	const struct field_def name_req = {"nom", FIELD_LINE, true, 2, 120, NULL};

	/* Missing and invalid are told apart. */
	is_int((long long)read_one(a, "autre=1", &name_req, &v), 1, "required field absent: 1 error");
	ok(!v.present && !v.valid, "absent: not present, not valid");
	is_str(v.error, MSG_REQUIRED, "absent: the 'required' message");
	is_str(v.str, "", "absent: str is \"\"");
	read_one(a, "nom=", &name_req, &v);
	is_str(v.error, MSG_REQUIRED, "empty value: the 'required' message");
	read_one(a, "nom=+++%09%0D%0A", &name_req, &v);
	is_str(v.error, MSG_REQUIRED, "blank value (spaces, tab, CR LF): the 'required' message");
	ok(!v.present, "blank value is not present");
	read_one(a, "nom=x", &name_req, &v);
	ok(v.present && !v.valid, "too short: present but invalid");
	is_str(v.error, "Ce champ doit compter au moins 2 caractères.", "too short: its own message");
	ok(v.error && strcmp(v.error, MSG_REQUIRED) != 0, "invalid and missing messages differ");
	is_str(v.str, "x", "invalid value kept for redisplay");

	/* Optional fields may be absent. */
	const struct field_def opt = {"societe", FIELD_LINE, false, 0, 100, NULL};
	is_int((long long)read_one(a, "x=1", &opt, &v), 0, "optional absent: no error");
	ok(v.valid && !v.present && v.error == NULL, "optional absent: valid, not present");
	is_int((long long)read_one(a, "societe=+", &opt, &v), 0, "optional blank: no error");

	/* Trimming. */
	is_int((long long)read_one(a, "nom=++Jean+Dupont%09%0A", &name_req, &v), 0,
	       "trimmed value accepted");
	is_str(v.str, "Jean Dupont", "leading and trailing whitespace trimmed");
	ok(v.present && v.valid && v.error == NULL, "present and valid");
	read_one(a, "nom=Jean++Dupont", &name_req, &v);
	is_str(v.str, "Jean  Dupont", "inner spaces kept");

	/* Maximum length in characters, not bytes. */
	char body[1024] = "nom=";
	for (int i = 0; i < 120; i++)
		strcat(body, "%C3%A9");
	is_int((long long)read_one(a, body, &name_req, &v), 0,
	       "\"\xc3\xa9\"\xc3\x97" "120 (240 bytes) with max 120 accepted");
	is_int((long long)utf8_length(v.str, strlen(v.str)), 120, "value is 120 characters");
	strcat(body, "%C3%A9");
	is_int((long long)read_one(a, body, &name_req, &v), 1,
	       "\"\xc3\xa9\"\xc3\x97" "121 with max 120 rejected");
	is_str(v.error, "Ce champ ne doit pas dépasser 120 caractères.", "too long: its message");
	char ascii[200] = "nom=";
	memset(ascii + 4, 'a', 121);
	is_int((long long)read_one(a, ascii, &name_req, &v), 1, "121 ASCII characters rejected");
	ascii[4 + 120] = '\0';
	is_int((long long)read_one(a, ascii, &name_req, &v), 0, "120 ASCII characters accepted");

	/* Control characters: none in FIELD_LINE; newlines and tabs in FIELD_TEXT. */
	const struct field_def line = {"sujet", FIELD_LINE, true, 0, 200, NULL};
	const struct field_def text = {"message", FIELD_TEXT, true, 0, 2000, NULL};
	static const char *const ctl[] = {"a%0Ab", "a%0Db", "a%09b", "a%01b", "a%1Bb", "a%7Fb",
					  "a%C2%80b", "a%C2%85b", "a%C2%9Fb"};
	char q[64];
	for (size_t i = 0; i < sizeof ctl / sizeof ctl[0]; i++) {
		snprintf(q, sizeof q, "sujet=%s", ctl[i]);
		read_one(a, q, &line, &v);
		is_str(v.error, MSG_CHARS, "FIELD_LINE rejects %s", ctl[i]);
	}
	read_one(a, "sujet=a%C2%A0b", &line, &v);
	ok(v.valid, "FIELD_LINE accepts U+00A0 (C2 A0 is not a C1 control)");
	read_one(a, "sujet=caf%C3%A9+%E2%82%AC", &line, &v);
	ok(v.valid, "FIELD_LINE accepts \xc3\xa9 and \xe2\x82\xac");
	read_one(a, "message=Bonjour%2C%0D%0A%0D%0A%09Merci+%21", &text, &v);
	ok(v.valid, "FIELD_TEXT accepts CR, LF and tab");
	is_str(v.str, "Bonjour,\n\n\tMerci !", "FIELD_TEXT keeps inner newlines, CR LF made LF");
	/* Markdown as a browser sends it: kept byte for byte but for CR LF (issue 12). */
	read_one(a, "message=%0D%0A%23%23+Titre%0D%0A%0D%0A-+un%0D%0A-+deux%0D%0A%0D%0A++++code%0D%0Afin++%0D%0A", &text, &v);
	is_str(v.str, "\n## Titre\n\n- un\n- deux\n\n    code\nfin  \n",
	       "FIELD_TEXT: headings, lists, blank lines, indentation, a hard break and the final newline kept");
	read_one(a, "message=a%0Db%0D%0Dc%0A%0Dd", &text, &v);
	is_str(v.str, "a\nb\n\nc\n\nd", "FIELD_TEXT: a lone CR is a line end too");
	read_one(a, "message=+%0D%0A%09+%0D%0A", &text, &v);
	ok(!v.present && !v.valid && strcmp(v.str, "") == 0, "FIELD_TEXT: only whitespace is missing");
	const struct field_def text_min = {"message", FIELD_TEXT, true, 10, 2000, NULL};
	read_one(a, "message=%0A%0A%0A%0A%0A%0Aabc%0A%0A%0A%0A%0A", &text_min, &v);
	ok(!v.valid, "FIELD_TEXT: blank lines do not count towards the minimum length");
	read_one(a, "message=%0A++Bonjour+%C3%A0+tous%0A", &text_min, &v);
	ok(v.valid, "FIELD_TEXT: ten characters of text pass the minimum");
	static const char *const text_bad[] = {"a%01b", "a%1Bb", "a%7Fb", "a%0Bb", "a%0Cb",
					       "a%C2%80b", "a%C2%9Bb"};
	for (size_t i = 0; i < sizeof text_bad / sizeof text_bad[0]; i++) {
		snprintf(q, sizeof q, "message=%s", text_bad[i]);
		read_one(a, q, &text, &v);
		is_str(v.error, MSG_CHARS, "FIELD_TEXT rejects %s", text_bad[i]);
	}

	/* FIELD_INT bounds. */
	const struct field_def num = {"places", FIELD_INT, true, 1, 12, NULL};
	static const struct {
		const char *body;
		bool valid;
		long long want;
	} ints[] = {
		{"places=1", true, 1},   {"places=12", true, 12},  {"places=+5", true, 5},
		{"places=007", true, 7}, {"places=+3+", true, 3},  {"places=0", false, 0},
		{"places=13", false, 0}, {"places=-1", false, 0},  {"places=1.5", false, 0},
		{"places=1e1", false, 0}, {"places=abc", false, 0}, {"places=-", false, 0},
		{"places=1+2", false, 0}, {"places=0x5", false, 0},
		{"places=99999999999999999999", false, 0},
	};
	for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
		read_one(a, ints[i].body, &num, &v);
		if (ints[i].valid)
			ok(v.valid && v.num == ints[i].want, "FIELD_INT %s gives %lld", ints[i].body,
			   ints[i].want);
		else
			ok(!v.valid && v.error, "FIELD_INT %s rejected", ints[i].body);
	}
	read_one(a, "places=13", &num, &v);
	is_str(v.error, "Indiquez un nombre entre 1 et 12.", "FIELD_INT out of bounds: message");
	read_one(a, "places=abc", &num, &v);
	is_str(v.error, "Indiquez un nombre entier.", "FIELD_INT not a number: message");
	const struct field_def neg = {"delta", FIELD_INT, false, -100, 100, NULL};
	read_one(a, "delta=-100", &neg, &v);
	ok(v.valid && v.num == -100, "FIELD_INT accepts a negative lower bound");
	read_one(a, "delta=-101", &neg, &v);
	ok(!v.valid, "FIELD_INT rejects below a negative lower bound");
	const struct field_def big = {"n", FIELD_INT, false, INT64_MIN, INT64_MAX, NULL};
	read_one(a, "n=9223372036854775807", &big, &v);
	ok(v.valid && v.num == INT64_MAX, "FIELD_INT accepts INT64_MAX");
	read_one(a, "n=9223372036854775808", &big, &v);
	ok(!v.valid, "FIELD_INT rejects INT64_MAX + 1 (overflow)");

	/* FIELD_CHOICE gives the index. */
	static const char *const formulas[] = {"journee", "demi-journee", "carnet", NULL};
	const struct field_def choice = {"formule", FIELD_CHOICE, true, 0, 0, formulas};
	read_one(a, "formule=journee", &choice, &v);
	ok(v.valid && v.num == 0, "FIELD_CHOICE first choice gives 0");
	read_one(a, "formule=carnet", &choice, &v);
	ok(v.valid && v.num == 2, "FIELD_CHOICE third choice gives 2");
	read_one(a, "formule=Carnet", &choice, &v);
	is_str(v.error, "Choisissez une des options proposées.", "FIELD_CHOICE is case-sensitive");
	read_one(a, "formule=mois", &choice, &v);
	ok(!v.valid, "FIELD_CHOICE rejects an unknown value");
	read_one(a, "x=1", &choice, &v);
	is_str(v.error, MSG_REQUIRED, "FIELD_CHOICE required and absent");

	/* FIELD_BOOL. */
	const struct field_def cgu = {"cgu", FIELD_BOOL, true, 0, 0, NULL};
	const struct field_def news = {"news", FIELD_BOOL, false, 0, 0, NULL};
	read_one(a, "cgu=on", &cgu, &v);
	ok(v.valid && v.num == 1, "FIELD_BOOL \"on\" is true");
	read_one(a, "cgu=1", &cgu, &v);
	ok(v.valid && v.num == 1, "FIELD_BOOL \"1\" is true");
	read_one(a, "cgu=oui", &cgu, &v);
	ok(v.valid && v.num == 1, "FIELD_BOOL \"oui\" is true");
	read_one(a, "x=1", &cgu, &v);
	is_str(v.error, "Cette case doit être cochée.", "FIELD_BOOL required and absent: its message");
	read_one(a, "cgu=maybe", &cgu, &v);
	is_str(v.error, "Valeur non reconnue.", "FIELD_BOOL other value rejected");
	is_int((long long)read_one(a, "x=1", &news, &v), 0, "optional FIELD_BOOL absent: no error");
	ok(v.valid && v.num == 0, "optional FIELD_BOOL absent is false");

	/* SIREN and SIRET as typed, with spaces. */
	const struct field_def siren = {"siren", FIELD_SIREN, true, 0, 0, NULL};
	const struct field_def siret = {"siret", FIELD_SIRET, false, 0, 0, NULL};
	is_int((long long)read_one(a, "siren=732+829+320", &siren, &v), 0,
	       "SIREN \"732 829 320\" accepted");
	is_str(v.str, "732829320", "SIREN spaces removed");
	read_one(a, "siren=732.829.320", &siren, &v);
	ok(v.valid, "SIREN with dots accepted");
	read_one(a, "siren=732+829+321", &siren, &v);
	ok(!v.valid, "SIREN \"732 829 321\" rejected");
	read_one(a, "siret=732+829+320+00074", &siret, &v);
	ok(v.valid, "SIRET \"732 829 320 00074\" accepted");
	read_one(a, "siret=732+829+320+0007", &siret, &v);
	is_str(v.error, "Le SIRET compte 14 chiffres.", "SIRET with 13 digits rejected");

	/* Other types through form_read. */
	const struct field_def email = {"email", FIELD_EMAIL, true, 0, 254, NULL};
	const struct field_def phone = {"tel", FIELD_PHONE, false, 0, 30, NULL};
	const struct field_def date = {"date", FIELD_DATE, true, 0, 0, NULL};
	const struct field_def uuid = {"id", FIELD_UUID, true, 0, 0, NULL};
	const struct field_def token = {"csrf", FIELD_TOKEN, true, 0, 0, NULL};
	read_one(a, "email=+nom%40domaine.fr+", &email, &v);
	ok(v.valid, "FIELD_EMAIL trimmed and accepted");
	read_one(a, "email=nom", &email, &v);
	is_str(v.error, MSG_EMAIL, "FIELD_EMAIL invalid: the e-mail message");
	read_one(a, "tel=%2B33+5+53+00+00+00", &phone, &v);
	ok(v.valid, "FIELD_PHONE accepted");
	read_one(a, "date=2024-02-29", &date, &v);
	ok(v.valid, "FIELD_DATE 2024-02-29 accepted");
	read_one(a, "date=2025-02-29", &date, &v);
	ok(!v.valid, "FIELD_DATE 2025-02-29 rejected");
	read_one(a, "id=123e4567-e89b-12d3-a456-426614174000", &uuid, &v);
	ok(v.valid, "FIELD_UUID accepted");
	read_one(a, "id=123e4567-e89b-12d3-a456-42661417400g", &uuid, &v);
	ok(!v.valid, "FIELD_UUID with a non-hex digit rejected");
	read_one(a, "id=123e4567e89b-12d3-a456-4266141740000", &uuid, &v);
	ok(!v.valid, "FIELD_UUID with a misplaced dash rejected");
	read_one(a, "csrf=abc-DEF_123", &token, &v);
	ok(v.valid, "FIELD_TOKEN base64url accepted");
	read_one(a, "csrf=abc%2Bdef", &token, &v);
	ok(!v.valid, "FIELD_TOKEN with '+' rejected");

	/* FIELD_POSTCODE: five digits. */
	const struct field_def cp = {"cp", FIELD_POSTCODE, true, 0, 0, NULL};
	static const struct good_bad postcodes[] = {
		{"47000", true}, {"+47000+", true}, {"20000", true}, {"4700", false},
		{"470000", false}, {"47+000", false}, {"4700a", false}, {"2A004", false},
	};
	for (size_t i = 0; i < sizeof postcodes / sizeof postcodes[0]; i++) {
		snprintf(q, sizeof q, "cp=%s", postcodes[i].value);
		read_one(a, q, &cp, &v);
		if (postcodes[i].valid)
			ok(v.valid, "FIELD_POSTCODE %s accepted", q);
		else
			is_str(v.error, "Le code postal compte 5 chiffres.", "FIELD_POSTCODE %s rejected", q);
	}

	/* FIELD_PASSWORD: kept exactly as typed. */
	const struct field_def pw = {"mdp", FIELD_PASSWORD, true, 0, 200, NULL};
	read_one(a, "mdp=++mot+de+passe+", &pw, &v);
	ok(v.valid, "FIELD_PASSWORD with spaces around accepted");
	is_str(v.str, "  mot de passe ", "FIELD_PASSWORD is not trimmed");
	read_one(a, "mdp=", &pw, &v);
	is_str(v.error, MSG_REQUIRED, "FIELD_PASSWORD empty: the 'required' message");
	read_one(a, "mdp=abc%0Adef", &pw, &v);
	is_str(v.error, MSG_CHARS, "FIELD_PASSWORD rejects a newline");
	read_one(a, "mdp=%C3%A9t%C3%A9+%E2%82%AC", &pw, &v);
	ok(v.valid, "FIELD_PASSWORD accepts UTF-8");

	/* Several fields at once: the error count and each slot. */
	const struct field_def defs[] = {
		{"nom", FIELD_LINE, true, 1, 100, NULL},
		{"email", FIELD_EMAIL, true, 0, 254, NULL},
		{"tel", FIELD_PHONE, false, 0, 30, NULL},
		{"places", FIELD_INT, true, 1, 12, NULL},
	};
	struct field_value vals[4];
	struct kvlist l = {0};
	const char *many = "nom=Alice&email=faux&places=3&places=99";
	parse_urlencoded(a, many, strlen(many), &l);
	is_int((long long)form_read(a, &l, defs, 4, vals), 1, "form_read counts one invalid field");
	ok(vals[0].valid && vals[2].valid && vals[3].valid && !vals[1].valid,
	   "only the e-mail is invalid");
	is_int(vals[3].num, 3, "the first of repeated values is used");
}

int main(void)
{
	struct arena a = {0};
	test_email();
	test_phone();
	test_siren_siret();
	test_date();
	test_form_read(&a);
	arena_free(&a);
	return done_testing();
}
