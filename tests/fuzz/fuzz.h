/* fuzz.h: helpers shared by the libFuzzer targets: invariant checks and a reference UTF-8 validator. */
#ifndef FT_FUZZ_H
#define FT_FUZZ_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts (so that libFuzzer records the input) when an invariant does not hold. */
#define CHECK(cond)                                                                      \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,    \
				#cond);                                                  \
			abort();                                                         \
		}                                                                        \
	} while (0)

/* Returns true when s[0..len) is well-formed UTF-8, by the byte-range table of
 * Unicode 15 section 3.9 (Table 3-7): an implementation independent of utf8_valid(). */
static inline bool ref_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t n;
		if (c <= 0x7F)
			n = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c == 0xE0)
			n = 2, lo = 0xA0;
		else if (c >= 0xE1 && c <= 0xEC)
			n = 2;
		else if (c == 0xED)
			n = 2, hi = 0x9F;
		else if (c >= 0xEE && c <= 0xEF)
			n = 2;
		else if (c == 0xF0)
			n = 3, lo = 0x90;
		else if (c >= 0xF1 && c <= 0xF3)
			n = 3;
		else if (c == 0xF4)
			n = 3, hi = 0x8F;
		else
			return false;
		if (n > len - i - 1)
			return false;
		if (n && (s[i + 1] < lo || s[i + 1] > hi))
			return false;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += n + 1;
	}
	return true;
}

/* Returns a malloc'ed NUL-terminated copy of data[0..size). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	CHECK(s != NULL);
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}
/* A reader of the fuzzer's bytes, for targets that build a struct from them: each call takes
 * what it needs from the front and gives zeros once the input is used up. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
	char *pool[256]; /* strings handed out, freed by fuzz_in_free */
	size_t n_pool;
};

static inline uint8_t fz_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint64_t fz_u64(struct fuzz_in *in, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | fz_u8(in);
	return v;
}

static inline bool fz_bool(struct fuzz_in *in)
{
	return fz_u8(in) & 1;
}

/* Keeps s for fuzz_in_free; returns it. */
static inline char *fz_keep(struct fuzz_in *in, char *s)
{
	CHECK(in->n_pool < sizeof in->pool / sizeof in->pool[0]);
	in->pool[in->n_pool++] = s;
	return s;
}

/* A string of at most max bytes (its length is the next byte, modulo max + 1), without NUL.
 * With utf8 set, invalid UTF-8 is replaced byte by byte with '?': the database holds valid
 * UTF-8 only, so the writers are given nothing else. A first byte 0xFF gives NULL when
 * nullable is set. */
static inline const char *fz_str(struct fuzz_in *in, size_t max, bool utf8, bool nullable)
{
	if (nullable && in->n && in->p[0] == 0xFF) {
		fz_u8(in);
		return NULL;
	}
	size_t len = fz_u8(in) % (max + 1);
	if (len > in->n)
		len = in->n;
	char *s = fz_keep(in, malloc(len + 1));
	CHECK(s != NULL);
	for (size_t i = 0; i < len; i++)
		s[i] = in->p[i] ? (char)in->p[i] : ' ';
	s[len] = '\0';
	in->p += len;
	in->n -= len;
	if (utf8) {
		for (size_t i = 0; i < len;) {
			size_t k = 1;
			while (k <= 4 && i + k <= len && !ref_utf8_valid(s + i, k))
				k++;
			if (k <= 4 && i + k <= len)
				i += k;
			else
				s[i++] = '?';
		}
	}
	return s;
}

static inline void fuzz_in_free(struct fuzz_in *in)
{
	for (size_t i = 0; i < in->n_pool; i++)
		free(in->pool[i]);
	in->n_pool = 0;
}
#endif
