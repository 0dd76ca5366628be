/* test_mime.c: unit tests (TAP) for the mailer's message builder, cgi/mailer/mime.c. */
#include "mime.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a minimal TAP writer (self-contained: this directory has its own tests) ---- */

static int n_run, n_failed;

static bool check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static bool check(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf("%sok %d - ", cond ? "" : "not ", ++n_run);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout); /* a crash must not lose the lines already printed */
	va_end(ap);
	if (!cond)
		n_failed++;
	return cond;
}

static void show(const char *label, const char *s)
{
	printf("# %s: \"", label);
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\')
			putchar(*p);
		else
			printf("\\x%02x", *p);
	printf("\"\n");
}

static bool same(const char *got, const char *want, const char *name)
{
	bool eq = got && want && strcmp(got, want) == 0;
	check(eq, "%s", name);
	if (!eq) {
		show("     got", got);
		show("expected", want);
	}
	return eq;
}

static bool has(const char *hay, const char *needle, const char *name)
{
	bool r = hay && strstr(hay, needle);
	check(r, "%s", name);
	if (!r)
		show("missing", needle);
	return r;
}

/* ---- helpers ---- */

/* Returns true when every line of s ends with CRLF (no bare CR or LF), is at most max
 * octets long, and s is 7-bit. */
static bool well_formed(const char *s, size_t max, char *why, size_t whylen)
{
	size_t col = 0, line = 1;
	if (!s) {
		snprintf(why, whylen, "no text");
		return false;
	}
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x80) {
			snprintf(why, whylen, "8-bit byte on line %zu", line);
			return false;
		}
		if (c == '\r') {
			if (p[1] != '\n') {
				snprintf(why, whylen, "bare CR on line %zu", line);
				return false;
			}
			p++;
			col = 0;
			line++;
			continue;
		}
		if (c == '\n') {
			snprintf(why, whylen, "bare LF on line %zu", line);
			return false;
		}
		if (++col > max) {
			snprintf(why, whylen, "line %zu longer than %zu", line, max);
			return false;
		}
	}
	return true;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Decodes quoted-printable (hard breaks CRLF -> LF). Returns a malloc'd string, or NULL
 * when the input is malformed (a lowercase or missing hex digit, a bare '='). */
