/* main.c: the booking program: its routes (public, member and staff) and templates. */
#include "booking.h"
#include "server.h"

static const struct route routes[] = {
	{M_READ, "/disponibilites", page_availability_index, NULL, ROLE_PUBLIC},
	{M_READ, "/disponibilites/{}.ics", page_availability_ics, NULL, ROLE_PUBLIC},
	{M_READ, "/disponibilites/{}", page_availability, NULL, ROLE_PUBLIC},
	{M_READ, "/reservation", page_room, NULL, ROLE_PUBLIC},
	{M_POST, "/reservation", page_room_post, NULL, ROLE_PUBLIC},
	{M_READ, "/reservation/gerer", page_manage, NULL, ROLE_PUBLIC},
	{M_POST, "/reservation/gerer/annuler", page_manage_cancel, NULL, ROLE_PUBLIC},
	{M_POST, "/reservation/gerer/modifier", page_manage_change, NULL, ROLE_PUBLIC},
	{M_READ, "/reservation/confirmer", page_hold_confirm, NULL, ROLE_PUBLIC},
	{M_POST, "/reservation/confirmer", page_hold_confirm_post, NULL, ROLE_PUBLIC},
	{M_READ, "/reservation/devis", page_quote, NULL, ROLE_PUBLIC},
	{M_READ, "/reservation/devis.css", page_quote_css, NULL, ROLE_PUBLIC},
	{M_READ, "/mes-reservations", page_desk, NULL, ROLE_MEMBER},
	{M_POST, "/mes-reservations", page_desk_post, NULL, ROLE_MEMBER},
	{M_POST, "/mes-reservations/{}/annuler", page_desk_cancel, NULL, ROLE_MEMBER},
	{M_READ, "/mes-reservations/{}.ics", page_mine_ics, NULL, ROLE_MEMBER},
	{M_READ, "/mes-reservations/{}/gerer", page_mine_manage, NULL, ROLE_MEMBER},
	{M_READ, "/admin/accueil", page_checkin, NULL, ROLE_STAFF},
	{M_POST, "/admin/accueil/arrivee", page_checkin_arrived, NULL, ROLE_STAFF},
	{M_POST, "/admin/accueil/absent", page_checkin_no_show, NULL, ROLE_STAFF},
	{M_POST, "/admin/accueil/visiteur", page_checkin_walk_in, NULL, ROLE_STAFF},
	{M_POST, "/admin/accueil/correction", page_checkin_correction, NULL, ROLE_STAFF},
	{M_READ, "/admin/reservations", page_requests, NULL, ROLE_STAFF},
	{M_READ, "/admin/reservations/baux", page_leases, NULL, ROLE_STAFF},
	{M_POST, "/admin/reservations/baux", page_leases_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/reservations/baux/{}/fin", page_lease_end_post, NULL, ROLE_STAFF},
	{M_POST, "/admin/reservations/{}/reponse", page_request_answer, NULL, ROLE_STAFF},
};

static const char *const templates[] = {
	PAGE_LIB_TEMPLATES, "booking_index.tpl", "booking_calendar.tpl", "booking_room.tpl",
	"booking_manage.tpl", "booking_confirm.tpl", "booking_quote.tpl", "booking_desk.tpl", "booking_checkin.tpl",
	"booking_requests.tpl", "booking_leases.tpl", "admin_nav.tpl",
};

static const struct app booking_app = {
	.name = "booking",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
	.stmts = booking_stmts,
	.n_stmts = SQL__MAX,
	.templates = templates,
	.n_templates = sizeof templates / sizeof templates[0],
};

int main(int argc, char **argv)
{
	return server_main(&booking_app, argc, argv);
}
