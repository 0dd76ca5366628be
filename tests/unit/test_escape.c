/* test_escape.c: unit tests of escape.c (HTML and URL-component escapers). */
#include "escape.h"
#include "tap.h"

static void check_html(const char *in, const char *want)
{
	struct buf b = {0};
	escape_html(&b, in);
	is_str(buf_cstr(&b), want, "escape_html(\"%s\")", in);
	buf_free(&b);
}

static void check_url(const char *in, const char *want)
{
	struct buf b = {0};
	escape_url_component(&b, in);
	is_str(buf_cstr(&b), want, "escape_url_component(\"%s\")", in);
	buf_free(&b);
}

int main(void)
{
	check_html("<script>alert(\"x\")</script>",
		   "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
	check_html("'", "&#39;");
	check_html("l'\xc3\xa9t\xc3\xa9", "l&#39;\xc3\xa9t\xc3\xa9");
	check_html("a & b", "a &amp; b");
	check_html("&amp;", "&amp;amp;");
	check_html("\" onmouseover=\"x", "&quot; onmouseover=&quot;x");
	check_html("", "");
	check_html("plain text 123", "plain text 123");

	check_url("\xc3\xa9 &=/", "%C3%A9%20%26%3D%2F");
	check_url("AZaz09-._~", "AZaz09-._~");
	check_url("a+b?c#d%e", "a%2Bb%3Fc%23d%25e");
	check_url("\"<>'", "%22%3C%3E%27");
	check_url("\t\n", "%09%0A");
	check_url("\xe2\x82\xac", "%E2%82%AC");
	check_url("", "");

	/* Appends to what the buffer holds. */
	struct buf b = {0};
	buf_puts(&b, "q=");
	escape_url_component(&b, "caf\xc3\xa9 cr\xc3\xa8me");
	buf_puts(&b, "&t=");
	escape_html(&b, "<b>");
	is_str(buf_cstr(&b), "q=caf%C3%A9%20cr%C3%A8me&t=&lt;b&gt;", "escapers append to the buffer");
	is_int((long long)b.len, (long long)strlen("q=caf%C3%A9%20cr%C3%A8me&t=&lt;b&gt;"),
	       "buffer length follows");
	buf_free(&b);
	return done_testing();
}
