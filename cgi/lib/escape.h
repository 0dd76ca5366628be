/* escape.h: escapers for output written from C, named for their context. */
#ifndef FT_ESCAPE_H
#define FT_ESCAPE_H
#include "buf.h"

/* Text or a quoted attribute value in HTML: & < > " ' escaped. */
void escape_html(struct buf *out, const char *s);
/* A URL query component: everything but unreserved characters percent-encoded. */
void escape_url_component(struct buf *out, const char *s);
#endif
