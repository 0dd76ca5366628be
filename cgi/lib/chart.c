/* chart.c: server-side charts as inline SVG (bars, stacked bars, lines, a heat map), with the
 * same numbers as an HTML table and as CSV. */
#include "chart.h"
#include "fmt.h"
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* The drawing's user space: the SVG scales to the width of its container. */
enum { CHART_W = 720, CHART_H = 300, FONT_PX = 12 };

/* Values beyond this (in units or cents) are refused, so that stacking and the axis
 * arithmetic never overflow int64. */
#define CHART_VALUE_LIMIT INT64_C(100000000000000000)

#define INK "#1f2a2e"
#define MUTED "#55605f"
#define GRID "#ddd3c0"
#define AXIS "#6b7578"

/* The heading of the labels' column in the table and the CSV. */
#define LABEL_HEADING "Période"

/* How each series is told apart: a colour with at least 3:1 contrast on white (WCAG 1.4.11),
 * a fill pattern for bars, a dash pattern and a marker shape for lines. Beyond six series the
 * styles repeat. */
enum pattern { PAT_SOLID, PAT_SLASH, PAT_DOTS, PAT_HLINES, PAT_BACKSLASH, PAT_GRID };
enum marker { MK_CIRCLE, MK_SQUARE, MK_TRIANGLE, MK_DIAMOND, MK_DOWN, MK_CROSS };
static const struct series_style {
	const char *color;
	const char *dash; /* NULL = solid line */
	enum pattern pattern;
	enum marker marker;
} styles[] = {
    {"#0a4f5c", NULL, PAT_SOLID, MK_CIRCLE},	     /* teal, 9.19:1 */
    {"#8a5a00", "8 4", PAT_SLASH, MK_SQUARE},	     /* ochre, 5.93:1 */
    {"#5b3a8c", "2 3", PAT_DOTS, MK_TRIANGLE},	     /* violet, 8.65:1 */
    {"#b3541e", "12 3 2 3", PAT_HLINES, MK_DIAMOND}, /* brick, 5.00:1 */
    {"#55605f", "5 2", PAT_BACKSLASH, MK_DOWN},	     /* grey, 6.51:1 */
    {"#1f2a2e", "1 3", PAT_GRID, MK_CROSS},	     /* ink, 14.7:1 */
};
enum { N_STYLES = sizeof styles / sizeof styles[0] };

static const struct series_style *style_of(size_t i)
{
	return &styles[i % N_STYLES];
}

/* ---- text ------------------------------------------------------------------ */

/* Returns the length of the well-formed UTF-8 sequence at p (2 to 4), or 0. */
static size_t utf8_seq(const unsigned char *p)
{
	unsigned char c = p[0];
	size_t len;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

/* Appends s as XML/HTML text or attribute value: & < > " ' escaped, characters XML and HTML
 * forbid (C0 and C1 controls but tab and newlines, U+FFFE, U+FFFF) dropped, bytes that are not
 * UTF-8 replaced by U+FFFD, so that a hostile label can neither inject markup nor make the
 * page ill-formed. */
static void put_text(struct buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		unsigned char c = *p;
		if (c < 0x80) {
			switch (c) {
			case '&': buf_puts(out, "&amp;"); break;
			case '<': buf_puts(out, "&lt;"); break;
			case '>': buf_puts(out, "&gt;"); break;
			case '"': buf_puts(out, "&quot;"); break;
			case '\'': buf_puts(out, "&#39;"); break;
			case '\r': break;
			default:
				if ((c >= 0x20 && c != 0x7f) || c == '\t' || c == '\n')
					buf_putc(out, (char)c);
			}
			p++;
			continue;
		}
		size_t len = utf8_seq(p);
		if (!len) {
			buf_puts(out, "\xef\xbf\xbd");
			p++;
		} else {
			bool c1 = len == 2 && p[0] == 0xc2 && p[1] < 0xa0;
			bool nonchar = len == 3 && p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe;
			if (!c1 && !nonchar)
				buf_append(out, p, len);
			p += len;
		}
	}
}

/* Returns an estimate of the width of s in user units at size px (proportional sans-serif:
 * about 0.56 em a character, half that for narrow spaces). */
static double text_width(const char *s, double px)
{
	double w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0xaf)
			w += 0.28;
		else if (*p == '.' || *p == ',' || *p == ' ' || *p == 'i' || *p == 'l' || *p == '1')
			w += 0.34;
		else
			w += 0.6;
	}
	return w * px;
}

