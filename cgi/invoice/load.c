/* load.c: from database rows to the structures of doc.h (a document with its legal mentions,
 * the FEC rows of a period, a SEPA batch), and the hash the database chains documents with. */
#include "invoice.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

time_t date_col(const char *iso)
{
	int y, m, d;
	if (!iso || strlen(iso) != 10 || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12, .tm_isdst = -1};
	return mktime(&tm);
}

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

static int64_t col_i64(PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

const char *status_label(const char *status, const char *kind)
{
	bool credit = kind && strcmp(kind, "credit_note") == 0;
	if (strcmp(status, "draft") == 0)
		return "Brouillon";
	if (strcmp(status, "issued") == 0)
		return credit ? "Émis" : "Émise, à payer";
	if (strcmp(status, "partly_paid") == 0)
		return "Partiellement payée";
	if (strcmp(status, "paid") == 0)
		return "Payée";
	if (strcmp(status, "cancelled") == 0)
		return "Annulée par avoir";
	return status;
}

const char *month_param(struct arena *a, const char *s)
{
	int y, m;
	char tail;
	if (!s || strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2)
		return NULL;
	for (int i = 0; i < 7; i++)
		if (i != 4 && (s[i] < '0' || s[i] > '9'))
			return NULL;
	if (y < 2000 || y > 2999 || m < 1 || m > 12)
		return NULL;
	return arena_printf(a, "%04d-%02d-01", y, m);
}

void chain_hash(const char *prev, const char *canonical, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)canonical, strlen(canonical));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* The allowances and charges among the SQL_DOC_LINES rows (DL_AC_TYPE 'L' or 'D') into
 * d->acs, each line-level one tied to the index of its line among the document's lines. */
static void ac_load(struct arena *a, struct doc *d, PGresult *rows)
{
	int n = PQntuples(rows), k = 0;
	struct doc_allowance *acs = arena_alloc(a, sizeof *acs * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		const char *type = PQgetvalue(rows, i, DL_AC_TYPE);
		if (!*type)
			continue;
		int line = -1;
		if (*type == 'L') {
			/* The index of its line: the rows before the allowances are the lines. */
			const char *lid = PQgetvalue(rows, i, DL_AC_LINE);
			for (int j = 0, li = 0; j < n && line < 0; j++) {
				if (*PQgetvalue(rows, j, DL_AC_TYPE))
					continue;
				if (strcmp(PQgetvalue(rows, j, DL_ID), lid) == 0)
					line = li;
				li++;
			}
			if (line < 0)
				continue;
		}
		int rate = (int)col_i64(rows, i, DL_VAT);
		bool with_base = *PQgetvalue(rows, i, DL_AC_BASE) != '\0';
		acs[k++] = (struct doc_allowance){
			.charge = strcmp(PQgetvalue(rows, i, DL_AC_CHARGE), "true") == 0,
			.line = line,
			.amount_cents = col_i64(rows, i, DL_AC_AMOUNT),
			.base_cents = with_base ? col_i64(rows, i, DL_AC_BASE) : 0,
			.percent_bp = with_base ? (int)col_i64(rows, i, DL_AC_PERCENT) : 0,
			.reason = PQgetvalue(rows, i, DL_DESCRIPTION),
			.reason_code = or_null(PQgetvalue(rows, i, DL_AC_CODE)),
			.vat_rate_bp = rate,
			.vat_category = rate == 0 ? 'E' : 'S',
		};
	}
	d->acs = acs;
	d->n_acs = (size_t)k;
}

