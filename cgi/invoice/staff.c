/* staff.c: what the staff's invoicing pages under /admin/factures share (navigation, notices,
 * quantities) and a document's page: draft lines, issue, payments, credit note. The new draft,
 * the lists and the period pages are in staff_new.c, staff_lists.c and staff_period.c. */
#include "invoice.h"
#include "escape.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_UNIT_CENTS = 10000000, MAX_PAYMENT_CENTS = 100000000, MAX_QUANTITY_MILLI = 10000000 };

static const struct {
	const char *href, *label;
} nav[] = {
	{"/admin/factures", "Factures"},
	{"/admin/factures/nouvelle", "Nouveau brouillon"},
	{"/admin/factures/mensuel", "Facturation mensuelle"},
	{"/admin/factures/retards", "Retards et relances"},
	{"/admin/factures/clotures", "Clôtures et exports"},
	{"/admin/factures/sepa", "Prélèvements SEPA"},
	{"/admin/factures/verification", "Vérification"},
};

/* Starts a staff page: never indexed, with the invoicing navigation. */
struct tpl_dict *staff_start(struct request *req, const char *tpl, const char *title)
{
	struct tpl_dict *d = page_start(req, tpl, title, title);
	tpl_show(req->dict, "NOINDEX");
	struct tpl_dict *n = tpl_include(d, "NAV", "invoice_nav.tpl");
	tpl_set(n, "STAFF_NAME", req->user ? req->user->first_name : "");
	for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
		struct tpl_dict *item = tpl_section(n, "ITEM");
		tpl_set(item, "HREF", nav[i].href);
		tpl_set(item, "LABEL", nav[i].label);
		if (strcmp(req->path, nav[i].href) == 0)
			tpl_show(item, "CURRENT");
	}
	tpl_set(d, "CSRF", csrf_token(req));
	return d;
}

/* The route's parameter i when it is a positive id, else NULL (the caller answers 404). */
const char *id_param(struct request *req, int i)
{
	const char *s = req->params[i];
	if (!s || !*s || strlen(s) > 18 || *s == '0')
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	return s;
}

/* The French message for a refusal of the database (schema/0009_invoicing.sql), or NULL when
 * the error is unexpected. */
const char *refusal(const char *state)
{
	static const struct {
		const char *state, *msg;
	} msgs[] = {
		{"FTI01", "Ajoutez au moins une ligne avant d’émettre ce document."},
		{"FTI02", "Client professionnel sans SIREN : la facture ne peut pas être émise. Corrigez le client (nouveau brouillon) avec son SIREN."},
		{"FTI03", "Cette date appartient à une période clôturée : aucun document ne peut plus y être émis."},
		{"FTI04", "Date impossible : un document de la série a déjà été émis à une date postérieure (ou la date est dans le futur)."},
		{"FTI05", "TVA non applicable : l’association est en franchise en base (art. 293 B du CGI), toutes les lignes doivent être à 0 %."},
		{"FTI06", "Ce paiement dépasse le reste à payer de la facture."},
		{"FTI07", "Ce document ne reçoit pas de paiement (brouillon, avoir, déjà payé ou annulé)."},
		{"FTI08", "Ce document est émis : il ne peut plus être modifié ni supprimé."},
		{"FTI09", "Cette facture ne peut pas être annulée par un avoir : elle n’est pas émise, a déjà reçu un paiement ou est déjà annulée."},
		{"FTI10", "Cette relance n’est pas possible : facture non échue, sans adresse e-mail, relance déjà envoyée, ou second rappel avant le premier."},
		{"FTI11", "Cette période ne peut pas être clôturée : elle n’est pas terminée, ou elle l’est déjà."},
		{"FTI12", "Ce document est déjà émis : rien n’est émis deux fois."},
		{"FTI13", "Client professionnel sans adresse complète : la facture ne peut pas être émise."},
		{"FTI14", "Les remises dépassent le montant qu’elles réduisent (la ligne, ou les lignes à ce taux de TVA)."},
		{"FTI20", "L’identifiant créancier SEPA (ICS) de l’association est absent ou sa clé de contrôle est fausse : renseignez l’ICS attribué par la banque."},
		{"FTI21", "Aucune facture à prélever pour cette séquence : chaque facture n’est prélevée qu’une fois, et un prélèvement récurrent (RCUR) suit toujours un premier (FRST)."},
		{"FTI22", "Opération impossible à cette date : l’échéance d’un lot est postérieure à aujourd’hui, un lot n’est réglé qu’une fois à partir de son échéance, et un rejet s’enregistre avant le règlement."},
		{"FTI30", "Ce document n’est pas émis."},
		{"FTI31", "Ce paiement ne peut pas être annulé : il n’appartient pas à cette facture, il annule lui-même un paiement, ou la facture est annulée."},
		{"FTI32", "Ce paiement est déjà annulé : un paiement ne s’annule qu’une fois."},
		{"FTI33", "Le PDF ou le XML de ce document n’a pas pu être produit : rien n’a été émis."},
		{"23514", "Une valeur est refusée par les règles de facturation (montant ou quantité hors limites)."},
	};
	for (size_t i = 0; state && i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(state, msgs[i].state) == 0)
			return msgs[i].msg;
	return NULL;
}

