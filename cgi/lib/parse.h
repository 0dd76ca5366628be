/* parse.h: pure parsers for request data: UTF-8, percent-decoding, urlencoded bodies, cookies. */
#ifndef FT_PARSE_H
#define FT_PARSE_H
#include <stdbool.h>
#include <stddef.h>
#include "arena.h"

/* Caps applied to every request before any handler runs. */
enum {
	MAX_URI_LEN = 2048,
	MAX_BODY_LEN = 1024 * 1024,
	MAX_FIELDS = 128,
	MAX_COOKIES = 32,
	MAX_COOKIE_HEADER = 4096,
};

struct kv {
	const char *key;
	const char *value;
	size_t value_len;
};

struct kvlist {
	struct kv *items;
	size_t n, cap;
};

/* Returns true when s[0..len) is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* Returns the number of code points in valid UTF-8 text. */
size_t utf8_length(const char *s, size_t len);

enum decode_mode { DECODE_PATH, DECODE_FORM };

/* Percent-decodes in[0..len) into a new arena string; DECODE_FORM turns '+' into a space.
 * Returns NULL for malformed escapes, NUL bytes or invalid UTF-8. */
char *percent_decode(struct arena *a, const char *in, size_t len, enum decode_mode mode,
		     size_t *out_len);

/* Parses "a=1&b=2" into list (keys and values decoded). Returns 0, or -1 when the input is
 * malformed or holds more than MAX_FIELDS fields. */
int parse_urlencoded(struct arena *a, const char *data, size_t len, struct kvlist *list);

/* A file sent in a multipart/form-data body. */
enum { MAX_UPLOADS = 4 };
struct upload {
	const char *name, *filename, *content_type; /* as sent: never trusted for the type */
	const char *data;                           /* len bytes (and a NUL after them) */
	size_t len;
};
struct uploads {
	struct upload items[MAX_UPLOADS];
	size_t n;
};

/* Parses a multipart/form-data body (RFC 7578) whose Content-Type header (with its boundary)
 * is content_type: text parts into fields (valid UTF-8, no NUL, MAX_FIELDS at most), parts with
 * a filename into files (MAX_UPLOADS at most). Returns 0, or -1 when the body is malformed. */
int parse_multipart(struct arena *a, const char *content_type, const char *body, size_t len,
		    struct kvlist *fields, struct uploads *files);

/* Parses a Cookie header ("a=1; b=2"); malformed pairs are skipped, as browsers do. Past
 * the caps the rest is ignored, not refused (a browser piles up cookies of other sites on the
 * same host): the first MAX_COOKIES good pairs within the first MAX_COOKIE_HEADER bytes are
 * kept, and a pair cut by that byte limit is dropped. Returns 0. */
int parse_cookies(struct arena *a, const char *header, struct kvlist *list);

/* Returns the first value for key, or NULL. */
const struct kv *kv_find(const struct kvlist *list, const char *key);
const char *kv_get(const struct kvlist *list, const char *key);
void kv_add(struct arena *a, struct kvlist *list, const char *key, const char *value,
	    size_t value_len);
#endif