int doc_load(struct arena *a, struct doc *d, PGresult *head, PGresult *lines)
{
	memset(d, 0, sizeof *d);
	if (PQntuples(head) != 1 || PQnfields(head) < DH__MAX)
		return -1;
#define H(c) PQgetvalue(head, 0, (c))
	bool credit = strcmp(H(DH_KIND), "credit_note") == 0;
	bool franchise = strcmp(H(DH_S_VAT_STATUS), "franchise") == 0;
	bool business = strcmp(H(DH_C_BUSINESS), "t") == 0;
	d->type = credit ? DOC_CREDIT_NOTE : DOC_INVOICE;
	d->number = *H(DH_NUMBER) ? H(DH_NUMBER) : "Brouillon";
	d->corrects_number = or_null(H(DH_CORRECTS_NUMBER));
	d->corrects_date = date_col(H(DH_CORRECTS_DATE));
	d->issue_date = date_col(H(DH_ISSUE_DATE));
	d->due_date = date_col(H(DH_DUE_DATE));
	d->service_start = date_col(H(DH_SERVICE_START));
	d->service_end = date_col(H(DH_SERVICE_END));
	d->seller = (struct doc_party){
		.name = H(DH_S_NAME), .street = H(DH_S_STREET), .postcode = H(DH_S_POSTCODE),
		.city = H(DH_S_CITY), .country = "FR", .siren = or_null(H(DH_S_SIREN)),
		.siret = or_null(H(DH_S_SIRET)), .vat_number = or_null(H(DH_S_VAT_NUMBER)),
		.rna = or_null(H(DH_S_RNA)), .email = H(DH_S_EMAIL), .business = true,
	};
	d->buyer = (struct doc_party){
		.name = H(DH_C_NAME), .street = or_null(H(DH_C_STREET)), .postcode = or_null(H(DH_C_POSTCODE)),
		.city = or_null(H(DH_C_CITY)), .country = H(DH_C_COUNTRY), .siren = or_null(H(DH_C_SIREN)),
		.email = or_null(H(DH_C_EMAIL)), .vat_number = or_null(H(DH_C_VAT_NUMBER)),
		.business = business,
	};
	/* Every service the space sells (desks, rooms, offices, fees): "S1", invoices of services
	 * deposited for collection (BT-23 of the French CIUS). */
	d->business_process = "S1";
	d->vat_on_debits = !franchise && strcmp(H(DH_S_VAT_DEBITS), "t") == 0;
	int n = PQntuples(lines), nl = 0;
	struct doc_line *ls = arena_alloc(a, sizeof *ls * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++) {
		if (*PQgetvalue(lines, i, DL_AC_TYPE))
			continue; /* an allowance or charge: read by ac_load below */
		int rate = (int)col_i64(lines, i, DL_VAT);
		ls[nl++] = (struct doc_line){
			.description = PQgetvalue(lines, i, DL_DESCRIPTION),
			.quantity_milli = col_i64(lines, i, DL_QUANTITY),
			.unit_code = PQgetvalue(lines, i, DL_UNIT),
			.unit_price_cents = col_i64(lines, i, DL_PRICE),
			.vat_rate_bp = rate,
			.vat_category = rate == 0 ? 'E' : 'S',
			.service_start = date_col(PQgetvalue(lines, i, DL_START)),
			.service_end = date_col(PQgetvalue(lines, i, DL_END)),
		};
	}
	d->lines_in = ls;
	d->n_lines = (size_t)nl;
	ac_load(a, d, lines);
	if (franchise) {
		d->vat_exemption = "TVA non applicable, art. 293 B du CGI";
		d->vat_exemption_code = "VATEX-FR-FRANCHISE";
	} else {
		/* A VAT-registered association: what it invoices at 0 % is exempt as services to its
		 * members (membership fees and services of a non-profit body, art. 261-7-1° a). */
		d->vat_exemption = "Exonération de TVA, art. 261-7-1° a du CGI";
		d->vat_exemption_code = "VATEX-FR-CGI261-7";
	}
	char due[FMT_MAX];
	int days = atoi(H(DH_PAYMENT_DAYS));
	if (!credit && *H(DH_MANDATE_RUM)) {
		d->mandate_ref = H(DH_MANDATE_RUM);
		d->creditor_id = or_null(H(DH_CREDITOR_ID));
		d->debtor_iban = H(DH_MANDATE_IBAN);
		d->debit_date = d->due_date;
	}
	if (credit)
		d->payment_terms = arena_printf(a, "Avoir annulant la facture %s : aucun paiement n’est dû à ce titre.",
						d->corrects_number ? d->corrects_number : "corrigée");
	else if (d->mandate_ref)
		d->payment_terms = arena_printf(a, "Paiement par prélèvement SEPA%s%s.",
						d->due_date ? " le " : " à l’échéance",
						d->due_date ? fmt_date(due, d->due_date) : "");
	else if (days == 0)
		d->payment_terms = "Paiement à réception, par virement, chèque, espèces ou carte.";
	else
		d->payment_terms = arena_printf(a, "Paiement à %d jours%s%s, par virement, chèque, espèces ou carte.",
						days, d->due_date ? ", au plus tard le " : "",
						d->due_date ? fmt_date(due, d->due_date) : "");
	/* BR-FR-05: the notes PMD and PMT are on every document, worded for who the buyer is. */
	d->penalty_note = business
		? "En cas de retard de paiement, des pénalités sont dues au taux d’intérêt appliqué par la "
		  "Banque centrale européenne à son opération de refinancement la plus récente majoré de "
		  "10 points (art. L441-10 du Code de commerce), ainsi qu’une indemnité forfaitaire pour "
		  "frais de recouvrement de 40 € (art. D441-5)."
		: "En cas de retard de paiement, les sommes dues portent intérêt au taux légal à compter de "
		  "la mise en demeure (art. 1231-6 du Code civil).";
	d->indemnity_note = business
		? "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € "
		  "(art. L441-10 et D441-5 du Code de commerce)."
		: "Indemnité forfaitaire pour frais de recouvrement de 40 € : non applicable, elle n’est due "
		  "que par un client professionnel (art. L441-10 du Code de commerce).";
	d->discount_note = "Pas d’escompte pour paiement anticipé.";
	d->iban = or_null(H(DH_IBAN));
	d->bic = or_null(H(DH_BIC));
	/* BT-113 is what was paid before the invoice. A document is issued only with nothing paid
	 * (schema/0009: paid_cents is 0 at issue), so its prepaid amount is 0 for ever: payments
	 * received after issue are on the payment statement (statement.c), never in the
	 * document. */
	d->paid_cents = 0;
	d->hash_hex = or_null(H(DH_HASH));
#undef H
	return doc_totals(d);
}

