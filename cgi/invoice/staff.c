/* staff.c: the staff's invoicing pages under /admin/factures: list with filters, new draft,
 * a document (draft lines, issue, payments, credit note), overdue list and reminders, the
 * monthly run, verification of the chain, period closings, FEC / CSV / SEPA downloads. */
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
		{"FTI20", "L’identifiant créancier SEPA (ICS) de l’association est absent ou sa clé de contrôle est fausse : renseignez l’ICS attribué par la banque."},
		{"FTI21", "Aucune facture à prélever pour cette séquence : chaque facture n’est prélevée qu’une fois, et un prélèvement récurrent (RCUR) suit toujours un premier (FRST)."},
		{"FTI22", "Opération impossible à cette date : l’échéance d’un lot est postérieure à aujourd’hui, un lot n’est réglé qu’une fois à partir de son échéance, et un rejet s’enregistre avant le règlement."},
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
static void options(struct tpl_dict *d, const char *section, const char *const *values,
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
	}
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
};

/* Loads document id (head and lines) into the results; returns 0, 404 or a db error. */
static int load_doc(struct request *req, const char *id, PGresult **head, PGresult **lines)
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
			arena_printf(&req->arena, "%s/factures/%s", base_url(), PQgetvalue(head, 0, DH_TOKEN)));
	}
	tpl_set(tpl_section(t, "PDF_S"), "PDF_HREF", arena_printf(&req->arena, "/admin/factures/%s.pdf", id));
	if (ok < 0 && d.n_lines > 0)
		tpl_set(tpl_section(t, "ERROR_S"), "ERROR", "Les montants de ce document sont hors limites.");
	doc_dict(req, tpl_include(t, "DOC", "invoice_doc.tpl"), &d, st, kind);
	char b[FMT_MAX];
	if (draft) {
		struct tpl_dict *dr = tpl_section(t, "DRAFT");
		tpl_set(dr, "CSRF", csrf_token(req));
		for (int i = 0; i < PQntuples(lines); i++) {
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
			tpl_set_int(tpl_section(dr, "FORM_ERRORS"), "N_ERRORS", (long long)f->line_errors);
		tpl_set(dr, "LINE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/lignes", id));
		tpl_set(dr, "ISSUE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/emettre", id));
		tpl_set(dr, "DELETE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/supprimer", id));
		tpl_set(dr, "TYPE_WORD", credit ? "l’avoir" : "la facture");
	} else if (!credit) {
		const char *state;
		const char *p[] = {id};
		PGresult *pays = req_exec(req, SQL_PAYMENTS, p, &state);
		if (!pays)
			return req_db_error(state);
		bool payable = strcmp(st, "issued") == 0 || strcmp(st, "partly_paid") == 0;
		struct tpl_dict *ps = tpl_section(t, payable ? "PAYABLE" : "PAYMENTS_ONLY");
		for (int i = 0; i < PQntuples(pays); i++) {
			struct tpl_dict *r = tpl_section(ps, "PAYMENT");
			tpl_set(r, "P_DATE", fmt_date(b, date_col(PQgetvalue(pays, i, 0))));
			tpl_set(r, "P_AMOUNT", fmt_money(b, strtoll(PQgetvalue(pays, i, 1), NULL, 10)));
			const char *m = PQgetvalue(pays, i, 2);
			for (int k = 0; method_values[k]; k++)
				if (strcmp(m, method_values[k]) == 0)
					tpl_set(r, "P_METHOD", method_labels[k]);
			if (*PQgetvalue(pays, i, 3))
				tpl_set(tpl_section(r, "P_REF_S"), "P_REF", PQgetvalue(pays, i, 3));
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
				tpl_set(ps, "P_AMOUNT_F_VALUE", fmt_money(b, d.due_cents));
			}
			options(ps, "METHOD_OPT", method_values, method_labels, 0, v ? v[PF_METHOD].str : "virement");
			if (f && f->pay_errors)
				tpl_set_int(tpl_section(ps, "PAY_ERRORS"), "N_PAY_ERRORS", (long long)f->pay_errors);
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

int page_staff_doc(struct request *req)
{
	const char *id = id_param(req, 0);
	return id ? render_doc(req, id, NULL, 200) : 404;
}

int page_staff_doc_pdf(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	struct doc d;
	if (doc_load(&req->arena, &d, head, lines) < 0) {
		doc_free(&d);
		return 409;
	}
	rc = doc_pdf(&d, &req->resp.body);
	doc_free(&d);
	if (rc < 0)
		return 500;
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

/* Queues the issued document id to its customer with the PDF attached. Returns true when
 * queued (false: no e-mail address, or the PDF failed; the document stays issued). */
static bool mail_document(struct request *req, const char *id)
{
	PGresult *head, *lines;
	if (load_doc(req, id, &head, &lines))
		return false;
	const char *to = PQgetvalue(head, 0, DH_C_EMAIL);
	if (!*to)
		return false;
	struct doc d;
	struct buf pdf = {0};
	bool ok = doc_load(&req->arena, &d, head, lines) == 0 && doc_pdf(&d, &pdf) == 0;
	doc_free(&d);
	if (!ok) {
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
		"Vous pouvez aussi la consulter et télécharger sa version électronique (Factur-X) ici :\n%s/factures/%s\n\n"
		"Merci de votre confiance.\n\n%s\n",
		credit ? "l’avoir" : "la facture", number, PQgetvalue(head, 0, DH_S_NAME),
		fmt_money(money, strtoll(PQgetvalue(head, 0, DH_GROSS), NULL, 10)), base_url(),
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
	const char *p[] = {id};
	if (!req_exec(req, SQL_ISSUE, p, &state)) {
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

/* A VAT identifier typed by staff ("fr 44 732 829 320"), upper-cased without spaces or dots,
 * when it has the shape of one (2 letters, 2 to 13 digits or letters); NULL otherwise. */
static const char *vat_number_param(struct arena *a, const char *s)
{
	char out[24];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '.' || *s == '-')
			continue;
		if (n + 1 >= sizeof out)
			return NULL;
		char ch = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		bool letter = ch >= 'A' && ch <= 'Z', digit = ch >= '0' && ch <= '9';
		if (!(n < 2 ? letter : letter || digit))
			return NULL;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n >= 4 && n <= 15 ? arena_strdup(a, out) : NULL;
}

enum { NF_BUSINESS, NF_NAME, NF_SIREN, NF_VAT, NF_STREET, NF_POSTCODE, NF_CITY, NF_EMAIL, NF_START, NF_END, NF_DAYS, NF__MAX };
static const struct field_def new_fields[NF__MAX] = {
	[NF_BUSINESS] = {"professionnel", FIELD_BOOL, false, 0, 0, NULL},
	[NF_NAME] = {"nom", FIELD_LINE, true, 1, 200, NULL},
	[NF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[NF_VAT] = {"tva_client", FIELD_LINE, false, 0, 20, NULL},
	[NF_STREET] = {"adresse", FIELD_LINE, false, 0, 200, NULL},
	[NF_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[NF_CITY] = {"ville", FIELD_LINE, false, 0, 100, NULL},
	[NF_EMAIL] = {"email", FIELD_EMAIL, false, 0, 254, NULL},
	[NF_START] = {"debut", FIELD_DATE, false, 0, 0, NULL},
	[NF_END] = {"fin", FIELD_DATE, false, 0, 0, NULL},
	[NF_DAYS] = {"delai", FIELD_INT, true, 0, 60, NULL},
};
static const struct field_ui new_ui[NF__MAX] = {
	[NF_BUSINESS] = {"Client professionnel (entreprise, association, administration)", "checkbox", NULL,
			 "Un client professionnel doit avoir un SIREN et une adresse ; ses factures portent les pénalités de retard et l’indemnité de 40 €."},
	[NF_NAME] = {"Nom ou raison sociale", "text", "organization", NULL},
	[NF_SIREN] = {"SIREN", "text", "off", "9 chiffres. C’est l’adresse de facturation électronique d’un client professionnel."},
	[NF_VAT] = {"Numéro de TVA intracommunautaire du client", "text", "off", "Facultatif, par exemple FR44732829320."},
	[NF_STREET] = {"Adresse", "text", "address-line1", NULL},
	[NF_POSTCODE] = {"Code postal", "text", "postal-code", NULL},
	[NF_CITY] = {"Ville", "text", "address-level2", NULL},
	[NF_EMAIL] = {"E-mail de facturation", "email", "email", "Obligatoire pour un particulier (son adresse de facturation électronique). La facture lui est envoyée à l’émission, PDF joint."},
	[NF_START] = {"Début de la prestation", "date", NULL, NULL},
	[NF_END] = {"Fin de la prestation", "date", NULL, NULL},
	[NF_DAYS] = {"Délai de paiement (jours)", "text", "off", "De 0 (à réception) à 60 jours."},
};

static int render_new(struct request *req, const struct field_value *v, size_t errors, int status)
{
	struct tpl_dict *d = staff_start(req, "invoice_new.tpl", "Nouveau brouillon de facture");
	struct field_value fresh[NF__MAX];
	if (!v) {
		memset(fresh, 0, sizeof fresh);
		for (int i = 0; i < NF__MAX; i++)
			fresh[i] = (struct field_value){.valid = true, .str = ""};
		fresh[NF_DAYS].str = "30";
		v = fresh;
	}
	page_fields(req, d, "FIELD", new_fields, new_ui, v, 0, NF__MAX);
	page_errors(d, errors);
	return page_finish(req, status);
}

int page_staff_new(struct request *req)
{
	return render_new(req, NULL, 0, 200);
}

int page_staff_new_post(struct request *req)
{
	struct field_value v[NF__MAX];
	size_t errors = form_read(&req->arena, &req->form, new_fields, NF__MAX, v);
	bool business = v[NF_BUSINESS].valid && v[NF_BUSINESS].num;
	if (business) {
		if (!v[NF_SIREN].present && v[NF_SIREN].valid)
			invalidate(&v[NF_SIREN], "Un client professionnel doit avoir un SIREN (9 chiffres).", &errors);
		if (!v[NF_STREET].present && v[NF_STREET].valid)
			invalidate(&v[NF_STREET], "L’adresse d’un client professionnel est obligatoire.", &errors);
		if (!v[NF_POSTCODE].present && v[NF_POSTCODE].valid)
			invalidate(&v[NF_POSTCODE], "Le code postal d’un client professionnel est obligatoire.", &errors);
		if (!v[NF_CITY].present && v[NF_CITY].valid)
			invalidate(&v[NF_CITY], "La ville d’un client professionnel est obligatoire.", &errors);
	}
	if (!business && !v[NF_EMAIL].present && v[NF_EMAIL].valid)
		invalidate(&v[NF_EMAIL], "L’e-mail d’un particulier est obligatoire : c’est l’adresse de sa facture électronique.", &errors);
	const char *vat = "";
	if (v[NF_VAT].present && v[NF_VAT].valid) {
		vat = vat_number_param(&req->arena, v[NF_VAT].str);
		if (!vat) {
			invalidate(&v[NF_VAT], "Numéro de TVA invalide : deux lettres du pays puis 2 à 13 chiffres ou lettres, par exemple FR44732829320.", &errors);
			vat = "";
		}
	}
	if (v[NF_START].valid && v[NF_END].valid && v[NF_START].present && v[NF_END].present &&
	    strcmp(v[NF_START].str, v[NF_END].str) > 0)
		invalidate(&v[NF_END], "La fin de la prestation précède son début.", &errors);
	if (errors)
		return render_new(req, v, errors, 422);
	const char *params[] = {
		business ? "true" : "false", v[NF_NAME].str, v[NF_STREET].str, v[NF_POSTCODE].str,
		v[NF_CITY].str, v[NF_SIREN].str, v[NF_EMAIL].str, v[NF_START].str, v[NF_END].str,
		arena_printf(&req->arena, "%lld", (long long)v[NF_DAYS].num), vat,
	};
	const char *state;
	PGresult *r = req_exec(req, SQL_DRAFT_NEW, params, &state);
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=brouillon", PQgetvalue(r, 0, 0)));
	return 303;
}

/* ---- list ------------------------------------------------------------------------------------ */

static const char *const list_status_values[] = {"", "draft", "open", "issued", "partly_paid", "paid", "cancelled", NULL};
static const char *const list_status_labels[] = {"Tous", "Brouillons", "À payer (émises ou en partie payées)",
						 "Émises, rien payé", "Partiellement payées", "Payées", "Annulées"};
static const char *const list_kind_values[] = {"", "invoice", "credit_note", NULL};
static const char *const list_kind_labels[] = {"Factures et avoirs", "Factures", "Avoirs"};

/* The query value of key when it is one of values, else "". */
static const char *choice_query(struct request *req, const char *key, const char *const *values)
{
	const char *s = kv_get(&req->query, key);
	for (int i = 0; s && values[i]; i++)
		if (strcmp(s, values[i]) == 0)
			return values[i];
	return "";
}

int page_staff_list(struct request *req)
{
	const char *status = choice_query(req, "etat", list_status_values);
	const char *kind = choice_query(req, "type", list_kind_values);
	const char *q = kv_get(&req->query, "q");
	q = q ? q : "";
	if (strlen(q) > 100)
		q = "";
	const char *month_in = kv_get(&req->query, "mois");
	const char *month = "";
	const char *filter_error = NULL;
	if (month_in && *month_in) {
		month = month_param(&req->arena, month_in);
		if (!month) {
			month = "";
			filter_error = "Mois invalide : format attendu AAAA-MM, par exemple 2026-03.";
		}
	}
	const char *params[] = {status, kind, q, month};
	const char *state;
	PGresult *r = req_exec(req, SQL_LIST, params, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_list.tpl", "Factures et avoirs");
	show_notice(req, d);
	tpl_set(d, "Q", q);
	tpl_set(d, "MONTH", month_in && !filter_error ? month_in : "");
	if (filter_error)
		tpl_set(tpl_section(d, "FILTER_ERROR_S"), "FILTER_ERROR", filter_error);
	options(d, "STATUS_OPT", list_status_values, list_status_labels, 0, status);
	options(d, "KIND_OPT", list_kind_values, list_kind_labels, 0, kind);
	int n = PQntuples(r);
	tpl_set_int(d, "COUNT", n);
	if (n == 500)
		tpl_show(d, "MORE");
	char b[FMT_MAX];
	for (int i = 0; i < n; i++) {
		struct tpl_dict *row = tpl_section(d, "DOC");
		const char *number = PQgetvalue(r, i, 1), *k = PQgetvalue(r, i, 2), *st = PQgetvalue(r, i, 3);
		tpl_set(row, "HREF", arena_printf(&req->arena, "/admin/factures/%s", PQgetvalue(r, i, 0)));
		tpl_set(row, "NUMBER", *number ? number : arena_printf(&req->arena, "Brouillon %s%s",
			strcmp(k, "credit_note") == 0 ? "d’avoir " : "", PQgetvalue(r, i, 0)));
		tpl_set(row, "CUSTOMER", PQgetvalue(r, i, 4));
		tpl_set(row, "DATE", *PQgetvalue(r, i, 5) ? fmt_date(b, date_col(PQgetvalue(r, i, 5))) : "—");
		tpl_set(row, "DUE", *PQgetvalue(r, i, 6) ? fmt_date(b, date_col(PQgetvalue(r, i, 6))) : "—");
		tpl_set(row, "GROSS", fmt_money(b, strtoll(PQgetvalue(r, i, 7), NULL, 10)));
		tpl_set(row, "PAID", fmt_money(b, strtoll(PQgetvalue(r, i, 8), NULL, 10)));
		tpl_set(row, "STATUS", status_label(st, k));
	}
	return page_finish(req, 200);
}

/* ---- overdue and reminders ----------------------------------------------------------------- */

int page_staff_overdue(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_OVERDUE, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_overdue.tpl", "Factures en retard");
	show_notice(req, d);
	char b[FMT_MAX];
	int64_t total = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *row = tpl_section(d, "DOC");
		tpl_set(row, "HREF", arena_printf(&req->arena, "/admin/factures/%s", PQgetvalue(r, i, 0)));
		tpl_set(row, "NUMBER", PQgetvalue(r, i, 1));
		tpl_set(row, "CUSTOMER", PQgetvalue(r, i, 2));
		if (strcmp(PQgetvalue(r, i, 3), "t") == 0)
			tpl_show(row, "PRO");
		tpl_set(row, "DUE", fmt_date(b, date_col(PQgetvalue(r, i, 6))));
		tpl_set(row, "DAYS", PQgetvalue(r, i, 9));
		int64_t bal = strtoll(PQgetvalue(r, i, 8), NULL, 10);
		total += bal;
		tpl_set(row, "BALANCE", fmt_money(b, bal));
		int level = atoi(PQgetvalue(r, i, 10));
		tpl_set(row, "LEVEL_TEXT", level == 0 ? "aucune. " : level == 1 ? "1re envoyée. " : "2e envoyée.");
		if (level < 2 && *PQgetvalue(r, i, 4)) {
			struct tpl_dict *c = tpl_section(row, "CAN_REMIND");
			tpl_set(c, "CSRF", csrf_token(req));
			tpl_set_int(c, "NEXT_LEVEL", level + 1);
			tpl_set(c, "REMIND_ACTION", arena_printf(&req->arena, "/admin/factures/%s/relance", PQgetvalue(r, i, 0)));
		}
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NONE");
	tpl_set(d, "TOTAL", fmt_money(b, total));
	return page_finish(req, 200);
}

int page_staff_remind_post(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *level = kv_get(&req->form, "niveau");
	if (!level || (strcmp(level, "1") != 0 && strcmp(level, "2") != 0)) {
		const char *para[] = {"Le niveau de relance doit être 1 ou 2.", NULL};
		return page_message(req, 422, "Relance impossible", "/admin/factures/retards", "Retour aux retards", para);
	}
	PGresult *head, *lines;
	int rc = load_doc(req, id, &head, &lines);
	if (rc)
		return rc;
	const char *link = arena_printf(&req->arena, "%s/factures/%s", base_url(), PQgetvalue(head, 0, DH_TOKEN));
	const char *params[] = {id, level, link};
	const char *state;
	if (!req_exec(req, SQL_REMIND, params, &state)) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		const char *para[] = {msg, NULL};
		return page_message(req, 409, "Relance impossible", "/admin/factures/retards", "Retour aux retards", para);
	}
	resp_redirect(req, 303, "/admin/factures/retards?ok=relance");
	return 303;
}

/* ---- monthly run ---------------------------------------------------------------------------- */

/* The month of the query or form (key "mois"), else the current month: "YYYY-MM". */
static const char *month_of(struct request *req, const struct kvlist *src, const char **first)
{
	const char *m = kv_get(src, "mois");
	if (m && (*first = month_param(&req->arena, m)))
		return m;
	char b[FMT_MAX];
	m = arena_strndup(&req->arena, today_iso(b), 7);
	*first = month_param(&req->arena, m);
	return m;
}

int page_staff_run(struct request *req)
{
	const char *first;
	const char *month = month_of(req, &req->query, &first);
	const char *state;
	const char *p[] = {first};
	PGresult *r = req_exec(req, SQL_RUN_SUMMARY, p, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_run.tpl", "Facturation mensuelle");
	const char *n = kv_get(&req->query, "lignes"), *iss = kv_get(&req->query, "emises"),
		   *left = kv_get(&req->query, "restants");
	char b[FMT_MAX];
	if (n && strspn(n, "0123456789") == strlen(n) && strlen(n) < 10)
		tpl_set(tpl_section(d, "NOTICE_S"), "NOTICE",
			arena_printf(&req->arena, "%s ligne(s) ajoutée(s) aux brouillons du mois (rien n’est facturé deux fois).", n));
	if (iss && left && strspn(iss, "0123456789") == strlen(iss) && strspn(left, "0123456789") == strlen(left) &&
	    strlen(iss) < 10 && strlen(left) < 10)
		tpl_set(tpl_section(d, "NOTICE_S"), "NOTICE",
			arena_printf(&req->arena, "%s document(s) émis ; %s brouillon(s) laissé(s) à corriger (client professionnel sans SIREN, brouillon vide…).", iss, left));
	tpl_set(d, "MONTH", month);
	tpl_set(d, "MONTH_LABEL", fmt_month(b, date_col(first)));
	tpl_set(d, "DRAFTS", PQgetvalue(r, 0, 0));
	tpl_set(d, "DRAFT_TOTAL", fmt_money(b, strtoll(PQgetvalue(r, 0, 1), NULL, 10)));
	tpl_set(d, "ISSUED", PQgetvalue(r, 0, 2));
	tpl_set(d, "LIST_HREF", arena_printf(&req->arena, "/admin/factures?etat=draft&mois=%s", month));
	return page_finish(req, 200);
}

/* The month a monthly-run form names, or NULL after answering 422: a POST that invoices or
 * issues a month never falls back to the current one (a wrong field would issue its drafts). */
static const char *month_posted(struct request *req, const char **first, int *status)
{
	const char *m = kv_get(&req->form, "mois");
	if (m && (*first = month_param(&req->arena, m)))
		return m;
	const char *para[] = {"Le mois envoyé n’est pas valide (AAAA-MM) : rien n’a été facturé ni émis.", NULL};
	*status = page_message(req, 422, "Mois invalide", "/admin/factures/mensuel", "Retour", para);
	return NULL;
}

int page_staff_run_post(struct request *req)
{
	const char *first;
	int status;
	const char *month = month_posted(req, &first, &status);
	if (!month)
		return status;
	const char *state;
	const char *p[] = {first};
	PGresult *r = req_exec(req, SQL_RUN, p, &state);
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/mensuel?mois=%s&lignes=%s", month,
					     PQgetvalue(r, 0, 0)));
	return 303;
}

int page_staff_issue_month_post(struct request *req)
{
	const char *first;
	int status;
	const char *month = month_posted(req, &first, &status);
	if (!month)
		return status;
	const char *state;
	const char *p[] = {first};
	PGresult *r = req_exec(req, SQL_ISSUE_MONTH, p, &state);
	if (!r) {
		const char *msg = refusal(state);
		if (!msg)
			return req_db_error(state);
		const char *para[] = {msg, NULL};
		return page_message(req, 409, "Émission impossible", "/admin/factures/mensuel", "Retour", para);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/mensuel?mois=%s&emises=%s&restants=%s",
					     month, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1)));
	return 303;
}

/* ---- verification and closings ---------------------------------------------------------------- */

int page_staff_verify(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_VERIFY, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_verify.tpl", "Vérification de l’inaltérabilité");
	bool ok = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	struct tpl_dict *s = tpl_section(d, ok ? "OK" : "BROKEN");
	tpl_set(s, "CHECKED", PQgetvalue(r, 0, 1));
	if (!ok) {
		tpl_set(s, "WHERE", PQgetvalue(r, 0, 2));
		tpl_set(s, "REASON", PQgetvalue(r, 0, 3));
	}
	return page_finish(req, 200);
}

static int render_closings(struct request *req, const char *error, const char *period, int status)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_CLOSINGS, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = staff_start(req, "invoice_closings.tpl", "Clôtures et exports comptables");
	show_notice(req, d);
	if (error)
		tpl_set(tpl_section(d, "ERROR_S"), "ERROR", error);
	tpl_set(d, "PERIOD", period ? period : "");
	char b[FMT_MAX];
	tpl_set(d, "MONTH", arena_strndup(&req->arena, today_iso(b), 7));
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *c = tpl_section(d, "CLOSING");
		bool month = strcmp(PQgetvalue(r, i, 1), "month") == 0;
		time_t start = date_col(PQgetvalue(r, i, 2));
		tpl_set(c, "PERIOD_LABEL", month ? fmt_month(b, start)
					   : arena_strndup(&req->arena, PQgetvalue(r, i, 2), 4));
		tpl_set(c, "DOCS", PQgetvalue(r, i, 4));
		tpl_set(c, "ARCHIVE_SHA", PQgetvalue(r, i, 5));
		tpl_set(c, "HASH", PQgetvalue(r, i, 7));
		tpl_set(c, "HREF", arena_printf(&req->arena, "/admin/factures/clotures/%s.json", PQgetvalue(r, i, 0)));
	}
	return page_finish(req, status);
}

int page_staff_closings(struct request *req)
{
	return render_closings(req, NULL, NULL, 200);
}

/* "YYYY-MM" → ("month", first day), "YYYY" → ("year", 1 January); false when malformed. */
static bool parse_period(struct request *req, const char *s, const char **kind, const char **start)
{
	if (s && strlen(s) == 4 && strspn(s, "0123456789") == 4 && s[0] == '2') {
		*kind = "year";
		*start = arena_printf(&req->arena, "%s-01-01", s);
		return true;
	}
	*kind = "month";
	return (*start = month_param(&req->arena, s)) != NULL;
}

int page_staff_close_post(struct request *req)
{
	const char *period = kv_get(&req->form, "periode");
	const char *kind, *start;
	if (!parse_period(req, period, &kind, &start))
		return render_closings(req, "Période invalide : AAAA-MM pour un mois (2026-03) ou AAAA pour une année.",
				       period && strlen(period) < 20 ? period : "", 422);
	const char *p[] = {kind, start};
	const char *state;
	if (!req_exec(req, SQL_CLOSE, p, &state)) {
		const char *msg = refusal(state);
		return msg ? render_closings(req, msg, period, 409) : req_db_error(state);
	}
	resp_redirect(req, 303, "/admin/factures/clotures?ok=cloture");
	return 303;
}

int page_staff_closing_archive(struct request *req)
{
	const char *id = id_param(req, 0);
	if (!id)
		return 404;
	const char *state;
	const char *p[] = {id};
	PGresult *r = req_exec(req, SQL_CLOSING_GET, p, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	buf_puts(&req->resp.body, PQgetvalue(r, 0, 0));
	req->resp.content_type = "application/json; charset=utf-8";
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"cloture-%s.json\"",
		arena_strndup(&req->arena, PQgetvalue(r, 0, 2), strcmp(PQgetvalue(r, 0, 1), "month") == 0 ? 7 : 4)));
	resp_header(req, "X-Archive-SHA256", PQgetvalue(r, 0, 3));
	return 0;
}