/* Notices shown after a redirect (?ok=<key>): fixed texts, never the query's own. */
static const char *notice(struct request *req)
{
	static const struct {
		const char *key, *msg;
	} notices[] = {
		{"emis", "Document émis : son numéro est définitif."},
		{"paiement", "Paiement enregistré."},
		{"annule", "Paiement annulé par une écriture d’annulation ; le reste à payer est rétabli."},
		{"ligne", "Ligne ajoutée."},
		{"retiree", "Ligne retirée."},
		{"brouillon", "Brouillon créé : ajoutez ses lignes."},
		{"supprime", "Brouillon supprimé."},
		{"avoir", "Brouillon d’avoir préparé : vérifiez-le puis émettez-le pour annuler la facture."},
		{"relance", "Relance placée dans la file d’envoi."},
		{"cloture", "Période clôturée ; son archive est chaînée à la précédente."},
		{"mandat", "Mandat enregistré."},
		{"lot", "Lot de prélèvements enregistré : téléchargez son fichier pain.008 pour la banque."},
		{"retour", "Rejet enregistré : la facture pourra être présentée à nouveau."},
		{"regle", "Lot réglé : un paiement par prélèvement est enregistré sur chaque facture."},
		{"remise", "Remise ajoutée."},
		{"frais", "Frais ajoutés."},
		{"remise_retiree", "Remise ou frais retirés."},
	};
	const char *k = kv_get(&req->query, "ok");
	for (size_t i = 0; k && i < sizeof notices / sizeof notices[0]; i++)
		if (strcmp(k, notices[i].key) == 0)
			return notices[i].msg;
	return NULL;
}

void show_notice(struct request *req, struct tpl_dict *d)
{
	const char *n = notice(req);
	if (n)
		tpl_set(tpl_section(d, "NOTICE_S"), "NOTICE", n);
}

const char *today_iso(char out[FMT_MAX])
{
	return fmt_iso_date(out, time(NULL));
}

/* "1", "2,5", "0,333" from thousandths. */
static const char *fmt_qty(struct arena *a, int64_t milli)
{
	if (milli % 1000 == 0)
		return arena_printf(a, "%lld", (long long)(milli / 1000));
	char frac[8];
	snprintf(frac, sizeof frac, "%03lld", (long long)(milli % 1000));
	for (int i = 2; i > 0 && frac[i] == '0'; i--)
		frac[i] = '\0';
	return arena_printf(a, "%lld,%s", (long long)(milli / 1000), frac);
}

static const char *fmt_rate(struct arena *a, int bp)
{
	if (bp % 100 == 0)
		return arena_printf(a, "%d" FMT_NBSP "%%", bp / 100);
	return arena_printf(a, "%d,%d" FMT_NBSP "%%", bp / 100, (bp % 100) / 10);
}

/* Parses a positive quantity typed in French ("2", "2,5", "0.333") into thousandths.
 * Returns NULL when valid, else the French message. */
static const char *parse_quantity(const char *s, int64_t *milli)
{
	int64_t whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	const char *p = s;
	if (*p == '-')
		return "La quantité doit être supérieure à zéro.";
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if ((whole = whole * 10 + (*p - '0')) > 1000000)
			return "Quantité invraisemblable : 10 000 au plus.";
	if (*p == ',' || *p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, fdigits++) {
			if (fdigits >= 3)
				return "Trois décimales au plus pour une quantité.";
			frac = frac * 10 + (*p - '0');
		}
	}
	if (*p || digits == 0)
		return "Quantité invalide : un nombre, par exemple 1 ou 2,5.";
	while (fdigits++ < 3)
		frac *= 10;
	*milli = whole * 1000 + frac;
	if (*milli <= 0)
		return "La quantité doit être supérieure à zéro.";
	if (*milli > MAX_QUANTITY_MILLI)
		return "Quantité invraisemblable : 10 000 au plus.";
	return NULL;
}

/* ---- the document page -------------------------------------------------------------------- */

static const char *const unit_values[] = {"C62", "MON", "DAY", "HUR", NULL};
static const char *const unit_labels[] = {"unité", "mois", "jour", "heure"};
static const char *const vat_values[] = {"0", "550", "1000", "2000", NULL};
static const char *const vat_labels[] = {"0 % (TVA non applicable, art. 293 B du CGI)", "5,5 %", "10 %", "20 %"};
static const char *const kind_values[] = {"other", "coworking", "office", "room", "membership", NULL};
static const char *const kind_labels[] = {"Prestation de services", "Coworking", "Bureau", "Salle", "Adhésion"};
static const char *const method_values[] = {"virement", "cheque", "especes", "carte", "prelevement", NULL};
static const char *const method_labels[] = {"Virement", "Chèque", "Espèces", "Carte bancaire", "Prélèvement SEPA"};

