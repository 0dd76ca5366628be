/* markdown.h: Markdown to HTML with cmark in safe mode (raw HTML and unsafe links dropped). */
#ifndef FT_MARKDOWN_H
#define FT_MARKDOWN_H
#include <stddef.h>
#include "buf.h"

/* Appends the HTML for md[0..len) to out. Returns 0, or -1 when cmark failed. */
int markdown_html(const char *md, size_t len, struct buf *out);
#endif
