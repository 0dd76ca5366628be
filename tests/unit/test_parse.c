/* test_parse.c: unit tests of parse.c (UTF-8, percent-decoding, urlencoded data, cookies,
 * multipart bodies). */
#include "parse.h"
#include "buf.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static void test_utf8_valid(void)
{
	static const struct {
		const char *s;
		size_t len;
		bool valid;
		const char *what;
	} cases[] = {
		{S(""), true, "empty string"},
		{S("hello ~\x7f"), true, "ASCII with DEL"},
		{S("caf\xc3\xa9"), true, "2-byte \xc3\xa9"},
		{S("\xe2\x82\xac"), true, "3-byte \xe2\x82\xac"},
		{S("\xe2\x80\xaf"), true, "3-byte U+202F"},
		{S("\xf0\x9f\x98\x80"), true, "4-byte U+1F600"},
		{S("\xf4\x8f\xbf\xbf"), true, "U+10FFFF, the last code point"},
		{S("\xc2\x80"), true, "U+0080, the first 2-byte code point"},
		{S("\xdf\xbf"), true, "U+07FF, the last 2-byte code point"},
		{S("\xe0\xa0\x80"), true, "U+0800, the first 3-byte code point"},
		{S("\xf0\x90\x80\x80"), true, "U+10000, the first 4-byte code point"},
		{S("\xed\x9f\xbf"), true, "U+D7FF, just below the surrogates"},
		{S("\xee\x80\x80"), true, "U+E000, just above the surrogates"},
		{S("\xef\xbf\xbe"), true, "U+FFFE is well-formed UTF-8"},
		{S("a\xc3\xa9z\xe2\x82\xac\xf0\x9f\x98\x80!"), true, "mixed widths"},
		{S("\xc0\x80"), false, "overlong C0 80 (NUL)"},
		{S("\xc1\xbf"), false, "overlong C1 BF"},
		{S("\xe0\x80\x80"), false, "overlong E0 80 80"},
		{S("\xe0\x9f\xbf"), false, "overlong E0 9F BF (U+07FF in 3 bytes)"},
		{S("\xf0\x80\x80\x80"), false, "overlong F0 80 80 80"},
		{S("\xf0\x8f\xbf\xbf"), false, "overlong F0 8F BF BF (U+FFFF in 4 bytes)"},
		{S("\xed\xa0\x80"), false, "surrogate ED A0 80 (U+D800)"},
		{S("\xed\xbf\xbf"), false, "surrogate ED BF BF (U+DFFF)"},
		{S("\xf4\x90\x80\x80"), false, "F4 90 80 80 (U+110000, over U+10FFFF)"},
		{S("\xf5\x80\x80\x80"), false, "lead byte F5"},
		{S("\xff"), false, "byte FF"},
		{S("\xfe"), false, "byte FE"},
		{S("\x80"), false, "lone continuation byte 80"},
		{S("a\xbfz"), false, "lone continuation byte BF between ASCII"},
		{S("\xc3\xa9\xa9"), false, "continuation byte after a complete sequence"},
		{S("\xc3"), false, "truncated 2-byte sequence at the end"},
		{S("\xc3z"), false, "2-byte sequence cut by ASCII"},
		{S("\xe2\x82"), false, "truncated 3-byte sequence at the end"},
		{S("\xe2\x82z"), false, "3-byte sequence cut by ASCII"},
		{S("\xf0\x9f\x98"), false, "truncated 4-byte sequence at the end"},
		{S("caf\xc3"), false, "truncated after ASCII"},
		{S("\xc3\xa9\xc3\xa9\xc3"), false, "truncated after valid characters"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		ok(utf8_valid(cases[i].s, cases[i].len) == cases[i].valid, "utf8_valid: %s is %s",
		   cases[i].what, cases[i].valid ? "valid" : "rejected");

	/* The length bounds the check: valid prefix of an invalid buffer, and embedded NUL. */
	ok(utf8_valid("ab\xff", 2), "utf8_valid: reads only len bytes");
	ok(utf8_valid("\xc3\xa9\xff", 2), "utf8_valid: stops at len after a 2-byte sequence");
	ok(!utf8_valid("\xc3\xa9", 1), "utf8_valid: a sequence cut by len is rejected");
	ok(utf8_valid("a\0b", 3), "utf8_valid: NUL is a valid code point");
}

static void test_utf8_length(void)
{
	is_int((long long)utf8_length(S("")), 0, "utf8_length of \"\" is 0");
	is_int((long long)utf8_length(S("abc")), 3, "utf8_length of ASCII counts bytes");
	is_int((long long)utf8_length(S("\xc3\xa9t\xc3\xa9")), 3, "utf8_length of \"\xc3\xa9t\xc3\xa9\" is 3");
	is_int((long long)utf8_length(S("1\xe2\x80\xaf" "234,50\xc2\xa0\xe2\x82\xac")), 10,
	       "utf8_length of \"1 234,50 \xe2\x82\xac\" is 10");
	is_int((long long)utf8_length(S("\xf0\x9f\x98\x80x")), 2, "utf8_length of an emoji is 1");
	is_int((long long)utf8_length("\xc3\xa9\xc3\xa9", 2), 1, "utf8_length reads only len bytes");
}

static void test_percent_decode(struct arena *a)
{
	static const struct {
		const char *in;
		enum decode_mode mode;
		const char *want; /* NULL: rejected */
	} cases[] = {
		{"hello", DECODE_PATH, "hello"},
		{"", DECODE_FORM, ""},
		{"a%20b", DECODE_PATH, "a b"},
		{"a%2fb%2F", DECODE_PATH, "a/b/"},
		{"%41%42%43", DECODE_FORM, "ABC"},
		{"%4a%4A", DECODE_FORM, "JJ"},
		{"a+b", DECODE_FORM, "a b"},
		{"a+b", DECODE_PATH, "a+b"},
		{"a%2Bb", DECODE_FORM, "a+b"},
		{"%C3%A9t%c3%a9", DECODE_FORM, "\xc3\xa9t\xc3\xa9"},
		{"caf\xc3\xa9", DECODE_PATH, "caf\xc3\xa9"},
		{"100%25", DECODE_FORM, "100%"},
		{"%e2%82%ac", DECODE_FORM, "\xe2\x82\xac"},
		{"%2", DECODE_FORM, NULL},
		{"%2", DECODE_PATH, NULL},
		{"%", DECODE_FORM, NULL},
		{"ab%", DECODE_PATH, NULL},
		{"%zz", DECODE_FORM, NULL},
		{"%2z", DECODE_FORM, NULL},
		{"%z2", DECODE_FORM, NULL},
		{"%+1", DECODE_FORM, NULL},
		{"%00", DECODE_FORM, NULL},
		{"a%00b", DECODE_PATH, NULL},
		{"%C3", DECODE_FORM, NULL},
		{"%ff", DECODE_FORM, NULL},
		{"%C0%80", DECODE_FORM, NULL},
		{"%ED%A0%80", DECODE_PATH, NULL},
		{"caf\xc3", DECODE_PATH, NULL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t len = 12345;
		const char *in = cases[i].in;
		const char *mode = cases[i].mode == DECODE_FORM ? "form" : "path";
		char *got = percent_decode(a, in, strlen(in), cases[i].mode, &len);
		if (cases[i].want) {
			is_str(got, cases[i].want, "percent_decode(\"%s\", %s)", in, mode);
			is_int((long long)len, (long long)strlen(cases[i].want),
			       "percent_decode(\"%s\", %s) sets out_len", in, mode);
		} else {
			ok(got == NULL, "percent_decode(\"%s\", %s) is rejected", in, mode);
		}
	}
	/* The length, not the NUL, ends the input; out_len may be NULL. */
	is_str(percent_decode(a, "ab%41cd", 5, DECODE_PATH, NULL), "abA",
	       "percent_decode reads only len bytes (out_len NULL)");
	ok(percent_decode(a, "ab%4", 4, DECODE_PATH, NULL) == NULL,
	   "percent_decode rejects an escape cut by len");
	ok(percent_decode(a, "%41", 2, DECODE_PATH, NULL) == NULL,
	   "percent_decode does not read past len to finish an escape");
}

static void test_urlencoded(struct arena *a)
{
	struct kvlist l = {0};
	is_int(parse_urlencoded(a, S("a=1&b=2"), &l), 0, "parse_urlencoded(\"a=1&b=2\") succeeds");
	is_int((long long)l.n, 2, "two fields");
	is_str(l.n > 0 ? l.items[0].key : NULL, "a", "first key");
	is_str(l.n > 0 ? l.items[0].value : NULL, "1", "first value");
	is_int(l.n > 0 ? (long long)l.items[0].value_len : -1, 1, "first value_len");
	is_str(l.n > 1 ? l.items[1].key : NULL, "b", "second key");
	is_str(kv_get(&l, "b"), "2", "kv_get b");
	ok(kv_get(&l, "c") == NULL, "kv_get of an absent key is NULL");
	ok(kv_find(&l, "A") == NULL, "keys are case-sensitive");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S(""), &l), 0, "empty input succeeds");
	is_int((long long)l.n, 0, "empty input gives no field");
	ok(kv_get(&l, "x") == NULL, "kv_get on an empty list");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("a=&b"), &l), 0, "empty value and missing '=' succeed");
	is_int((long long)l.n, 2, "\"a=&b\": two fields");
	is_str(kv_get(&l, "a"), "", "\"a=\" gives an empty value");
	is_str(kv_get(&l, "b"), "", "\"b\" without '=' gives an empty value");
	is_int(l.n > 1 ? (long long)l.items[1].value_len : -1, 0, "missing '=': value_len 0");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("&&a=1&&&b=2&"), &l), 0, "\"&&\" and trailing '&' succeed");
	is_int((long long)l.n, 2, "empty pairs are skipped");
	is_str(kv_get(&l, "a"), "1", "the pair between \"&&\" is kept");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("=x"), &l), -1, "\"=x\" (empty key) is rejected");
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("a=1&=x"), &l), -1, "an empty key after a good pair is rejected");
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("="), &l), -1, "\"=\" is rejected");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("first+name=Jean+Luc&e%2Dmail=a%40b.fr&q=x%3Dy%26z&k=a=b"), &l),
	       0, "encoded keys and values succeed");
	is_str(kv_get(&l, "first name"), "Jean Luc", "'+' is a space in keys and values");
	is_str(kv_get(&l, "e-mail"), "a@b.fr", "keys are percent-decoded");
	is_str(kv_get(&l, "q"), "x=y&z", "encoded '=' and '&' stay in the value");
	is_str(kv_get(&l, "k"), "a=b", "a raw '=' after the first belongs to the value");

	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("nom=Andr%C3%A9&pr%C3%A9nom=L%C3%A9a"), &l), 0,
	       "UTF-8 keys and values succeed");
	is_str(kv_get(&l, "nom"), "Andr\xc3\xa9", "UTF-8 value decoded");
	is_str(kv_get(&l, "pr\xc3\xa9nom"), "L\xc3\xa9" "a", "UTF-8 key decoded");
	const struct kv *kv = kv_find(&l, "nom");
	is_int(kv ? (long long)kv->value_len : -1, 6, "value_len counts decoded bytes");

	static const char *const bad[] = {"a=%zz", "a=%2", "a=%00", "a=%ff", "a=%C3",
					  "%ff=1", "%00=1", "%zz=1", "a=1&b=%e2%82"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		l = (struct kvlist){0};
		is_int(parse_urlencoded(a, bad[i], strlen(bad[i]), &l), -1,
		       "parse_urlencoded(\"%s\") is rejected", bad[i]);
	}

	/* Duplicates: kv_get returns the first value. */
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, S("x=1&x=2&x=3"), &l), 0, "repeated keys succeed");
	is_int((long long)l.n, 3, "every repetition is kept");
	is_str(kv_get(&l, "x"), "1", "kv_get returns the first value");
	kv = kv_find(&l, "x");
	ok(kv == &l.items[0], "kv_find returns the first item");

	/* MAX_FIELDS fields are fine; one more is rejected. */
	char s[MAX_FIELDS * 16 + 32];
	size_t n = 0;
	for (int i = 0; i < MAX_FIELDS; i++)
		n += (size_t)snprintf(s + n, sizeof s - n, "%sf%d=%d", i ? "&" : "", i, i);
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, s, n, &l), 0, "exactly MAX_FIELDS (%d) fields succeed",
	       MAX_FIELDS);
	is_int((long long)l.n, MAX_FIELDS, "all MAX_FIELDS fields kept");
	is_str(kv_get(&l, "f127"), "127", "the last field is there");
	n += (size_t)snprintf(s + n, sizeof s - n, "&over=1");
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, s, n, &l), -1, "MAX_FIELDS + 1 fields are rejected");
	/* Empty pairs do not count towards the cap. */
	char many_amp[600];
	memset(many_amp, '&', sizeof many_amp);
	memcpy(many_amp + sizeof many_amp - 3, "a=1", 3);
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, many_amp, sizeof many_amp, &l), 0, "597 '&' then a field succeed");
	is_int((long long)l.n, 1, "only the real field is counted");

	/* The length, not the NUL, ends the data. */
	l = (struct kvlist){0};
	is_int(parse_urlencoded(a, "a=1&b=2", 3, &l), 0, "partial length succeeds");
	ok(l.n == 1 && kv_get(&l, "b") == NULL, "only len bytes are parsed");
}

