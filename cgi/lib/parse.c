/* parse.c: pure parsers for request data. */
#include "parse.h"
#include <stddef.h>
#include <string.h>
#include <strings.h>

bool utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		unsigned min, cp;
		if (c >= 0xC2 && c <= 0xDF) {
			n = 1, min = 0x80, cp = c & 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 2, min = 0x800, cp = c & 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 3, min = 0x10000, cp = c & 0x07;
		} else {
			return false;
		}
		if (len - i <= n)
			return false;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += n + 1;
	}
	return true;
}

size_t utf8_length(const char *str, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)str[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *percent_decode(struct arena *a, const char *in, size_t len, enum decode_mode mode,
		     size_t *out_len)
{
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (c == '%') {
			if (len - i < 3)
				return NULL;
			int hi = hexval(in[i + 1]), lo = hexval(in[i + 2]);
			if (hi < 0 || lo < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			i += 2;
		} else if (c == '+' && mode == DECODE_FORM) {
			c = ' ';
		}
		if (c == '\0')
			return NULL;
		out[o++] = c;
	}
	out[o] = '\0';
	if (!utf8_valid(out, o))
		return NULL;
	if (out_len)
		*out_len = o;
	return out;
}

void kv_add(struct arena *a, struct kvlist *list, const char *key, const char *value,
	    size_t value_len)
{
	if (list->n == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct kv *items = arena_alloc(a, cap * sizeof *items);
		if (list->n)
			memcpy(items, list->items, list->n * sizeof *items);
		list->items = items;
		list->cap = cap;
	}
	list->items[list->n++] = (struct kv){key, value, value_len};
}

int parse_urlencoded(struct arena *a, const char *data, size_t len, struct kvlist *list)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && data[end] != '&')
			end++;
		if (end > i) {
			const char *pair = data + i;
			size_t plen = end - i;
			const char *eq = memchr(pair, '=', plen);
			size_t klen = eq ? (size_t)(eq - pair) : plen;
			if (klen == 0)
				return -1;
			if (list->n >= MAX_FIELDS)
				return -1;
			char *key = percent_decode(a, pair, klen, DECODE_FORM, NULL);
			size_t vlen = 0;
			char *value = eq ? percent_decode(a, eq + 1, plen - klen - 1, DECODE_FORM, &vlen)
					 : arena_strdup(a, "");
			if (!key || !value)
				return -1;
			kv_add(a, list, key, value, vlen);
		}
		i = end + 1;
	}
	return 0;
}

static bool cookie_name_char(unsigned char c)
{
	/* RFC 6265 token characters. */
	return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

int parse_cookies(struct arena *a, const char *header, struct kvlist *list)
{
	if (!header)
		return 0;
	/* Only the first MAX_COOKIE_HEADER bytes are read; a pair cut by that limit is dropped
	 * (a truncated value is not the value that was set). */
	size_t hlen = strnlen(header, MAX_COOKIE_HEADER + 1);
	const char *p = header, *end = header + (hlen > MAX_COOKIE_HEADER ? MAX_COOKIE_HEADER : hlen);
	bool cut = hlen > MAX_COOKIE_HEADER;
	while (p < end && list->n < MAX_COOKIES) {
		while (p < end && (*p == ' ' || *p == ';'))
			p++;
		if (p == end)
			break;
		const char *name = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		size_t nlen = (size_t)(p - name);
		while (nlen && name[nlen - 1] == ' ')
			nlen--;
		if (p == end || *p != '=')
			continue; /* a pair without '=' is ignored */
		p++;
		const char *val = p;
		while (p < end && *p != ';')
			p++;
		if (p == end && cut && *end != ';')
			break; /* the last pair runs past the limit */
		size_t vlen = (size_t)(p - val);
		while (vlen && val[vlen - 1] == ' ')
			vlen--;
		if (vlen >= 2 && val[0] == '"' && val[vlen - 1] == '"')
			val++, vlen -= 2;
		bool ok = nlen > 0;
		for (size_t i = 0; ok && i < nlen; i++)
			ok = cookie_name_char((unsigned char)name[i]);
		for (size_t i = 0; ok && i < vlen; i++) {
			unsigned char c = (unsigned char)val[i];
			ok = c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != '\\';
		}
		if (!ok)
			continue;
		kv_add(a, list, arena_strndup(a, name, nlen), arena_strndup(a, val, vlen), vlen);
	}
	return 0;
}

const struct kv *kv_find(const struct kvlist *list, const char *key)
{
	for (size_t i = 0; i < list->n; i++)
		if (strcmp(list->items[i].key, key) == 0)
			return &list->items[i];
	return NULL;
}

const char *kv_get(const struct kvlist *list, const char *key)
{
	const struct kv *kv = kv_find(list, key);
	return kv ? kv->value : NULL;
}

/* The value of parameter name in a header value ("form-data; name=\"photo\"; filename=\"a.jpg\""),
 * unquoted, in the arena; NULL when absent or malformed. */
static const char *header_param(struct arena *a, const char *h, size_t hlen, const char *name)
{
	size_t n = strlen(name);
	for (size_t i = 0; i + n + 1 < hlen; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ') && strncasecmp(h + i, name, n) == 0 &&
		    h[i + n] == '=') {
			const char *v = h + i + n + 1, *end = h + hlen;
			if (v < end && *v == '"') {
				const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
				if (!q)
					return NULL;
				return arena_strndup(a, v + 1, (size_t)(q - v - 1));
			}
			const char *e = v;
			while (e < end && *e != ';' && *e != ' ')
				e++;
			return arena_strndup(a, v, (size_t)(e - v));
		}
	}
	return NULL;
}

