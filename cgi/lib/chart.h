/* chart.h: charts drawn on the server as inline SVG, accessible (role="img", <title>,
 * <desc>, the numbers as an HTML table beside) and downloadable as CSV. No JavaScript. */
#ifndef FT_CHART_H
#define FT_CHART_H
#include <stddef.h>
#include <stdint.h>
#include "buf.h"

enum chart_kind {
	CHART_BARS,    /* one bar per label and series, side by side */
	CHART_STACKED, /* series stacked in one bar per label */
	CHART_LINE,    /* one line per series */
	CHART__MAX
};

struct chart_series {
	const char *label;     /* "Utilisations", "Adhésions", … */
	const int64_t *values; /* one per chart label; INT64_MIN = no value (a gap) */
};

struct chart {
	const char *id;          /* unique in the page: prefixes the SVG ids (title, desc) */
	const char *title;       /* <title> and the table's caption */
	const char *description; /* <desc>: what the chart shows, in a sentence */
	enum chart_kind kind;
	const char *const *labels; /* x axis, n of them ("1", "2"… or "déc. 2025") */
	size_t n;
	const struct chart_series *series;
	size_t n_series;
	int64_t target;          /* a dashed horizontal line labelled "Objectif" when > 0 */
	int money;               /* values are cents: axis and table show euros (fmt_money) */
};

/* Appends the <svg> element (width 100 %, viewBox, role="img", aria-labelledby its title and
 * desc). Every text goes through the XML escaper. Returns 0, or -1 when the chart is empty or
 * incoherent (no label, no series). */
int chart_svg(const struct chart *c, struct buf *out);
/* Appends an HTML <table> with the same numbers (caption = title, th scope="col"/"row",
 * values formatted the French way). Returns 0 or -1. */
int chart_table(const struct chart *c, struct buf *out);
/* Appends CSV (RFC 4180, ';' separated as French spreadsheets expect, UTF-8 with BOM, CRLF):
 * a header row "label;series…" then one row per label; money as "1234,50". Returns 0 or -1. */
int chart_csv(const struct chart *c, struct buf *out);

/* A weekday × half-day occupancy grid (rows: lundi…vendredi or more; columns: matin,
 * après-midi), as a table-like SVG of shaded cells with the percentage written in each cell
 * (never colour alone). */
struct heatmap {
	const char *id, *title, *description;
	const char *const *row_labels; size_t rows;
	const char *const *col_labels; size_t cols;
	const int *percent;       /* rows × cols values 0..100, row-major; -1 = closed */
};
int heatmap_svg(const struct heatmap *h, struct buf *out);
int heatmap_table(const struct heatmap *h, struct buf *out);
#endif