enum { LF_DESC, LF_QTY, LF_UNIT, LF_PRICE, LF_VAT, LF_KIND, LF__MAX };
static const struct field_def line_fields[LF__MAX] = {
	[LF_DESC] = {"description", FIELD_LINE, true, 1, 300, NULL},
	[LF_QTY] = {"quantite", FIELD_LINE, true, 1, 20, NULL},
	[LF_UNIT] = {"unite", FIELD_CHOICE, true, 0, 0, unit_values},
	[LF_PRICE] = {"prix", FIELD_MONEY, true, 0, 0, NULL},
	[LF_VAT] = {"tva", FIELD_CHOICE, true, 0, 0, vat_values},
	[LF_KIND] = {"nature", FIELD_CHOICE, true, 0, 0, kind_values},
};
enum { PF_DATE, PF_AMOUNT, PF_METHOD, PF_REF, PF__MAX };
static const struct field_def pay_fields[PF__MAX] = {
	[PF_DATE] = {"date", FIELD_DATE, true, 0, 0, NULL},
	[PF_AMOUNT] = {"montant", FIELD_MONEY, true, 0, 0, NULL},
	[PF_METHOD] = {"mode", FIELD_CHOICE, true, 0, 0, method_values},
	[PF_REF] = {"reference", FIELD_LINE, false, 0, 100, NULL},
};

void invalidate(struct field_value *v, const char *msg, size_t *errors)
{
	if (v->valid)
		(*errors)++;
	v->valid = false;
	v->error = msg;
}

/* Options of a select, the current value selected. */
void options(struct tpl_dict *d, const char *section, const char *const *values,
	     const char *const *labels, size_t from, const char *current)
{
	for (size_t i = from; values[i]; i++) {
		struct tpl_dict *o = tpl_section(d, section);
		tpl_set(o, "VALUE", values[i]);
		tpl_set(o, "LABEL", labels[i]);
		if (current && strcmp(current, values[i]) == 0)
			tpl_show(o, "SEL");
	}
}

/* Sets <var>_VALUE, and <var>_INVALID with <var>_ERROR, from a read field (NULL: empty). */
#define FORM_VAR(d, v, name)                                                                  \
	do {                                                                                  \
		tpl_set(d, name "_VALUE", (v) ? (v)->str : "");                              \
		if ((v) && !(v)->valid)                                                       \
			tpl_set(tpl_section(d, name "_INVALID"), name "_ERROR", (v)->error); \
	} while (0)

