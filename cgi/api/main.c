/* main.c: the JSON API program (/api/v1/, issue 18, doc/api.md): its routes. Public answers
 * need no key; the others a bearer key with their scope (json.c api_auth). */
#include "api.h"
#include "page.h"
#include "server.h"

/* The writes, under their Idempotency-Key. */
static int booking_create(struct request *req)
{
	return api_idempotent(req, "bookings:write", api_booking_create);
}
static int booking_cancel(struct request *req)
{
	return api_idempotent(req, "bookings:write", api_booking_cancel);
}
static int checkin_create(struct request *req)
{
	return api_idempotent(req, "uses:write", api_checkin_create);
}

static const struct route routes[] = {
	{M_READ, "/api/v1/openapi.json", api_openapi, NULL, ROLE_PUBLIC},
	/* public */
	{M_READ, "/api/v1/events", api_events, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/events/{}", api_event, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/resources", api_resources, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/resources/{}/availability", api_availability, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/prices", api_prices, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/opening-hours", api_hours, NULL, ROLE_PUBLIC},
	/* with a key */
	{M_READ, "/api/v1/members", api_members, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/members/{}", api_member, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/bookings", api_bookings, NULL, ROLE_PUBLIC},
	{M_POST, "/api/v1/bookings", booking_create, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/bookings/{}", api_booking, NULL, ROLE_PUBLIC},
	{M_POST, "/api/v1/bookings/{}/cancel", booking_cancel, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/uses", api_uses, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/checkins", api_checkins, NULL, ROLE_PUBLIC},
	{M_POST, "/api/v1/checkins", checkin_create, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/invoices", api_invoices, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/invoices/{}.xml", api_invoice_xml, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/invoices/{}.pdf", api_invoice_pdf, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/invoices/{}", api_invoice, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/payments", api_payments, NULL, ROLE_PUBLIC},
	{M_READ, "/api/v1/closings", api_closings, NULL, ROLE_PUBLIC},
};

/* No page of its own: the library loads its layout templates, which its error page needs
 * (never used here: app->error answers in JSON). */
static const char *const templates[] = {PAGE_LIB_TEMPLATES};

static const struct app api_app = {
	.name = "api",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = api_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
	.json_api = true,
	.error = api_error_status,
};

int main(int argc, char **argv)
{
	return server_main(&api_app, argc, argv);
}
