/* fuzz_markdown.c: markdown_html() (cmark, safe mode) must never emit markup of its own
 * choosing: no <script, no javascript:/vbscript: URL, only the tags cmark writes. */
#include "fuzz.h"
#include "markdown.h"
#include "parse.h"
#include <ctype.h>
#include <strings.h>

/* The elements cmark's HTML renderer writes; anything else came from the input. */
static const char *const tags[] = {
	"p", "em", "strong", "a", "img", "code", "pre", "blockquote", "ul", "ol", "li",
	"h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", NULL,
};

static bool known_tag(const char *p)
{
	if (*p == '/')
		p++;
	size_t n = 0;
	while (isalnum((unsigned char)p[n]))
		n++;
	for (size_t i = 0; tags[i]; i++)
		if (strlen(tags[i]) == n && strncmp(tags[i], p, n) == 0)
			return p[n] == '>' || p[n] == ' ' || (p[n] == '/' && p[n + 1] == '>');
	return false;
}

/* Returns true when the attribute value at v (after the quote) is a script URL. */
static bool script_url(const char *v)
{
	while (*v == ' ' || *v == '\t')
		v++;
	return strncasecmp(v, "javascript:", 11) == 0 || strncasecmp(v, "vbscript:", 9) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = {0};
	int rc = markdown_html((const char *)data, size, &out);
	CHECK(rc == 0);
	const char *html = buf_cstr(&out);
	CHECK(strlen(html) == out.len);
	CHECK(utf8_valid(html, out.len));
	CHECK(strcasestr(html, "<script") == NULL);
	CHECK(strcasestr(html, "href=\"javascript:") == NULL);
	for (const char *p = html; (p = strchr(p, '<')); p++) {
		if (strncmp(p, "<!-- raw HTML omitted -->", 25) == 0)
			continue;
		if (!known_tag(p + 1)) {
			fprintf(stderr, "unexpected markup: %.60s\n", p);
			CHECK(!"markup not written by cmark");
		}
	}
	static const char *const attrs[] = {"href=\"", "src=\"", NULL};
	for (size_t i = 0; attrs[i]; i++)
		for (const char *p = html; (p = strcasestr(p, attrs[i])); p++)
			CHECK(!script_url(p + strlen(attrs[i])));
	buf_free(&out);
	return 0;
}
