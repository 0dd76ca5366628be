/* fuzz_mime.c: the mailer's message builder (cgi/mailer/mime.c). The first byte picks what is
 * fuzzed: a whole message built from the input (every field, up to three attachments), whose
 * text must be 7-bit, CRLF-terminated lines of at most 998 octets, with well-formed header
 * lines; or one encoder, whose output must decode back to its input: quoted-printable
 * (lines of at most 76 characters, no trailing white space, no leading dot), base64 (lines
 * of 76), RFC 2047 encoded words (each at most 75 characters, the UTF-8 never split). */
#include "fuzz.h"
#include "mime.h"
#include <sodium.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	CHECK(sodium_init() >= 0);
	return 0;
}

static int unhex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Returns what is wrong with the line structure of s[0..n) (CRLF everywhere, 7-bit, no NUL,
 * no line longer than max), or NULL. */
static const char *line_problem(const char *s, size_t n, size_t max, bool must_end_crlf)
{
	size_t col = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0 || c >= 0x80)
			return "a NUL or 8-bit byte";
		if (c == '\r') {
			if (i + 1 >= n || s[i + 1] != '\n')
				return "a bare CR";
			i++;
			col = 0;
			continue;
		}
		if (c == '\n')
			return "a bare LF";
		if (++col > max)
			return "a line too long";
	}
	if (must_end_crlf && n && !(n >= 2 && s[n - 2] == '\r' && s[n - 1] == '\n'))
		return "no final CRLF";
	return NULL;
}

/* Aborts, showing the text, when line_problem finds something. */
static void check_lines(const char *s, size_t n, size_t max, bool must_end_crlf)
{
	const char *problem = line_problem(s, n, max, must_end_crlf);
	if (problem) {
		fprintf(stderr, "%s in:\n%.*s\n", problem, (int)n, s);
		CHECK(problem == NULL);
	}
}

static void fuzz_message(struct fuzz_in *in)
{
	struct mime_attachment att[3];
	struct mime_message m = {
		.from = fz_str(in, 80, true, false),
		.to = fz_str(in, 80, true, false),
		.reply_to = fz_str(in, 80, true, true),
		.subject = fz_str(in, 200, true, true),
		.message_id = fz_str(in, 60, false, true),
		.date = (time_t)(fz_u64(in, 4)),
		.body_text = fz_str(in, 255, true, true),
		.body_html = fz_str(in, 255, true, true),
		.attachments = att,
		.n_attachments = fz_u8(in) % 4,
	};
	for (size_t i = 0; i < m.n_attachments; i++) {
		att[i].filename = fz_str(in, 60, true, false);
		att[i].content_type = fz_str(in, 40, false, false);
		const char *data = fz_str(in, 255, false, false);
		att[i].data = (const unsigned char *)data;
		att[i].len = strlen(data);
	}
	struct buf out = {0};
	const char *err = "unset";
	int rc = mime_build(&out, &m, &err);
	if (rc < 0) {
		CHECK(err != NULL);
		buf_free(&out);
		return;
	}
	CHECK(rc == 0 && err == NULL);
	check_lines(out.data, out.len, 998, true);
	/* The header block: "Name: value" lines and folded continuations, then a blank line. */
	const char *end = strstr(out.data, "\r\n\r\n");
	CHECK(end != NULL);
	for (const char *line = out.data; line <= end;) {
		const char *eol = strstr(line, "\r\n");
		if (*line == ' ' || *line == '\t') {
			CHECK(line != out.data);
		} else {
			const char *p = line;
			while (p < eol && *p >= '!' && *p <= '~' && *p != ':')
				p++;
			CHECK(p > line && p < eol && *p == ':');
		}
		line = eol + 2;
	}
	buf_free(&out);
}