void doc_dict(struct request *req, struct tpl_dict *t, const struct doc *d, const char *status,
	      const char *kind)
{
	struct arena *a = &req->arena;
	char b1[FMT_MAX], b2[FMT_MAX];
	(void)status;
	(void)kind;
	tpl_set(t, "TYPE_LABEL", d->type == DOC_CREDIT_NOTE ? "Avoir" : "Facture");
	tpl_set(t, "ISSUE_DATE_LABEL", d->type == DOC_CREDIT_NOTE ? "Date de l’avoir" : "Date de facture");
	tpl_set(t, "NUMBER", d->number);
	if (d->corrects_number) {
		struct tpl_dict *c = tpl_section(t, "CORRECTS");
		tpl_set(c, "CORRECTS_NUMBER", d->corrects_number);
		if (d->corrects_date)
			tpl_set(tpl_section(c, "CORRECTS_DATE_S"), "CORRECTS_DATE", fmt_date(b1, d->corrects_date));
	}
	tpl_set(t, "ISSUE_DATE", d->issue_date ? fmt_date(b1, d->issue_date) : "à l’émission");
	if (d->service_start) {
		const char *p = d->service_end && d->service_end != d->service_start
			? arena_printf(a, "du %s au %s", fmt_date(b1, d->service_start), fmt_date(b2, d->service_end))
			: arena_strdup(a, fmt_date(b1, d->service_start));
		tpl_set(tpl_section(t, "SERVICE"), "SERVICE_PERIOD", p);
	}
	if (d->due_date && d->type == DOC_INVOICE)
		tpl_set(tpl_section(t, "DUE"), "DUE_DATE", fmt_date(b1, d->due_date));
	tpl_set(t, "S_NAME", d->seller.name);
	tpl_set(t, "S_STREET", d->seller.street);
	tpl_set(t, "S_POSTCODE", d->seller.postcode);
	tpl_set(t, "S_CITY", d->seller.city);
	tpl_set(t, "S_EMAIL", d->seller.email ? d->seller.email : "");
	if (d->seller.siren)
		tpl_set(tpl_section(t, "S_SIREN_S"), "S_SIREN", d->seller.siren);
	if (d->seller.siret)
		tpl_set(tpl_section(t, "S_SIRET_S"), "S_SIRET", d->seller.siret);
	if (d->seller.rna)
		tpl_set(tpl_section(t, "S_RNA_S"), "S_RNA", d->seller.rna);
	if (d->seller.vat_number)
		tpl_set(tpl_section(t, "S_VAT_S"), "S_VAT", d->seller.vat_number);
	tpl_set(t, "B_NAME", d->buyer.name);
	if (d->buyer.street)
		tpl_set(tpl_section(t, "B_STREET_S"), "B_STREET", d->buyer.street);
	if (d->buyer.city) {
		struct tpl_dict *c = tpl_section(t, "B_CITY_S");
		tpl_set(c, "B_POSTCODE", d->buyer.postcode ? d->buyer.postcode : "");
		tpl_set(c, "B_CITY", d->buyer.city);
	}
	if (d->buyer.siren)
		tpl_set(tpl_section(t, "B_SIREN_S"), "B_SIREN", d->buyer.siren);
	if (d->buyer.vat_number)
		tpl_set(tpl_section(t, "B_VAT_S"), "B_VAT", d->buyer.vat_number);
	const struct doc_line *lines = d->lines ? d->lines : d->lines_in;
	for (size_t i = 0; i < d->n_lines; i++) {
		const struct doc_line *l = &lines[i];
		struct tpl_dict *r = tpl_section(t, "LINE");
		tpl_set(r, "DESC", l->description);
		const char *sym = doc_unit_symbol(l->unit_code);
		tpl_set(r, "QTY", *sym ? arena_printf(a, "%s" FMT_NBSP "%s", fmt_qty(a, l->quantity_milli), sym)
				       : fmt_qty(a, l->quantity_milli));
		tpl_set(r, "PRICE", fmt_money(b1, l->unit_price_cents));
		tpl_set(r, "VAT", l->vat_category == 'E' ? "—" : fmt_rate(a, l->vat_rate_bp));
		int64_t net = d->lines ? l->net_cents : (l->quantity_milli * l->unit_price_cents + 500) / 1000;
		tpl_set(r, "NET", fmt_money(b1, net));
		if (l->service_start && l->service_end && l->service_end != l->service_start)
			tpl_set(tpl_section(r, "LINE_PERIOD_S"), "LINE_PERIOD",
				arena_printf(a, "du %s au %s", fmt_date(b1, l->service_start), fmt_date(b2, l->service_end)));
		ac_line_dict(req, r, d, i);
	}
	ac_doc_dict(req, t, d);
	tpl_set(t, "TOTAL_NET", fmt_money(b1, d->net_cents));
	for (size_t i = 0; i < d->n_vat; i++) {
		if (d->vat[i].category == 'E')
			continue;
		struct tpl_dict *v = tpl_section(t, "VAT_ROW");
		tpl_set(v, "VAT_RATE", fmt_rate(a, d->vat[i].rate_bp));
		tpl_set(v, "VAT_BASIS", fmt_money(b1, d->vat[i].basis_cents));
		tpl_set(v, "VAT_AMOUNT", fmt_money(b1, d->vat[i].vat_cents));
	}
	tpl_set(t, "TOTAL_VAT", fmt_money(b1, d->vat_cents));
	tpl_set(t, "TOTAL_GROSS", fmt_money(b1, d->gross_cents));
	if (d->paid_cents > 0)
		tpl_set(tpl_section(t, "PAID_S"), "PAID", fmt_money(b1, d->paid_cents));
	if (d->type == DOC_INVOICE)
		tpl_set(tpl_section(t, "DUE_AMOUNT_S"), "DUE_AMOUNT", fmt_money(b1, d->due_cents));
	if (d->vat_exemption)
		tpl_set(tpl_section(t, "VAT_EXEMPTION_S"), "VAT_EXEMPTION", d->vat_exemption);
	tpl_set(t, "PAYMENT_TERMS", d->payment_terms);
	if (d->iban && d->type == DOC_INVOICE) {
		struct tpl_dict *ib = tpl_section(t, "IBAN_S");
		tpl_set(ib, "IBAN", d->iban);
		tpl_set(ib, "NUMBER", d->number);
		if (d->bic)
			tpl_set(tpl_section(ib, "BIC_S"), "BIC", d->bic);
	}
	if (d->penalty_note)
		tpl_set(tpl_section(t, "PENALTY_S"), "PENALTY", d->penalty_note);
	tpl_set(t, "DISCOUNT", d->discount_note);
	if (d->hash_hex)
		tpl_set(tpl_section(t, "HASH_S"), "HASH", d->hash_hex);
}

/* The forms being redisplayed with their values and messages (NULL: fresh forms). */
struct doc_forms {
	const struct field_value *line; /* LF__MAX */
	size_t line_errors;
	const struct field_value *pay;  /* PF__MAX */
	size_t pay_errors;
	const char *error;              /* a refusal shown above the document */
	const struct field_value *ac;   /* staff_allowances.c's form */
	size_t ac_errors;
};

