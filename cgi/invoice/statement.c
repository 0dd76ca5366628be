/* statement.c: the statement of payments of an invoice, apart from the frozen document: on the
 * staff's document page (with the reversal of a payment recorded by mistake) and on the
 * customer's page /factures/<token>/paiements. */
#include "invoice.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

static const char *const method_codes[] = {"virement", "cheque", "especes", "carte", "prelevement"};
static const char *const method_names[] = {"Virement", "Chèque", "Espèces", "Carte bancaire", "Prélèvement SEPA"};

const char *method_label(const char *code)
{
	for (size_t i = 0; i < sizeof method_codes / sizeof method_codes[0]; i++)
		if (strcmp(code, method_codes[i]) == 0)
			return method_names[i];
	return "Autre";
}

PGresult *statement_dict(struct request *req, struct tpl_dict *t, const char *id, int64_t gross,
			 const char *reverse_csrf, struct statement *s, const char **state)
{
	const char *p[] = {id};
	PGresult *pays = req_exec(req, SQL_PAYMENTS, p, state);
	if (!pays)
		return NULL;
	char b[FMT_MAX];
	int n = PQntuples(pays);
	s->gross = gross;
	s->paid = 0;
	struct tpl_dict *some = n ? tpl_section(t, "SOME_PAYMENTS") : NULL;
	if (!n)
		tpl_show(t, "NO_PAYMENT");
	if (reverse_csrf && n)
		tpl_show(some, "REVERSE_COL");
	for (int i = 0; i < n; i++) {
		int64_t amount = strtoll(PQgetvalue(pays, i, PAY_AMOUNT), NULL, 10);
		s->paid += amount;
		struct tpl_dict *r = tpl_section(some, "PAYMENT");
		if (reverse_csrf)
			tpl_show(r, "REVERSE_COL");
		tpl_set(r, "P_DATE", fmt_date(b, date_col(PQgetvalue(pays, i, PAY_DATE))));
		tpl_set(r, "P_AMOUNT", fmt_money(b, amount));
		tpl_set(r, "PAY_ID", PQgetvalue(pays, i, PAY_ID));
		const char *orig = PQgetvalue(pays, i, PAY_REVERSES);
		if (*orig) {
			struct tpl_dict *rv = tpl_section(r, "REVERSAL_S");
			tpl_set(rv, "P_REASON", PQgetvalue(pays, i, PAY_REASON));
			for (int k = 0; k < n; k++)
				if (strcmp(PQgetvalue(pays, k, PAY_ID), orig) == 0)
					tpl_set(rv, "P_ORIG_DATE", fmt_date(b, date_col(PQgetvalue(pays, k, PAY_DATE))));
		} else {
			struct tpl_dict *pl = tpl_section(r, "PLAIN_S");
			tpl_set(pl, "P_METHOD", method_label(PQgetvalue(pays, i, PAY_METHOD)));
			if (*PQgetvalue(pays, i, PAY_REF))
				tpl_set(tpl_section(pl, "P_REF_S"), "P_REF", PQgetvalue(pays, i, PAY_REF));
			bool reversed = strcmp(PQgetvalue(pays, i, PAY_REVERSED), "t") == 0;
			if (reversed)
				tpl_show(pl, "REVERSED_S");
			if (reverse_csrf && !reversed) {
				struct tpl_dict *f = tpl_section(r, "REVERSE_S");
				tpl_set(f, "CSRF", reverse_csrf);
				tpl_set(f, "PAY_ID", PQgetvalue(pays, i, PAY_ID));
				tpl_set(f, "REVERSE_ACTION", arena_printf(&req->arena, "/admin/factures/%s/paiements/%s/annuler",
									  id, PQgetvalue(pays, i, PAY_ID)));
			}
		}
	}
	s->due = s->gross - s->paid;
	tpl_set(t, "STMT_GROSS", fmt_money(b, s->gross));
	tpl_set(t, "STMT_PAID", fmt_money(b, s->paid));
	tpl_set(t, "STMT_DUE", fmt_money(b, s->due));
	return pays;
}
