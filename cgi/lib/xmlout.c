/* xmlout.c: XML documents written with xmlTextWriter. */
#include "xmlout.h"
#include <string.h>

int xmlout_begin(struct xmlout *x)
{
	x->xb = xmlBufferCreate();
	if (!x->xb)
		return -1;
	x->w = xmlNewTextWriterMemory(x->xb, 0);
	if (!x->w || xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0) {
		if (x->w)
			xmlFreeTextWriter(x->w);
		xmlBufferFree(x->xb);
		x->w = NULL;
		x->xb = NULL;
		return -1;
	}
	return 0;
}

int xmlout_finish(struct xmlout *x, struct buf *out)
{
	int rc = xmlTextWriterEndDocument(x->w) < 0 ? -1 : 0;
	xmlFreeTextWriter(x->w);
	if (rc == 0)
		buf_append(out, xmlBufferContent(x->xb), (size_t)xmlBufferLength(x->xb));
	xmlBufferFree(x->xb);
	x->w = NULL;
	x->xb = NULL;
	return rc;
}

const char *xml_clean(struct arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = arena_alloc(a, n + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			continue;
		if (p[i] == 0x7f)
			continue;
		/* U+FFFE and U+FFFF: EF BF BE / EF BF BF */
		if (p[i] == 0xEF && i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF)) {
			i += 2;
			continue;
		}
		*o++ = (char)p[i];
	}
	*o = '\0';
	return out;
}