/* Loads document id (head and lines) into the results; returns 0, 404 or a db error. */
int load_doc(struct request *req, const char *id, PGresult **head, PGresult **lines)
{
	const char *state;
	const char *p[] = {id};
	*head = req_exec(req, SQL_DOC_BY_ID, p, &state);
	if (!*head)
		return req_db_error(state);
	if (PQntuples(*head) != 1)
		return 404;
	*lines = req_exec(req, SQL_DOC_LINES, p, &state);
	if (!*lines)
		return req_db_error(state);
	return 0;
}

static int render_doc(struct request *req, const char *id, const struct doc_forms *f, int status)
{
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	struct doc d;
	int ok = doc_load(&req->arena, &d, head, lines);
	const char *st = PQgetvalue(head, 0, DH_STATUS), *kind = PQgetvalue(head, 0, DH_KIND);
	bool draft = strcmp(st, "draft") == 0, credit = strcmp(kind, "credit_note") == 0;
	const char *title = draft ? arena_printf(&req->arena, "Brouillon %s n° %s", credit ? "d’avoir" : "de facture", id)
				  : arena_printf(&req->arena, "%s %s", credit ? "Avoir" : "Facture", d.number);
	struct tpl_dict *t = staff_start(req, "invoice_staff.tpl", title);
	show_notice(req, t);
	if (f && f->error)
		tpl_set(tpl_section(t, "ERROR_S"), "ERROR", f->error);
	tpl_set(t, "STATUS", status_label(st, kind));
	if (!draft) {
		tpl_set(tpl_section(t, "LINK_S"), "LINK",
			arena_printf(&req->arena, "%s/factures/%s", space_url(req, ""), PQgetvalue(head, 0, DH_TOKEN)));
	}
	struct tpl_dict *pdf = tpl_section(t, "PDF_S");
	tpl_set(pdf, "PDF_HREF", arena_printf(&req->arena, "/admin/factures/%s.pdf", id));
	tpl_set(pdf, "PDF_LABEL", draft ? "PDF du brouillon" : "Facture PDF (Factur-X)");
	if (ok < 0 && d.n_lines > 0)
		tpl_set(tpl_section(t, "ERROR_S"), "ERROR", "Les montants de ce document sont hors limites.");
	doc_dict(req, tpl_include(t, "DOC", "invoice_doc.tpl"), &d, st, kind);
	char b[FMT_MAX];
	if (draft) {
		struct tpl_dict *dr = tpl_section(t, "DRAFT");
		tpl_set(dr, "CSRF", csrf_token(req));
		for (int i = 0; i < PQntuples(lines); i++) {
			if (*PQgetvalue(lines, i, DL_AC_TYPE))
				continue; /* an allowance or charge: ac_form_dict lists it */
			struct tpl_dict *l = tpl_section(dr, "DLINE");
			tpl_set(l, "DESC", PQgetvalue(lines, i, DL_DESCRIPTION));
			tpl_set(l, "CSRF", csrf_token(req));
			tpl_set(l, "DEL_ACTION", arena_printf(&req->arena, "/admin/factures/%s/lignes/%s/supprimer",
							      id, PQgetvalue(lines, i, DL_ID)));
		}
		const struct field_value *v = f ? f->line : NULL;
		FORM_VAR(dr, v ? &v[LF_DESC] : NULL, "L_DESC");
		FORM_VAR(dr, v ? &v[LF_QTY] : NULL, "L_QTY");
		FORM_VAR(dr, v ? &v[LF_PRICE] : NULL, "L_PRICE");
		FORM_VAR(dr, v ? &v[LF_UNIT] : NULL, "L_UNIT");
		FORM_VAR(dr, v ? &v[LF_VAT] : NULL, "L_VAT");
		FORM_VAR(dr, v ? &v[LF_KIND] : NULL, "L_KIND");
		if (!v)
			tpl_set(dr, "L_QTY_VALUE", "1");
		bool franchise = strcmp(PQgetvalue(head, 0, DH_S_VAT_STATUS), "franchise") == 0;
		options(dr, "UNIT_OPT", unit_values, unit_labels, 0, v ? v[LF_UNIT].str : "C62");
		/* Under the franchise only 0 % is offered; a forged rate is refused by read_line. */
		if (franchise) {
			struct tpl_dict *o = tpl_section(dr, "VAT_OPT");
			tpl_set(o, "VALUE", "0");
			tpl_set(o, "LABEL", vat_labels[0]);
		} else {
			options(dr, "VAT_OPT", vat_values, (const char *const[]){"0 %", "5,5 %", "10 %", "20 %"}, 0,
				v ? v[LF_VAT].str : "2000");
		}
		options(dr, "KIND_OPT", kind_values, kind_labels, 0, v ? v[LF_KIND].str : "other");
		if (f && f->line_errors)
			tpl_set(tpl_section(dr, "FORM_ERRORS"), "N_ERRORS",
				fmt_plural(b, (long long)f->line_errors, "champ", "champs"));
		tpl_set(dr, "LINE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/lignes", id));
		tpl_set(dr, "ISSUE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/emettre", id));
		tpl_set(dr, "DELETE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/supprimer", id));
		tpl_set(dr, "TYPE_WORD", credit ? "l’avoir" : "la facture");
		ac_form_dict(req, dr, id, lines, franchise, f ? f->ac : NULL, f ? f->ac_errors : 0);
	} else if (!credit) {
		const char *state;
		const char *p[] = {id};
		bool payable = strcmp(st, "issued") == 0 || strcmp(st, "partly_paid") == 0;
		struct tpl_dict *ps = tpl_section(t, payable ? "PAYABLE" : "PAYMENTS_ONLY");
		struct statement sm;
		bool reversible = strcmp(st, "partly_paid") == 0 || strcmp(st, "paid") == 0;
		if (!statement_dict(req, tpl_include(ps, "STATEMENT", "invoice_payments.tpl"), id, d.gross_cents,
				    reversible ? csrf_token(req) : NULL, &sm, &state)) {
			doc_free(&d);
			return req_db_error(state);
		}
		if (payable) {
			const struct field_value *v = f ? f->pay : NULL;
			tpl_set(ps, "CSRF", csrf_token(req));
			tpl_set(ps, "PAY_ACTION", arena_printf(&req->arena, "/admin/factures/%s/paiements", id));
			FORM_VAR(ps, v ? &v[PF_DATE] : NULL, "P_DATE_F");
			FORM_VAR(ps, v ? &v[PF_AMOUNT] : NULL, "P_AMOUNT_F");
			FORM_VAR(ps, v ? &v[PF_METHOD] : NULL, "P_METHOD_F");
			FORM_VAR(ps, v ? &v[PF_REF] : NULL, "P_REF_F");
			if (!v) {
				tpl_set(ps, "P_DATE_F_VALUE", today_iso(b));
				tpl_set(ps, "P_AMOUNT_F_VALUE", fmt_money(b, sm.due));
			}
			options(ps, "METHOD_OPT", method_values, method_labels, 0, v ? v[PF_METHOD].str : "virement");
			if (f && f->pay_errors)
				tpl_set(tpl_section(ps, "PAY_ERRORS"), "N_PAY_ERRORS",
					fmt_plural(b, (long long)f->pay_errors, "champ", "champs"));
		}
		PGresult *cn = req_exec(req, SQL_CREDIT_NOTE_OF, p, &state);
		if (!cn)
			return req_db_error(state);
		if (PQntuples(cn) == 1) {
			struct tpl_dict *c = tpl_section(t, "CREDIT_S");
			tpl_set(c, "CREDIT_HREF", arena_printf(&req->arena, "/admin/factures/%s", PQgetvalue(cn, 0, 0)));
			tpl_set(c, "CREDIT_NUMBER", *PQgetvalue(cn, 0, 1) ? PQgetvalue(cn, 0, 1) : "brouillon");
			tpl_set(c, "CREDIT_STATUS", status_label(PQgetvalue(cn, 0, 2), "credit_note"));
		} else if (strcmp(st, "issued") == 0 && strcmp(PQgetvalue(head, 0, DH_PAID), "0") == 0) {
			struct tpl_dict *c = tpl_section(t, "CANCELLABLE");
			tpl_set(c, "CSRF", csrf_token(req));
			tpl_set(c, "CREDIT_ACTION", arena_printf(&req->arena, "/admin/factures/%s/avoir", id));
		}
	}
	doc_free(&d);
	return page_finish(req, status);
}

