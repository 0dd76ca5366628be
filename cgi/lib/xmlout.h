/* xmlout.h: XML documents written with libxml2's xmlTextWriter into a response buffer. */
#ifndef FT_XMLOUT_H
#define FT_XMLOUT_H
#include <libxml/xmlwriter.h>
#include "arena.h"
#include "buf.h"

struct xmlout {
	xmlBufferPtr xb;
	xmlTextWriterPtr w;
};

/* Starts a UTF-8 document. Returns 0 or -1. */
int xmlout_begin(struct xmlout *x);
/* Ends the document and appends it to out; frees the writer. Returns 0 or -1. */
int xmlout_finish(struct xmlout *x, struct buf *out);
/* Returns s without the characters XML 1.0 forbids (C0 controls but tab/LF/CR, U+FFFE/F).
 * s must be valid UTF-8 (as every request value and database text is). */
const char *xml_clean(struct arena *a, const char *s);
#endif
