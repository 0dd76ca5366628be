/* test_chart.c: unit tests of chart.c (SVG charts, their tables and CSV, the heat map).
 *
 * The SVG and tables are parsed with libxml2 and inspected with XPath. With CHART_DEMO_HTML=FILE
 * in the environment the test also writes an HTML5 page holding a few charts and their tables,
 * to be judged by the W3C Nu checker and looked at in a browser:
 *   CHART_DEMO_HTML=/tmp/x.html build/tests/unit/test_chart
 *   java -jar tests/node_modules/vnu-jar/build/dist/vnu.jar --errors-only /tmp/x.html */
#include "chart.h"
#include "fmt.h"
#include "tap.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <math.h>
#include <stdlib.h>

#define NNBSP FMT_NNBSP
#define NBSP FMT_NBSP
#define GAP INT64_MIN

/* ---- helpers ------------------------------------------------------------------ */

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

struct doc {
	xmlDocPtr doc;
	xmlXPathContextPtr xp;
};

/* Parses text as XML (NULL doc when it is not well-formed) with the prefixes s (SVG) ready. */
static struct doc parse(const struct buf *b)
{
	struct doc d = {NULL, NULL};
	if (!b->data)
		return d;
	d.doc = xmlReadMemory(b->data, (int)b->len, "chart.xml", "UTF-8", XML_PARSE_NONET);
	if (d.doc) {
		d.xp = xmlXPathNewContext(d.doc);
		xmlXPathRegisterNs(d.xp, BAD_CAST "s", BAD_CAST "http://www.w3.org/2000/svg");
	}
	return d;
}

static void doc_free(struct doc *d)
{
	if (d->xp)
		xmlXPathFreeContext(d->xp);
	if (d->doc)
		xmlFreeDoc(d->doc);
	d->xp = NULL;
	d->doc = NULL;
}

/* Returns the number an XPath expression evaluates to (NAN when it cannot be evaluated). */
static double xnum(const struct doc *d, const char *expr)
{
	if (!d->xp)
		return NAN;
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
	double v = o ? xmlXPathCastToNumber(o) : NAN;
	xmlXPathFreeObject(o);
	return v;
}