/* The code and label of account key in SQL_ACCOUNTS rows (the generic sales account when a
 * line kind has none). */
static void account(PGresult *acc, const char *key, const char **code, const char **label)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < PQntuples(acc); i++)
			if (strcmp(PQgetvalue(acc, i, 0), key) == 0) {
				*code = PQgetvalue(acc, i, 1);
				*label = PQgetvalue(acc, i, 2);
				return;
			}
		key = "sales_other";
	}
	*code = "706";
	*label = "Prestations de services";
}

/* One entry of the FEC before numbering: a document (its rows from sales row `row` on) or a
 * payment (payments row `row`), with its date and what orders entries of one day. */
struct fec_entry {
	time_t date;
	int payment;   /* 0 sales, 1 payment: on one day the invoice comes before its payment */
	long long seq; /* chain seq of the document, id of the payment */
	int row;
	const char *group; /* the invoice it letters with (its number; a credit note's invoice) */
};

static int by_date(const void *x, const void *y)
{
	const struct fec_entry *a = x, *b = y;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	if (a->payment != b->payment)
		return a->payment - b->payment;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A lettering group: an invoice with its payments and credit note, lettered when the 411 lines
 * of the file balance (debit = credit), dated by its last movement. */
struct fec_group {
	const char *number;
	int64_t debit, credit;
	time_t last;
	bool has_invoice;
	const char *code; /* "AA", "AB"…: set when lettered */
};

static struct fec_group *group_of(struct fec_group *g, size_t *n, const char *number)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp(g[i].number, number) == 0)
			return &g[i];
	g[*n] = (struct fec_group){.number = number};
	return &g[(*n)++];
}

/* "AA".."ZZ", then "AAA"…: the k-th lettering code. */
static const char *letter_code(struct arena *a, size_t k)
{
	char s[8];
	int n = 0;
	size_t width = 2, span = 26 * 26;
	while (k >= span && width < 6) {
		k -= span;
		span *= 26;
		width++;
	}
	for (size_t i = 0; i < width; i++) {
		s[width - 1 - i] = (char)('A' + k % 26);
		k /= 26;
		n++;
	}
	s[n] = '\0';
	return arena_strdup(a, s);
}

