/* mime.c: the RFC 5322 / MIME text of an outbox message: headers, parts, encodings. */
#include "mime.h"
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Multipart boundaries. "=_" never occurs in quoted-printable or base64 output, and every
 * part is encoded with one of the two, so fixed boundaries cannot clash with content. */
#define BOUNDARY_MIXED "=_fontaine-mixed"
#define BOUNDARY_ALT "=_fontaine-alt"

enum { LINE_SOFT = 78, LINE_HARD = 998 };

static const char hex[] = "0123456789ABCDEF";

char *mime_date(char *out, size_t n, time_t t)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	localtime_r(&t, &tm);
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(out, n, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", days[tm.tm_wday],
		 tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		 tm.tm_sec, sign, off / 60, off % 60);
	return out;
}

bool mime_addr_spec(const char *addr, char *out, size_t n)
{
	if (!addr || !n || strpbrk(addr, "\r\n"))
		return false;
	const char *start = addr, *end = addr + strlen(addr);
	const char *lt = strrchr(addr, '<');
	if (lt) {
		const char *gt = strchr(lt, '>');
		if (!gt)
			return false;
		start = lt + 1;
		end = gt;
	} else {
		while (*start == ' ' || *start == '\t')
			start++;
		while (end > start && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
	}
	size_t len = (size_t)(end - start);
	if (len == 0 || len >= n)
		return false;
	bool at = false;
	for (const char *p = start; p < end; p++) {
		unsigned char c = (unsigned char)*p;
		if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>')
			return false;
		at |= c == '@';
	}
	if (!at)
		return false;
	memcpy(out, start, len);
	out[len] = '\0';
	return true;
}

void mime_base64(struct buf *out, const unsigned char *data, size_t len)
{
	/* 57 input bytes make one 76-character line. */
	char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	for (size_t i = 0; i < len; i += 57) {
		size_t chunk = len - i < 57 ? len - i : 57;
		sodium_bin2base64(line, sizeof line, data + i, chunk, sodium_base64_VARIANT_ORIGINAL);
		buf_puts(out, line);
		buf_puts(out, "\r\n");
	}
}

void mime_encoded_words(struct buf *out, const char *text)
{
	/* 42 bytes -> 56 base64 characters -> a 68-character word: "Subject: " plus one
	 * word still fits in 78 columns. */
	enum { CHUNK = 42 };
	size_t len = strlen(text);
	char b64[sodium_base64_ENCODED_LEN(CHUNK, sodium_base64_VARIANT_ORIGINAL)];
	bool first = true;
	for (size_t i = 0; i < len || first;) {
		size_t chunk = len - i < CHUNK ? len - i : CHUNK;
		/* Back off to a character boundary (at most 3 continuation bytes). */
		if (i + chunk < len) {
			size_t back = 0;
			while (back < 3 && back < chunk &&
			       ((unsigned char)text[i + chunk - back] & 0xC0) == 0x80)
				back++;
			if (back < chunk)
				chunk -= back;
		}
		sodium_bin2base64(b64, sizeof b64, (const unsigned char *)text + i, chunk,
				  sodium_base64_VARIANT_ORIGINAL);
		if (!first)
			buf_puts(out, "\r\n ");
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		first = false;
		i += chunk;
	}
}

/* Returns the length of the line break at s (2 for CRLF, 1 for LF), or 0. */
static size_t line_break(const char *s, const char *end)
{
	if (s < end && *s == '\n')
		return 1;
	if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
		return 2;
	return 0;
}

void mime_quoted_printable(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len;
	size_t col = 0;
	for (const char *p = s; p < end;) {
		size_t br = line_break(p, end);
		if (br) {
			buf_puts(out, "\r\n");
			col = 0;
			p += br;
			continue;
		}
		unsigned char c = (unsigned char)*p;
		bool literal = (c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t';
		/* White space at the end of a line or of the text would be lost in transit. */
		if ((c == ' ' || c == '\t') && (p + 1 == end || line_break(p + 1, end)))
			literal = false;
		/* A dot opening a line is SMTP's end-of-data marker and a stuffing hazard. */
		if (c == '.' && col == 0)
			literal = false;
		size_t w = literal ? 1 : 3;
		if (col + w > 75) {
			buf_puts(out, "=\r\n");
			col = 0;
			if (c == '.')
				w = 3, literal = false;
		}
		if (literal) {
			buf_putc(out, (char)c);
		} else {
			char enc[3] = {'=', hex[c >> 4], hex[c & 15]};
			buf_append(out, enc, 3);
		}
		col += w;
		p++;
	}
	if (len && !(out->len >= 2 && out->data[out->len - 2] == '\r' &&
		     out->data[out->len - 1] == '\n' && col == 0))
		buf_puts(out, "=\r\n");
}

/* Returns a copy of s with every control character (CR and LF included) turned into a
 * space: a header value can never start a new header line. */
static char *header_clean(const char *s)
{
	char *c = strdup(s ? s : "");
	if (!c)
		abort();
	for (char *p = c; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return c;
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Returns true when s can go into a header as it is: 7-bit, no control character (a CR or
 * LF would end the header line: a value read from the outbox, the Message-ID, could forge
 * headers), nothing that a reader would take for an encoded word, no word too long to fold
 * under the soft limit. */
static bool header_plain(const char *s)
{
	if (!is_ascii(s) || strstr(s, "=?"))
		return false;
	size_t word = 0;
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
		word = *s == ' ' ? 0 : word + 1;
		if (word > LINE_SOFT - 2)
			return false;
	}
	return true;
}

/* Appends "Name: value" CRLF, folding value before a space to keep lines within 78
 * columns where it can (unfolding gives value back: runs of spaces are kept). value is
 * 7-bit and may already hold folds (CRLF SP). Returns -1 when a line would exceed 998
 * octets. */
static int header(struct buf *out, const char *name, const char *value)
{
	size_t start = out->len;
	buf_printf(out, "%s: ", name);
	size_t col = out->len - start;
	bool word_on_line = false;
	const char *p = value;
	while (*p == ' ')
		p++;
	while (*p) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			buf_puts(out, "\r\n ");
			col = 1;
			word_on_line = false;
			p += 3;
			continue;
		}
		size_t k = strspn(p, " ");
		size_t n = strcspn(p + k, " \r");
		if (n == 0) {
			/* Trailing spaces, or a stray CR (header_clean leaves none): dropped. */
			p += k + (p[k] == '\r');
			continue;
		}
		if (k && word_on_line && col + k + n > LINE_SOFT) {
			buf_append(out, p, k - 1);
			buf_puts(out, "\r\n");
			col = 0;
			p += k - 1;
			k = 1;
		}
		if (col + k + n > LINE_HARD)
			return -1;
		buf_append(out, p, k + n);
		col += k + n;
		word_on_line = true;
		p += k + n;
	}
	buf_puts(out, "\r\n");
	return 0;
}

/* Appends the header for free text (Subject): as it is when it is plain 7-bit, else as
 * encoded words. */
static int header_text(struct buf *out, const char *name, const char *raw)
{
	char *v = header_clean(raw);
	struct buf enc = {0};
	if (header_plain(v))
		buf_puts(&enc, v);
	else
		mime_encoded_words(&enc, v);
	int rc = header(out, name, buf_cstr(&enc));
	buf_free(&enc);
	free(v);
	return rc;
}

/* Appends an address header (From, To, Reply-To): "Name <a@b>" or "a@b". A non-ASCII
 * display name is encoded; the address itself must be 7-bit. Returns -1 otherwise. */
static int header_address(struct buf *out, const char *name, const char *raw)
{
	char *v = header_clean(raw);
	char spec[320];
	int rc = -1;
	if (!mime_addr_spec(v, spec, sizeof spec))
		goto done;
	struct buf enc = {0};
	char *lt = strrchr(v, '<');
	if (lt && !is_ascii(v)) {
		/* Display name: trimmed, without its surrounding quotes. */
		char *a = v, *b = lt;
		while (*a == ' ')
			a++;
		while (b > a && b[-1] == ' ')
			b--;
		if (b - a >= 2 && *a == '"' && b[-1] == '"')
			a++, b--;
		*b = '\0';
		if (*a) {
			mime_encoded_words(&enc, a);
			buf_putc(&enc, ' ');
		}
		buf_printf(&enc, "<%s>", spec);
	} else if (is_ascii(v)) {
		buf_puts(&enc, v);
	} else {
		buf_free(&enc);
		goto done;
	}
	rc = header(out, name, buf_cstr(&enc));
	buf_free(&enc);
done:
	free(v);
	return rc;
}

/* Appends one text part (headers and quoted-printable body). */
static void part_text(struct buf *out, const char *subtype, const char *text)
{
	buf_printf(out, "Content-Type: text/%s; charset=utf-8\r\n"
			"Content-Transfer-Encoding: quoted-printable\r\n\r\n",
		   subtype);
	mime_quoted_printable(out, text, strlen(text));
}

/* Appends the text body: one text/plain part, or multipart/alternative with the HTML. */
static void part_body(struct buf *out, const struct mime_message *m)
{
	if (!m->body_html || !*m->body_html) {
		part_text(out, "plain", m->body_text);
		return;
	}
	buf_puts(out, "Content-Type: multipart/alternative;\r\n"
		      " boundary=\"" BOUNDARY_ALT "\"\r\n\r\n");
	buf_puts(out, "--" BOUNDARY_ALT "\r\n");
	part_text(out, "plain", m->body_text);
	buf_puts(out, "\r\n--" BOUNDARY_ALT "\r\n");
	part_text(out, "html", m->body_html);
	buf_puts(out, "\r\n--" BOUNDARY_ALT "--\r\n");
}

/* Returns true when ct is a plausible "type/subtype[; params]" in printable 7-bit ASCII
 * that can be sent base64 (not message/ or multipart/). */
static bool content_type_ok(const char *ct)
{
	size_t n = strlen(ct);
	if (n < 3 || n > 200 || !strchr(ct, '/') || strncasecmp(ct, "message/", 8) == 0 ||
	    strncasecmp(ct, "multipart/", 10) == 0)
		return false;
	for (const char *p = ct; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return false;
	return true;
}

/* Appends an attachment part, base64. An ASCII file name goes as quoted strings; a
 * non-ASCII one as RFC 2231 filename* in Content-Disposition (the standard, and what
 * readers prefer) and as one RFC 2047 word in Content-Type's name (what older Outlook
 * reads). Returns -1 when a header line would pass 998 octets. */
static int part_attachment(struct buf *out, const struct mime_attachment *a)
{
	char *name = header_clean(a->filename && *a->filename ? a->filename : "piece-jointe");
	for (char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			*p = '_';
	struct buf quoted = {0}, ext = {0};
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_putc(&quoted, '\\');
		buf_putc(&quoted, (char)*p);
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("!#$&+-.^_`|~", *p))
			buf_putc(&ext, (char)*p);
		else
			buf_printf(&ext, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	const char *ct = content_type_ok(a->content_type) ? a->content_type
							   : "application/octet-stream";
	size_t start = out->len;
	if (is_ascii(name)) {
		buf_printf(out, "Content-Type: %s;\r\n name=\"%s\"\r\n", ct, buf_cstr(&quoted));
		buf_printf(out, "Content-Disposition: attachment;\r\n filename=\"%s\"\r\n",
			   buf_cstr(&quoted));
	} else {
		size_t len = strlen(name);
		size_t b64len = sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
		char *b64 = malloc(b64len);
		if (!b64)
			abort();
		sodium_bin2base64(b64, b64len, (const unsigned char *)name, len,
				  sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "Content-Type: %s;\r\n name=\"=?UTF-8?B?%s?=\"\r\n", ct, b64);
		buf_printf(out, "Content-Disposition: attachment;\r\n filename*=UTF-8''%s\r\n",
			   buf_cstr(&ext));
		free(b64);
	}
	buf_puts(out, "Content-Transfer-Encoding: base64\r\n\r\n");
	int rc = 0;
	/* Header lines only: the base64 lines are 76 characters by construction. */
	for (size_t i = start, col = 0; i < out->len; i++) {
		col = out->data[i] == '\n' ? 0 : col + 1;
		if (col > LINE_HARD)
			rc = -1;
	}
	mime_base64(out, a->data, a->len);
	buf_free(&quoted);
	buf_free(&ext);
	free(name);
	return rc;
}

int mime_build(struct buf *out, const struct mime_message *m, const char **err)
{
	char date[64];
	*err = NULL;
	if (!m->message_id || !*m->message_id || !header_plain(m->message_id))
		return *err = "message_id", -1;
	if (!m->body_text)
		return *err = "body_text", -1;
	header(out, "Date", mime_date(date, sizeof date, m->date));
	header(out, "Message-ID", m->message_id);
	if (header_address(out, "From", m->from) < 0)
		return *err = "from", -1;
	if (header_address(out, "To", m->to) < 0)
		return *err = "to_addr", -1;
	if (m->reply_to && *m->reply_to && header_address(out, "Reply-To", m->reply_to) < 0)
		return *err = "reply_to", -1;
	if (header_text(out, "Subject", m->subject ? m->subject : "") < 0)
		return *err = "subject", -1;
	if (m->list_unsubscribe && *m->list_unsubscribe) {
		/* RFC 2369 and RFC 8058: a bare URL (printable ASCII, nothing that would end the
		 * angle brackets or the list) on one line within the hard limit. */
		const char *u = m->list_unsubscribe;
		size_t n = strlen(u);
		if (n > 900 || (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) ||
		    strcspn(u, " <>,\"\\") != n)
			return *err = "list_unsubscribe", -1;
		for (const char *p = u; *p; p++)
			if ((unsigned char)*p <= 0x20 || (unsigned char)*p >= 0x7f)
				return *err = "list_unsubscribe", -1;
		buf_printf(out, "List-Unsubscribe: <%s>\r\n", u);
		buf_puts(out, "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n");
	}
	/* RFC 3834: no auto-responder should answer a machine-sent message. */
	buf_puts(out, "Auto-Submitted: auto-generated\r\n");
	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (!m->n_attachments) {
		part_body(out, m);
		return 0;
	}
	buf_puts(out, "Content-Type: multipart/mixed;\r\n"
		      " boundary=\"" BOUNDARY_MIXED "\"\r\n\r\n");
	buf_puts(out, "--" BOUNDARY_MIXED "\r\n");
	part_body(out, m);
	for (size_t i = 0; i < m->n_attachments; i++) {
		buf_puts(out, "\r\n--" BOUNDARY_MIXED "\r\n");
		if (part_attachment(out, &m->attachments[i]) < 0)
			return *err = "attachment filename", -1;
	}
	buf_puts(out, "\r\n--" BOUNDARY_MIXED "--\r\n");
	return 0;
}
