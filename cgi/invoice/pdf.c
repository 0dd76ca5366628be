/* pdf.c: the invoice or credit note as an A4 PDF in French (cairo + pango, fonts embedded).
 *
 * Not Factur-X by itself: a Factur-X file is a PDF/A-3 with the CII XML embedded as an
 * associated file, XMP metadata and an ICC output intent; cairo writes none of these (it cannot
 * embed files), so this is a plain PDF 1.5, which facturx.c completes with qpdf. */
#include "doc.h"
#include "fmt.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <inttypes.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>

#define FONT_FAMILY "DejaVu Sans"
/* A4 in points, margins of 18 mm. */
#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 51.0
#define BOTTOM (PAGE_H - 70.0) /* the footer lives below */
#define CONTENT_W (PAGE_W - 2 * MARGIN)


enum font { F_NORMAL, F_BOLD, F_SMALL, F_SMALL_BOLD, F_TITLE, F_NAME, F_TINY, F__MAX };

struct pdf {
	const struct doc *d;
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	PangoFontDescription *font[F__MAX];
	double y;
	int page;
	struct buf *out;
};

/* Table columns: x offset from the margin and width. */
static const struct {
	const char *title;
	double x, w;
	PangoAlignment align;
} cols[] = {
	{"Description", 0, 248, PANGO_ALIGN_LEFT},
	{"Qté", 250, 45, PANGO_ALIGN_RIGHT},
	{"PU HT", 297, 75, PANGO_ALIGN_RIGHT},
	{"TVA", 374, 42, PANGO_ALIGN_RIGHT},
	{"Montant HT", 418, CONTENT_W - 418, PANGO_ALIGN_RIGHT},
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

static bool present(const char *s)
{
	return s && *s;
}

/* Lays out s in font f, width w (0: no wrapping), aligned; draws it at (x, y) when draw.
 * Returns its height in points. */
static double text_at(struct pdf *p, double x, double y, double w, PangoAlignment align,
		      enum font f, const char *s, bool draw)
{
	PangoLayout *l = p->layout;
	pango_layout_set_font_description(l, p->font[f]);
	pango_layout_set_width(l, w > 0 ? (int)(w * PANGO_SCALE) : -1);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, s, -1);
	int pw, ph;
	pango_layout_get_size(l, &pw, &ph);
	if (draw) {
		cairo_move_to(p->cr, x, y);
		pango_cairo_show_layout(p->cr, l);
	}
	return (double)ph / PANGO_SCALE;
}

static double text(struct pdf *p, double x, double y, double w, PangoAlignment align,
		   enum font f, const char *s)
{
	return text_at(p, x, y, w, align, f, s, true);
}

/* Draws s at the cursor across the content width and moves the cursor below it. */
static void para(struct pdf *p, enum font f, const char *s)
{
	if (!present(s))
		return;
	p->y += text(p, MARGIN, p->y, CONTENT_W, PANGO_ALIGN_LEFT, f, s);
}

static void grey(struct pdf *p, double level)
{
	cairo_set_source_rgb(p->cr, level, level, level);
}

/* "3", "0,5 h", "1,25 mois": a quantity in thousandths, French decimal comma, with the symbol
 * of its unit (UN/ECE rec. 20 code; none for a plain unit). */
static const char *quantity(char out[32], int64_t milli, const char *unit)
{
	int n = snprintf(out, 32, "%" PRId64, milli / 1000);
	int64_t frac = milli % 1000;
	if (frac) {
		char f[8];
		snprintf(f, sizeof f, "%03" PRId64, frac);
		for (int i = 2; i > 0 && f[i] == '0'; i--)
			f[i] = '\0';
		n += snprintf(out + n, (size_t)(32 - n), ",%s", f);
	}
	const char *sym = doc_unit_symbol(unit);
	if (*sym && n > 0 && n < 32)
		snprintf(out + n, (size_t)(32 - n), FMT_NBSP "%s", sym);
	return out;
}

