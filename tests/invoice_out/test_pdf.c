/* test_pdf.c: doc_pdf, read back with poppler's pdftotext (the legal mentions) and pdffonts
 * (every font embedded). */
#include "fixtures.h"
#include "tap.h"
#include "fmt.h"
#include <cairo.h>
#include <dlfcn.h>
#include <pango/pangocairo.h>

/* Collapses whitespace (with U+00A0 and U+202F) to one space and expands the fi/fl
 * ligatures, so that wrapped lines and French spacing compare as plain text. */
static char *normalise(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(2 * n + 1), *o = out;
	bool space = false;
	for (size_t i = 0; i < n;) {
		const unsigned char *p = (const unsigned char *)s + i;
		size_t skip = 0;
		const char *rep = NULL;
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f')
			skip = 1;
		else if (p[0] == 0xC2 && p[1] == 0xA0)
			skip = 2;
		else if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0xAF)
			skip = 3;
		else if (p[0] == 0xEF && p[1] == 0xAC && p[2] == 0x81)
			rep = "fi";
		else if (p[0] == 0xEF && p[1] == 0xAC && p[2] == 0x82)
			rep = "fl";
		if (skip) {
			space = true;
			i += skip;
			continue;
		}
		if (space && o > out)
			*o++ = ' ';
		space = false;
		if (rep) {
			memcpy(o, rep, 2);
			o += 2;
			i += 3;
		} else {
			*o++ = (char)*p;
			i++;
		}
	}
	*o = '\0';
	return out;
}

struct rendered {
	char *text;    /* pdftotext, normalised */
	char *fonts;   /* pdffonts output */
	int pages;
	bool ok;
};

static struct rendered render(struct doc *d, const char *what)
{
	struct rendered r = {0};
	struct buf pdf = {0}, log = {0};
	is_int(doc_totals(d), 0, "%s: totals", what);
	is_int(doc_pdf(d, &pdf), 0, "%s: doc_pdf returns 0", what);
	ok(pdf.len > 4 && memcmp(pdf.data, "%PDF-", 5) == 0, "%s: a PDF file", what);
	char path[] = "/tmp/fontaine-pdf.XXXXXX.pdf";
	if (fix_write_temp(path, 4, pdf.data ? pdf.data : "", pdf.len) < 0) {
		buf_free(&pdf);
		return r;
	}
	char *text_argv[] = {"pdftotext", "-enc", "UTF-8", path, "-", NULL};
	int rc = fix_run(text_argv, &log);
	is_int(rc, 0, "%s: pdftotext reads it", what);
	r.text = normalise(log.data ? log.data : "");
	buf_reset(&log);
	char *fonts_argv[] = {"pdffonts", path, NULL};
	is_int(fix_run(fonts_argv, &log), 0, "%s: pdffonts reads it", what);
	r.fonts = strdup(log.data ? log.data : "");
	buf_reset(&log);
	char *info_argv[] = {"pdfinfo", path, NULL};
	fix_run(info_argv, &log);
	const char *pages = log.data ? strstr(log.data, "Pages:") : NULL;
	r.pages = pages ? atoi(pages + 6) : 0;
	unlink(path);
	buf_free(&log);
	buf_free(&pdf);
	r.ok = rc == 0;
	return r;
}

/* Every font pdffonts lists is embedded, and DejaVu Sans is among them. */
static void check_fonts(const struct rendered *r, const char *what)
{
	int fonts = 0, embedded = 0, dejavu = 0;
	char *copy = strdup(r->fonts ? r->fonts : ""), *save = NULL;
	bool table = false;
	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (strncmp(l, "-----", 5) == 0) {
			table = true;
			continue;
		}
		if (!table)
			continue;
		char *tok[32];
		int n = 0;
		for (char *s2 = NULL, *t = strtok_r(l, " ", &s2); t && n < 32; t = strtok_r(NULL, " ", &s2))
			tok[n++] = t;
		if (n < 7)
			continue;
		fonts++;
		/* columns from the end: emb sub uni object-number generation */
		if (strcmp(tok[n - 5], "yes") == 0)
			embedded++;
		if (strstr(tok[0], "DejaVuSans"))
			dejavu++;
	}
	free(copy);
	ok(fonts > 0, "%s: pdffonts lists fonts (%d)", what, fonts);
	is_int(embedded, fonts, "%s: every font is embedded", what);
	ok(dejavu == fonts, "%s: all fonts are DejaVu Sans (no fallback font)", what);
	if (dejavu != fonts || embedded != fonts)
		diag("%s", r->fonts);
}

