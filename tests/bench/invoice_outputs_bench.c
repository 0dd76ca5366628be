/* invoice_outputs_bench.c: median time of one PDF render, of one CII XML and of one Factur-X
 * PDF (both, joined by qpdf), over a four-line business invoice (the fixture of
 * tests/invoice_out). A benchmark: it prints
 * figures beside the target and exits non-zero only when a writer fails, never on a
 * time. Usage: invoice_outputs_bench [runs] (default 100). */
#include "fixtures.h"
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Runs writer runs times; prints the median, p90 and the output size. Returns 0 or -1. */
static int measure(const char *name, int (*writer)(const struct doc *, struct buf *),
		   const struct doc *d, int runs, const char *target)
{
	double *t = calloc((size_t)runs, sizeof *t);
	struct buf out = {0};
	/* one warm-up: font map, libxml2 initialisation */
	if (writer(d, &out) != 0) {
		fprintf(stderr, "invoice_outputs_bench: %s failed\n", name);
		free(t);
		return -1;
	}
	size_t size = out.len;
	for (int i = 0; i < runs; i++) {
		buf_reset(&out);
		double t0 = now_ms();
		int rc = writer(d, &out);
		t[i] = now_ms() - t0;
		if (rc != 0) {
			fprintf(stderr, "invoice_outputs_bench: %s failed\n", name);
			free(t);
			buf_free(&out);
			return -1;
		}
	}
	qsort(t, (size_t)runs, sizeof *t, cmp);
	printf("%-24s median %8.3f ms  p90 %8.3f ms  (%d runs, %zu bytes)%s%s\n", name,
	       t[runs / 2], t[runs * 9 / 10], runs, size, target ? "  target: " : "",
	       target ? target : "");
	free(t);
	buf_free(&out);
	return 0;
}

int main(int argc, char **argv)
{
	fix_init();
	int runs = argc > 1 ? atoi(argv[1]) : 100;
	if (runs < 1)
		runs = 1;
	struct doc d = fix_vat_invoice();
	if (doc_totals(&d) != 0) {
		fputs("invoice_outputs_bench: doc_totals failed\n", stderr);
		return 1;
	}
	int rc = 0;
	rc |= measure("PDF (cairo + pango)", doc_pdf, &d, runs, "<= 50 ms median");
	rc |= measure("CII XML (libxml2)", doc_cii, &d, runs, NULL);
	rc |= measure("Factur-X PDF/A-3 (qpdf)", doc_facturx, &d, runs, NULL);
	doc_free(&d);
	return rc ? 1 : 0;
}