static void fuzz_qp(const uint8_t *data, size_t size)
{
	struct buf out = {0};
	mime_quoted_printable(&out, (const char *)data, size);
	check_lines(out.data, out.len, 76, size > 0);
	/* Decode: "=XX" a byte, "=" CRLF a soft break, CRLF a line break (LF). */
	struct buf dec = {0};
	for (size_t i = 0; i < out.len; i++) {
		char c = out.data[i];
		if (c == '\r') {
			CHECK(i == 0 || (out.data[i - 1] != ' ' && out.data[i - 1] != '\t'));
			CHECK(i + 2 >= out.len || out.data[i + 2] != '.');
			buf_putc(&dec, '\n');
			i++;
		} else if (c == '=') {
			CHECK(i + 2 < out.len);
			if (out.data[i + 1] == '\r') {
				CHECK(out.data[i + 2] == '\n');
				i += 2;
				continue;
			}
			int hi = unhex(out.data[i + 1]), lo = unhex(out.data[i + 2]);
			CHECK(hi >= 0 && lo >= 0);
			buf_putc(&dec, (char)(hi << 4 | lo));
			i += 2;
		} else {
			CHECK((c >= ' ' && c <= '~') || c == '\t');
			buf_putc(&dec, c);
		}
	}
	if (out.len)
		CHECK(out.data[0] != '.');
	/* The input with CRLF as LF; a final line break may have been added. */
	struct buf want = {0};
	for (size_t i = 0; i < size; i++) {
		if (data[i] == '\r' && i + 1 < size && data[i + 1] == '\n')
			continue;
		buf_putc(&want, (char)data[i]);
	}
	bool same = dec.len == want.len && (!want.len || memcmp(dec.data, want.data, want.len) == 0);
	bool plus_lf = dec.len == want.len + 1 && dec.data[want.len] == '\n' &&
		       (!want.len || memcmp(dec.data, want.data, want.len) == 0);
	if (!same && !plus_lf) {
		fprintf(stderr, "quoted-printable does not decode back:\n%.*s\n", (int)out.len, out.data);
		CHECK(same || plus_lf);
	}
	buf_free(&want);
	buf_free(&dec);
	buf_free(&out);
}

static void fuzz_base64(const uint8_t *data, size_t size)
{
	struct buf out = {0};
	mime_base64(&out, data, size);
	check_lines(out.data, out.len, 76, true);
	unsigned char *back = malloc(size + 1);
	size_t n = 0;
	CHECK(back != NULL);
	CHECK(sodium_base642bin(back, size + 1, out.data ? out.data : "", out.len, "\r\n", &n, NULL,
				sodium_base64_VARIANT_ORIGINAL) == 0);
	CHECK(n == size && (!size || memcmp(back, data, size) == 0));
	free(back);
	buf_free(&out);
}

static void fuzz_words(struct fuzz_in *in)
{
	const char *text = fz_str(in, 255, true, false);
	struct buf out = {0};
	mime_encoded_words(&out, text);
	struct buf dec = {0};
	const char *p = out.data ? out.data : "";
	const char *end = p + out.len;
	while (p < end) {
		const char *sep = strstr(p, "\r\n ");
		const char *w_end = sep && sep < end ? sep : end;
		size_t wl = (size_t)(w_end - p);
		CHECK(wl <= 75);
		CHECK(wl >= 12 && strncmp(p, "=?UTF-8?B?", 10) == 0 && strncmp(w_end - 2, "?=", 2) == 0);
		unsigned char raw[80];
		size_t n = 0;
		CHECK(sodium_base642bin(raw, sizeof raw, p + 10, wl - 12, NULL, &n, NULL,
					sodium_base64_VARIANT_ORIGINAL) == 0);
		CHECK(ref_utf8_valid((const char *)raw, n)); /* no sequence split across words */
		buf_append(&dec, (const char *)raw, n);
		p = w_end == end ? end : w_end + 3;
	}
	CHECK(dec.len == strlen(text) && (!dec.len || memcmp(dec.data, text, dec.len) == 0));
	buf_free(&dec);
	buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	struct fuzz_in in = {.p = data + 1, .n = size - 1};
	switch (data[0] % 4) {
	case 0: fuzz_message(&in); break;
	case 1: fuzz_qp(data + 1, size - 1); break;
	case 2: fuzz_base64(data + 1, size - 1); break;
	default: fuzz_words(&in); break;
	}
	fuzz_in_free(&in);
	return 0;
}
