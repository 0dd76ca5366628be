/* doc.c: EN 16931 totals of an invoice or credit note (BR-CO-10..16) in integer cents. */
#include "doc.h"
#include <stdlib.h>
#include <string.h>

/* Bounds of a line: beyond them the input is absurd for a coworking space, and within them
 * every product and sum below fits in int64_t (checked anyway). */
enum {
	DOC_MAX_LINES = 10000,
};
#define DOC_MAX_QUANTITY_MILLI INT64_C(10000000) /* 10 000 units */
#define DOC_MAX_UNIT_PRICE INT64_C(100000000)    /* 1 000 000 € */

/* Returns round(num / den) half away from zero, num of any sign, den > 0: the commercial
 * rounding EN 16931 expects, on exact integers. */
static int64_t div_round(int64_t num, int64_t den)
{
	if (num >= 0)
		return (num + den / 2) / den;
	return -((-num + den / 2) / den);
}

/* True for the VAT rates in force in metropolitan France, in basis points. */
static bool rate_known(int bp)
{
	static const int rates[] = {2000, 1000, 550, 210};
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
		if (rates[i] == bp)
			return true;
	return false;
}

bool doc_franchise(const struct doc *d)
{
	return d->vat_exemption && (!d->vat_exemption_code ||
				    strcmp(d->vat_exemption_code, "VATEX-FR-FRANCHISE") == 0);
}

/* Checks one line: returns false when its quantity, price or VAT is out of range or
 * contradicts the seller's VAT status. */
static bool line_valid(const struct doc *d, const struct doc_line *l)
{
	if (!l->description || !*l->description)
		return false;
	if (l->quantity_milli <= 0 || l->quantity_milli > DOC_MAX_QUANTITY_MILLI)
		return false;
	if (l->unit_price_cents < 0 || l->unit_price_cents > DOC_MAX_UNIT_PRICE)
		return false;
	switch (l->vat_category) {
	case 'S':
		/* Standard rate: the seller is registered for VAT (BR-S-02), not under the franchise
		 * (an exemption without its code, or with the franchise's). */
		return rate_known(l->vat_rate_bp) && !doc_franchise(d) && d->seller.vat_number &&
		       *d->seller.vat_number;
	case 'E':
		/* Exempt: rate 0 (BR-E-05) and the reason is printed (BR-E-10). */
		return l->vat_rate_bp == 0 && d->vat_exemption && *d->vat_exemption;
	default:
		return false;
	}
}

/* Checks one allowance or charge: returns false when its amount, percentage or reason is
 * missing or out of range, its percentage does not give its amount, or (document level) its
 * VAT contradicts the seller's status as a line's would. */
static bool allowance_valid(const struct doc *d, const struct doc_allowance *ac)
{
	if (!ac->reason || !*ac->reason)
		return false; /* BR-33/BR-38/BR-42/BR-44: a reason; the text is always given */
	if (ac->amount_cents <= 0 || ac->amount_cents > DOC_MAX_UNIT_PRICE)
		return false;
	if (ac->base_cents) {
		if (ac->percent_bp < 0 || ac->percent_bp > 10000 || ac->base_cents < 0 ||
		    ac->base_cents > DOC_MAX_UNIT_PRICE * 100)
			return false;
		if (div_round(ac->base_cents * ac->percent_bp, 10000) != ac->amount_cents)
			return false;
	}
	if (ac->line < -1 || ac->line >= (int)d->n_lines)
		return false;
	if (ac->line >= 0)
		return true;
	struct doc_line as_line = {.description = ac->reason, .quantity_milli = 1000,
				   .vat_rate_bp = ac->vat_rate_bp, .vat_category = ac->vat_category};
	return line_valid(d, &as_line);
}

/* Adds cents to the breakdown row of (category, rate), made in order of first appearance.
 * Returns false when there would be too many rows or the sum overflows. */
static bool vat_add(struct doc_vat *vat, size_t *n_vat, char category, int rate_bp, int64_t cents)
{
	size_t k = 0;
	while (k < *n_vat && !(vat[k].category == category && vat[k].rate_bp == rate_bp))
		k++;
	if (k == *n_vat) {
		if (*n_vat == DOC_MAX_VAT)
			return false;
		vat[k] = (struct doc_vat){.category = category, .rate_bp = rate_bp};
		(*n_vat)++;
	}
	return !__builtin_add_overflow(vat[k].basis_cents, cents, &vat[k].basis_cents);
}

/* d must start zero-initialised (d->lines NULL) or have been through doc_free: a second
 * call frees the lines of the first. */
