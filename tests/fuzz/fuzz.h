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
#endif