static void test_kv_add(struct arena *a)
{
	struct kvlist l = {0};
	char keys[40][8];
	for (int i = 0; i < 40; i++) {
		snprintf(keys[i], sizeof keys[i], "k%d", i);
		kv_add(a, &l, keys[i], "v", 1);
	}
	is_int((long long)l.n, 40, "kv_add grows the list past its first capacity");
	ok(l.cap >= 40, "capacity follows");
	bool all = true;
	for (int i = 0; i < 40; i++)
		all = all && l.items[i].key == keys[i];
	ok(all, "kv_add keeps every item in order through growth");
	is_str(kv_get(&l, "k39"), "v", "kv_get finds the last item");
}

static void test_cookies(struct arena *a)
{
	struct kvlist l = {0};
	is_int(parse_cookies(a, NULL, &l), 0, "no Cookie header succeeds");
	is_int((long long)l.n, 0, "no Cookie header gives no cookie");

	l = (struct kvlist){0};
	is_int(parse_cookies(a, "a=1; b=2;c=3", &l), 0, "parse_cookies(\"a=1; b=2;c=3\")");
	is_int((long long)l.n, 3, "three cookies");
	is_str(kv_get(&l, "a"), "1", "a=1");
	is_str(kv_get(&l, "b"), "2", "b=2 after \"; \"");
	is_str(kv_get(&l, "c"), "3", "c=3 after \";\" without space");

	l = (struct kvlist){0};
	is_int(parse_cookies(a, "  a=1  ;  b=2 ;;; c=3;", &l), 0, "spaces and extra ';'");
	is_str(kv_get(&l, "a"), "1", "leading and trailing spaces removed (a)");
	is_str(kv_get(&l, "b"), "2", "leading and trailing spaces removed (b)");
	is_str(kv_get(&l, "c"), "3", "a pair after \";;;\"");
	is_int((long long)l.n, 3, "empty pairs and a trailing ';' add nothing");

	l = (struct kvlist){0};
	is_int(parse_cookies(a, "sid=\"abc\"; e=\"\"", &l), 0, "quoted values");
	is_str(kv_get(&l, "sid"), "abc", "quotes removed");
	const struct kv *kv = kv_find(&l, "sid");
	is_int(kv ? (long long)kv->value_len : -1, 3, "value_len of a quoted value");
	is_str(kv_get(&l, "e"), "", "empty quoted value");

	l = (struct kvlist){0};
	is_int(parse_cookies(a, "e=; f=x; t=a=b", &l), 0, "empty value, '=' in a value");
	is_str(kv_get(&l, "e"), "", "empty value kept");
	is_str(kv_get(&l, "t"), "a=b", "'=' after the first belongs to the value");

	l = (struct kvlist){0};
	is_int(parse_cookies(a,
			     "novalue; =x; a b=1; c=d e; q=\"x; k(=1; ok1=1; u=\xc3\xa9; w=a,b; "
			     "v=a\\b; ok2=2; t=\"; ctl=a\x01; ok3=3",
			     &l),
	       0, "malformed pairs do not fail the header");
	is_int((long long)l.n, 3, "only the three good cookies are kept");
	is_str(kv_get(&l, "ok1"), "1", "good cookie after malformed ones (ok1)");
	is_str(kv_get(&l, "ok2"), "2", "good cookie after malformed ones (ok2)");
	is_str(kv_get(&l, "ok3"), "3", "good cookie after malformed ones (ok3)");
	ok(kv_get(&l, "novalue") == NULL, "a pair without '=' is skipped");
	ok(kv_get(&l, "a b") == NULL && kv_get(&l, "a") == NULL, "a name with a space is skipped");
	ok(kv_get(&l, "c") == NULL, "a value with a space is skipped");
	ok(kv_get(&l, "q") == NULL && kv_get(&l, "t") == NULL, "unbalanced quotes are skipped");
	ok(kv_get(&l, "u") == NULL, "a non-ASCII value is skipped");
	ok(kv_get(&l, "w") == NULL, "a value with ',' is skipped");
	ok(kv_get(&l, "v") == NULL, "a value with '\\' is skipped");
	ok(kv_get(&l, "k(") == NULL, "a name with a separator is skipped");
	ok(kv_get(&l, "ctl") == NULL, "a value with a control character is skipped");

	l = (struct kvlist){0};
	is_int(parse_cookies(a, "x=1; x=2", &l), 0, "duplicate cookie names");
	is_str(kv_get(&l, "x"), "1", "kv_get returns the first cookie");

	/* Caps: MAX_COOKIES cookies, MAX_COOKIE_HEADER bytes. */
	char h[MAX_COOKIE_HEADER + 64];
	size_t n = 0;
	for (int i = 0; i < MAX_COOKIES; i++)
		n += (size_t)snprintf(h + n, sizeof h - n, "%sc%d=%d", i ? "; " : "", i, i);
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "exactly MAX_COOKIES (%d) cookies succeed", MAX_COOKIES);
	is_int((long long)l.n, MAX_COOKIES, "all MAX_COOKIES cookies kept");
	snprintf(h + n, sizeof h - n, "; over=1");
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "MAX_COOKIES + 1 cookies do not fail the request");
	is_int((long long)l.n, MAX_COOKIES, "the first MAX_COOKIES cookies are kept");
	is_str(kv_get(&l, "c0"), "0", "the first cookie is kept");
	is_str(kv_get(&l, "c31"), "31", "the 32nd cookie is kept");
	ok(kv_get(&l, "over") == NULL, "the 33rd cookie is ignored");
	snprintf(h + n, sizeof h - n, "; bad cookie; =1; x");
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "skipped pairs do not count towards MAX_COOKIES");
	is_int((long long)l.n, MAX_COOKIES, "MAX_COOKIES kept beside skipped pairs");
	/* 40 cookies, the session one last: the extras are ignored, the page still answers */
	n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(h + n, sizeof h - n, "%sx%d=%d", i ? "; " : "", i, i);
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "40 cookies: 0");
	is_int((long long)l.n, MAX_COOKIES, "40 cookies: 32 kept");
	ok(kv_get(&l, "x32") == NULL && kv_get(&l, "x39") == NULL, "40 cookies: the last 8 ignored");

	memset(h, 0, sizeof h);
	memcpy(h, "big=", 4);
	memset(h + 4, 'x', MAX_COOKIE_HEADER - 4);
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "a header of exactly %d bytes succeeds", MAX_COOKIE_HEADER);
	kv = kv_find(&l, "big");
	is_int(kv ? (long long)kv->value_len : -1, MAX_COOKIE_HEADER - 4, "its value is whole");
	h[MAX_COOKIE_HEADER] = 'x';
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "a header of %d bytes does not fail the request", MAX_COOKIE_HEADER + 1);
	is_int((long long)l.n, 0, "a cookie cut by the byte limit is dropped, not truncated");

	/* Over 4 KB: the pairs that end within the limit are kept, the one across it dropped. */
	memset(h, 0, sizeof h);
	strcpy(h, "csrf=abc; session=def; pad=");
	size_t k = strlen(h);
	memset(h + k, 'y', MAX_COOKIE_HEADER + 20 - k);
	strcpy(h + MAX_COOKIE_HEADER + 20, "; late=1");
	l = (struct kvlist){0};
	is_int(parse_cookies(a, h, &l), 0, "a 4 KB+ header: 0");
	is_str(kv_get(&l, "csrf"), "abc", "a 4 KB+ header: the first cookie is kept");
	is_str(kv_get(&l, "session"), "def", "a 4 KB+ header: the second cookie is kept");
	ok(kv_get(&l, "pad") == NULL, "a 4 KB+ header: the pair across the limit is dropped");
	ok(kv_get(&l, "late") == NULL, "a 4 KB+ header: what follows the limit is ignored");
	is_int((long long)l.n, 2, "a 4 KB+ header: two cookies");

	/* A pair ending exactly at the limit, then more: kept. */
	memset(h, 0, sizeof h);
	memcpy(h, "a=", 2);
	memset(h + 2, 'z', MAX_COOKIE_HEADER - 2);
	strcpy(h + MAX_COOKIE_HEADER, "; b=2");
	l = (struct kvlist){0};
	parse_cookies(a, h, &l);
	kv = kv_find(&l, "a");
	is_int(kv ? (long long)kv->value_len : -1, MAX_COOKIE_HEADER - 2, "a pair ending exactly at the limit is kept whole");
	ok(kv_get(&l, "b") == NULL, "the pair after the limit is ignored");
}