static void has(const struct rendered *r, const char *what, const char *needle)
{
	char *n = normalise(needle);
	contains(r->text, n, "%s: shows \"%s\"", what, needle);
	free(n);
}

static void hasnt(const struct rendered *r, const char *what, const char *needle)
{
	char *n = normalise(needle);
	lacks(r->text, n, "%s: does not show \"%s\"", what, needle);
	free(n);
}

static void money(const struct rendered *r, const char *what, int64_t cents)
{
	char m[FMT_MAX];
	has(r, what, fmt_money(m, cents));
}

static void release(struct rendered *r)
{
	free(r->text);
	free(r->fonts);
}

static void test_vat_invoice(void)
{
	const char *w = "VAT invoice";
	struct doc d = fix_vat_invoice();
	struct rendered r = render(&d, w);
	static const char *const mentions[] = {
		"Facture", "N° F2026-00042", "Date d’émission : 31 mars 2026",
		"Canti'net — La Fontaine", "12 rue des Héros de la Résistance", "47000 Agen",
		"SIREN 812345676", "SIRET 81234567600009", "RNA W473004567",
		"N° TVA intracommunautaire : FR19812345676",
		"Garonne Conseil & Associés SARL", "3 boulevard de la République", "SIREN 443061841",
		"N° TVA : FR64443061841", "Nature de l’opération : Prestations de services",
		"Date de la prestation : du 1er mars 2026 au 31 mars 2026",
		"Votre référence : BC-2026-117",
		"Description", "Qté", "PU HT", "TVA", "Montant HT",
		"Location de la salle de conférence — journée du 12 mars 2026",
		"Guide « Coopérer en Lot-et-Garonne »", "12,5",
		"Total HT", "TVA 20 %", "TVA 10 %", "TVA 5,5 %", "Total TVA", "Total TTC",
		"Net à payer", "Date d’échéance : 30 avril 2026", FIX_TERMS,
		"IBAN FR76 3000 4000 0312 3456 7890 143", "BIC BNPAFRPPXXX",
		FIX_PENALTY, FIX_DISCOUNT, "Empreinte SHA-256 : " FIX_HASH, "Page 1",
	};
	for (size_t i = 0; i < sizeof mentions / sizeof mentions[0]; i++)
		has(&r, w, mentions[i]);
	money(&r, w, 25000);
	money(&r, w, 1249);
	money(&r, w, 4163);
	money(&r, w, 36108);
	money(&r, w, 5749);
	money(&r, w, 416);
	money(&r, w, 176);
	money(&r, w, 6341);
	money(&r, w, 42449);
	hasnt(&r, w, FIX_EXEMPTION);
	hasnt(&r, w, "Avoir");
	hasnt(&r, w, "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement");
	is_int(r.pages, 1, "%s: one page", w);
	check_fonts(&r, w);
	release(&r);
	doc_free(&d);
}

static void test_franchise(void)
{
	const char *w = "franchise invoice";
	struct doc d = fix_franchise_invoice();
	struct rendered r = render(&d, w);
	has(&r, w, FIX_EXEMPTION);
	has(&r, w, "Élodie Marchand");
	has(&r, w, "Formule résident — mars 2026");
	has(&r, w, "2,5");
	has(&r, w, "Déjà réglé");
	money(&r, w, 5000);
	money(&r, w, 20498);
	money(&r, w, 15498);
	has(&r, w, "Échéance : 15 avril 2026");
	has(&r, w, FIX_DISCOUNT);
	hasnt(&r, w, "N° TVA intracommunautaire");
	hasnt(&r, w, "TVA 20 %");
	hasnt(&r, w, "40 €");
	check_fonts(&r, w);
	release(&r);
	doc_free(&d);

	/* A business customer whose penalty note omits the indemnity still reads about 40 €. */
	w = "business without indemnity in the note";
	d = fix_franchise_invoice();
	d.buyer = fix_buyer_company();
	d.penalty_note = "Pénalités de retard : trois fois le taux d'intérêt légal.";
	r = render(&d, w);
	has(&r, w, "Pénalités de retard : trois fois le taux d'intérêt légal.");
	has(&r, w, "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €.");
	release(&r);
	doc_free(&d);
}

