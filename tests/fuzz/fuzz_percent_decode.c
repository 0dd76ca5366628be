/* fuzz_percent_decode.c: percent_decode() in both modes against a reference decoder. */
#include "fuzz.h"
#include "parse.h"

static int ref_hex(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reference decoder: returns the decoded length into out, or -1 where percent_decode must
 * return NULL (bad escape, NUL byte, invalid UTF-8). */
static long ref_decode(const uint8_t *in, size_t len, bool form, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = in[i];
		if (c == '%') {
			if (i + 2 >= len)
				return -1;
			int hi = ref_hex(in[i + 1]), lo = ref_hex(in[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (form && c == '+') {
			c = ' ';
		}
		if (c == 0)
			return -1;
		out[o++] = (char)c;
	}
	return ref_utf8_valid(out, o) ? (long)o : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	char *ref = malloc(size + 1);
	CHECK(ref != NULL);
	for (int mode = DECODE_PATH; mode <= DECODE_FORM; mode++) {
		size_t out_len = (size_t)-1;
		char *out = percent_decode(&a, (const char *)data, size, (enum decode_mode)mode,
					   &out_len);
		long want = ref_decode(data, size, mode == DECODE_FORM, ref);
		if (!out) {
			CHECK(want < 0);
			continue;
		}
		CHECK(want >= 0);
		CHECK(out_len == (size_t)want);
		CHECK(out_len <= size);
		CHECK(memcmp(out, ref, out_len) == 0);
		CHECK(out[out_len] == '\0');
		CHECK(memchr(out, '\0', out_len) == NULL);
		CHECK(utf8_valid(out, out_len));
		/* utf8_length counts code points: compare with the lead bytes of valid text. */
		size_t cps = 0;
		for (size_t i = 0; i < out_len; i++)
			cps += ((unsigned char)out[i] & 0xC0) != 0x80;
		CHECK(utf8_length(out, out_len) == cps);
		/* out_len may be NULL. */
		CHECK(percent_decode(&a, (const char *)data, size, (enum decode_mode)mode, NULL));
	}
	/* utf8_valid on the raw input agrees with the reference validator. */
	CHECK(utf8_valid((const char *)data, size) == ref_utf8_valid((const char *)data, size));
	free(ref);
	arena_free(&a);
	return 0;
}