struct fec_row *fec_load(struct arena *a, PGresult *sales, PGresult *payments, PGresult *accounts,
			 size_t *n)
{
	int ns = PQntuples(sales), np = PQntuples(payments);
	/* at most: per sales row one line + per document a customer and a VAT line; 2 per payment */
	struct fec_row *rows = arena_alloc(a, sizeof *rows * (size_t)(3 * ns + 2 * np + 1));
	struct fec_entry *es = arena_alloc(a, sizeof *es * (size_t)(ns + np + 1));
	struct fec_group *gs = arena_alloc(a, sizeof *gs * (size_t)(ns + np + 1));
	size_t ne = 0, ng = 0, k = 0;
	const char *c411, *l411, *cvat, *lvat;
	account(accounts, "customers", &c411, &l411);
	account(accounts, "vat_collected", &cvat, &lvat);
	/* The entries and their lettering groups. */
	for (int i = 0; i < ns;) {
		const char *number = PQgetvalue(sales, i, 0);
		bool credit = strcmp(PQgetvalue(sales, i, 1), "credit_note") == 0;
		const char *corrects = PQgetvalue(sales, i, 10);
		struct fec_entry e = {.date = date_col(PQgetvalue(sales, i, 2)), .payment = 0,
				      .seq = col_i64(sales, i, 9), .row = i,
				      .group = credit && *corrects ? corrects : number};
		es[ne++] = e;
		struct fec_group *g = group_of(gs, &ng, e.group);
		int64_t gross = col_i64(sales, i, 5);
		if (credit)
			g->credit += gross;
		else {
			g->debit += gross;
			g->has_invoice = true;
		}
		if (e.date > g->last)
			g->last = e.date;
		for (; i < ns && strcmp(PQgetvalue(sales, i, 0), number) == 0; i++)
			;
	}
	for (int i = 0; i < np; i++) {
		struct fec_entry e = {.date = date_col(PQgetvalue(payments, i, 1)), .payment = 1,
				      .seq = col_i64(payments, i, 0), .row = i, .group = PQgetvalue(payments, i, 4)};
		es[ne++] = e;
		struct fec_group *g = group_of(gs, &ng, e.group);
		g->credit += col_i64(payments, i, 2);
		if (e.date > g->last)
			g->last = e.date;
	}
	qsort(es, ne, sizeof *es, by_date);
	/* Letters in the order the invoices appear. */
	size_t lettered = 0;
	for (size_t x = 0; x < ne; x++) {
		struct fec_group *g = group_of(gs, &ng, es[x].group);
		if (!g->code && g->has_invoice && g->debit == g->credit && g->debit > 0)
			g->code = letter_code(a, lettered++);
	}
	/* The rows, entry by entry, numbered 1, 2, 3… across all journals. */
	for (size_t x = 0; x < ne; x++) {
		const struct fec_entry *e = &es[x];
		const struct fec_group *g = group_of(gs, &ng, e->group);
		const char *num = arena_printf(a, "%06zu", x + 1);
		if (!e->payment) {
			int i = e->row;
			const char *number = PQgetvalue(sales, i, 0);
			bool credit = strcmp(PQgetvalue(sales, i, 1), "credit_note") == 0;
			const char *aux = arena_printf(a, "C%s", PQgetvalue(sales, i, 3));
			const char *customer = PQgetvalue(sales, i, 4);
			int64_t gross = col_i64(sales, i, 5), vat = col_i64(sales, i, 6);
			struct fec_row base = {
				.journal_code = "VE", .journal_label = "Ventes", .entry_number = num,
				.entry_date = e->date, .piece_ref = number, .piece_date = e->date,
				.label = arena_printf(a, "%s %s %s", credit ? "Avoir" : "Facture", number, customer),
				.valid_date = e->date,
			};
			rows[k] = base;
			rows[k].account = c411;
			rows[k].account_label = l411;
			rows[k].aux_account = aux;
			rows[k].aux_label = customer;
			rows[k].lettering = g->code;
			rows[k].lettering_date = g->code ? g->last : 0;
			(credit ? &rows[k].credit_cents : &rows[k].debit_cents)[0] = gross;
			k++;
			for (; i < PQntuples(sales) && strcmp(PQgetvalue(sales, i, 0), number) == 0; i++) {
				rows[k] = base;
				account(accounts, arena_printf(a, "sales_%s", PQgetvalue(sales, i, 7)),
					&rows[k].account, &rows[k].account_label);
				/* A document-level allowance (negative) goes to the other side. */
				int64_t amount = col_i64(sales, i, 8);
				bool debit = credit != (amount < 0);
				(debit ? &rows[k].debit_cents : &rows[k].credit_cents)[0] = amount < 0 ? -amount : amount;
				k++;
			}
			if (vat > 0) {
				rows[k] = base;
				rows[k].account = cvat;
				rows[k].account_label = lvat;
				(credit ? &rows[k].debit_cents : &rows[k].credit_cents)[0] = vat;
				k++;
			}
		} else {
			int i = e->row;
			bool cash = strcmp(PQgetvalue(payments, i, 3), "especes") == 0;
			const char *code, *alabel;
			account(accounts, cash ? "cash" : "bank", &code, &alabel);
			int64_t amount = col_i64(payments, i, 2);
			const char *ref = PQgetvalue(payments, i, 7);
			/* A reversing entry (negative, schema/0022) is its own entry, the other way round:
			 * 411 debit, bank or cash credit. */
			bool reversal = amount < 0;
			struct fec_row base = {
				.journal_code = cash ? "CA" : "BQ", .journal_label = cash ? "Caisse" : "Banque",
				.entry_number = num, .entry_date = e->date,
				.piece_ref = PQgetvalue(payments, i, 4), .piece_date = e->date,
				.label = arena_printf(a, "%s %s %s%s%s", reversal ? "Annulation règlement" : "Règlement",
						      PQgetvalue(payments, i, 4), PQgetvalue(payments, i, 6),
						      *ref ? " " : "", ref),
				.valid_date = e->date,
			};
			rows[k] = base;
			rows[k].account = code;
			rows[k].account_label = alabel;
			(reversal ? &rows[k].credit_cents : &rows[k].debit_cents)[0] = reversal ? -amount : amount;
			k++;
			rows[k] = base;
			rows[k].account = c411;
			rows[k].account_label = l411;
			rows[k].aux_account = arena_printf(a, "C%s", PQgetvalue(payments, i, 5));
			rows[k].aux_label = PQgetvalue(payments, i, 6);
			(reversal ? &rows[k].debit_cents : &rows[k].credit_cents)[0] = reversal ? -amount : amount;
			rows[k].lettering = g->code;
			rows[k].lettering_date = g->code ? g->last : 0;
			k++;
		}
	}
	*n = k;
	return rows;
}