static void test_credit_note(void)
{
	const char *w = "credit note";
	struct doc d = fix_credit_note();
	struct rendered r = render(&d, w);
	has(&r, w, "Avoir");
	has(&r, w, "N° A2026-00003");
	has(&r, w, "Rectifie la facture n° F2026-00042 du 31 mars 2026");
	has(&r, w, "Montant de l’avoir");
	money(&r, w, 30000);
	hasnt(&r, w, "Net à payer");
	hasnt(&r, w, "IBAN");
	check_fonts(&r, w);
	release(&r);
	doc_free(&d);
}

static void test_many_pages(void)
{
	const char *w = "120 lines";
	enum { N = 120 };
	static struct doc_line l[N];
	static char names[N][64];
	for (int i = 0; i < N; i++) {
		snprintf(names[i], sizeof names[i], "Demi-journée n° %d en espace ouvert", i + 1);
		l[i] = (struct doc_line){.description = names[i], .quantity_milli = 333,
					 .unit_price_cents = 300, .vat_rate_bp = 2000,
					 .vat_category = 'S',
					 .service_start = fix_day(2026, 3, 1 + i % 28),
					 .service_end = fix_day(2026, 3, 1 + i % 28)};
	}
	struct doc d = fix_vat_invoice();
	d.lines_in = l;
	d.n_lines = N;
	struct rendered r = render(&d, w);
	ok(r.pages >= 3, "%s: several pages (%d)", w, r.pages);
	has(&r, w, "Demi-journée n° 1 en espace ouvert");
	has(&r, w, "Demi-journée n° 120 en espace ouvert");
	has(&r, w, "Prestation le 28 mars 2026");
	has(&r, w, "Facture n° F2026-00042 (suite)");
	has(&r, w, "Page 2");
	money(&r, w, 12000);
	money(&r, w, 14400);
	check_fonts(&r, w);
	release(&r);
	doc_free(&d);
}

static void test_refused(void)
{
	struct buf out = {0};
	struct doc d = fix_vat_invoice();
	is_int(doc_pdf(&d, &out), -1, "doc_pdf before doc_totals: refused");
	is_int((long long)out.len, 0, "nothing written");
	buf_free(&out);
}

/* Lines with their allowance or charge under the description, the block "Remises et frais"
 * and the totals between the lines and the total HT. */
static void test_allowances(void)
{
	const char *w = "invoice with allowances";
	struct doc d = fix_vat_with_allowances();
	struct rendered r = render(&d, w);
	has(&r, w, "Remise « Fidélité » : -25,00 € (10 % de 250,00 €)");
	has(&r, w, "Frais « Livraison » : 5,00 €");
	has(&r, w, "Remises et frais");
	has(&r, w, "Remise « Geste commercial » · 20 %");
	has(&r, w, "Frais « Nettoyage » · 10 %");
	has(&r, w, "Total des lignes HT");
	money(&r, w, 22500);   /* line 1 after its allowance */
	money(&r, w, 34108);   /* BT-106 */
	money(&r, w, -1000);   /* BT-107 */
	money(&r, w, 1500);    /* BT-108 */
	money(&r, w, 34608);   /* BT-109 */
	money(&r, w, 40449);   /* BT-112 */
	check_fonts(&r, w);
	release(&r);
	doc_free(&d);
}

int main(void)
{
	fix_init();
	test_vat_invoice();
	test_franchise();
	test_credit_note();
	test_many_pages();
	test_refused();
	test_allowances();
	/* Release the font caches pango and cairo keep for the process (allocated
	 * once, not per render), so that `make check-valgrind` sees only leaks of our own. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	/* fontconfig's own configuration: FcFini, looked up at run time because fontconfig is
	 * a dependency of pango, not one of ours on the link line. */
	void *fini = dlsym(RTLD_DEFAULT, "FcFini");
	if (fini)
		((void (*)(void))fini)();
	return done_testing();
}
