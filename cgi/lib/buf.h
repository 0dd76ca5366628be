/* buf.h: growable byte buffer for response bodies and rendered text. */
#ifndef FT_BUF_H
#define FT_BUF_H
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct buf {
	char *data;
	size_t len, cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties the buffer but keeps its memory for the next request. */
void buf_reset(struct buf *b);
void buf_free(struct buf *b);
/* Returns a NUL-terminated view of the contents (valid until the next append). */
const char *buf_cstr(struct buf *b);
#ifdef __cplusplus
}
#endif
#endif
