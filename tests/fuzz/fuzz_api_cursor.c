/* fuzz_api_cursor.c: cursor_decode() of the API (cgi/api/cursor.c) on arbitrary bytes: it
 * accepts only what cursor_encode makes, and what it accepts encodes back to the same text. */
#include "fuzz.h"
#include "cursor.h"
#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	if (!ready) {
		CHECK(sodium_init() >= 0);
		ready = true;
	}
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	struct cursor c = {-1, -1};
	if (cursor_decode(s, &c)) {
		char again[CURSOR_LEN];
		CHECK(strcmp(cursor_encode(again, c), s) == 0);
	} else {
		CHECK(c.key == -1 && c.id == -1);
	}
	free(s);
	return 0;
}