static char *qp_decode(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	for (const char *p = s; *p;) {
		if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
			p += 3;
		} else if (p[0] == '=') {
			int h = hexval(p[1]), l = h < 0 ? -1 : hexval(p[2]);
			if (h < 0 || l < 0) {
				free(out);
				return NULL;
			}
			*o++ = (char)(h * 16 + l);
			p += 3;
		} else if (p[0] == '\r' && p[1] == '\n') {
			*o++ = '\n';
			p += 2;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

static char *qp(const char *in)
{
	struct buf b = {0};
	mime_quoted_printable(&b, in, strlen(in));
	char *s = strdup(b.data ? b.data : "");
	buf_free(&b);
	return s;
}

/* Returns a malloc'd copy of the part of s between the first blank line and end. */
static char *after_headers(const char *s)
{
	const char *b = strstr(s, "\r\n\r\n");
	return strdup(b ? b + 4 : "");
}

/* ---- tests ---- */

static void test_date(void)
{
	char d[64];
	same(mime_date(d, sizeof d, 1772543109), "Tue, 03 Mar 2026 14:05:09 +0100",
	     "date in winter: Paris is UTC+1, English names (RFC 5322)");
	same(mime_date(d, sizeof d, 1784016000), "Tue, 14 Jul 2026 10:00:00 +0200",
	     "date in summer: Paris is UTC+2");
}

static void test_addr_spec(void)
{
	char s[64];
	check(mime_addr_spec("La Fontaine <contact@lafontaine-agen.example>", s, sizeof s) &&
		      strcmp(s, "contact@lafontaine-agen.example") == 0,
	      "addr-spec from \"Name <addr>\"");
	check(mime_addr_spec("  marie@example.org ", s, sizeof s) &&
		      strcmp(s, "marie@example.org") == 0,
	      "bare address, trimmed");
	check(mime_addr_spec("\"Dupont, Jean\" <jean@example.org>", s, sizeof s) &&
		      strcmp(s, "jean@example.org") == 0,
	      "quoted display name with a comma");
	check(!mime_addr_spec("pas une adresse", s, sizeof s), "no @: refused");
	check(!mime_addr_spec("a b@example.org", s, sizeof s), "space in the address: refused");
	check(!mime_addr_spec("Jean <jean@example.org", s, sizeof s), "unclosed <: refused");
	check(!mime_addr_spec("élodie@exemple.fr", s, sizeof s),
	      "non-ASCII address: refused (no SMTPUTF8)");
	check(!mime_addr_spec("a@example.org\r\nRCPT TO:<x@y>", s, sizeof s),
	      "CR/LF anywhere in the address: refused");
	check(!mime_addr_spec("averyveryverylongaddress@averyveryverylongdomain.example.org", s,
			      8),
	      "an address that does not fit: refused");
}

static void test_encoded_words(void)
{
	struct buf b = {0};
	mime_encoded_words(&b, "Réunion");
	same(b.data, "=?UTF-8?B?UsOpdW5pb24=?=", "RFC 2047 B encoding of a short text");
	buf_free(&b);

	/* 100 × "é" = 200 bytes: several words, none splitting a character. */
	char in[256] = "";
	for (int i = 0; i < 100; i++)
		strcat(in, "\xc3\xa9");
	mime_encoded_words(&b, in);
	bool ok_len = true, ok_split = true;
	struct buf dec = {0};
	char *copy = strdup(b.data);
	for (char *w = strtok(copy, "\r\n "); w; w = strtok(NULL, "\r\n ")) {
		size_t n = strlen(w);
		if (n > 75 || strncmp(w, "=?UTF-8?B?", 10) != 0 || strcmp(w + n - 2, "?=") != 0) {
			ok_len = false;
			continue;
		}
		unsigned char raw[128];
		size_t rawlen = 0;
		w[n - 2] = '\0';
		if (sodium_base642bin(raw, sizeof raw, w + 10, n - 12, NULL, &rawlen, NULL,
				      sodium_base64_VARIANT_ORIGINAL) != 0)
			ok_len = false;
		if (rawlen % 2 != 0 || (rawlen && raw[0] != 0xc3))
			ok_split = false;
		buf_append(&dec, raw, rawlen);
	}
	check(ok_len, "every encoded word is at most 75 characters and well formed");
	check(ok_split, "no word splits a UTF-8 character");
	same(dec.data, in, "the words decode back to the whole text");
	char why[80] = "";
	check(well_formed(b.data, 78, why, sizeof why), "words are folded with CRLF SP (%s)", why);
	free(copy);
	buf_free(&dec);
	buf_free(&b);
}

static void test_quoted_printable(void)
{
	char *s;
	same(s = qp("Bonjour"), "Bonjour=\r\n", "no final newline: a soft break ends the part");
	free(s);
	same(s = qp("a=b\n"), "a=3Db\r\n", "'=' is encoded; LF becomes CRLF");
	free(s);
	same(s = qp("fin \net\t\n"), "fin=20\r\net=09\r\n", "trailing space and tab are encoded");
	free(s);
	same(s = qp(".\n"), "=2E\r\n", "a dot opening a line is encoded");
	free(s);
	same(s = qp("d\xc3\xa9j\xc3\xa0\r\nvu"), "d=C3=A9j=C3=A0\r\nvu=\r\n",
	     "UTF-8 bytes are encoded; CRLF input stays one break");
	free(s);
	same(s = qp("a\rb"), "a=0Db=\r\n", "a lone CR is encoded, not a line break");
	free(s);
	same(s = qp(""), "", "empty text: nothing");
	free(s);

	/* A long line with an encoded byte near each soft break and a dot at a break. */
	char in[4096] = "";
	for (int i = 0; i < 30; i++)
		strcat(in, "Le tarif coworking passe \xc3\xa0 12\xe2\x80\xaf" "000 \xe2\x82\xac. ");
	strcat(in, "\n");
	for (int i = 0; i < 80; i++)
		strcat(in, ".");
	strcat(in, " \n");
	s = qp(in);
	char why[80] = "";
	check(well_formed(s, 76, why, sizeof why), "quoted-printable lines are at most 76 (%s)",
	      why);
	char *d = qp_decode(s);
	same(d, in, "quoted-printable decodes back to the text exactly");
	check(!strstr(s, "\r\n."), "no encoded line starts with a dot");
	free(d);
	free(s);
}

static void test_base64(void)
{
	struct buf b = {0};
	mime_base64(&b, (const unsigned char *)"hello", 5);
	same(b.data, "aGVsbG8=\r\n", "base64 of a short value, one CRLF-ended line");
	buf_free(&b);
	unsigned char bin[200];
	for (int i = 0; i < 200; i++)
		bin[i] = (unsigned char)(i * 37);
	mime_base64(&b, bin, sizeof bin);
	char why[80] = "";
	check(well_formed(b.data, 76, why, sizeof why) && strlen(b.data) > 76 &&
		      b.data[76] == '\r',
	      "base64 lines are 76 characters (%s)", why);
	buf_free(&b);
}

static const char TEXT[] = "Bonjour Marie,\n\nVotre réservation de la salle de réunion "
			   "est confirmée pour le mardi 3 mars 2026.\n";
static const char HTML[] = "<p>Bonjour Marie,</p>\n<p>Votre réservation est "
			   "<strong>confirmée</strong>.</p>\n";

static struct mime_message base_message(void)
{
	return (struct mime_message){
		.from = "La Fontaine <contact@lafontaine-agen.example>",
		.to = "marie@example.org",
		.reply_to = NULL,
		.subject = "Confirmation",
		.message_id = "<abc.1@lafontaine-agen.example>",
		.date = 1772543109,
		.body_text = TEXT,
	};
}

/* Returns the built message (malloc'd) or NULL; *err as mime_build's. */
static char *build(const struct mime_message *m, const char **err)
{
	struct buf b = {0};
	if (mime_build(&b, m, err) < 0) {
		buf_free(&b);
		return NULL;
	}
	char *s = strdup(b.data);
	buf_free(&b);
	return s;
}

static void test_build_plain(void)
{
	struct mime_message m = base_message();
	const char *err;
	char *s = build(&m, &err);
	if (!check(s != NULL, "a plain message builds"))
		return;
	char why[80] = "";
	check(well_formed(s, 998, why, sizeof why), "CRLF, 7-bit, lines <= 998 (%s)", why);
	has(s, "Date: Tue, 03 Mar 2026 14:05:09 +0100\r\n", "Date header");
	has(s, "Message-ID: <abc.1@lafontaine-agen.example>\r\n", "Message-ID header");
	has(s, "From: La Fontaine <contact@lafontaine-agen.example>\r\n", "From header");
	has(s, "To: marie@example.org\r\n", "To header");
	has(s, "Subject: Confirmation\r\n", "an ASCII subject stays plain");
	has(s, "MIME-Version: 1.0\r\n", "MIME-Version header");
	has(s, "Content-Type: text/plain; charset=utf-8\r\n", "a single text/plain part");
	check(!strstr(s, "Reply-To:"), "no Reply-To when none is set");
	check(!strstr(s, "multipart"), "no multipart without HTML or attachments");
	char *body = after_headers(s), *d = qp_decode(body);
	same(d, TEXT, "the body decodes to the text");
	free(d);
	free(body);
	free(s);
}

static void test_build_headers(void)
{
	struct mime_message m = base_message();
	m.subject = "Nouveau message de contact : Location de la salle — été 2026";
	m.reply_to = "visiteur@example.net";
	m.from = "Canti\xe2\x80\x99net <contact@lafontaine-agen.example>";
	m.to = "\"Marie Lefèvre\" <marie@example.org>";
	const char *err;
	char *s = build(&m, &err);
	if (!check(s != NULL, "a message with non-ASCII headers builds"))
		return;
	char why[80] = "";
	check(well_formed(s, 998, why, sizeof why), "still 7-bit and CRLF (%s)", why);
	has(s, "Subject: =?UTF-8?B?", "a non-ASCII subject is RFC 2047-encoded");
	has(s, "Reply-To: visiteur@example.net\r\n", "Reply-To header");
	has(s, "From: =?UTF-8?B?Q2FudGnigJluZXQ=?= <contact@lafontaine-agen.example>\r\n",
	    "a non-ASCII display name in From is encoded, the address kept");
	has(s, "To: =?UTF-8?B?TWFyaWUgTGVmw6h2cmU=?= <marie@example.org>\r\n",
	    "a quoted non-ASCII display name in To is encoded without its quotes");
	/* Header lines stay within 78 columns. */
	char *hdr = strdup(s);
	*strstr(hdr, "\r\n\r\n") = '\0';
	check(well_formed(hdr, 78, why, sizeof why), "header lines fit in 78 columns (%s)", why);
	free(hdr);
	free(s);
}

static void test_build_injection(void)
{
	struct mime_message m = base_message();
	m.subject = "Bonjour\r\nBcc: victime@example.com";
	m.to = "marie@example.org\nBcc: victime@example.com";
	m.reply_to = "a@example.net\r\nX-Evil: 1";
	const char *err;
	char *s = build(&m, &err);
	/* The To value no longer has a usable address once CR/LF are spaces: refused, or
	 * at least no header line was forged. Either way no "Bcc:" line may exist. */
	check(!s || (!strstr(s, "\r\nBcc:") && !strstr(s, "\r\nX-Evil:")),
	      "CR/LF in header values never start a header line");
	free(s);
	m = base_message();
	m.subject = "Bonjour\r\nBcc: victime@example.com";
	s = build(&m, &err);
	check(s && !strstr(s, "\r\nBcc:") && strstr(s, "Subject: Bonjour  Bcc: victime@example.com\r\n"),
	      "a subject with CR/LF stays on its header line");
	free(s);
	m = base_message();
	m.subject = "=?UTF-8?B?SGFjaw==?=";
	s = build(&m, &err);
	check(s && !strstr(s, "Subject: =?UTF-8?B?SGFjaw==?=\r\n"),
	      "a subject that looks like an encoded word is itself encoded");
	free(s);
}

static void test_build_html(void)
{
	struct mime_message m = base_message();
	m.body_html = HTML;
	const char *err;
	char *s = build(&m, &err);
	if (!check(s != NULL, "a message with HTML builds"))
		return;
	has(s, "Content-Type: multipart/alternative;\r\n boundary=\"=_fontaine-alt\"\r\n",
	    "multipart/alternative");
	char *plain = strstr(s, "Content-Type: text/plain; charset=utf-8");
	char *html = strstr(s, "Content-Type: text/html; charset=utf-8");
	check(plain && html && plain < html, "text/plain first, then text/html (RFC 2046 order)");
	has(s, "\r\n--=_fontaine-alt--\r\n", "closing boundary");
	if (html) {
		char *b = after_headers(html);
		char *end = strstr(b, "\r\n--=_fontaine-alt--");
		if (end)
			*end = '\0';
		char *d = qp_decode(b);
		same(d, HTML, "the HTML part decodes exactly");
		free(d);
		free(b);
	}
	free(s);
	m.body_html = "";
	s = build(&m, &err);
	check(s && !strstr(s, "multipart"), "an empty body_html counts as none");
	free(s);
}

static void test_build_attachments(void)
{
	static const unsigned char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
	static const unsigned char pdf[] = {'%', 'P', 'D', 'F', 0, 0xff, 0x80, '\n', '\r', 1};
	struct mime_attachment a[2] = {
		{"atelier.ics", "text/calendar; method=PUBLISH", ics, sizeof ics - 1},
		{"facture n\xc2\xb0 2026-001.pdf", "application/pdf", pdf, sizeof pdf},
	};
	struct mime_message m = base_message();
	m.body_html = HTML;
	m.attachments = a;
	m.n_attachments = 2;
	const char *err;
	char *s = build(&m, &err);
	if (!check(s != NULL, "a message with attachments builds"))
		return;
	char why[80] = "";
	check(well_formed(s, 998, why, sizeof why), "CRLF, 7-bit, lines <= 998 (%s)", why);
	has(s, "Content-Type: multipart/mixed;\r\n boundary=\"=_fontaine-mixed\"\r\n",
	    "multipart/mixed at the top");
	char *mixed = strstr(s, "--=_fontaine-mixed\r\n");
	char *alt = strstr(s, "Content-Type: multipart/alternative");
	check(mixed && alt && mixed < alt, "the alternative body is the first part");
	has(s, "Content-Type: text/calendar; method=PUBLISH;\r\n name=\"atelier.ics\"\r\n",
	    "the .ics keeps its content type");
	has(s, "Content-Disposition: attachment;\r\n filename=\"atelier.ics\"\r\n",
	    "ASCII file name");
	has(s, "Content-Disposition: attachment;\r\n"
	       " filename*=UTF-8''facture%20n%C2%B0%202026-001.pdf\r\n",
	    "non-ASCII file name in RFC 2231 form, alone in Content-Disposition");
	has(s, "Content-Type: application/pdf;\r\n name=\"=?UTF-8?B?ZmFjdHVyZSBuwrAgMjAyNi0wMDEucGRm?=\"",
	    "and RFC 2047-encoded in Content-Type's name");
	struct buf b64 = {0};
	mime_base64(&b64, pdf, sizeof pdf);
	has(s, b64.data, "the binary attachment is base64, byte for byte");
	buf_free(&b64);
	has(s, "\r\n--=_fontaine-mixed--\r\n", "closing boundary");
	free(s);

	struct mime_attachment bad = {"x.eml", "message/rfc822", ics, sizeof ics - 1};
	m.attachments = &bad;
	m.n_attachments = 1;
	s = build(&m, &err);
	has(s, "Content-Type: application/octet-stream;", "message/* is sent as octet-stream");
	free(s);
}

static void test_build_errors(void)
{
	struct mime_message m = base_message();
	const char *err = NULL;
	m.to = "élodie@exemple.fr";
	check(!build(&m, &err) && err && strcmp(err, "to_addr") == 0,
	      "a non-ASCII address is refused (err to_addr)");
	m = base_message();
	m.message_id = NULL;
	check(!build(&m, &err) && err && strcmp(err, "message_id") == 0,
	      "no Message-ID: refused");
	/* Found by tests/fuzz/fuzz_mime.c: the outbox's message_id went out as it was. */
	m = base_message();
	m.message_id = "<abc.1@lafontaine-agen.example>\r\nBcc: victime@exemple.fr";
	check(!build(&m, &err) && err && strcmp(err, "message_id") == 0,
	      "a Message-ID with a line break is refused (no forged header)");
	m = base_message();
	m.reply_to = "pas une adresse";
	check(!build(&m, &err) && err && strcmp(err, "reply_to") == 0,
	      "an unusable Reply-To is refused");
	/* A 2000-character subject without spaces is encoded and folded, never one long line. */
	char subject[2001];
	memset(subject, 'x', 2000);
	subject[2000] = '\0';
	m = base_message();
	m.subject = subject;
	char *s = build(&m, &err);
	char why[80] = "";
	check(s && well_formed(s, 998, why, sizeof why), "a very long subject is folded (%s)",
	      why);
	free(s);
}

/* A newsletter's List-Unsubscribe (RFC 2369) and one-click (RFC 8058) headers. */
static void test_build_list_unsubscribe(void)
{
	struct mime_message m = base_message();
	const char *err = NULL;
	char *s = build(&m, &err);
	check(s && !strstr(s, "List-Unsubscribe"), "no List-Unsubscribe on other mail");
	free(s);
	m.list_unsubscribe = "https://lafontaine-agen.example/desinscription/un-clic?e=a%40b.fr&t=abc_-";
	s = build(&m, &err);
	if (!check(s != NULL, "a newsletter builds"))
		return;
	has(s, "\r\nList-Unsubscribe: <https://lafontaine-agen.example/desinscription/un-clic?e=a%40b.fr&t=abc_->\r\n"
	       "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n", "List-Unsubscribe and List-Unsubscribe-Post");
	char *head_end = strstr(s, "\r\n\r\n");
	char *lu = strstr(s, "List-Unsubscribe:");
	check(head_end && lu && lu < head_end, "in the message's own headers");
	free(s);
	static const char *const bad[] = {
		"https://x/a\r\nBcc: victime@exemple.fr", "https://x/a>, <mailto:x@y", "javascript:alert(1)",
		"https://x/a b", "https://x/\xc3\xa9",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		m.list_unsubscribe = bad[i];
		err = NULL;
		check(!build(&m, &err) && err && strcmp(err, "list_unsubscribe") == 0,
		      "an unusable List-Unsubscribe URL is refused (#%zu)", i);
	}
}

int main(void)
{
	setenv("TZ", "Europe/Paris", 1);
	test_build_list_unsubscribe();
	test_date();
	test_addr_spec();
	test_encoded_words();
	test_quoted_printable();
	test_base64();
	test_build_plain();
	test_build_headers();
	test_build_injection();
	test_build_html();
	test_build_attachments();
	test_build_errors();
	printf("1..%d\n", n_run);
	if (n_failed)
		printf("# failed %d of %d\n", n_failed, n_run);
	return n_failed ? 1 : 0;
}