/* Returns string(expr) in a static buffer ("" when it cannot be evaluated). */
static const char *xstr(const struct doc *d, const char *expr)
{
	static char out[4096];
	out[0] = '\0';
	if (!d->xp)
		return out;
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
	xmlChar *s = o ? xmlXPathCastToString(o) : NULL;
	if (s)
		snprintf(out, sizeof out, "%s", (const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	return out;
}

/* Returns the text of every node expr selects, joined with '|', in a static buffer. */
static const char *xjoin(const struct doc *d, const char *expr)
{
	static char out[4096];
	out[0] = '\0';
	if (!d->xp)
		return out;
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, d->xp);
	if (o && o->nodesetval) {
		size_t len = 0;
		for (int i = 0; i < o->nodesetval->nodeNr; i++) {
			xmlChar *s = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
			len += (size_t)snprintf(out + len, sizeof out - len, "%s%s", i ? "|" : "",
						s ? (const char *)s : "");
			xmlFree(s);
			if (len >= sizeof out)
				break;
		}
	}
	xmlXPathFreeObject(o);
	return out;
}

/* WCAG 2 contrast ratio of two "#rrggbb" or "#fff" colours (0 when one is unreadable). */
static double luminance(const char *hex)
{
	unsigned rgb[3];
	if (strlen(hex) == 4 && sscanf(hex, "#%1x%1x%1x", &rgb[0], &rgb[1], &rgb[2]) == 3)
		for (int i = 0; i < 3; i++)
			rgb[i] *= 17;
	else if (strlen(hex) != 7 || sscanf(hex, "#%2x%2x%2x", &rgb[0], &rgb[1], &rgb[2]) != 3)
		return -1;
	double l[3];
	for (int i = 0; i < 3; i++) {
		double c = rgb[i] / 255.0;
		l[i] = c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
}

static double contrast(const char *a, const char *b)
{
	double la = luminance(a), lb = luminance(b);
	if (la < 0 || lb < 0)
		return 0;
	return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static const char *const days31[31] = {
    "1",  "2",	"3",  "4",  "5",  "6",	"7",  "8",  "9",  "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
};

/* ---- structure ------------------------------------------------------------------ */

static void test_structure(void)
{
	static const int64_t uses[5] = {12, 0, GAP, 200, 7};
	const struct chart_series s[1] = {{"Utilisations", uses}};
	struct chart c = {
	    .id = "uses",
	    .title = "Utilisations par jour",
	    .description = "Une barre par jour.",
	    .kind = CHART_BARS,
	    .labels = days31,
	    .n = 5,
	    .series = s,
	    .n_series = 1,
	};
	struct buf b = {0};
	is_int(chart_svg(&c, &b), 0, "bars: chart_svg returns 0");
	struct doc d = parse(&b);
	ok(d.doc != NULL, "bars: the SVG is well-formed XML");
	is_str(xstr(&d, "local-name(/*)"), "svg", "bars: the root is <svg>");
	is_str(xstr(&d, "namespace-uri(/*)"), "http://www.w3.org/2000/svg", "bars: SVG namespace");
	is_str(xstr(&d, "/s:svg/@role"), "img", "bars: role=img");
	is_str(xstr(&d, "/s:svg/@aria-labelledby"), "uses-title uses-desc",
	       "bars: aria-labelledby names the title and the desc");
	is_str(xstr(&d, "/s:svg/s:title/@id"), "uses-title", "bars: <title id> prefixed by the id");
	is_str(xstr(&d, "/s:svg/s:desc/@id"), "uses-desc", "bars: <desc id> prefixed by the id");
	is_str(xstr(&d, "/s:svg/s:title"), "Utilisations par jour", "bars: the title's text");
	is_str(xstr(&d, "/s:svg/s:desc"), "Une barre par jour.", "bars: the desc's text");
	is_str(xstr(&d, "/s:svg/@viewBox"), "0 0 720 300", "bars: viewBox");
	is_str(xstr(&d, "/s:svg/@width"), "100%", "bars: width 100 %%");
	ok(*xstr(&d, "/s:svg/@preserveAspectRatio") != '\0', "bars: preserveAspectRatio");
	is_int((long long)xnum(&d, "count(//@style)"), 0, "bars: no style attribute");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-bars']/s:rect)"), 4,
	       "bars: one rect per value, none for the gap");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-bars']/s:rect[@height=0])"), 1,
	       "bars: the zero value is a flat rect");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-target'])"), 0,
	       "bars: no target line when target is 0");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-legend'])"), 0,
	       "bars: no legend for one series");
	/* The bar of 200 reaches the top tick (the axis ends at 200), the zero line is its foot. */
	double top = xnum(&d, "//s:g[@class='chart-grid']/s:line[last()]/@y1");
	double bar_y = xnum(&d, "//s:g[@class='chart-bars']/s:rect[3]/@y");
	double bar_h = xnum(&d, "//s:g[@class='chart-bars']/s:rect[3]/@height");
	double zero = xnum(&d, "//s:line[@class='chart-zero']/@y1");
	ok(fabs(bar_y - top) < 0.11, "bars: the bar of 200 reaches the 200 gridline (%g vs %g)",
	   bar_y, top);
	ok(fabs(bar_y + bar_h - zero) < 0.11, "bars: bars stand on the zero line");
	double w1 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[1]/@width");
	double x1 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[1]/@x");
	double x2 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[2]/@x");
	ok(w1 > 0 && x1 + w1 < x2 - 10, "bars: a gap between bars (x %g + w %g < next x %g)", x1,
	   w1, x2);
	is_str(xstr(&d, "//s:g[@class='chart-bars']/s:rect[1]/s:title"), "1" NBSP ": 12",
	       "bars: a bar's tooltip");
	doc_free(&d);

	c.target = 200;
	buf_reset(&b);
	is_int(chart_svg(&c, &b), 0, "target: chart_svg returns 0");
	d = parse(&b);
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-target']/s:line[@stroke-dasharray])"),
	       1, "target: one dashed line");
	is_str(xstr(&d, "//s:g[@class='chart-target']/s:text"), "Objectif" NBSP ": 200",
	       "target: labelled \"Objectif : 200\"");
	double ty = xnum(&d, "//s:g[@class='chart-target']/s:line/@y1");
	double y200 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[3]/@y");
	ok(fabs(ty - y200) < 0.11, "target: the line is at the height of 200");
	doc_free(&d);

	/* A target above the data extends the axis. */
	static const int64_t few[3] = {3, 5, 4};
	const struct chart_series fs[1] = {{"Utilisations", few}};
	struct chart ct = {.id = "t2",
			   .title = "t",
			   .kind = CHART_BARS,
			   .labels = days31,
			   .n = 3,
			   .series = fs,
			   .n_series = 1,
			   .target = 200};
	buf_reset(&b);
	chart_svg(&ct, &b);
	d = parse(&b);
	is_str(xjoin(&d, "//s:g[@class='chart-yaxis']/s:text"), "0|50|100|150|200",
	       "target: the axis reaches a target above the data");
	is_str(xstr(&d, "/s:svg/@aria-labelledby"), "t2-title",
	       "no description: aria-labelledby names the title only");
	is_int((long long)xnum(&d, "count(//s:desc)"), 0, "no description: no <desc>");
	doc_free(&d);
	buf_free(&b);
}