/* ---- exports ------------------------------------------------------------------------------------ */

/* The period of the query: ?mois=YYYY-MM or ?annee=YYYY. Sets first and last day; false when
 * neither is valid. */
static bool export_period(struct request *req, const char **first, const char **last, time_t *end)
{
	const char *m = kv_get(&req->query, "mois"), *y = kv_get(&req->query, "annee");
	int yy, mm;
	if (m && (*first = month_param(&req->arena, m))) {
		sscanf(*first, "%4d-%2d", &yy, &mm);
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int dd = mdays[mm - 1] + (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0));
		*last = arena_printf(&req->arena, "%04d-%02d-%02d", yy, mm, dd);
	} else if (y && strlen(y) == 4 && strspn(y, "0123456789") == 4 && y[0] == '2') {
		*first = arena_printf(&req->arena, "%s-01-01", y);
		*last = arena_printf(&req->arena, "%s-12-31", y);
	} else {
		return false;
	}
	*end = date_col(*last);
	return true;
}

static int bad_period(struct request *req)
{
	const char *para[] = {"Indiquez le mois (AAAA-MM) ou l’année (AAAA) de l’export.", NULL};
	return page_message(req, 400, "Période invalide", "/admin/factures/clotures", "Retour aux exports", para);
}

int page_staff_fec(struct request *req)
{
	const char *first, *last;
	time_t end;
	if (!export_period(req, &first, &last, &end))
		return bad_period(req);
	const char *state;
	const char *p[] = {first, last};
	PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
	PGresult *sales = settings ? req_exec(req, SQL_FEC_SALES, p, &state) : NULL;
	PGresult *pays = sales ? req_exec(req, SQL_FEC_PAYMENTS, p, &state) : NULL;
	PGresult *acc = pays ? req_exec(req, SQL_ACCOUNTS, NULL, &state) : NULL;
	if (!acc)
		return req_db_error(state);
	size_t n;
	struct fec_row *rows = fec_load(&req->arena, sales, pays, acc, &n);
	if (fec_write(rows, n, &req->resp.body) < 0)
		return 500;
	char name[32];
	req->resp.content_type = "text/plain; charset=iso-8859-15"; /* fec.c writes ISO 8859-15 */
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"%s.txt\"",
		fec_filename(name, PQgetvalue(settings, 0, 1), end)));
	return 0;
}

