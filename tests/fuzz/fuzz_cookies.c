/* fuzz_cookies.c: parse_cookies() on the input as a NUL-terminated Cookie header. */
#include "fuzz.h"
#include "parse.h"

static bool name_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	struct kvlist list = {0};
	char *header = fuzz_cstr(data, size);
	size_t hlen = strlen(header);
	int rc = parse_cookies(&a, header, &list);
	CHECK(rc == 0 || rc == -1);
	if (hlen > MAX_COOKIE_HEADER)
		CHECK(rc == -1);
	CHECK(list.n <= MAX_COOKIES);
	if (rc == -1 && hlen <= MAX_COOKIE_HEADER)
		CHECK(list.n == MAX_COOKIES); /* refused only because a 33rd cookie came */
	for (size_t i = 0; i < list.n; i++) {
		const struct kv *kv = &list.items[i];
		size_t nlen = strlen(kv->key);
		CHECK(nlen > 0 && nlen <= hlen);
		for (size_t k = 0; k < nlen; k++)
			CHECK(name_char((unsigned char)kv->key[k]));
		CHECK(strlen(kv->value) == kv->value_len);
		CHECK(kv->value_len < hlen);
		for (size_t k = 0; k < kv->value_len; k++) {
			unsigned char c = (unsigned char)kv->value[k];
			CHECK(c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != '\\' && c != ';');
		}
		/* Both name and value are taken verbatim from the header. */
		CHECK(strstr(header, kv->key) != NULL);
		CHECK(strstr(header, kv->value) != NULL);
	}
	CHECK(parse_cookies(&a, NULL, &list) == 0);
	free(header);
	arena_free(&a);
	return 0;
}