static void test_series(void)
{
	static const int64_t a[3] = {10, 20, 30}, m[3] = {5, GAP, 15}, x[3] = {1, 2, 3};
	const struct chart_series s[3] = {{"Utilisations", a}, {"Adhésions", m}, {"Autres", x}};
	struct chart c = {.id = "multi",
			  .title = "Plusieurs séries",
			  .description = "d",
			  .kind = CHART_BARS,
			  .labels = days31,
			  .n = 3,
			  .series = s,
			  .n_series = 2};
	struct buf b = {0};
	chart_svg(&c, &b);
	struct doc d = parse(&b);
	ok(d.doc != NULL, "two series: well-formed");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-bars']/s:rect)"), 5,
	       "two series: one rect per value (3 + 2)");
	is_str(xjoin(&d, "//s:g[@class='chart-legend']/s:text"), "Utilisations|Adhésions",
	       "two series: a legend naming both");
	/* Told apart by more than colour: the second series is filled with a pattern. */
	const char *fill2 = xstr(&d, "//s:g[@class='chart-bars']/s:rect[2]/@fill");
	is_str(fill2, "url(#multi-s1)", "two series: the second series uses its pattern");
	is_int((long long)xnum(&d, "count(//s:pattern[@id='multi-s1'])"), 1,
	       "two series: the pattern is defined once, with an id prefixed by the chart's");
	/* Every solid colour of bars, patterns and legend meets 3:1 against white. */
	double worst = 99;
	xmlXPathObjectPtr o = xmlXPathEvalExpression(
	    BAD_CAST "//s:g[@class='chart-bars']/s:rect/@fill | //s:pattern/s:rect[1]/@fill", d.xp);
	int nfill = 0;
	for (int i = 0; o && o->nodesetval && i < o->nodesetval->nodeNr; i++) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		if (v[0] == '#') {
			double r = contrast((const char *)v, "#ffffff");
			worst = r < worst ? r : worst;
			nfill++;
		}
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	ok(nfill >= 2 && worst >= 3.0, "two series: %d colours, the worst %.2f:1 against white",
	   nfill, worst);
	doc_free(&d);

	/* Stacked: one rect per value, the top of a stack at the sum. */
	c.kind = CHART_STACKED;
	buf_reset(&b);
	is_int(chart_svg(&c, &b), 0, "stacked: chart_svg returns 0");
	d = parse(&b);
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-bars']/s:rect)"), 5,
	       "stacked: one rect per value");
	is_str(xjoin(&d, "//s:g[@class='chart-yaxis']/s:text"), "0|10|20|30|40|50",
	       "stacked: the axis covers the sum (45)");
	double x0 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[4]/@x");
	double x1 = xnum(&d, "//s:g[@class='chart-bars']/s:rect[5]/@x");
	double y_top = xnum(&d, "//s:g[@class='chart-bars']/s:rect[5]/@y");
	double y40 = xnum(&d, "//s:g[@class='chart-grid']/s:line[4]/@y1");
	double y50 = xnum(&d, "//s:g[@class='chart-grid']/s:line[5]/@y1");
	ok(x0 == x1, "stacked: segments of one label share their x");
	ok(fabs(y_top - (y40 + (y50 - y40) / 2)) < 0.11,
	   "stacked: the stack of 30 + 15 tops at 45");
	doc_free(&d);

	/* Lines: one path per series, broken at a gap; a marker per value; dashes differ. */
	c.kind = CHART_LINE;
	c.n_series = 3;
	buf_reset(&b);
	is_int(chart_svg(&c, &b), 0, "line: chart_svg returns 0");
	d = parse(&b);
	ok(d.doc != NULL, "line: well-formed");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-line'])"), 3,
	       "line: one group per series");
	const char *dpath = xstr(&d, "//s:g[@class='chart-line'][2]/s:path[1]/@d");
	int moves = 0, lines = 0;
	for (const char *p = dpath; *p; p++) {
		moves += *p == 'M';
		lines += *p == 'L';
	}
	ok(moves == 2 && lines == 0, "line: the gap breaks the second series' line (%s)", dpath);
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-line'][2]/s:g/s:path)"), 2,
	       "line: a marker per value, none for the gap");
	const char *d1 = xstr(&d, "//s:g[@class='chart-line'][1]/s:path[1]/@stroke-dasharray");
	ok(*d1 == '\0', "line: the first series is solid");
	char d2[64];
	snprintf(d2, sizeof d2, "%s",
		 xstr(&d, "//s:g[@class='chart-line'][2]/s:path[1]/@stroke-dasharray"));
	const char *d3 = xstr(&d, "//s:g[@class='chart-line'][3]/s:path[1]/@stroke-dasharray");
	ok(*d2 && *d3 && strcmp(d2, d3) != 0, "line: other series dashed differently (%s, %s)", d2,
	   d3);
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-legend']/s:line[@stroke-dasharray])"),
	       2, "line: the legend shows the dashes");
	doc_free(&d);
	buf_free(&b);
}

/* ---- escaping ------------------------------------------------------------------ */