/* One CSV field: quoted when it holds ';', '"' or a line break; a leading = + - @ is
 * neutralised so a spreadsheet never runs it as a formula. */
static void csv_field(struct buf *b, const char *s, bool last)
{
	bool quote = strpbrk(s, ";\"\r\n") != NULL || (s[0] && strchr("=+-@", s[0]) != NULL);
	if (quote)
		buf_putc(b, '"');
	if (s[0] && strchr("=+-@", s[0]))
		buf_putc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	if (quote)
		buf_putc(b, '"');
	buf_puts(b, last ? "\r\n" : ";");
}

static const char *csv_amount(struct arena *a, const char *cents)
{
	long long c = strtoll(cents, NULL, 10);
	return arena_printf(a, "%s%lld,%02lld", c < 0 ? "-" : "", llabs(c) / 100, llabs(c) % 100);
}

int page_staff_journal(struct request *req)
{
	const char *first, *last;
	time_t end;
	if (!export_period(req, &first, &last, &end))
		return bad_period(req);
	const char *state;
	const char *p[] = {first, last};
	PGresult *r = req_exec(req, SQL_JOURNAL, p, &state);
	if (!r)
		return req_db_error(state);
	struct buf *b = &req->resp.body;
	buf_puts(b, "Date;Numéro;Type;Client;SIREN;Montant HT;TVA;Montant TTC;Payé;Échéance;État\r\n");
	for (int i = 0; i < PQntuples(r); i++) {
		bool credit = strcmp(PQgetvalue(r, i, 1), "credit_note") == 0;
		csv_field(b, PQgetvalue(r, i, 2), false);
		csv_field(b, PQgetvalue(r, i, 0), false);
		csv_field(b, credit ? "Avoir" : "Facture", false);
		csv_field(b, PQgetvalue(r, i, 4), false);
		csv_field(b, PQgetvalue(r, i, 5), false);
		/* Credit notes count negatively in the journal. */
		for (int c = 6; c <= 8; c++) {
			const char *v = PQgetvalue(r, i, c);
			buf_puts(b, credit && strcmp(v, "0") != 0 ? "-" : "");
			buf_puts(b, csv_amount(&req->arena, v));
			buf_putc(b, ';');
		}
		buf_puts(b, csv_amount(&req->arena, PQgetvalue(r, i, 9)));
		buf_putc(b, ';');
		csv_field(b, PQgetvalue(r, i, 3), false);
		csv_field(b, status_label(PQgetvalue(r, i, 10), PQgetvalue(r, i, 1)), true);
	}
	req->resp.content_type = "text/csv; charset=utf-8";
	resp_header(req, "Content-Disposition", arena_printf(&req->arena, "attachment; filename=\"journal-ventes-%s-%s.csv\"", first, last));
	return 0;
}

