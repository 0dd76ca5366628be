/* test_api_cursor.c: the API's pagination cursor (cgi/api/cursor.c): round trips, and every
 * malformed cursor refused. */
#include "cursor.h"
#include "tap.h"
#include <sodium.h>
#include <stdint.h>

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	char s[CURSOR_LEN];
	struct cursor c, values[] = {{0, 0}, {1, 1}, {1767225600, 42}, {-5, 7},
				     {INT64_MAX, INT64_MIN}, {INT64_MIN, INT64_MAX}};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		cursor_encode(s, values[i]);
		ok(strlen(s) == 23 && cursor_decode(s, &c) && c.key == values[i].key &&
			   c.id == values[i].id, "round trip %zu: %s", i, s);
	}
	cursor_encode(s, (struct cursor){1767225600, 42});
	char bad[CURSOR_LEN];
	strcpy(bad, s);
	/* 17 bytes in 23 characters: the last one's two low bits are padding, zero. */
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	bad[22] = b64[(strchr(b64, bad[22]) - b64) | 1];
	ok(bad[22] != s[22] && !cursor_decode(bad, &c), "padding bits set are refused");
	strcpy(bad, s);
	bad[3] = '+';
	ok(!cursor_decode(bad, &c), "a character outside base64url is refused");
	strcpy(bad, s);
	bad[0] = 'B';
	ok(!cursor_decode(bad, &c), "another version is refused");
	ok(!cursor_decode("", &c), "an empty cursor is refused");
	ok(!cursor_decode(NULL, &c), "no cursor is refused");
	strcpy(bad, s);
	bad[22] = '\0';
	ok(!cursor_decode(bad, &c), "a short cursor is refused");
	ok(!cursor_decode("AQAAAABpVfYAAAAAAAAAACoA", &c), "a long cursor is refused");
	ok(!cursor_decode("AQAAAABpVfYAAAAAAAAAAC=", &c), "padding is refused");
	c.key = 99;
	ok(!cursor_decode("not a cursor at all!!!!", &c) && c.key == 99, "a refused cursor leaves *c alone");
	return done_testing();
}