static void test_escaping(void)
{
	const char *hostile = "<script>&\"'";
	const char *const labels[2] = {"<b>x</b>", "a\x01"
						   "b\xff"
						   "c"};
	static const int64_t v[2] = {1, 2};
	const struct chart_series s[2] = {{"\"><svg onload=alert(1)>", v}, {"ok", v}};
	struct chart c = {.id = "esc",
			  .title = hostile,
			  .description = hostile,
			  .kind = CHART_BARS,
			  .labels = labels,
			  .n = 2,
			  .series = s,
			  .n_series = 2,
			  .target = 1};
	struct buf b = {0};
	is_int(chart_svg(&c, &b), 0, "hostile: chart_svg returns 0");
	const char *svg = buf_cstr(&b);
	contains(svg, "<title id=\"esc-title\">&lt;script&gt;&amp;&quot;&#39;</title>",
		 "hostile: the title is escaped");
	lacks(svg, "<script", "hostile: no <script element");
	lacks(svg, "<svg onload", "hostile: no injected element from a series label");
	lacks(svg, "<b>", "hostile: labels escaped");
	lacks(svg, "\x01", "hostile: a control character is dropped");
	struct doc d = parse(&b);
	ok(d.doc != NULL, "hostile: still well-formed XML");
	is_str(xstr(&d, "/s:svg/s:title"), hostile, "hostile: the title reads back as given");
	is_str(xstr(&d, "/s:svg/s:desc"), hostile, "hostile: the desc reads back as given");
	is_str(xjoin(&d, "//s:g[@class='chart-xaxis']/s:text"),
	       "<b>x</b>|ab\xef\xbf\xbd"
	       "c",
	       "hostile: labels read back (invalid UTF-8 replaced)");
	doc_free(&d);

	buf_reset(&b);
	is_int(chart_table(&c, &b), 0, "hostile: chart_table returns 0");
	d = parse(&b);
	ok(d.doc != NULL, "hostile: the table is well-formed");
	is_str(xstr(&d, "/table/caption"), hostile, "hostile: the caption reads back as given");
	is_str(xstr(&d, "/table/thead/tr/th[2]"), "\"><svg onload=alert(1)>",
	       "hostile: the series heading reads back as given");
	doc_free(&d);
	buf_free(&b);
}

/* ---- ticks ------------------------------------------------------------------------- */

/* Returns the tick labels of a one-bar chart of the value max, joined with '|'. */
static const char *ticks_of(int64_t min, int64_t max, int money)
{
	static char out[512];
	int64_t v[2] = {min, max};
	const struct chart_series s[1] = {{"v", v}};
	struct chart c = {.id = "k",
			  .title = "t",
			  .kind = CHART_BARS,
			  .labels = days31,
			  .n = 2,
			  .series = s,
			  .n_series = 1,
			  .money = money};
	struct buf b = {0};
	out[0] = '\0';
	if (chart_svg(&c, &b) == 0) {
		struct doc d = parse(&b);
		snprintf(out, sizeof out, "%s", xjoin(&d, "//s:g[@class='chart-yaxis']/s:text"));
		doc_free(&d);
	}
	buf_free(&b);
	return out;
}