int doc_totals(struct doc *d)
{
	free(d->lines);
	d->lines = NULL;
	d->n_vat = 0;
	d->line_total_cents = d->allowance_cents = d->charge_cents = 0;
	d->net_cents = d->vat_cents = d->gross_cents = d->due_cents = 0;
	if (!d->lines_in || d->n_lines == 0 || d->n_lines > DOC_MAX_LINES)
		return -1;
	if (d->n_acs > DOC_MAX_LINES || (d->n_acs && !d->acs))
		return -1;
	if (d->type != DOC_INVOICE && d->type != DOC_CREDIT_NOTE)
		return -1;
	if (d->type == DOC_CREDIT_NOTE && (!d->corrects_number || !*d->corrects_number))
		return -1;
	/* Late-payment penalties and the 40 € indemnity are due on business invoices (L441-9). */
	if (d->buyer.business && (!d->penalty_note || !*d->penalty_note))
		return -1;
	if (d->paid_cents < 0)
		return -1;
	for (size_t j = 0; j < d->n_acs; j++)
		if (!allowance_valid(d, &d->acs[j]))
			return -1;
	struct doc_line *lines = calloc(d->n_lines, sizeof *lines);
	if (!lines)
		return -1;
	int64_t net = 0, allowances = 0, charges = 0;
	size_t n_vat = 0;
	struct doc_vat vat[DOC_MAX_VAT];
	for (size_t i = 0; i < d->n_lines; i++) {
		lines[i] = d->lines_in[i];
		struct doc_line *l = &lines[i];
		l->allowance_cents = l->charge_cents = 0;
		if (!line_valid(d, l))
			goto fail;
		/* BT-131 = BT-129 × BT-146, rounded to the cent, line by line, − BT-136 + BT-141. */
		int64_t product;
		if (__builtin_mul_overflow(l->quantity_milli, l->unit_price_cents, &product))
			goto fail;
		l->net_cents = div_round(product, 1000);
		for (size_t j = 0; j < d->n_acs; j++) {
			const struct doc_allowance *ac = &d->acs[j];
			if (ac->line != (int)i)
				continue;
			*(ac->charge ? &l->charge_cents : &l->allowance_cents) += ac->amount_cents;
		}
		l->net_cents += l->charge_cents - l->allowance_cents;
		if (l->net_cents < 0)
			goto fail; /* a line's allowances never exceed it */
		/* BR-CO-10: BT-106 = Σ BT-131. */
		if (__builtin_add_overflow(net, l->net_cents, &net))
			goto fail;
		/* BG-23: one row per (category, rate), in order of first appearance. */
		if (!vat_add(vat, &n_vat, l->vat_category, l->vat_rate_bp, l->net_cents))
			goto fail;
	}
	/* BR-CO-11/12: BT-107 = Σ BT-92, BT-108 = Σ BT-99; each in the basis of its VAT row. */
	for (size_t j = 0; j < d->n_acs; j++) {
		const struct doc_allowance *ac = &d->acs[j];
		if (ac->line != -1)
			continue;
		*(ac->charge ? &charges : &allowances) += ac->amount_cents;
		if (!vat_add(vat, &n_vat, ac->vat_category, ac->vat_rate_bp,
			     ac->charge ? ac->amount_cents : -ac->amount_cents))
			goto fail;
	}
	/* BR-CO-17: VAT of a category = its basis × rate, rounded to the cent, once per row;
	 * BR-CO-14: BT-110 = Σ BT-117. A basis below zero: allowances beyond their lines. */
	int64_t vat_total = 0;
	for (size_t k = 0; k < n_vat; k++) {
		int64_t p;
		if (vat[k].basis_cents < 0)
			goto fail;
		if (__builtin_mul_overflow(vat[k].basis_cents, (int64_t)vat[k].rate_bp, &p))
			goto fail;
		vat[k].vat_cents = div_round(p, 10000);
		if (__builtin_add_overflow(vat_total, vat[k].vat_cents, &vat_total))
			goto fail;
	}
	/* BR-CO-13: BT-109 = BT-106 − BT-107 + BT-108; BR-CO-15 BT-112 = BT-109 + BT-110;
	 * BR-CO-16 BT-115 = BT-112 − BT-113 (no rounding amount). */
	int64_t basis = net - allowances + charges, gross;
	if (basis < 0 || __builtin_add_overflow(basis, vat_total, &gross))
		goto fail;
	if (d->paid_cents > gross)
		goto fail; /* overpaid: refused upstream, never printed */
	d->lines = lines;
	memcpy(d->vat, vat, n_vat * sizeof vat[0]);
	d->n_vat = n_vat;
	d->line_total_cents = net;
	d->allowance_cents = allowances;
	d->charge_cents = charges;
	d->net_cents = basis;
	d->vat_cents = vat_total;
	d->gross_cents = gross;
	d->due_cents = gross - d->paid_cents;
	return 0;
fail:
	free(lines);
	return -1;
}

void doc_free(struct doc *d)
{
	free(d->lines);
	d->lines = NULL;
}

const char *doc_unit_symbol(const char *unit_code)
{
	static const struct {
		const char *code, *symbol;
	} units[] = {{"HUR", "h"}, {"DAY", "j"}, {"MON", "mois"}, {"ANN", "an"}};
	for (size_t i = 0; unit_code && i < sizeof units / sizeof units[0]; i++)
		if (strcmp(unit_code, units[i].code) == 0)
			return units[i].symbol;
	return "";
}