/* "20 %", "5,5 %": a VAT rate in basis points. */
static const char *rate(char out[32], int bp)
{
	if (bp % 100 == 0)
		snprintf(out, 32, "%d" FMT_NBSP "%%", bp / 100);
	else if (bp % 10 == 0)
		snprintf(out, 32, "%d,%d" FMT_NBSP "%%", bp / 100, (bp % 100) / 10);
	else
		snprintf(out, 32, "%d,%02d" FMT_NBSP "%%", bp / 100, bp % 100);
	return out;
}

/* "FR76 3000 4000 …": an IBAN in groups of four. */
static const char *iban_groups(char out[64], const char *iban)
{
	size_t n = 0, k = 0;
	for (const char *s = iban; *s && n + 2 < 64; s++) {
		if (*s == ' ')
			continue;
		if (k && k % 4 == 0)
			out[n++] = ' ';
		out[n++] = *s;
		k++;
	}
	out[n] = '\0';
	return out;
}

/* "du 1er mars 2026 au 31 mars 2026", "le 3 mars 2026". */
static const char *period(char out[160], time_t from, time_t to)
{
	char a[FMT_MAX], b[FMT_MAX];
	if (from && to && strcmp(fmt_date(a, from), fmt_date(b, to)) != 0)
		snprintf(out, 160, "du %s au %s", a, b);
	else
		snprintf(out, 160, "le %s", fmt_date(a, from ? from : to));
	return out;
}

/* "Remise « Fidélité » : -3,50 € (10 % de 35,00 €)": an allowance or charge in words. */
static const char *allowance_text(char out[512], const struct doc_allowance *ac)
{
	char m[FMT_MAX], b[FMT_MAX], r[32];
	int n = snprintf(out, 512, "%s « %s » : %s", ac->charge ? "Frais" : "Remise", ac->reason,
			 fmt_money(m, ac->charge ? ac->amount_cents : -ac->amount_cents));
	if (ac->base_cents && n > 0 && n < 512)
		snprintf(out + n, (size_t)(512 - n), " (%s de %s)", rate(r, ac->percent_bp),
			 fmt_money(b, ac->base_cents));
	return out;
}

static void footer(struct pdf *p)
{
	const struct doc *d = p->d;
	char line[512];
	grey(p, 0.35);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, BOTTOM + 12);
	cairo_line_to(p->cr, PAGE_W - MARGIN, BOTTOM + 12);
	cairo_stroke(p->cr);
	snprintf(line, sizeof line, "%s · %s %s %s%s%s%s%s", d->seller.name,
		 d->seller.street ? d->seller.street : "", d->seller.postcode ? d->seller.postcode : "",
		 d->seller.city ? d->seller.city : "", present(d->seller.siret) ? " · SIRET " : "",
		 present(d->seller.siret) ? d->seller.siret : "",
		 present(d->seller.rna) ? " · RNA " : "", present(d->seller.rna) ? d->seller.rna : "");
	double y = BOTTOM + 16;
	y += text(p, MARGIN, y, CONTENT_W - 60, PANGO_ALIGN_LEFT, F_TINY, line);
	if (present(d->hash_hex)) {
		snprintf(line, sizeof line, "Empreinte SHA-256 : %s", d->hash_hex);
		text(p, MARGIN, y, CONTENT_W - 60, PANGO_ALIGN_LEFT, F_TINY, line);
	}
	snprintf(line, sizeof line, "Page %d", p->page);
	text(p, PAGE_W - MARGIN - 60, BOTTOM + 16, 60, PANGO_ALIGN_RIGHT, F_TINY, line);
	grey(p, 0);
}

static void table_header(struct pdf *p)
{
	grey(p, 0.9);
	cairo_rectangle(p->cr, MARGIN - 3, p->y - 3, CONTENT_W + 6, 18);
	cairo_fill(p->cr);
	grey(p, 0);
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
		text(p, MARGIN + cols[c].x, p->y, cols[c].w, cols[c].align, F_SMALL_BOLD,
		     cols[c].title);
	p->y += 20;
}

/* Ends the page and starts the next one with a reminder of the document. */
static void new_page(struct pdf *p, bool with_table_header)
{
	footer(p);
	cairo_show_page(p->cr);
	p->page++;
	p->y = MARGIN;
	char line[256];
	snprintf(line, sizeof line, "%s · %s n° %s (suite)", p->d->seller.name,
		 p->d->type == DOC_CREDIT_NOTE ? "Avoir" : "Facture", p->d->number);
	p->y += text(p, MARGIN, p->y, CONTENT_W, PANGO_ALIGN_LEFT, F_SMALL, line) + 12;
	if (with_table_header)
		table_header(p);
}

