/* cursor.h: the opaque cursor of the API's lists: where the next page starts. */
#ifndef FT_API_CURSOR_H
#define FT_API_CURSOR_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A list is ordered by (key, id); a cursor names the last row of a page. */
struct cursor {
	int64_t key, id;
};

/* Room for an encoded cursor and its NUL. */
enum { CURSOR_LEN = 32 };

/* Writes c as 23 base64url characters (a version byte and both numbers, big-endian) into
 * out[CURSOR_LEN]. Returns out. */
char *cursor_encode(char out[CURSOR_LEN], struct cursor c);
/* Decodes s into *c. Returns false for anything cursor_encode did not make (length, alphabet,
 * padding, version). */
bool cursor_decode(const char *s, struct cursor *c);
#endif