static void test_multipart(struct arena *a)
{
	const char *ct = "multipart/form-data; boundary=XyZ";
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"activite\"\r\n\r\nGraphiste\r\nà Agen\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n"
		"Content-Type: image/png\r\n\r\n\x89PNG\0\r\n--X\r\n"
		"--XyZ--\r\n";
	struct kvlist fields = {0};
	struct uploads files = {0};
	ok(parse_multipart(a, ct, body, sizeof body - 1, &fields, &files) == 0, "multipart: parsed");
	is_str(kv_get(&fields, "csrf"), "abc", "multipart: a text field");
	is_str(kv_get(&fields, "activite"), "Graphiste\r\nà Agen", "multipart: a field with a line break");
	ok(files.n == 1, "multipart: one file");
	if (files.n == 1) {
		is_str(files.items[0].name, "photo", "multipart: the file's field name");
		is_str(files.items[0].filename, "a.png", "multipart: its filename");
		is_str(files.items[0].content_type, "image/png", "multipart: its declared type");
		ok(files.items[0].len == 10 && memcmp(files.items[0].data, "\x89PNG\0\r\n--X", 10) == 0,
		   "multipart: its bytes, NUL and a near-boundary included");
	}
	/* A quoted boundary; an empty part list. */
	struct kvlist f2 = {0};
	struct uploads u2 = {0};
	ok(parse_multipart(a, "multipart/form-data; boundary=\"a b\"", "--a b--\r\n", 9, &f2, &u2) == 0 && f2.n == 0,
	   "multipart: quoted boundary, no parts");
	static const struct {
		const char *ct, *body, *why;
	} bad[] = {
		{"multipart/form-data", "--x--", "no boundary"},
		{"multipart/form-data; boundary=", "----", "an empty boundary"},
		{"multipart/form-data; boundary=x", "junk--x--", "junk before the first boundary"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", "a part never closed"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data\r\n\r\nv\r\n--x--", "a part without a name"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\nv\r\n--x--", "headers never ended"},
		{"multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\r\n--x--", "a text field that is not UTF-8"},
		{"multipart/form-data; boundary=x", "--xjunk", "garbage after a boundary"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct kvlist f = {0};
		struct uploads u = {0};
		ok(parse_multipart(a, bad[i].ct, bad[i].body, strlen(bad[i].body), &f, &u) == -1, "multipart refused: %s", bad[i].why);
	}
	/* A NUL in a text field is refused (the bytes are counted, not NUL-terminated). */
	static const char nul[] = "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\na\0b\r\n--x--";
	struct kvlist f3 = {0};
	struct uploads u3 = {0};
	ok(parse_multipart(a, "multipart/form-data; boundary=x", nul, sizeof nul - 1, &f3, &u3) == -1,
	   "multipart refused: a NUL in a text field");
	/* More files than MAX_UPLOADS. */
	struct buf b = {0};
	for (int i = 0; i <= MAX_UPLOADS; i++)
		buf_printf(&b, "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"%d\"\r\n\r\nz\r\n", i);
	buf_puts(&b, "--x--");
	struct kvlist f4 = {0};
	struct uploads u4 = {0};
	ok(parse_multipart(a, "multipart/form-data; boundary=x", buf_cstr(&b), b.len, &f4, &u4) == -1,
	   "multipart refused: more than MAX_UPLOADS files");
	buf_free(&b);
}

int main(void)
{
	struct arena a = {0};
	test_utf8_valid();
	test_utf8_length();
	test_percent_decode(&a);
	test_urlencoded(&a);
	test_kv_add(&a);
	test_cookies(&a);
	test_multipart(&a);
	arena_free(&a);
	return done_testing();
}