int staff_doc_redisplay(struct request *req, const char *id, const struct field_value *ac,
			size_t ac_errors, const char *error, int status)
{
	return render_doc(req, id, &(struct doc_forms){.ac = ac, .ac_errors = ac_errors, .error = error}, status);
}

int page_staff_doc(struct request *req)
{
	const char *id = id_param(req, 0);
	return id ? render_doc(req, id, NULL, 200) : 404;
}

/* The PDF of a document: an issued one as stored at issue (frozen.c), a draft rendered live
 * (its number reads "Brouillon"). */
int page_staff_doc_pdf(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	if (strcmp(PQgetvalue(head, 0, DH_STATUS), "draft") != 0) {
		const char *state;
		if (doc_frozen(REQ_INVOICE_DB(req), id, "pdf", &req->resp.body, &state) < 0)
			return state && strcmp(state, SQLSTATE_NOT_RENDERED) == 0 ? 409 : req_db_error(state);
	} else {
		struct doc d;
		if (doc_load(&req->arena, &d, head, lines) < 0) {
			doc_free(&d);
			return 409;
		}
		/* A preview: numbered "Brouillon", dated as if issued today. */
		if (!d.issue_date)
			d.issue_date = time(NULL);
		rc = doc_pdf(&d, &req->resp.body); /* a draft carries no XML: not a Factur-X */
		doc_free(&d);
		if (rc < 0)
			return 500;
	}
	req->resp.content_type = "application/pdf";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "inline; filename=\"%s.pdf\"",
				 *PQgetvalue(head, 0, DH_NUMBER) ? PQgetvalue(head, 0, DH_NUMBER) : "brouillon"));
	return 0;
}

