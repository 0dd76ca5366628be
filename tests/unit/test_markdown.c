/* test_markdown.c: unit tests of markdown.c (cmark in safe mode). */
#include "markdown.h"
#include "tap.h"

/* Returns the HTML for md in a static buffer owned by the caller's buf. */
static const char *md(struct buf *b, const char *text)
{
	buf_reset(b);
	if (markdown_html(text, strlen(text), b) != 0)
		return NULL;
	return buf_cstr(b);
}

int main(void)
{
	struct buf b = {0};
	const char *h;

	h = md(&b, "<script>alert(1)</script>");
	lacks(h, "<script", "raw <script> block is not passed through");
	lacks(h, "alert(1)", "the script's text is gone");

	h = md(&b, "Bonjour <script>alert(1)</script> et <img src=x onerror=alert(1)> fin");
	lacks(h, "<script", "inline <script> is not passed through");
	lacks(h, "<img", "inline <img onerror> is not passed through");
	lacks(h, "onerror", "no event handler attribute");
	contains(h, "Bonjour", "text around raw HTML is kept");

	h = md(&b, "<div onclick=\"x()\">bloc</div>");
	lacks(h, "<div", "raw HTML block dropped");

	h = md(&b, "[x](javascript:alert(1))");
	lacks(h, "javascript:", "[x](javascript:alert(1)) gives no javascript: href");
	contains(h, ">x</a>", "the link text stays");

	h = md(&b, "[x](JavaScript:alert(1)) [y](vbscript:msgbox) [z](data:text/html,<b>x</b>)");
	lacks(h, "avaScript:", "mixed-case javascript: dropped");
	lacks(h, "vbscript:", "vbscript: dropped");
	lacks(h, "data:text/html", "data:text/html dropped");

	h = md(&b, "![img](javascript:alert(1)) <javascript:alert(1)>");
	lacks(h, "src=\"javascript:", "image with javascript: src dropped");
	lacks(h, "href=\"javascript:", "autolink with javascript: dropped");

	h = md(&b, "[site](https://lafontaine-agen.fr/?a=1&b=\"2\")");
	contains(h, "href=\"https://lafontaine-agen.fr/?a=1&amp;b=%222%22\"",
		 "a safe link is kept, its URL escaped");

	h = md(&b, "# Titre\n\n## Sous-titre\n\n- un\n- deux\n\n1. premier\n2. second\n\n"
		   "**gras** et *italique* et `code`\n");
	contains(h, "<h1>Titre</h1>", "heading level 1");
	contains(h, "<h2>Sous-titre</h2>", "heading level 2");
	contains(h, "<ul>\n<li>un</li>\n<li>deux</li>\n</ul>", "bullet list");
	contains(h, "<ol>\n<li>premier</li>\n<li>second</li>\n</ol>", "ordered list");
	contains(h, "<strong>gras</strong>", "strong");
	contains(h, "<em>italique</em>", "emphasis");
	contains(h, "<code>code</code>", "code");

	h = md(&b, "5 < 6 & \"guillemets\" l'apostrophe");
	contains(h, "5 &lt; 6 &amp; &quot;guillemets&quot;", "text is HTML-escaped");

	h = md(&b, "caf\xc3\xa9 \xff fin");
	contains(h, "caf\xc3\xa9", "valid UTF-8 kept");
	lacks(h, "\xff", "invalid UTF-8 replaced (CMARK_OPT_VALIDATE_UTF8)");

	/* Appends to what the buffer holds. */
	buf_reset(&b);
	buf_puts(&b, "<article>");
	is_int(markdown_html("*a*", 3, &b), 0, "markdown_html returns 0");
	is_str(buf_cstr(&b), "<article><p><em>a</em></p>\n", "markdown_html appends");
	h = md(&b, "");
	is_str(h, "", "empty Markdown gives empty HTML");
	buf_free(&b);
	return done_testing();
}