static void test_ticks(void)
{
	static const struct {
		int64_t max;
		int money;
		const char *want;
	} cases[] = {
	    {0, 0, "0|1|2|3|4|5"},
	    {7, 0, "0|2|4|6|8"},
	    {10, 0, "0|2|4|6|8|10"},
	    {199, 0, "0|50|100|150|200"},
	    {200, 0, "0|50|100|150|200"},
	    {201, 0, "0|50|100|150|200|250"},
	    {123456, 0, "0|50" NNBSP "000|100" NNBSP "000|150" NNBSP "000"},
	    {0, 1, "0" NBSP "€|1" NBSP "€|2" NBSP "€|3" NBSP "€|4" NBSP "€|5" NBSP "€"},
	    {7, 1, "0" NBSP "€|1" NBSP "€|2" NBSP "€|3" NBSP "€|4" NBSP "€|5" NBSP "€"},
	    {20000, 1, "0" NBSP "€|50" NBSP "€|100" NBSP "€|150" NBSP "€|200" NBSP "€"},
	    {20001, 1,
	     "0" NBSP "€|50" NBSP "€|100" NBSP "€|150" NBSP "€|200" NBSP "€|250" NBSP "€"},
	    {123456, 1, "0" NBSP "€|500" NBSP "€|1" NNBSP "000" NBSP "€|1" NNBSP "500" NBSP "€"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		is_str(ticks_of(0, cases[i].max, cases[i].money), cases[i].want, "ticks for %lld%s",
		       (long long)cases[i].max, cases[i].money ? " cents" : "");
	is_str(ticks_of(-30, 80, 0), "-50|0|50|100", "ticks for -30..80 include zero");
	is_str(ticks_of(-7, 0, 0), "-8|-6|-4|-2|0", "ticks for negative values only");

	/* Every maximum from 1 to 10^7 (a geometric sweep): 4 to 6 ticks, a step of 1, 2 or 5
	 * × 10^k, the last tick at or above the maximum by less than a step (or the minimum
	 * axis 0..5). */
	int bad = 0;
	for (double m = 1; m < 1e7; m = m * 1.37 + 1) {
		int64_t max = (int64_t)m;
		const char *t = ticks_of(0, max, 0);
		long long vals[8];
		int n = 0;
		char digits[64];
		for (const char *p = t; *p && n < 8;) {
			size_t k = 0;
			for (; *p && *p != '|'; p++)
				if (*p >= '0' && *p <= '9' && k < sizeof digits - 1)
					digits[k++] = *p;
			digits[k] = '\0';
			vals[n++] = atoll(digits);
			if (*p == '|')
				p++;
		}
		long long step = n > 1 ? vals[1] - vals[0] : 0, mant = step;
		while (mant >= 10 && mant % 10 == 0)
			mant /= 10;
		bool good = n >= 4 && n <= 6 && vals[0] == 0 &&
			    (mant == 1 || mant == 2 || mant == 5) && vals[n - 1] >= max &&
			    (vals[n - 1] - max < step || vals[n - 1] == 5);
		for (int i = 1; i < n; i++)
			good = good && vals[i] - vals[i - 1] == step;
		if (!good && bad++ < 5)
			diag("max %lld: ticks %s", (long long)max, t);
	}
	is_int(bad, 0, "4 to 6 round ticks for every maximum of a sweep up to 10^7");
}

/* ---- labels ------------------------------------------------------------------------- */

static void test_labels(void)
{
	static int64_t v[31];
	for (int i = 0; i < 31; i++)
		v[i] = (i * 37) % 23;
	const struct chart_series s[1] = {{"Utilisations", v}};
	struct chart c = {.id = "days",
			  .title = "Mars",
			  .kind = CHART_BARS,
			  .labels = days31,
			  .n = 31,
			  .series = s,
			  .n_series = 1};
	struct buf b = {0};
	chart_svg(&c, &b);
	struct doc d = parse(&b);
	is_str(xjoin(&d, "//s:g[@class='chart-xaxis']/s:text"), "1|6|11|16|21|26|31",
	       "31 days: every 5th label");
	is_int((long long)xnum(&d, "count(//s:g[@class='chart-bars']/s:rect)"), 31,
	       "31 days: still a bar per day");
	doc_free(&d);

	c.n = 7;
	buf_reset(&b);
	chart_svg(&c, &b);
	d = parse(&b);
	is_str(xjoin(&d, "//s:g[@class='chart-xaxis']/s:text"), "1|2|3|4|5|6|7",
	       "7 days: every label");
	doc_free(&d);

	static const char *const months[12] = {
	    "janv. 2025", "févr. 2025", "mars 2025",  "avr. 2025", "mai 2025",	"juin 2025",
	    "juil. 2025", "août 2025",	"sept. 2025", "oct. 2025", "nov. 2025", "déc. 2025"};
	c.labels = months;
	c.n = 12;
	c.kind = CHART_LINE;
	buf_reset(&b);
	chart_svg(&c, &b);
	d = parse(&b);
	double n_shown = xnum(&d, "count(//s:g[@class='chart-xaxis']/s:text)");
	ok(n_shown >= 6 && n_shown <= 12, "12 months: %g labels shown", n_shown);
	double gap = xnum(&d, "//s:g[@class='chart-xaxis']/s:text[2]/@x") -
		     xnum(&d, "//s:g[@class='chart-xaxis']/s:text[1]/@x");
	ok(gap >= 9 * 0.6 * 12, "12 months: labels %g apart, room for \"sept. 2025\"", gap);
	doc_free(&d);
	buf_free(&b);
}

/* ---- table and CSV --------------------------------------------------------------------- */

static void test_table(void)
{
	static const char *const labels[2] = {"janv. 2026", "févr. 2026"};
	static const int64_t cnt[2] = {1234, GAP}, money[2] = {123450, -5};
	const struct chart_series s[1] = {{"Utilisations", cnt}};
	struct chart c = {.id = "tbl",
			  .title = "Par mois",
			  .kind = CHART_LINE,
			  .labels = labels,
			  .n = 2,
			  .series = s,
			  .n_series = 1};
	struct buf b = {0};
	is_int(chart_table(&c, &b), 0, "table: returns 0");
	struct doc d = parse(&b);
	ok(d.doc != NULL, "table: well-formed");
	is_str(xstr(&d, "/table/@class"), "chart-data", "table: class chart-data");
	is_str(xstr(&d, "/table/caption"), "Par mois", "table: caption = title");
	is_int((long long)xnum(&d, "count(/table/thead/tr/th[@scope='col'])"), 2,
	       "table: th scope=col for the labels and each series");
	is_int((long long)xnum(&d, "count(/table/tbody/tr/th[@scope='row'])"), 2,
	       "table: th scope=row for each label");
	is_str(xjoin(&d, "/table/tbody/tr/th"), "janv. 2026|févr. 2026", "table: the row labels");
	is_str(xstr(&d, "/table/tbody/tr[1]/td"), "1" NNBSP "234",
	       "table: thousands separated by U+202F");
	is_int((long long)xnum(&d, "count(/table/tbody/tr/td[@class='num'])"), 2,
	       "table: values right-aligned by a class");
	is_str(xstr(&d, "/table/tbody/tr[2]/td"), "—", "table: a gap shows as a dash");
	doc_free(&d);

	const struct chart_series ms[1] = {{"Adhésions", money}};
	c.series = ms;
	c.money = 1;
	buf_reset(&b);
	chart_table(&c, &b);
	d = parse(&b);
	is_str(xjoin(&d, "/table/tbody/tr/td"), "1" NNBSP "234,50" NBSP "€|-0,05" NBSP "€",
	       "table: money as fmt_money");
	doc_free(&d);
	buf_free(&b);
}

static void test_csv(void)
{
	static const char *const labels[3] = {"janv. 2026", "févr.; 2026", "=1+1"};
	static const int64_t a[3] = {123450, GAP, 0}, p[3] = {-5, 100000, 7};
	const struct chart_series s[2] = {{"Adhésions", a}, {"Location \"salle\"", p}};
	struct chart c = {.id = "csv",
			  .title = "Recettes",
			  .kind = CHART_STACKED,
			  .labels = labels,
			  .n = 3,
			  .series = s,
			  .n_series = 2,
			  .money = 1};
	struct buf b = {0};
	is_int(chart_csv(&c, &b), 0, "csv: returns 0");
	const char want[] = "\xef\xbb\xbf"
			    "Période;Adhésions;\"Location \"\"salle\"\"\"\r\n"
			    "janv. 2026;1234,50;-0,05\r\n"
			    "\"févr.; 2026\";;1000,00\r\n"
			    "'=1+1;0,00;0,07\r\n";
	is_mem(b.data, b.len, want, sizeof want - 1,
	       "csv: BOM, header, ';', quotes, CRLF, money, an empty gap, no formula");

	static const int64_t n[1] = {1234567};
	const struct chart_series ns[1] = {{"Utilisations", n}};
	struct chart cn = {.id = "n",
			   .title = "t",
			   .kind = CHART_BARS,
			   .labels = labels,
			   .n = 1,
			   .series = ns,
			   .n_series = 1};
	buf_reset(&b);
	chart_csv(&cn, &b);
	const char want2[] = "\xef\xbb\xbfPériode;Utilisations\r\njanv. 2026;1234567\r\n";
	is_mem(b.data, b.len, want2, sizeof want2 - 1, "csv: counts without thousands separator");
	buf_free(&b);
}

/* ---- incoherent charts -------------------------------------------------------------- */

static void test_refused(void)
{
	static const int64_t v[2] = {1, 2}, big[2] = {INT64_MAX, 1},
			     huge[2] = {INT64_C(90000000000000000), 1};
	const char *const labels[2] = {"a", "b"}, *const nolabel[2] = {"a", NULL};
	const struct chart_series s[1] = {{"v", v}}, nolab[1] = {{NULL, v}},
				  noval[1] = {{"v", NULL}}, sbig[1] = {{"v", big}},
				  shuge[2] = {{"v", huge}, {"w", huge}};
	const struct chart good = {.id = "g",
				   .title = "t",
				   .kind = CHART_BARS,
				   .labels = labels,
				   .n = 2,
				   .series = s,
				   .n_series = 1};
	struct {
		struct chart c;
		const char *what;
	} cases[] = {
	    {good, "no labels (n = 0)"},
	    {good, "no series"},
	    {good, "labels NULL"},
	    {good, "series NULL"},
	    {good, "a series label NULL"},
	    {good, "values NULL"},
	    {good, "a label NULL"},
	    {good, "empty id"},
	    {good, "id with a space"},
	    {good, "id with a quote"},
	    {good, "id starting with a digit"},
	    {good, "id NULL"},
	    {good, "title NULL"},
	    {good, "kind out of range"},
	    {good, "value out of range"},
	    {good, "stacked sum out of range"},
	};
	cases[0].c.n = 0;
	cases[1].c.n_series = 0;
	cases[2].c.labels = NULL;
	cases[3].c.series = NULL;
	cases[4].c.series = nolab;
	cases[5].c.series = noval;
	cases[6].c.labels = nolabel;
	cases[7].c.id = "";
	cases[8].c.id = "a b";
	cases[9].c.id = "a\"b";
	cases[10].c.id = "1a";
	cases[11].c.id = NULL;
	cases[12].c.title = NULL;
	cases[13].c.kind = CHART__MAX;
	cases[14].c.series = sbig;
	cases[15].c.series = shuge;
	cases[15].c.n_series = 2;
	cases[15].c.kind = CHART_STACKED;
	struct buf b = {0};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int r1 = chart_svg(&cases[i].c, &b), r2 = chart_table(&cases[i].c, &b),
		    r3 = chart_csv(&cases[i].c, &b);
		bool sum_only = i == 15; /* each value is fine: only the stack overflows */
		ok(r1 == -1 && (sum_only ? r2 == 0 && r3 == 0 : r2 == -1 && r3 == -1 && b.len == 0),
		   "refused: %s (svg %d, table %d, csv %d)", cases[i].what, r1, r2, r3);
		buf_reset(&b);
	}
	ok(chart_svg(NULL, &b) == -1 && chart_table(NULL, &b) == -1 && chart_csv(NULL, &b) == -1 &&
	       b.len == 0,
	   "refused: NULL chart");
	is_int(chart_svg(&good, NULL), -1, "refused: NULL buffer");
	/* So many series that their legend would leave no room for the plot. */
	struct chart_series many[20];
	for (size_t i = 0; i < 20; i++)
		many[i] =
		    (struct chart_series){"Une série au nom assez long pour remplir sa ligne", v};
	struct chart crowded = good;
	crowded.series = many;
	crowded.n_series = 20;
	is_int(chart_svg(&crowded, &b), -1, "refused: a legend that leaves no room for the plot");
	is_int((long long)b.len, 0, "refused: nothing appended");
	crowded.n_series = 6;
	is_int(chart_svg(&crowded, &b), 0, "six series with long labels are drawn");
	buf_reset(&b);
	/* The same values unstacked are fine. */
	struct chart side = cases[15].c;
	side.kind = CHART_BARS;
	is_int(chart_svg(&side, &b), 0, "large values side by side are drawn");
	buf_free(&b);
}

/* ---- heat map ------------------------------------------------------------------- */

static const char *const weekdays[5] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi"};
static const char *const halves[2] = {"matin", "après-midi"};
static const int occupancy[10] = {0, 19, 20, 39, 40, 59, 60, 79, 100, -1};

static void test_heatmap(void)
{
	const struct heatmap h = {.id = "occ",
				  .title = "Occupation <open space>",
				  .description = "Par demi-journée.",
				  .row_labels = weekdays,
				  .rows = 5,
				  .col_labels = halves,
				  .cols = 2,
				  .percent = occupancy};
	struct buf b = {0};
	is_int(heatmap_svg(&h, &b), 0, "heatmap: returns 0");
	struct doc d = parse(&b);
	ok(d.doc != NULL, "heatmap: well-formed");
	is_str(xstr(&d, "/s:svg/@aria-labelledby"), "occ-title occ-desc",
	       "heatmap: aria-labelledby");
	is_str(xstr(&d, "/s:svg/s:title"), "Occupation <open space>", "heatmap: the title");
	is_int((long long)xnum(&d, "count(//@style)"), 0, "heatmap: no style attribute");
	is_int((long long)xnum(&d, "count(//s:g[@class='heatmap-cells']/s:g/s:rect)"), 10,
	       "heatmap: a cell per weekday and half-day");
	is_str(xjoin(&d, "//s:g[@class='heatmap-cells']/s:g/s:text"),
	       "0" NBSP "%|19" NBSP "%|20" NBSP "%|39" NBSP "%|40" NBSP "%|59" NBSP "%|60" NBSP
	       "%|79" NBSP "%|100" NBSP "%|fermé",
	       "heatmap: the percentage (or \"fermé\") written in each cell");
	is_str(xjoin(&d, "//s:g[@class='heatmap-rows']/s:text"),
	       "lundi|mardi|mercredi|jeudi|vendredi", "heatmap: row labels");
	is_str(xjoin(&d, "//s:g[@class='heatmap-cols']/s:text"), "matin|après-midi",
	       "heatmap: column labels");
	/* Five steps: 0 and 19 share a shade, 19 and 20 do not; "fermé" has its own. */
	char fills[10][16];
	for (int i = 0; i < 10; i++) {
		char expr[128];
		snprintf(expr, sizeof expr, "//s:g[@class='heatmap-cells']/s:g[%d]/s:rect/@fill",
			 i + 1);
		snprintf(fills[i], sizeof fills[i], "%s", xstr(&d, expr));
	}
	ok(strcmp(fills[0], fills[1]) == 0 && strcmp(fills[2], fills[3]) == 0 &&
	       strcmp(fills[4], fills[5]) == 0 && strcmp(fills[6], fills[7]) == 0,
	   "heatmap: one shade per step of 20 %%");
	int distinct = 0;
	const int firsts[6] = {0, 2, 4, 6, 8, 9};
	for (int i = 0; i < 6; i++) {
		bool seen = false;
		for (int j = 0; j < i; j++)
			seen |= strcmp(fills[firsts[i]], fills[firsts[j]]) == 0;
		distinct += !seen;
	}
	is_int(distinct, 6, "heatmap: five shades and one for closed");
	double worst = 99;
	for (int i = 0; i < 10; i++) {
		char expr[128];
		snprintf(expr, sizeof expr, "//s:g[@class='heatmap-cells']/s:g[%d]/s:text/@fill",
			 i + 1);
		double r = contrast(xstr(&d, expr), fills[i]);
		worst = r < worst ? r : worst;
	}
	ok(worst >= 4.5, "heatmap: text on every shade at least 4.5:1 (worst %.2f:1)", worst);
	doc_free(&d);

	buf_reset(&b);
	is_int(heatmap_table(&h, &b), 0, "heatmap table: returns 0");
	d = parse(&b);
	ok(d.doc != NULL, "heatmap table: well-formed");
	is_str(xstr(&d, "/table/caption"), "Occupation <open space>", "heatmap table: caption");
	is_str(xjoin(&d, "/table/thead/tr/th[@scope='col'][position()>1]"), "matin|après-midi",
	       "heatmap table: column headings");
	is_str(xjoin(&d, "/table/tbody/tr[5]/*"), "vendredi|100" NBSP "%|fermé",
	       "heatmap table: a row");
	is_int((long long)xnum(&d, "count(/table/tbody/tr/th[@scope='row'])"), 5,
	       "heatmap table: th scope=row");
	doc_free(&d);

	struct heatmap bad = h;
	bad.rows = 0;
	buf_reset(&b);
	ok(heatmap_svg(&bad, &b) == -1 && heatmap_table(&bad, &b) == -1 && b.len == 0,
	   "heatmap: no rows refused");
	bad = h;
	bad.percent = NULL;
	ok(heatmap_svg(&bad, &b) == -1 && heatmap_table(&bad, &b) == -1,
	   "heatmap: no data refused");
	const int neg[2] = {10, -2};
	bad = h;
	bad.rows = 1;
	bad.percent = neg;
	ok(heatmap_svg(&bad, &b) == -1, "heatmap: a percentage under -1 refused");
	ok(heatmap_svg(NULL, &b) == -1 && heatmap_table(NULL, &b) == -1 && b.len == 0,
	   "heatmap: NULL refused");
	buf_free(&b);
}

/* ---- the demo page ------------------------------------------------------------------ */

static void write_demo(const char *path)
{
	static int64_t uses[31], members[12], rooms[12], fees[12], gifts[12];
	for (int i = 0; i < 31; i++)
		uses[i] = (i % 7 >= 5) ? 0 : 4 + (i * 37) % 11;
	uses[17] = GAP;
	for (int i = 0; i < 12; i++) {
		members[i] = 150 + i * 7 + (i * 13) % 20;
		rooms[i] = 20 + (i * 11) % 30;
		fees[i] = 180000 + 9050 * i;
		gifts[i] = i == 4 ? GAP : 40000 + (i * 7919) % 60000;
	}
	static const char *const months[12] = {
	    "janv. 2025", "févr. 2025", "mars 2025",  "avr. 2025", "mai 2025",	"juin 2025",
	    "juil. 2025", "août 2025",	"sept. 2025", "oct. 2025", "nov. 2025", "déc. 2025"};
	const struct chart_series s1[1] = {{"Utilisations", uses}};
	const struct chart_series s2[2] = {{"Open space", members}, {"Salle & bureaux", rooms}};
	const struct chart_series s3[2] = {{"Adhésions et formules", fees},
					   {"Location de salle", gifts}};
	const struct chart charts[] = {
	    {.id = "jours",
	     .title = "Utilisations en mars 2026",
	     .description = "Nombre d’utilisations par jour, avec l’objectif de 200 par mois.",
	     .kind = CHART_BARS,
	     .labels = days31,
	     .n = 31,
	     .series = s1,
	     .n_series = 1,
	     .target = 12},
	    {.id = "mois",
	     .title = "Utilisations <par mois> & \"objectif\"",
	     .description = "Les douze derniers mois, open space et salles, empilés.",
	     .kind = CHART_STACKED,
	     .labels = months,
	     .n = 12,
	     .series = s2,
	     .n_series = 2,
	     .target = 200},
	    {.id = "recettes",
	     .title = "Recettes par mois",
	     .description = "Deux courbes : adhésions et formules, location de salle.",
	     .kind = CHART_LINE,
	     .labels = months,
	     .n = 12,
	     .series = s3,
	     .n_series = 2,
	     .money = 1},
	    {.id = "cote",
	     .title = "Côte à côte",
	     .description = "Deux séries côte à côte.",
	     .kind = CHART_BARS,
	     .labels = months,
	     .n = 6,
	     .series = s2,
	     .n_series = 2},
	};
	const struct heatmap h = {.id = "occ",
				  .title = "Occupation de l’open space",
				  .description = "Taux d’occupation moyen par demi-journée.",
				  .row_labels = weekdays,
				  .rows = 5,
				  .col_labels = halves,
				  .cols = 2,
				  .percent = occupancy};
	struct buf b = {0};
	buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
		     "<title>Tableau de bord — graphiques</title>"
		     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		     "<style>body{font-family:system-ui,sans-serif;margin:1rem;color:#1f2a2e}"
		     "figure{margin:0 0 2rem}svg.chart{display:block;max-width:720px}"
		     ".chart-data td.num,.chart-data th.num{text-align:right}"
		     ".chart-data{border-collapse:collapse}.chart-data td,.chart-data th"
		     "{padding:.1rem .6rem;border-bottom:1px solid #ddd3c0}</style></head>"
		     "<body><main><h1>Tableau de bord</h1>");
	for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++) {
		buf_puts(&b, "<figure>");
		chart_svg(&charts[i], &b);
		buf_puts(&b, "</figure>");
		if (i == 1)
			chart_table(&charts[i], &b);
	}
	buf_puts(&b, "<figure>");
	heatmap_svg(&h, &b);
	buf_puts(&b, "</figure>");
	heatmap_table(&h, &b);
	buf_puts(&b, "</main></body></html>\n");
	FILE *f = fopen(path, "w");
	bool written = f && fwrite(b.data, 1, b.len, f) == b.len;
	if (f)
		written = fclose(f) == 0 && written;
	ok(written, "demo page written to %s", path);
	buf_free(&b);
}

int main(void)
{
	xmlSetGenericErrorFunc(NULL, silent);
	test_structure();
	test_series();
	test_escaping();
	test_ticks();
	test_labels();
	test_table();
	test_csv();
	test_refused();
	test_heatmap();
	const char *demo = getenv("CHART_DEMO_HTML");
	if (demo && *demo)
		write_demo(demo);
	xmlCleanupParser();
	return done_testing();
}