/* Seller on the left, document title, number and dates on the right. */
static void head(struct pdf *p)
{
	const struct doc *d = p->d;
	const struct doc_party *s = &d->seller;
	char line[512], a[FMT_MAX], b[FMT_MAX];
	double y = MARGIN, w = 270;
	y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_NAME, s->name) + 2;
	if (present(s->street))
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, s->street);
	snprintf(line, sizeof line, "%s %s", s->postcode ? s->postcode : "", s->city ? s->city : "");
	y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	if (present(s->email))
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, s->email);
	y += 4;
	if (present(s->siren)) {
		snprintf(line, sizeof line, "SIREN %s%s%s", s->siren,
			 present(s->siret) ? " · SIRET " : "", present(s->siret) ? s->siret : "");
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	if (present(s->rna)) {
		snprintf(line, sizeof line, "Association loi 1901 · RNA %s", s->rna);
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	if (present(s->vat_number)) {
		snprintf(line, sizeof line, "N° TVA intracommunautaire : %s", s->vat_number);
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	if (present(d->vat_exemption))
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, d->vat_exemption);

	double rx = MARGIN + 290, rw = CONTENT_W - 290, ry = MARGIN;
	bool credit = d->type == DOC_CREDIT_NOTE;
	ry += text(p, rx, ry, rw, PANGO_ALIGN_RIGHT, F_TITLE, credit ? "Avoir" : "Facture");
	snprintf(line, sizeof line, "N° %s", d->number);
	ry += text(p, rx, ry, rw, PANGO_ALIGN_RIGHT, F_BOLD, line);
	snprintf(line, sizeof line, "Date d’émission : %s", fmt_date(a, d->issue_date));
	ry += text(p, rx, ry, rw, PANGO_ALIGN_RIGHT, F_SMALL, line);
	if (credit) {
		if (d->corrects_date)
			snprintf(line, sizeof line, "Rectifie la facture n° %s du %s",
				 d->corrects_number, fmt_date(b, d->corrects_date));
		else
			snprintf(line, sizeof line, "Rectifie la facture n° %s", d->corrects_number);
		ry += text(p, rx, ry, rw, PANGO_ALIGN_RIGHT, F_SMALL, line);
	} else if (d->due_date) {
		snprintf(line, sizeof line, "Échéance : %s", fmt_date(a, d->due_date));
		ry += text(p, rx, ry, rw, PANGO_ALIGN_RIGHT, F_SMALL, line);
	}
	p->y = (y > ry ? y : ry) + 18;
}

/* The customer block on the right, the nature of the operation and dates on the left. */
static void parties(struct pdf *p)
{
	const struct doc *d = p->d;
	const struct doc_party *c = &d->buyer;
	char line[512];
	double rx = MARGIN + 290, rw = CONTENT_W - 290, top = p->y, ry = top + 6;
	ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_SMALL_BOLD,
		   d->type == DOC_CREDIT_NOTE ? "Client" : "Facturé à");
	ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_BOLD, c->name);
	if (present(c->street))
		ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_SMALL, c->street);
	snprintf(line, sizeof line, "%s %s%s%s", c->postcode ? c->postcode : "",
		 c->city ? c->city : "", present(c->country) && strcmp(c->country, "FR") != 0 ? " · " : "",
		 present(c->country) && strcmp(c->country, "FR") != 0 ? c->country : "");
	ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_SMALL, line);
	if (present(c->siren)) {
		snprintf(line, sizeof line, "SIREN %s", c->siren);
		ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	if (present(c->vat_number)) {
		snprintf(line, sizeof line, "N° TVA : %s", c->vat_number);
		ry += text(p, rx + 8, ry, rw - 16, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	ry += 6;
	grey(p, 0.6);
	cairo_set_line_width(p->cr, 0.6);
	cairo_rectangle(p->cr, rx, top, rw, ry - top);
	cairo_stroke(p->cr);
	grey(p, 0);

	double y = top, w = 280;
	y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL,
		  "Nature de l’opération : Prestations de services");
	if (d->service_start || d->service_end) {
		char when[160];
		snprintf(line, sizeof line, "Date de la prestation : %s",
			 period(when, d->service_start, d->service_end));
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	if (present(d->buyer_reference)) {
		snprintf(line, sizeof line, "Votre référence : %s", d->buyer_reference);
		y += text(p, MARGIN, y, w, PANGO_ALIGN_LEFT, F_SMALL, line);
	}
	p->y = (y > ry ? y : ry) + 20;
}

static void lines(struct pdf *p)
{
	const struct doc *d = p->d;
	table_header(p);
	for (size_t i = 0; i < d->n_lines; i++) {
		const struct doc_line *l = &d->lines[i];
		char q[32], pu[FMT_MAX], r[32], net[FMT_MAX], when[160], dates[200];
		const char *cells[] = {l->description, quantity(q, l->quantity_milli, l->unit_code),
				       fmt_money(pu, l->unit_price_cents),
				       l->vat_category == 'S' ? rate(r, l->vat_rate_bp) : "—",
				       fmt_money(net, l->net_cents)};
		dates[0] = '\0';
		if (l->service_start || l->service_end)
			snprintf(dates, sizeof dates, "Prestation %s",
				 period(when, l->service_start, l->service_end));
		/* Under the description: the dates, then the line's allowances and charges. */
		char acs[1024];
		size_t na = 0;
		acs[0] = '\0';
		for (size_t j = 0; j < d->n_acs; j++) {
			char one[512];
			if (d->acs[j].line != (int)i)
				continue;
			na += (size_t)snprintf(acs + na, na < sizeof acs ? sizeof acs - na : 0, "%s%s",
					       na ? "\n" : "", allowance_text(one, &d->acs[j]));
			if (na >= sizeof acs)
				na = sizeof acs - 1;
		}
		double h = text_at(p, 0, 0, cols[0].w, PANGO_ALIGN_LEFT, F_NORMAL, l->description,
				   false);
		if (dates[0])
			h += text_at(p, 0, 0, cols[0].w, PANGO_ALIGN_LEFT, F_SMALL, dates, false);
		double h_acs = acs[0] ? text_at(p, 0, 0, cols[0].w, PANGO_ALIGN_LEFT, F_SMALL, acs, false) : 0;
		h += h_acs;
		if (p->y + h + 6 > BOTTOM)
			new_page(p, true);
		double y0 = p->y;
		double dy = text(p, MARGIN, y0, cols[0].w, PANGO_ALIGN_LEFT, F_NORMAL, cells[0]);
		if (dates[0]) {
			grey(p, 0.35);
			dy += text(p, MARGIN, y0 + dy, cols[0].w, PANGO_ALIGN_LEFT, F_SMALL, dates);
			grey(p, 0);
		}
		if (acs[0]) {
			grey(p, 0.25);
			text(p, MARGIN, y0 + dy, cols[0].w, PANGO_ALIGN_LEFT, F_SMALL, acs);
			grey(p, 0);
		}
		for (size_t c = 1; c < sizeof cols / sizeof cols[0]; c++)
			text(p, MARGIN + cols[c].x, y0, cols[c].w, cols[c].align, F_NORMAL, cells[c]);
		p->y = y0 + h + 4;
		grey(p, 0.85);
		cairo_set_line_width(p->cr, 0.4);
		cairo_move_to(p->cr, MARGIN, p->y - 2);
		cairo_line_to(p->cr, PAGE_W - MARGIN, p->y - 2);
		cairo_stroke(p->cr);
		grey(p, 0);
	}
	p->y += 8;
}

/* One line of the totals block: label on the left of the amount, both right-aligned. */
static void total_row(struct pdf *p, const char *label, int64_t cents, bool strong)
{
	char m[FMT_MAX];
	double x = MARGIN + 250, w = CONTENT_W - 250;
	enum font f = strong ? F_BOLD : F_NORMAL;
	text(p, x, p->y, 150, PANGO_ALIGN_LEFT, f, label);
	p->y += text(p, x + 150, p->y, w - 150, PANGO_ALIGN_RIGHT, f, fmt_money(m, cents)) + 3;
}

static void totals(struct pdf *p)
{
	const struct doc *d = p->d;
	/* Totals and payment stay together: 240 points is more than they take. */
	size_t n_doc_acs = 0;
	for (size_t j = 0; j < d->n_acs; j++)
		n_doc_acs += d->acs[j].line == -1;
	if (p->y + 240 + 14.0 * (double)n_doc_acs > BOTTOM)
		new_page(p, false);
	if (n_doc_acs) {
		/* The document's allowances and charges, each with its VAT, before the totals. */
		para(p, F_BOLD, "Remises et frais");
		p->y += 2;
		for (size_t j = 0; j < d->n_acs; j++) {
			const struct doc_allowance *ac = &d->acs[j];
			if (ac->line != -1)
				continue;
			char what[512], m[FMT_MAX], r[32], b[FMT_MAX];
			int n = snprintf(what, sizeof what, "%s « %s »", ac->charge ? "Frais" : "Remise", ac->reason);
			if (ac->base_cents && n > 0 && (size_t)n < sizeof what)
				n += snprintf(what + n, sizeof what - (size_t)n, ", %s de %s", rate(r, ac->percent_bp),
					      fmt_money(b, ac->base_cents));
			if (n > 0 && (size_t)n < sizeof what)
				snprintf(what + n, sizeof what - (size_t)n, " · %s",
					 ac->vat_category == 'S' ? rate(r, ac->vat_rate_bp) : "TVA non applicable");
			double h = text(p, MARGIN, p->y, 360, PANGO_ALIGN_LEFT, F_NORMAL, what);
			text(p, MARGIN + 360, p->y, CONTENT_W - 360, PANGO_ALIGN_RIGHT, F_NORMAL,
			     fmt_money(m, ac->charge ? ac->amount_cents : -ac->amount_cents));
			p->y += h + 3;
		}
		p->y += 8;
		total_row(p, "Total des lignes HT", d->line_total_cents, false);
		if (d->allowance_cents)
			total_row(p, "Remises", -d->allowance_cents, false);
		if (d->charge_cents)
			total_row(p, "Frais", d->charge_cents, false);
	}
	total_row(p, "Total HT", d->net_cents, false);
	for (size_t k = 0; k < d->n_vat; k++) {
		if (d->vat[k].category != 'S')
			continue;
		char label[64], r[32];
		snprintf(label, sizeof label, "TVA %s", rate(r, d->vat[k].rate_bp));
		total_row(p, label, d->vat[k].vat_cents, false);
	}
	total_row(p, "Total TVA", d->vat_cents, false);
	total_row(p, "Total TTC", d->gross_cents, true);
	if (d->paid_cents) {
		total_row(p, "Déjà réglé", d->paid_cents, false);
	}
	total_row(p, d->type == DOC_CREDIT_NOTE ? "Montant de l’avoir" : "Net à payer",
		  d->due_cents, true);
	p->y += 10;
	bool exempt = false;
	for (size_t k = 0; k < d->n_vat; k++)
		exempt = exempt || d->vat[k].category == 'E';
	if (present(d->vat_exemption) && exempt)
		para(p, F_BOLD, d->vat_exemption);
	if (d->vat_on_debits)
		para(p, F_BOLD, "Option pour le paiement de la taxe d’après les débits.");
	p->y += 8;
}

static void payment(struct pdf *p)
{
	const struct doc *d = p->d;
	char line[512], a[FMT_MAX], ib[64];
	if (d->type == DOC_INVOICE && d->due_date) {
		snprintf(line, sizeof line, "Date d’échéance : %s", fmt_date(a, d->due_date));
		para(p, F_SMALL_BOLD, line);
	}
	para(p, F_SMALL, d->payment_terms);
	if (d->type == DOC_INVOICE && present(d->mandate_ref)) {
		char when[FMT_MAX];
		snprintf(line, sizeof line, "Prélèvement SEPA de %s le %s sur le compte IBAN %s, mandat %s, "
			 "créancier %s. Cette facture vaut pré-notification du prélèvement.",
			 fmt_money(a, d->due_cents), d->debit_date ? fmt_date(when, d->debit_date) : "à l’échéance",
			 iban_groups(ib, d->debtor_iban), d->mandate_ref,
			 present(d->creditor_id) ? d->creditor_id : "(identifiant à renseigner)");
		para(p, F_SMALL, line);
	} else if (d->type == DOC_INVOICE && present(d->iban)) {
		snprintf(line, sizeof line, "Règlement par virement · IBAN %s%s%s",
			 iban_groups(ib, d->iban), present(d->bic) ? " · BIC " : "",
			 present(d->bic) ? d->bic : "");
		para(p, F_SMALL, line);
		snprintf(line, sizeof line, "Merci d’indiquer le numéro %s en référence du virement.",
			 d->number);
		para(p, F_SMALL, line);
	}
	p->y += 6;
	para(p, F_SMALL, d->penalty_note);
	/* The 40 € indemnity: printed unless the penalty note already states it; due from a
	 * business customer even when the document carries no wording of its own. */
	if (!(present(d->penalty_note) && strstr(d->penalty_note, "40 €"))) {
		if (present(d->indemnity_note))
			para(p, F_SMALL, d->indemnity_note);
		else if (d->buyer.business)
			para(p, F_SMALL, "Indemnité forfaitaire pour frais de recouvrement en cas de retard "
					 "de paiement : 40 €.");
	}
	para(p, F_SMALL, d->discount_note);
}

int doc_pdf(const struct doc *d, struct buf *out)
{
	if (!d->lines || d->n_lines == 0 || !present(d->number) || !present(d->seller.name) ||
	    !present(d->buyer.name) || !d->issue_date)
		return -1;
	if (d->type == DOC_CREDIT_NOTE && !present(d->corrects_number))
		return -1;
	struct buf tmp = {0};
	struct pdf p = {.d = d, .page = 1, .out = &tmp};
	p.surface = cairo_pdf_surface_create_for_stream(write_out, &tmp, PAGE_W, PAGE_H);
	char title[160], date[32];
	snprintf(title, sizeof title, "%s %s", d->type == DOC_CREDIT_NOTE ? "Avoir" : "Facture",
		 d->number);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_AUTHOR, d->seller.name);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "Fontaine");
	/* The issue date, not the time of rendering: the same document gives the same file. */
	struct tm tm;
	localtime_r(&d->issue_date, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_MOD_DATE, date);
	p.cr = cairo_create(p.surface);
	p.layout = pango_cairo_create_layout(p.cr);
	pango_layout_set_wrap(p.layout, PANGO_WRAP_WORD_CHAR);
	static const struct {
		int size;
		PangoWeight weight;
	} fonts[F__MAX] = {
		[F_NORMAL] = {9, PANGO_WEIGHT_NORMAL}, [F_BOLD] = {9, PANGO_WEIGHT_BOLD},
		[F_SMALL] = {8, PANGO_WEIGHT_NORMAL},  [F_SMALL_BOLD] = {8, PANGO_WEIGHT_BOLD},
		[F_TITLE] = {18, PANGO_WEIGHT_BOLD},   [F_NAME] = {13, PANGO_WEIGHT_BOLD},
		[F_TINY] = {6, PANGO_WEIGHT_NORMAL},
	};
	for (int f = 0; f < F__MAX; f++) {
		p.font[f] = pango_font_description_new();
		pango_font_description_set_family_static(p.font[f], FONT_FAMILY);
		pango_font_description_set_size(p.font[f], fonts[f].size * PANGO_SCALE);
		pango_font_description_set_weight(p.font[f], fonts[f].weight);
	}
	grey(&p, 0);
	head(&p);
	parties(&p);
	lines(&p);
	totals(&p);
	payment(&p);
	footer(&p);
	cairo_show_page(p.cr);
	for (int f = 0; f < F__MAX; f++)
		pango_font_description_free(p.font[f]);
	g_object_unref(p.layout);
	cairo_destroy(p.cr);
	cairo_surface_finish(p.surface);
	int rc = cairo_surface_status(p.surface) == CAIRO_STATUS_SUCCESS ? 0 : -1;
	cairo_surface_destroy(p.surface);
	if (rc == 0)
		buf_append(out, tmp.data, tmp.len);
	buf_free(&tmp);
	return rc;
}