/* Appends a coordinate with one decimal, whatever the locale's decimal separator. */
static void put_num(struct buf *out, double v)
{
	long long t = (long long)(v * 10 + (v < 0 ? -0.5 : 0.5));
	if (t < 0) {
		buf_putc(out, '-');
		t = -t;
	}
	if (t % 10)
		buf_printf(out, "%lld.%lld", t / 10, t % 10);
	else
		buf_printf(out, "%lld", t / 10);
}

/* Appends name="v" with v a coordinate. */
static void put_attr(struct buf *out, const char *name, double v)
{
	buf_printf(out, " %s=\"", name);
	put_num(out, v);
	buf_putc(out, '"');
}

/* ---- numbers ----------------------------------------------------------------- */

/* "12 345" (U+202F between thousands), "-7". */
static const char *fmt_count(char out[FMT_MAX], int64_t v)
{
	char digits[32];
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	snprintf(digits, sizeof digits, "%" PRIu64, u);
	size_t nd = strlen(digits), o = 0;
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0) {
			memcpy(out + o, FMT_NNBSP, 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/* A value as the table and tooltips show it: "1 234,50 €" for money, "1 234" otherwise. */
static const char *fmt_value(char out[FMT_MAX], int64_t v, int money)
{
	return money ? fmt_money(out, v) : fmt_count(out, v);
}

/* An axis tick: like fmt_value, without ",00" on whole euros ("1 500 €"). */
static const char *fmt_tick(char out[FMT_MAX], int64_t v, int money)
{
	if (!money || v % 100)
		return fmt_value(out, v, money);
	fmt_money(out, v);
	char *comma = strstr(out, ",00");
	if (comma)
		memmove(comma, comma + 3, strlen(comma + 3) + 1);
	return out;
}

/* A value as CSV: "1234,50" for money (no thousands separator), "-12" otherwise. */
static void csv_value(struct buf *out, int64_t v, int money)
{
	if (!money) {
		buf_printf(out, "%" PRId64, v);
		return;
	}
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	buf_printf(out, "%s%" PRIu64 ",%02u", v < 0 ? "-" : "", u / 100, (unsigned)(u % 100));
}

/* ---- validation and scale -------------------------------------------------- */

/* Returns true for an id usable as an XML and HTML id prefix: a letter, then letters, digits,
 * '-' or '_' (at most 64). */
static bool id_ok(const char *id)
{
	if (!id || !((*id >= 'a' && *id <= 'z') || (*id >= 'A' && *id <= 'Z')))
		return false;
	size_t n = 0;
	for (const char *p = id; *p; p++, n++) {
		char c = *p;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return false;
	}
	return n <= 64;
}

static bool value_ok(int64_t v)
{
	return v == INT64_MIN || (v <= CHART_VALUE_LIMIT && v >= -CHART_VALUE_LIMIT);
}

/* Returns true when the chart can be drawn: an id, a title, labels, series with values,
 * values within CHART_VALUE_LIMIT. */
static bool chart_ok(const struct chart *c)
{
	if (!c || !id_ok(c->id) || !c->title || !c->labels || c->n == 0 || !c->series ||
	    c->n_series == 0 || (unsigned)c->kind >= CHART__MAX || !value_ok(c->target))
		return false;
	for (size_t i = 0; i < c->n; i++)
		if (!c->labels[i])
			return false;
	for (size_t s = 0; s < c->n_series; s++) {
		if (!c->series[s].label || !c->series[s].values)
			return false;
		for (size_t i = 0; i < c->n; i++)
			if (!value_ok(c->series[s].values[i]))
				return false;
	}
	return true;
}

/* The value axis: from lo to hi (both multiples of step, lo <= 0 <= hi). */
struct scale {
	int64_t lo, hi, step;
};

/* Returns the scale with round ticks (step 1, 2 or 5 × 10^k units; a unit is 1, or 100 cents
 * for money) covering [min, max] in at most 5 intervals, so 4 to 6 ticks for positive data:
 * the smallest such step leaves at least 3 intervals. A span under 5 units is widened to 5. */
static struct scale nice_scale(int64_t min, int64_t max, int money)
{
	int64_t unit = money ? 100 : 1;
	int64_t lo = min < 0 ? min : 0, hi = max > 0 ? max : 0;
	if (hi - lo < 5 * unit) {
		if (lo == 0)
			hi = 5 * unit;
		else if (hi == 0)
			lo = -5 * unit;
	}
	static const int mult[] = {1, 2, 5};
	int64_t step = unit;
	for (int64_t pow = unit;; pow *= 10) {
		for (int m = 0; m < 3; m++) {
			step = pow * mult[m];
			int64_t up = (hi + step - 1) / step, down = (-lo + step - 1) / step;
			if (up + down <= 5)
				return (struct scale){-down * step, up * step, step};
		}
	}
}

/* ---- SVG chart --------------------------------------------------------------- */

struct frame {
	double left, right, top, bottom;
	struct scale sc;
};

static double ypos(const struct frame *f, int64_t v)
{
	return f->bottom -
	       (double)(v - f->sc.lo) / (double)(f->sc.hi - f->sc.lo) * (f->bottom - f->top);
}

/* Returns true and the stacked extremes (positives stacked up, negatives down), or false
 * when a sum overflows the limit. */
static bool data_range(const struct chart *c, int64_t *min, int64_t *max)
{
	*min = 0;
	*max = 0;
	for (size_t i = 0; i < c->n; i++) {
		int64_t pos = 0, neg = 0;
		for (size_t s = 0; s < c->n_series; s++) {
			int64_t v = c->series[s].values[i];
			if (v == INT64_MIN)
				continue;
			if (c->kind == CHART_STACKED) {
				if (v >= 0)
					pos += v;
				else
					neg += v;
				if (!value_ok(pos) || !value_ok(neg))
					return false;
			} else {
				if (v > pos)
					pos = v;
				if (v < neg)
					neg = v;
			}
		}
		if (pos > *max)
			*max = pos;
		if (neg < *min)
			*min = neg;
	}
	if (c->target > *max)
		*max = c->target;
	return true;
}

static void put_pattern(struct buf *out, const char *id, size_t s)
{
	const struct series_style *st = style_of(s);
	if (st->pattern == PAT_SOLID)
		return;
	buf_printf(
	    out, "<pattern id=\"%s-s%zu\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\"",
	    id, s % N_STYLES);
	if (st->pattern == PAT_SLASH)
		buf_puts(out, " patternTransform=\"rotate(45)\"");
	else if (st->pattern == PAT_BACKSLASH)
		buf_puts(out, " patternTransform=\"rotate(-45)\"");
	buf_printf(out, "><rect width=\"8\" height=\"8\" fill=\"%s\"/>", st->color);
	switch (st->pattern) {
	case PAT_SLASH:
	case PAT_BACKSLASH:
		buf_puts(out, "<rect x=\"0\" y=\"0\" width=\"2\" height=\"8\" fill=\"#fff\"/>");
		break;
	case PAT_DOTS: buf_puts(out, "<circle cx=\"4\" cy=\"4\" r=\"1.5\" fill=\"#fff\"/>"); break;
	case PAT_HLINES:
		buf_puts(out, "<rect x=\"0\" y=\"3\" width=\"8\" height=\"2\" fill=\"#fff\"/>");
		break;
	case PAT_GRID:
		buf_puts(out, "<rect x=\"3\" y=\"0\" width=\"1.5\" height=\"8\" fill=\"#fff\"/>"
			      "<rect x=\"0\" y=\"3\" width=\"8\" height=\"1.5\" fill=\"#fff\"/>");
		break;
	case PAT_SOLID: break;
	}
	buf_puts(out, "</pattern>");
}

/* Appends fill="…" for series s's bars. */
static void put_fill(struct buf *out, const char *id, size_t s)
{
	const struct series_style *st = style_of(s);
	if (st->pattern == PAT_SOLID)
		buf_printf(out, " fill=\"%s\"", st->color);
	else
		buf_printf(out, " fill=\"url(#%s-s%zu)\"", id, s % N_STYLES);
}

/* Appends a marker of series s centred on (x, y), as a path. */
static void put_marker(struct buf *out, size_t s, double x, double y)
{
	const struct series_style *st = style_of(s);
	const double r = 4;
	buf_puts(out, "<path d=\"");
	switch (st->marker) {
	case MK_CIRCLE:
		buf_puts(out, "M");
		put_num(out, x - r);
		buf_putc(out, ' ');
		put_num(out, y);
		buf_puts(out, "a4 4 0 1 0 8 0a4 4 0 1 0 -8 0z");
		break;
	case MK_SQUARE:
		buf_puts(out, "M");
		put_num(out, x - r + 0.5);
		buf_putc(out, ' ');
		put_num(out, y - r + 0.5);
		buf_puts(out, "h7v7h-7z");
		break;
	case MK_TRIANGLE:
		buf_puts(out, "M");
		put_num(out, x);
		buf_putc(out, ' ');
		put_num(out, y - r - 1);
		buf_puts(out, "l5 8.5h-10z");
		break;
	case MK_DIAMOND:
		buf_puts(out, "M");
		put_num(out, x);
		buf_putc(out, ' ');
		put_num(out, y - r - 1);
		buf_puts(out, "l5 5l-5 5l-5 -5z");
		break;
	case MK_DOWN:
		buf_puts(out, "M");
		put_num(out, x);
		buf_putc(out, ' ');
		put_num(out, y + r + 1);
		buf_puts(out, "l5 -8.5h-10z");
		break;
	case MK_CROSS:
		buf_puts(out, "M");
		put_num(out, x - r);
		buf_putc(out, ' ');
		put_num(out, y - r);
		buf_puts(out, "l8 8m0 -8l-8 8");
		break;
	}
	buf_printf(out, "\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>",
		   st->marker == MK_CROSS ? "none" : st->color, st->color,
		   st->marker == MK_CROSS ? "2.5" : "1");
}

/* Appends "label — series : value" (the tooltip of a bar or point). */
static void put_tooltip(struct buf *out, const struct chart *c, size_t s, size_t i, int64_t v)
{
	char num[FMT_MAX];
	buf_puts(out, "<title>");
	put_text(out, c->labels[i]);
	if (c->n_series > 1) {
		buf_puts(out, " — ");
		put_text(out, c->series[s].label);
	}
	buf_puts(out, FMT_NBSP ": ");
	put_text(out, fmt_value(num, v, c->money));
	buf_puts(out, "</title>");
}

/* Appends the legend (one row, or more when it does not fit) and returns its height. */
static double put_legend(struct buf *out, const struct chart *c, bool draw)
{
	if (c->n_series < 2)
		return 0;
	double x = 8, y = 8, row = 20;
	if (draw)
		buf_printf(out, "<g class=\"chart-legend\" fill=\"%s\">", INK);
	for (size_t s = 0; s < c->n_series; s++) {
		double w = 34 + text_width(c->series[s].label, FONT_PX) + 18;
		if (x > 8 && x + w > CHART_W - 8) {
			x = 8;
			y += row;
		}
		if (draw) {
			if (c->kind == CHART_LINE) {
				const struct series_style *st = style_of(s);
				buf_puts(out, "<line");
				put_attr(out, "x1", x);
				put_attr(out, "y1", y + 7);
				put_attr(out, "x2", x + 28);
				put_attr(out, "y2", y + 7);
				buf_printf(out, " stroke=\"%s\" stroke-width=\"2.5\"", st->color);
				if (st->dash)
					buf_printf(out, " stroke-dasharray=\"%s\"", st->dash);
				buf_puts(out, "/>");
				put_marker(out, s, x + 14, y + 7);
			} else {
				buf_puts(out, "<rect");
				put_attr(out, "x", x + 7);
				put_attr(out, "y", y);
				buf_puts(out, " width=\"14\" height=\"14\"");
				put_fill(out, c->id, s);
				buf_puts(out, "/>");
			}
			buf_puts(out, "<text");
			put_attr(out, "x", x + 34);
			put_attr(out, "y", y + 11);
			buf_putc(out, '>');
			put_text(out, c->series[s].label);
			buf_puts(out, "</text>");
		}
		x += w;
	}
	if (draw)
		buf_puts(out, "</g>");
	return y + row;
}

/* Returns the step between shown labels: 1, 2, 5, 10, 20, 50… so that at most a dozen
 * labels are shown and none overlaps its neighbour (31 days: every 5th). */
static size_t label_step(const struct chart *c, double plot_w)
{
	double widest = 0;
	for (size_t i = 0; i < c->n; i++) {
		double w = text_width(c->labels[i], FONT_PX);
		if (w > widest)
			widest = w;
	}
	double slot = plot_w / (double)c->n;
	static const size_t mult[] = {1, 2, 5};
	for (size_t pow = 1;; pow *= 10)
		for (int m = 0; m < 3; m++) {
			size_t step = pow * mult[m];
			size_t shown = (c->n + step - 1) / step;
			if (step >= c->n || (shown <= 12 && slot * (double)step >= widest + 10))
				return step;
		}
}

int chart_svg(const struct chart *c, struct buf *out)
{
	if (!chart_ok(c) || !out)
		return -1;
	int64_t min, max;
	if (!data_range(c, &min, &max))
		return -1;
	struct frame f;
	f.sc = nice_scale(min, max, c->money);
	char num[FMT_MAX];
	double tick_w = 0;
	for (int64_t v = f.sc.lo; v <= f.sc.hi; v += f.sc.step) {
		double w = text_width(fmt_tick(num, v, c->money), FONT_PX);
		if (w > tick_w)
			tick_w = w;
	}
	f.left = 16 + tick_w;
	/* The target's label sits at the end of its line, right of the plot, never over data. */
	struct buf target = {0};
	if (c->target > 0) {
		buf_puts(&target, "Objectif" FMT_NBSP ": ");
		buf_puts(&target, fmt_tick(num, c->target, c->money));
	}
	f.right = CHART_W - 12 - (target.len ? text_width(buf_cstr(&target), FONT_PX) + 8 : 0);
	f.top = put_legend(out, c, false) + 16;
	f.bottom = CHART_H - 28;
	if (f.bottom - f.top < 60 || f.right - f.left < 60) {
		buf_free(&target); /* a legend or labels so large that no plot would remain */
		return -1;
	}
	double plot_w = f.right - f.left, slot = plot_w / (double)c->n;

	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"100%%\" "
		   "viewBox=\"0 0 %d %d\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" "
		   "aria-labelledby=\"%s-title",
		   CHART_W, CHART_H, c->id);
	if (c->description)
		buf_printf(out, " %s-desc", c->id);
	buf_printf(out, "\" font-size=\"%d\">", FONT_PX);
	buf_printf(out, "<title id=\"%s-title\">", c->id);
	put_text(out, c->title);
	buf_puts(out, "</title>");
	if (c->description) {
		buf_printf(out, "<desc id=\"%s-desc\">", c->id);
		put_text(out, c->description);
		buf_puts(out, "</desc>");
	}
	if (c->kind != CHART_LINE) {
		bool any = false;
		for (size_t s = 0; s < c->n_series; s++)
			any |= style_of(s)->pattern != PAT_SOLID;
		if (any) {
			buf_puts(out, "<defs>");
			for (size_t s = 0; s < c->n_series && s < N_STYLES; s++)
				put_pattern(out, c->id, s);
			buf_puts(out, "</defs>");
		}
	}

	/* Grid and value axis. */
	buf_printf(out, "<g class=\"chart-grid\" stroke=\"%s\" stroke-width=\"1\">", GRID);
	for (int64_t v = f.sc.lo; v <= f.sc.hi; v += f.sc.step) {
		if (v == 0)
			continue;
		double y = ypos(&f, v);
		buf_puts(out, "<line");
		put_attr(out, "x1", f.left);
		put_attr(out, "y1", y);
		put_attr(out, "x2", f.right);
		put_attr(out, "y2", y);
		buf_puts(out, "/>");
	}
	buf_puts(out, "</g>");
	buf_printf(out, "<g class=\"chart-yaxis\" fill=\"%s\" text-anchor=\"end\">", MUTED);
	for (int64_t v = f.sc.lo; v <= f.sc.hi; v += f.sc.step) {
		buf_puts(out, "<text");
		put_attr(out, "x", f.left - 8);
		put_attr(out, "y", ypos(&f, v) + 4);
		buf_putc(out, '>');
		put_text(out, fmt_tick(num, v, c->money));
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>");

	/* Labels, thinned when they would overlap. */
	size_t step = label_step(c, plot_w);
	buf_printf(out, "<g class=\"chart-xaxis\" fill=\"%s\" text-anchor=\"middle\">", MUTED);
	for (size_t i = 0; i < c->n; i += step) {
		buf_puts(out, "<text");
		put_attr(out, "x", f.left + slot * ((double)i + 0.5));
		put_attr(out, "y", f.bottom + 18);
		buf_putc(out, '>');
		put_text(out, c->labels[i]);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>");

	/* Data. */
	double zero = ypos(&f, 0);
	if (c->kind == CHART_LINE) {
		for (size_t s = 0; s < c->n_series; s++) {
			const struct series_style *st = style_of(s);
			const int64_t *v = c->series[s].values;
			buf_puts(out, "<g class=\"chart-line\">");
			bool pen = false, any = false;
			for (size_t i = 0; i < c->n; i++) {
				if (v[i] == INT64_MIN) {
					pen = false;
					continue;
				}
				if (!any)
					buf_puts(out, "<path d=\"");
				buf_puts(out, pen ? "L" : "M");
				put_num(out, f.left + slot * ((double)i + 0.5));
				buf_putc(out, ' ');
				put_num(out, ypos(&f, v[i]));
				pen = any = true;
			}
			if (any) {
				buf_printf(out,
					   "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
					   "stroke-linejoin=\"round\"",
					   st->color);
				if (st->dash)
					buf_printf(out, " stroke-dasharray=\"%s\"", st->dash);
				buf_puts(out, "/>");
			}
			for (size_t i = 0; i < c->n; i++) {
				if (v[i] == INT64_MIN)
					continue;
				buf_puts(out, "<g>");
				put_marker(out, s, f.left + slot * ((double)i + 0.5),
					   ypos(&f, v[i]));
				put_tooltip(out, c, s, i, v[i]);
				buf_puts(out, "</g>");
			}
			buf_puts(out, "</g>");
		}
	} else {
		double group = slot * 0.72;
		double gap = slot > 8 ? 1 : 0;
		buf_puts(out, "<g class=\"chart-bars\">");
		for (size_t i = 0; i < c->n; i++) {
			double x0 = f.left + slot * (double)i + (slot - group) / 2;
			int64_t pos = 0, neg = 0;
			for (size_t s = 0; s < c->n_series; s++) {
				int64_t v = c->series[s].values[i];
				if (v == INT64_MIN)
					continue;
				double x, w, y1, y2;
				if (c->kind == CHART_STACKED) {
					x = x0;
					w = group;
					int64_t from = v >= 0 ? pos : neg, to = from + v;
					if (v >= 0)
						pos = to;
					else
						neg = to;
					y1 = ypos(&f, from > to ? from : to);
					y2 = ypos(&f, from > to ? to : from);
					/* A white gap between a segment and the one it stands on.
					 */
					if (from != 0 && y2 - y1 > 2 * gap) {
						if (v >= 0)
							y2 -= gap;
						else
							y1 += gap;
					}
				} else {
					w = group / (double)c->n_series;
					x = x0 + w * (double)s;
					if (c->n_series > 1 && w > 4 * gap)
						w -= gap;
					y1 = ypos(&f, v > 0 ? v : 0);
					y2 = ypos(&f, v > 0 ? 0 : v);
				}
				buf_puts(out, "<rect");
				put_attr(out, "x", x);
				put_attr(out, "y", y1);
				put_attr(out, "width", w);
				put_attr(out, "height", y2 - y1);
				put_fill(out, c->id, s);
				buf_putc(out, '>');
				put_tooltip(out, c, s, i, v);
				buf_puts(out, "</rect>");
			}
		}
		buf_puts(out, "</g>");
	}

	/* The zero line, over the bars' feet. */
	buf_printf(out, "<line class=\"chart-zero\"");
	put_attr(out, "x1", f.left);
	put_attr(out, "y1", zero);
	put_attr(out, "x2", f.right);
	put_attr(out, "y2", zero);
	buf_printf(out, " stroke=\"%s\" stroke-width=\"1\"/>", AXIS);

	if (target.len) {
		double y = ypos(&f, c->target);
		/* A white halo under the dashes keeps them visible across dark bars. */
		buf_puts(out, "<g class=\"chart-target\">");
		for (int halo = 1; halo >= 0; halo--) {
			buf_puts(out, "<line");
			put_attr(out, "x1", f.left);
			put_attr(out, "y1", y);
			put_attr(out, "x2", f.right + 4);
			put_attr(out, "y2", y);
			if (halo)
				buf_puts(out, " stroke=\"#fff\" stroke-width=\"4\"/>");
			else
				buf_printf(out,
					   " stroke=\"%s\" stroke-width=\"1.5\" "
					   "stroke-dasharray=\"6 4\"/>",
					   INK);
		}
		buf_puts(out, "<text");
		put_attr(out, "x", f.right + 8);
		put_attr(out, "y", y + 4);
		buf_printf(out, " fill=\"%s\" font-weight=\"bold\">", INK);
		put_text(out, buf_cstr(&target));
		buf_puts(out, "</text></g>");
	}
	buf_free(&target);
	put_legend(out, c, true);
	buf_puts(out, "</svg>");
	return 0;
}

/* ---- table and CSV --------------------------------------------------------------- */

int chart_table(const struct chart *c, struct buf *out)
{
	if (!chart_ok(c) || !out)
		return -1;
	char num[FMT_MAX];
	buf_puts(out, "<table class=\"chart-data\"><caption>");
	put_text(out, c->title);
	buf_puts(out, "</caption><thead><tr><th scope=\"col\">" LABEL_HEADING "</th>");
	for (size_t s = 0; s < c->n_series; s++) {
		buf_puts(out, "<th scope=\"col\" class=\"num\">");
		put_text(out, c->series[s].label);
		buf_puts(out, "</th>");
	}
	buf_puts(out, "</tr></thead><tbody>");
	for (size_t i = 0; i < c->n; i++) {
		buf_puts(out, "<tr><th scope=\"row\">");
		put_text(out, c->labels[i]);
		buf_puts(out, "</th>");
		for (size_t s = 0; s < c->n_series; s++) {
			int64_t v = c->series[s].values[i];
			buf_puts(out, "<td class=\"num\">");
			if (v == INT64_MIN)
				buf_puts(out, "<abbr title=\"pas de valeur\">—</abbr>");
			else
				put_text(out, fmt_value(num, v, c->money));
			buf_puts(out, "</td>");
		}
		buf_puts(out, "</tr>");
	}
	buf_puts(out, "</tbody></table>");
	return 0;
}

/* Appends a CSV text cell: quoted when it holds ';', '"', CR or LF (quotes doubled); a
 * leading = + - @ or tab gets a "'" so that a spreadsheet never reads it as a formula. */
static void csv_text(struct buf *out, const char *s)
{
	bool formula = strchr("=+-@\t\r", *s) && *s;
	bool quote = strpbrk(s, ";\"\r\n") != NULL;
	if (quote)
		buf_putc(out, '"');
	if (formula)
		buf_putc(out, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(out, '"');
		buf_putc(out, *s);
	}
	if (quote)
		buf_putc(out, '"');
}

int chart_csv(const struct chart *c, struct buf *out)
{
	if (!chart_ok(c) || !out)
		return -1;
	buf_puts(out, "\xef\xbb\xbf" LABEL_HEADING);
	for (size_t s = 0; s < c->n_series; s++) {
		buf_putc(out, ';');
		csv_text(out, c->series[s].label);
	}
	buf_puts(out, "\r\n");
	for (size_t i = 0; i < c->n; i++) {
		csv_text(out, c->labels[i]);
		for (size_t s = 0; s < c->n_series; s++) {
			buf_putc(out, ';');
			if (c->series[s].values[i] != INT64_MIN)
				csv_value(out, c->series[s].values[i], c->money);
		}
		buf_puts(out, "\r\n");
	}
	return 0;
}

/* ---- heat map --------------------------------------------------------------- */

/* Five shades of teal, light to dark, each with a text colour of at least 4.5:1 on it. */
static const struct shade {
	const char *fill, *text;
} shades[5] = {
    {"#e4f0ef", INK},	 /* 0–19 %: 12.6:1 */
    {"#b8d8d6", INK},	 /* 20–39 %: 9.68:1 */
    {"#7fb5b6", INK},	 /* 40–59 %: 6.43:1 */
    {"#2f7c86", "#fff"}, /* 60–79 %: 4.83:1 */
    {"#0a4f5c", "#fff"}, /* 80–100 %: 9.19:1 */
};
#define CLOSED_FILL "#f1eadb"
#define CLOSED_TEXT MUTED /* 5.44:1 */

static bool heatmap_ok(const struct heatmap *h)
{
	if (!h || !id_ok(h->id) || !h->title || !h->row_labels || !h->col_labels || !h->percent ||
	    h->rows == 0 || h->cols == 0 || h->rows > 1000 || h->cols > 100)
		return false;
	for (size_t r = 0; r < h->rows; r++)
		if (!h->row_labels[r])
			return false;
	for (size_t k = 0; k < h->cols; k++)
		if (!h->col_labels[k])
			return false;
	for (size_t i = 0; i < h->rows * h->cols; i++)
		if (h->percent[i] < -1)
			return false;
	return true;
}

/* "75 %" (no-break space) or "fermé". */
static const char *fmt_percent(char out[FMT_MAX], int p)
{
	if (p < 0)
		return "fermé";
	snprintf(out, FMT_MAX, "%d" FMT_NBSP "%%", p);
	return out;
}

int heatmap_svg(const struct heatmap *h, struct buf *out)
{
	if (!heatmap_ok(h) || !out)
		return -1;
	double label_w = 0;
	for (size_t r = 0; r < h->rows; r++) {
		double w = text_width(h->row_labels[r], FONT_PX + 1);
		if (w > label_w)
			label_w = w;
	}
	const double head = 28, cell_h = 36, pad = 2;
	double left = label_w + 20, cell_w = ((double)CHART_W - left - 4) / (double)h->cols;
	double height = head + cell_h * (double)h->rows + 4;
	char num[FMT_MAX];
	buf_printf(
	    out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart heatmap\" width=\"100%%\" "
	    "viewBox=\"0 0 %d ",
	    CHART_W);
	put_num(out, height);
	buf_printf(
	    out, "\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"%s-title",
	    h->id);
	if (h->description)
		buf_printf(out, " %s-desc", h->id);
	buf_printf(out, "\" font-size=\"%d\">", FONT_PX + 1);
	buf_printf(out, "<title id=\"%s-title\">", h->id);
	put_text(out, h->title);
	buf_puts(out, "</title>");
	if (h->description) {
		buf_printf(out, "<desc id=\"%s-desc\">", h->id);
		put_text(out, h->description);
		buf_puts(out, "</desc>");
	}
	buf_printf(
	    out,
	    "<g class=\"heatmap-cols\" fill=\"%s\" text-anchor=\"middle\" font-weight=\"bold\">",
	    INK);
	for (size_t k = 0; k < h->cols; k++) {
		buf_puts(out, "<text");
		put_attr(out, "x", left + cell_w * ((double)k + 0.5));
		put_attr(out, "y", head - 9);
		buf_putc(out, '>');
		put_text(out, h->col_labels[k]);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g>");
	buf_printf(out, "<g class=\"heatmap-rows\" fill=\"%s\" text-anchor=\"end\">", INK);
	for (size_t r = 0; r < h->rows; r++) {
		buf_puts(out, "<text");
		put_attr(out, "x", left - 10);
		put_attr(out, "y", head + cell_h * ((double)r + 0.5) + 4.5);
		buf_putc(out, '>');
		put_text(out, h->row_labels[r]);
		buf_puts(out, "</text>");
	}
	buf_puts(out, "</g><g class=\"heatmap-cells\" text-anchor=\"middle\">");
	for (size_t r = 0; r < h->rows; r++)
		for (size_t k = 0; k < h->cols; k++) {
			int p = h->percent[r * h->cols + k];
			const char *fill = CLOSED_FILL, *ink = CLOSED_TEXT;
			if (p >= 0) {
				int level = p >= 100 ? 4 : p / 20;
				fill = shades[level].fill;
				ink = shades[level].text;
			}
			double x = left + cell_w * (double)k, y = head + cell_h * (double)r;
			buf_puts(out, "<g><rect");
			put_attr(out, "x", x + pad);
			put_attr(out, "y", y + pad);
			put_attr(out, "width", cell_w - 2 * pad);
			put_attr(out, "height", cell_h - 2 * pad);
			buf_printf(out, " rx=\"3\" fill=\"%s\"/><text", fill);
			put_attr(out, "x", x + cell_w / 2);
			put_attr(out, "y", y + cell_h / 2 + 4.5);
			buf_printf(out, " fill=\"%s\"%s>", ink,
				   p < 0 ? " font-style=\"italic\"" : "");
			put_text(out, fmt_percent(num, p));
			buf_puts(out, "</text></g>");
		}
	buf_puts(out, "</g></svg>");
	return 0;
}

int heatmap_table(const struct heatmap *h, struct buf *out)
{
	if (!heatmap_ok(h) || !out)
		return -1;
	char num[FMT_MAX];
	buf_puts(out, "<table class=\"chart-data\"><caption>");
	put_text(out, h->title);
	buf_puts(out, "</caption><thead><tr><th scope=\"col\">Jour</th>");
	for (size_t k = 0; k < h->cols; k++) {
		buf_puts(out, "<th scope=\"col\" class=\"num\">");
		put_text(out, h->col_labels[k]);
		buf_puts(out, "</th>");
	}
	buf_puts(out, "</tr></thead><tbody>");
	for (size_t r = 0; r < h->rows; r++) {
		buf_puts(out, "<tr><th scope=\"row\">");
		put_text(out, h->row_labels[r]);
		buf_puts(out, "</th>");
		for (size_t k = 0; k < h->cols; k++) {
			buf_puts(out, "<td class=\"num\">");
			put_text(out, fmt_percent(num, h->percent[r * h->cols + k]));
			buf_puts(out, "</td>");
		}
		buf_puts(out, "</tr>");
	}
	buf_puts(out, "</tbody></table>");
	return 0;
}
