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
	CHECK(rc == 0); /* past the caps the rest is ignored, never refused */
	CHECK(list.n <= MAX_COOKIES);
	/* Everything kept lies within the first MAX_COOKIE_HEADER bytes. */
	size_t within = hlen > MAX_COOKIE_HEADER ? MAX_COOKIE_HEADER : hlen;
	char *head = strndup(header, within);
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
		CHECK(strstr(head, kv->key) != NULL);
		CHECK(strstr(head, kv->value) != NULL);
	}
	CHECK(parse_cookies(&a, NULL, &list) == 0);
	free(head);
	free(header);
	arena_free(&a);
	return 0;
}
