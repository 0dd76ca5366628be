/* cursor.c: the API's opaque pagination cursor (a version byte, the key, the id; base64url). */
#include "cursor.h"
#include <sodium.h>
#include <string.h>

enum { CURSOR_VERSION = 1, CURSOR_RAW = 17, CURSOR_TEXT = 23 };

char *cursor_encode(char out[CURSOR_LEN], struct cursor c)
{
	unsigned char raw[CURSOR_RAW];
	uint64_t k = (uint64_t)c.key, id = (uint64_t)c.id;
	raw[0] = CURSOR_VERSION;
	for (int i = 0; i < 8; i++) {
		raw[1 + i] = (unsigned char)(k >> (56 - 8 * i));
		raw[9 + i] = (unsigned char)(id >> (56 - 8 * i));
	}
	sodium_bin2base64(out, CURSOR_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool cursor_decode(const char *s, struct cursor *c)
{
	if (!s || strlen(s) != CURSOR_TEXT)
		return false;
	unsigned char raw[CURSOR_RAW + 1];
	size_t n = 0;
	const char *end = NULL;
	if (sodium_base642bin(raw, sizeof raw, s, CURSOR_TEXT, NULL, &n, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != CURSOR_RAW || !end || *end != '\0' || raw[0] != CURSOR_VERSION)
		return false;
	/* The last character carries 4 bits of padding: only the encoder's (zero) bits pass,
	 * so that one cursor has one spelling. */
	char again[CURSOR_LEN];
	uint64_t k = 0, id = 0;
	for (int i = 0; i < 8; i++) {
		k = k << 8 | raw[1 + i];
		id = id << 8 | raw[9 + i];
	}
	struct cursor d = {(int64_t)k, (int64_t)id};
	if (strcmp(cursor_encode(again, d), s) != 0)
		return false;
	*c = d;
	return true;
}