/* Reads and checks the line form; returns the number of invalid fields. */
static size_t read_line(struct request *req, struct field_value *v, int64_t *milli)
{
	size_t errors = form_read(&req->arena, &req->form, line_fields, LF__MAX, v);
	if (v[LF_QTY].present && v[LF_QTY].valid) {
		const char *msg = parse_quantity(v[LF_QTY].str, milli);
		if (msg)
			invalidate(&v[LF_QTY], msg, &errors);
	} else if (v[LF_QTY].present && v[LF_QTY].str[0] == '-') {
		invalidate(&v[LF_QTY], "La quantité doit être supérieure à zéro.", &errors);
	}
	if (v[LF_PRICE].valid && v[LF_PRICE].num > MAX_UNIT_CENTS)
		invalidate(&v[LF_PRICE], "Montant invraisemblable : 100 000 € au plus par unité.", &errors);
	if (!v[LF_PRICE].valid && v[LF_PRICE].present && v[LF_PRICE].str[0] == '-')
		v[LF_PRICE].error = "Le prix ne peut pas être négatif.";
	if (!v[LF_VAT].valid && v[LF_VAT].present)
		v[LF_VAT].error = "Taux de TVA inconnu : 0 %, 5,5 %, 10 % ou 20 %.";
	return errors;
}

int page_staff_line_add_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	struct field_value v[LF__MAX];
	int64_t milli = 0;
	size_t errors = read_line(req, v, &milli);
	const char *state;
	const char *p[] = {id};
	PGresult *head = req_exec(req, SQL_DOC_BY_ID, p, &state);
	if (!head)
		return req_db_error(state);
	if (PQntuples(head) != 1)
		return 404;
	if (v[LF_VAT].valid && v[LF_VAT].num != 0 &&
	    strcmp(PQgetvalue(head, 0, DH_S_VAT_STATUS), "franchise") == 0)
		invalidate(&v[LF_VAT], "TVA non applicable : l’association est en franchise en base (art. 293 B du CGI).", &errors);
	if (errors)
		return render_doc(req, id, &(struct doc_forms){.line = v, .line_errors = errors}, 422);
	const char *params[] = {
		id, kind_values[v[LF_KIND].num], v[LF_DESC].str, arena_printf(&req->arena, "%lld", (long long)milli),
		unit_values[v[LF_UNIT].num], arena_printf(&req->arena, "%lld", (long long)v[LF_PRICE].num),
		vat_values[v[LF_VAT].num],
	};
	if (!req_exec(req, SQL_LINE_ADD, params, &state)) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		return render_doc(req, id, &(struct doc_forms){.line = v, .error = msg}, 409);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=ligne", id));
	return 303;
}

int page_staff_line_delete_post(struct request *req)
{
	const char *id = id_param(req, 0), *line = id_param(req, 1);
	if (!id || !line)
		return 404;
	const char *state;
	const char *p[] = {id, line};
	PGresult *r = req_exec(req, SQL_LINE_DELETE, p, &state);
	if (!r) {
		const char *msg = refusal(state);
		return msg ? render_doc(req, id, &(struct doc_forms){.error = msg}, 409) : req_db_error(state);
	}
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=retiree", id));
	return 303;
}

int page_staff_draft_delete_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *r = req_exec(req, SQL_DRAFT_DELETE, p, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) == 0)
		return render_doc(req, id, &(struct doc_forms){.error = refusal("FTI08")}, 409);
	resp_redirect(req, 303, "/admin/factures?ok=supprime");
	return 303;
}

/* Queues the issued document id to its customer with its stored PDF attached. Returns true when
 * queued (false: no e-mail address, or the PDF failed; the document stays issued). */
static bool mail_document(struct request *req, const char *id)
{
	PGresult *head, *lines;
	if (load_doc(req, id, &head, &lines))
		return false;
	const char *to = PQgetvalue(head, 0, DH_C_EMAIL);
	if (!*to)
		return false;
	struct buf pdf = {0};
	const char *st;
	if (doc_frozen(REQ_INVOICE_DB(req), id, "pdf", &pdf, &st) < 0) {
		buf_free(&pdf);
		return false;
	}
	size_t len = sodium_base64_ENCODED_LEN(pdf.len, sodium_base64_VARIANT_ORIGINAL);
	char *b64 = arena_alloc(&req->arena, len);
	sodium_bin2base64(b64, len, (const unsigned char *)pdf.data, pdf.len, sodium_base64_VARIANT_ORIGINAL);
	buf_free(&pdf);
	bool credit = strcmp(PQgetvalue(head, 0, DH_KIND), "credit_note") == 0;
	const char *number = PQgetvalue(head, 0, DH_NUMBER);
	char money[FMT_MAX];
	const char *text = arena_printf(&req->arena,
		"Bonjour,\n\nVous trouverez ci-joint %s n° %s de %s, d’un montant de %s.\n\n"
		"Le PDF joint est au format Factur-X : il contient sa version électronique (XML CII, norme EN 16931).\n"
		"Le document peut aussi être consulté et téléchargé ici :\n%s/factures/%s\n\n"
		"Merci de votre confiance.\n\n%s\n",
		credit ? "l’avoir" : "la facture", number, PQgetvalue(head, 0, DH_S_NAME),
		fmt_money(money, strtoll(PQgetvalue(head, 0, DH_GROSS), NULL, 10)), space_url(req, ""),
		PQgetvalue(head, 0, DH_TOKEN), PQgetvalue(head, 0, DH_S_NAME));
	const char *params[] = {
		to, PQgetvalue(head, 0, DH_S_EMAIL),
		arena_printf(&req->arena, "%s %s", credit ? "Avoir" : "Facture", number), text,
		arena_printf(&req->arena, "%s.pdf", number), b64,
	};
	const char *state;
	return req_exec(req, SQL_MAIL_PDF, params, &state) != NULL;
}

