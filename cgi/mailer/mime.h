/* mime.h: builds the RFC 5322 / MIME text of an outbox message (pure functions, no I/O). */
#ifndef FT_MIME_H
#define FT_MIME_H
#include "buf.h"
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct mime_attachment {
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

/* One message as the outbox holds it. Strings are UTF-8; body_html and reply_to may be
 * NULL (or empty: the same). date is the origination time. */
struct mime_message {
	const char *from, *to, *reply_to, *subject, *message_id;
	time_t date;
	const char *body_text, *body_html;
	const struct mime_attachment *attachments;
	size_t n_attachments;
	/* A newsletter's one-click unsubscribe URL (https, RFC 8058), or NULL. */
	const char *list_unsubscribe;
};

/* Appends the whole message (headers, blank line, body; CRLF line ends, every line at
 * most 998 octets, 7-bit only) to out. Returns 0, or -1 with *err naming the field that
 * cannot be written (a permanent failure: retrying would build the same text). */
int mime_build(struct buf *out, const struct mime_message *m, const char **err);

/* Writes t as an RFC 5322 date-time ("Tue, 03 Mar 2026 14:05:09 +0100") in the local
 * time zone (the mailer sets TZ=Europe/Paris). Returns out. */
char *mime_date(char *out, size_t n, time_t t);

/* Copies the addr-spec of an address ("Name <a@b>" or "a@b") into out. Returns false
 * when there is none or it does not fit, or when it holds a space, a control character
 * or a non-ASCII byte (the SMTP envelope takes a bare 7-bit address). */
bool mime_addr_spec(const char *addr, char *out, size_t n);

/* Appends text as RFC 2047 encoded words (=?UTF-8?B?...?=), each at most 75 characters,
 * never splitting a UTF-8 sequence, separated by CRLF SP (header folding). */
void mime_encoded_words(struct buf *out, const char *text);

/* Appends s[0..len) quoted-printable (RFC 2045): LF and CRLF become hard line breaks
 * (CRLF), lines are at most 76 characters, trailing white space and a leading dot are
 * encoded. Ends with CRLF unless the input was empty. */
void mime_quoted_printable(struct buf *out, const char *s, size_t len);

/* Appends data as base64 in lines of 76 characters, each ending with CRLF. */
void mime_base64(struct buf *out, const unsigned char *data, size_t len);
#endif
