/* fuzz_urlencoded.c: parse_urlencoded() on arbitrary bytes (query strings, form bodies). */
#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a = {0};
	struct kvlist list = {0};
	const char *s = (const char *)data;
	int rc = parse_urlencoded(&a, s, size, &list);
	CHECK(rc == 0 || rc == -1);

	/* Count the non-empty '&'-separated pairs: each becomes exactly one field on success. */
	size_t pairs = 0;
	for (size_t i = 0; i < size;) {
		size_t end = i;
		while (end < size && s[end] != '&')
			end++;
		pairs += end > i;
		i = end + 1;
	}
	if (rc == 0) {
		CHECK(list.n <= MAX_FIELDS);
		CHECK(list.n == pairs);
		CHECK(list.n <= list.cap);
		for (size_t i = 0; i < list.n; i++) {
			const struct kv *kv = &list.items[i];
			CHECK(kv->key && kv->value);
			CHECK(kv->key[0] != '\0');
			CHECK(utf8_valid(kv->key, strlen(kv->key)));
			CHECK(strlen(kv->value) == kv->value_len);
			CHECK(utf8_valid(kv->value, kv->value_len));
			const struct kv *first = kv_find(&list, kv->key);
			CHECK(first && first <= kv && strcmp(first->key, kv->key) == 0);
			CHECK(kv_get(&list, kv->key) == first->value);
		}
	} else {
		/* -1 only for too many fields or a field that does not decode. */
		CHECK(pairs > 0);
	}
	/* Decoded keys are valid UTF-8, so a lone 0xFF byte is never one. */
	CHECK(kv_get(&list, "\xff") == NULL);
	arena_free(&a);
	return 0;
}