void sepa_load(struct arena *a, struct sepa_batch *b, PGresult *settings, PGresult *batch,
	       PGresult *debits)
{
	memset(b, 0, sizeof *b);
	b->message_id = PQgetvalue(batch, 0, 3);
	b->payment_info_id = arena_printf(a, "%s-%s", PQgetvalue(batch, 0, 3), PQgetvalue(batch, 0, 1));
	b->created = (time_t)col_i64(batch, 0, 6);
	b->collection_date = date_col(PQgetvalue(batch, 0, 2));
	b->creditor_name = PQgetvalue(settings, 0, 0);
	b->creditor_iban = PQgetvalue(settings, 0, 2);
	b->creditor_bic = or_null(PQgetvalue(settings, 0, 3));
	b->creditor_id = PQgetvalue(batch, 0, 4);
	b->sequence_type = PQgetvalue(batch, 0, 1);
	int n = PQntuples(debits);
	struct sepa_tx *t = arena_alloc(a, sizeof *t * (size_t)(n ? n : 1));
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		if (strcmp(PQgetvalue(debits, i, 9), "returned") == 0)
			continue;
		t[k++] = (struct sepa_tx){
			.end_to_end_id = PQgetvalue(debits, i, 0),
			.amount_cents = col_i64(debits, i, 1),
			.mandate_id = PQgetvalue(debits, i, 2),
			.mandate_date = date_col(PQgetvalue(debits, i, 3)),
			.debtor_name = PQgetvalue(debits, i, 4),
			.debtor_iban = PQgetvalue(debits, i, 5),
			.debtor_bic = or_null(PQgetvalue(debits, i, 6)),
			.remittance = arena_printf(a, "Facture %s", PQgetvalue(debits, i, 7)),
		};
	}
	b->tx = t;
	b->n_tx = k;
}
