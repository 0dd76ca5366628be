/* markdown.c: Markdown to HTML through cmark, safe mode. */
#include "markdown.h"
#include <cmark.h>
#include <stdlib.h>

int markdown_html(const char *md, size_t len, struct buf *out)
{
	/* cmark >= 0.29 is safe by default: raw HTML becomes a comment, javascript: links are
	 * emptied. CMARK_OPT_UNSAFE is never passed. */
	char *html = cmark_markdown_to_html(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
	if (!html)
		return -1;
	buf_puts(out, html);
	free(html);
	return 0;
}