int page_staff_issue_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	/* Rendered and stored in the issuing transaction: what is served and mailed from now on. */
	if (doc_issue(REQ_INVOICE_DB(req), id, &state) < 0) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		return render_doc(req, id, &(struct doc_forms){.error = msg}, 409);
	}
	mail_document(req, id);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=emis", id));
	return 303;
}

int page_staff_payment_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	struct field_value v[PF__MAX];
	size_t errors = form_read(&req->arena, &req->form, pay_fields, PF__MAX, v);
	char today[FMT_MAX];
	if (v[PF_DATE].valid && strcmp(v[PF_DATE].str, today_iso(today)) > 0)
		invalidate(&v[PF_DATE], "La date du paiement ne peut pas être dans le futur.", &errors);
	if (v[PF_AMOUNT].valid && v[PF_AMOUNT].num == 0)
		invalidate(&v[PF_AMOUNT], "Le montant doit être supérieur à zéro.", &errors);
	if (v[PF_AMOUNT].valid && v[PF_AMOUNT].num > MAX_PAYMENT_CENTS)
		invalidate(&v[PF_AMOUNT], "Montant invraisemblable.", &errors);
	if (!v[PF_AMOUNT].valid && v[PF_AMOUNT].present && v[PF_AMOUNT].str[0] == '-')
		v[PF_AMOUNT].error = "Le montant doit être supérieur à zéro.";
	if (errors)
		return render_doc(req, id, &(struct doc_forms){.pay = v, .pay_errors = errors}, 422);
	const char *params[] = {
		id, v[PF_DATE].str, arena_printf(&req->arena, "%lld", (long long)v[PF_AMOUNT].num),
		method_values[v[PF_METHOD].num], v[PF_REF].str, arena_printf(&req->arena, "%lld", (long long)req->user->person_id),
	};
	const char *state;
	if (!req_exec(req, SQL_PAYMENT_ADD, params, &state)) {
		if (state && strcmp(state, "FTI06") == 0) {
			invalidate(&v[PF_AMOUNT], "Ce paiement dépasse le reste à payer de la facture : un trop-perçu n’est pas accepté.", &errors);
			return render_doc(req, id, &(struct doc_forms){.pay = v, .pay_errors = errors}, 422);
		}
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		return render_doc(req, id, &(struct doc_forms){.error = msg}, 409);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=paiement", id));
	return 303;
}

enum { RF_REASON, RF__MAX };
static const struct field_def reverse_fields[RF__MAX] = {
	[RF_REASON] = {"motif", FIELD_LINE, true, 3, 300, NULL},
};

/* Cancels a payment recorded by mistake by a reversing entry (schema/0022: payment_reverse,
 * audited with the staff member and the reason); the payment itself stays. */
int page_staff_payment_reverse_post(struct request *req)
{
	const char *id = id_param(req, 0), *pay = id_param(req, 1);
	if (!id || !pay)
		return 404;
	struct field_value v[RF__MAX];
	if (form_read(&req->arena, &req->form, reverse_fields, RF__MAX, v))
		return render_doc(req, id, &(struct doc_forms){.error = "Indiquez le motif de l’annulation du paiement "
				  "(3 à 300 caractères) : rien n’a été annulé."}, 422);
	const char *params[] = {pay, id, v[RF_REASON].str,
				arena_printf(&req->arena, "%lld", (long long)req->user->person_id)};
	const char *state;
	PGresult *r = req_exec(req, SQL_PAYMENT_REVERSE, params, &state);
	if (!r) {
		const char *msg = refusal(state);
		return msg ? render_doc(req, id, &(struct doc_forms){.error = msg}, 409) : req_db_error(state);
	}
	if (PQntuples(r) == 0)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=annule", id));
	return 303;
}

int page_staff_credit_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *r = req_exec(req, SQL_CREDIT_NOTE, p, &state);
	if (!r) {
		const char *msg = refusal(state);
		return msg ? render_doc(req, id, &(struct doc_forms){.error = msg}, 409) : req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=avoir", PQgetvalue(r, 0, 0)));
	return 303;
}

/* ---- new draft ------------------------------------------------------------------------------ */
