/* test_tpl.c: unit tests of tpl.cc (ctemplate auto-escaping through the C API).
 * tpl_init freezes the template cache: this program calls it once, with good templates only;
 * test_tpl_bad.c covers templates that fail to load. */
#include "tpl.h"
#include "tap.h"

#ifndef UNIT_TEMPLATE_DIR
#error "UNIT_TEMPLATE_DIR must name tests/unit/templates"
#endif

/* Returns the line of out that starts with prefix, up to its newline, in line[]. */
static const char *line_of(const char *out, const char *prefix, char *line, size_t size)
{
	const char *p = out ? strstr(out, prefix) : NULL;
	if (!p)
		return NULL;
	size_t n = strcspn(p, "\n");
	snprintf(line, size, "%.*s", (int)n, p);
	return line;
}

int main(void)
{
	static const char *const names[] = {"escape.tpl", "inc.tpl"};
	char err[512] = "";
	int rc = tpl_init(UNIT_TEMPLATE_DIR, names, 2, err, sizeof err);
	if (!is_int(rc, 0, "tpl_init loads the fixture templates"))
		diag("%s", err);

	struct tpl_dict *d = tpl_dict_new();
	ok(d != NULL, "tpl_dict_new");
	tpl_set(d, "TEXT", "<script>alert(\"x\")</script> l'été & co");
	tpl_set(d, "Q", "caf\xc3\xa9 & cr\xc3\xa8me=1/2?#");
	tpl_set(d, "URL", "javascript:alert(1)");
	tpl_set_int(d, "NUM", -1234567890123LL);
	tpl_set(d, "HTML", "<em>fait confiance</em>");
	const char *vals[] = {"un", "<deux>", "\"trois\""};
	for (int i = 0; i < 3; i++)
		tpl_set(tpl_section(d, "ITEM"), "V", vals[i]);
	tpl_show(d, "SHOWN");
	struct tpl_dict *inc = tpl_include(d, "INC", "inc.tpl");
	tpl_set_len(inc, "INNER", "<i>x</i>trailing", 8);

	struct buf out = {0};
	is_int(tpl_expand("escape.tpl", d, &out), 0, "tpl_expand succeeds");
	const char *html = buf_cstr(&out);
	char line[1024];

	is_str(line_of(html, "<p class=\"text\">", line, sizeof line),
	       "<p class=\"text\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; l&#39;été &amp; co</p>",
	       "text context: < > \" ' & escaped");
	is_str(line_of(html, "<p class=\"dq\"", line, sizeof line),
	       "<p class=\"dq\" title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; l&#39;été &amp; co\">double</p>",
	       "double-quoted attribute: escaped");
	const char *sq = line_of(html, "<p class=\"sq\"", line, sizeof line);
	lacks(sq, "'x", "single-quoted attribute: no raw quote");
	lacks(sq, "l'", "single-quoted attribute: apostrophe escaped");
	lacks(sq, "<script", "single-quoted attribute: no raw <script");
	lacks(html, "<script", "no raw <script> anywhere");

	is_str(line_of(html, "<a class=\"query\"", line, sizeof line),
	       "<a class=\"query\" href=\"/recherche?q=caf%C3%A9+%26+cr%C3%A8me%3D1/2%3F%23&amp;page=1\">recherche</a>",
	       "{{Q:u}} URL-escapes a query value (space & = ? # and UTF-8; ctemplate keeps '/')");

	const char *u = line_of(html, "<a class=\"url\"", line, sizeof line);
	is_str(u, "<a class=\"url\" href=\"#\">lien</a>",
	       "javascript: URL in href=\"{{URL}}\" is replaced with \"#\"");
	const char *next = line_of(html, "<a class=\"next\"", line, sizeof line);
	contains(next, "suite=javascript%3Aalert(1)\"", "{{URL:u}} in a query is escaped, not dropped");

	is_str(line_of(html, "<p class=\"num\">", line, sizeof line),
	       "<p class=\"num\">-1234567890123</p>", "tpl_set_int");
	is_str(line_of(html, "<div class=\"raw\">", line, sizeof line),
	       "<div class=\"raw\"><em>fait confiance</em></div>", "{{X:none}} is left raw");
	contains(html, "<li data-v=\"un\">un</li>\n<li data-v=\"&lt;deux&gt;\">&lt;deux&gt;</li>\n"
		       "<li data-v=\"&quot;trois&quot;\">&quot;trois&quot;</li>",
		 "section repetitions, escaped in attributes and text");
	lacks(html, "class=\"hidden\"", "a section not shown is absent");
	contains(html, "<p class=\"shown\">affichée</p>", "a shown section is present");
	contains(html, "<span class=\"inc\">&lt;i&gt;x&lt;/i&gt;</span>",
		 "included template escapes, tpl_set_len takes len bytes");

	/* Safe URLs are kept (escaped for the attribute). */
	struct tpl_dict *d2 = tpl_dict_new();
	tpl_set(d2, "URL", "https://lafontaine-agen.fr/?a=1&b=\"2\"");
	buf_reset(&out);
	is_int(tpl_expand("escape.tpl", d2, &out), 0, "second expansion");
	is_str(line_of(buf_cstr(&out), "<a class=\"url\"", line, sizeof line),
	       "<a class=\"url\" href=\"https://lafontaine-agen.fr/?a=1&amp;b=&quot;2&quot;\">lien</a>",
	       "an https URL in href is kept and attribute-escaped");
	tpl_set(d2, "URL", "/evenements/atelier");
	buf_reset(&out);
	tpl_expand("escape.tpl", d2, &out);
	contains(buf_cstr(&out), "href=\"/evenements/atelier\"", "a relative URL in href is kept");
	tpl_set(d2, "URL", " JaVaScRiPt:alert(1)");
	buf_reset(&out);
	tpl_expand("escape.tpl", d2, &out);
	contains(buf_cstr(&out), "<a class=\"url\" href=\"#\">", "mixed-case javascript: with a space replaced");
	tpl_set(d2, "URL", "data:text/html,<script>alert(1)</script>");
	buf_reset(&out);
	tpl_expand("escape.tpl", d2, &out);
	contains(buf_cstr(&out), "<a class=\"url\" href=\"#\">", "data: URL replaced");
	lacks(buf_cstr(&out), "class=\"inc\"", "an include not filled is empty");
	tpl_dict_free(d2);

	/* Failures come back as -1, not exceptions. */
	buf_reset(&out);
	is_int(tpl_expand("absent.tpl", d, &out), -1, "tpl_expand of an unknown template fails");
	is_int((long long)out.len, 0, "and appends nothing");
	tpl_dict_free(d);
	tpl_dict_free(NULL);
	ok(true, "tpl_dict_free(NULL) is harmless");
	buf_free(&out);
	return done_testing();
}
