/* main.c: the invoice program: its routes (staff pages under /admin/factures with the staff
 * role; the customer's page by secret link; the member's list) and templates. */
#include "server.h"
#include "invoice.h"
#include <stdio.h>
#include <unistd.h>

static const struct route routes[] = {
	{M_READ, "/admin/factures", page_staff_list, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/nouvelle", page_staff_new, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/nouvelle", page_staff_new_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/retards", page_staff_overdue, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/mensuel", page_staff_run, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/mensuel", page_staff_run_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/mensuel/emettre", page_staff_issue_month_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/verification", page_staff_verify, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/clotures", page_staff_closings, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/clotures", page_staff_close_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/clotures/{}.json", page_staff_closing_archive, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/fec", page_staff_fec, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/journal.csv", page_staff_journal, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/sepa", page_staff_sepa, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/sepa", page_staff_mandate_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/sepa/lots", page_staff_batch_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/sepa/lots/{}.xml", page_staff_batch_xml, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/sepa/lots/{}", page_staff_batch, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/sepa/lots/{}/rejet", page_staff_batch_return_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/sepa/lots/{}/reglement", page_staff_batch_settle_post, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/{}.pdf", page_staff_doc_pdf, NULL, ROLE_STAFF},
	{M_READ, "/admin/factures/{}", page_staff_doc, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/lignes", page_staff_line_add_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/lignes/{}/supprimer", page_staff_line_delete_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/supprimer", page_staff_draft_delete_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/remises", page_staff_ac_add_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/remises/{}/supprimer", page_staff_ac_delete_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/emettre", page_staff_issue_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/paiements", page_staff_payment_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/paiements/{}/annuler", page_staff_payment_reverse_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/avoir", page_staff_credit_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/factures/{}/relance", page_staff_remind_post, NULL, ROLE_STAFF},
	{M_READ, "/factures", page_my_invoices, NULL, ROLE_MEMBER},
	{M_READ, "/factures/{}.pdf", page_customer_pdf, NULL, ROLE_PUBLIC},
	{M_READ, "/factures/{}.xml", page_customer_xml, NULL, ROLE_PUBLIC},
	{M_READ, "/factures/{}/paiements", page_customer_payments, NULL, ROLE_PUBLIC},
	{M_READ, "/factures/{}", page_customer_doc, NULL, ROLE_PUBLIC},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "invoice_nav.tpl", "invoice_doc.tpl", "invoice_list.tpl",
	"invoice_new.tpl", "invoice_staff.tpl", "invoice_customer.tpl", "invoice_overdue.tpl",
	"invoice_run.tpl", "invoice_verify.tpl", "invoice_closings.tpl", "invoice_sepa.tpl", "invoice_sepa_batch.tpl",
	"invoice_mine.tpl", "invoice_payments.tpl", "invoice_statement.tpl",
};

static const struct app invoice_app = {
	.name = "invoice",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = invoice_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	/* Every issued PDF embeds the sRGB profile: without it no invoice could be served. */
	if (access(doc_facturx_icc(), R_OK) != 0) {
		fprintf(stderr, "fontaine-invoice: cannot read the sRGB ICC profile %s (Debian package icc-profiles-free)\n",
			doc_facturx_icc());
		return 1;
	}
	return server_main(&invoice_app, argc, argv);
}