/* Finds needle[0..nlen) in hay[0..hlen). */
static const char *find_bytes(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0 || hlen < nlen)
		return NULL;
	for (const char *p = hay; p + nlen <= hay + hlen; p++) {
		p = memchr(p, needle[0], (size_t)(hay + hlen - p - (ptrdiff_t)nlen + 1));
		if (!p)
			return NULL;
		if (memcmp(p, needle, nlen) == 0)
			return p;
	}
	return NULL;
}

int parse_multipart(struct arena *a, const char *content_type, const char *body, size_t len,
		    struct kvlist *fields, struct uploads *files)
{
	const char *b = content_type ? header_param(a, content_type, strlen(content_type), "boundary")
				     : NULL;
	if (!b || !*b || strlen(b) > 70)
		return -1;
	char *delim = arena_printf(a, "\r\n--%s", b);
	size_t dlen = strlen(delim);
	/* The body starts with the first delimiter (without its CRLF). */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return -1;
	const char *p = body + dlen - 2, *end = body + len;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		const char *hend = find_bytes(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		const char *name = NULL, *filename = NULL, *ctype = NULL;
		for (const char *h = p; h < hend + 2;) {
			const char *eol = find_bytes(h, (size_t)(hend + 2 - h), "\r\n", 2);
			size_t hl = (size_t)(eol - h);
			if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				name = header_param(a, h + 20, hl - 20, "name");
				filename = header_param(a, h + 20, hl - 20, "filename");
			} else if (hl > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
				const char *v = h + 13;
				while (v < eol && *v == ' ')
					v++;
				ctype = arena_strndup(a, v, (size_t)(eol - v));
			}
			h = eol + 2;
		}
		const char *data = hend + 4;
		const char *next = find_bytes(data, (size_t)(end - data), delim, dlen);
		if (!next || !name || !*name || !utf8_valid(name, strlen(name)))
			return -1;
		size_t dl = (size_t)(next - data);
		if (filename) {
			if (files->n >= MAX_UPLOADS)
				return -1;
			struct upload *u = &files->items[files->n++];
			u->name = name;
			u->filename = utf8_valid(filename, strlen(filename)) ? filename : "";
			u->content_type = ctype ? ctype : "";
			char *copy = arena_alloc(a, dl + 1);
			memcpy(copy, data, dl);
			copy[dl] = '\0';
			u->data = copy;
			u->len = dl;
		} else {
			if (fields->n >= MAX_FIELDS || memchr(data, '\0', dl) || !utf8_valid(data, dl))
				return -1;
			kv_add(a, fields, name, arena_strndup(a, data, dl), dl);
		}
		p = next + dlen;
	}
}
