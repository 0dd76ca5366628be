/* portal_activity.c: the parts of the member portal (/compte) that tell what the member does
 * with La Fontaine: bookings (room and half-days, with the room's manage link and .ics), the
 * carnet's history (each use, each top-up), the next invoice to pay, and what to do next. */
#include "signup.h"
#include "fmt.h"
#include "labels.h"
#include <stdlib.h>
#include <string.h>

/* "mardi 3 mars 2026, matin" or "mardi 3 mars 2026, 14 h – 17 h". */
static const char *when_text(struct request *req, PGresult *b, int i)
{
	char d[FMT_MAX], s[FMT_MAX], e[FMT_MAX];
	time_t start = (time_t)strtoll(PQgetvalue(b, i, PB_STARTS), NULL, 10);
	time_t end = (time_t)strtoll(PQgetvalue(b, i, PB_ENDS), NULL, 10);
	const char *slot = PQgetvalue(b, i, PB_SLOT);
	fmt_date_long(d, start);
	if (strcmp(slot, "hours") != 0)
		return arena_printf(&req->arena, "%s, %s", d, label_code(slot) ? label_code(slot) : slot);
	return arena_printf(&req->arena, "%s, %s – %s", d, fmt_time(s, start), fmt_time(e, end));
}

static const char *booking_state(const char *status)
{
	if (strcmp(status, "confirmed") == 0)
		return "confirmée";
	if (strcmp(status, "requested") == 0)
		return "demande en attente de réponse";
	if (strcmp(status, "held") == 0)
		return "à confirmer par le lien reçu par e-mail";
	if (strcmp(status, "no_show") == 0)
		return "absence notée";
	return label_code(status) ? label_code(status) : "";
}

int portal_activity(struct request *req, struct tpl_dict *d, const char *person,
		    struct portal_state *st)
{
	const char *state;
	const char *id[1] = {person};
	PGresult *b = req_exec(req, SQL_PORTAL_BOOKINGS, id, &state);
	PGresult *c = b ? req_exec(req, SQL_PORTAL_CARNET, id, &state) : NULL;
	PGresult *inv = c ? req_exec(req, SQL_PORTAL_NEXT_INVOICE, id, &state) : NULL;
	PGresult *own = inv ? req_exec(req, SQL_DIRECTORY_OWN, id, &state) : NULL;
	if (!own)
		return req_db_error(state);
	char a[FMT_MAX];
	int upcoming = 0;
	for (int i = 0; i < PQntuples(b); i++) {
		bool future = strcmp(PQgetvalue(b, i, PB_UPCOMING), "t") == 0;
		struct tpl_dict *r = tpl_section(d, future ? "BOOKING" : "PAST_BOOKING");
		upcoming += future;
		tpl_set(r, "BOOKING_WHEN", when_text(req, b, i));
		tpl_set(r, "BOOKING_WHAT", PQgetvalue(b, i, PB_RESOURCE));
		tpl_set(r, "BOOKING_STATE", booking_state(PQgetvalue(b, i, PB_STATUS)));
		const char *covered = PQgetvalue(b, i, PB_COVERED);
		if (strcmp(covered, "carnet") == 0)
			tpl_set(r, "BOOKING_PAID", "sur le carnet");
		else if (strcmp(covered, "month") == 0)
			tpl_set(r, "BOOKING_PAID", "dans la formule mensuelle");
		else
			tpl_set(r, "BOOKING_PAID", fmt_money(a, strtoll(PQgetvalue(b, i, PB_PRICE), NULL, 10)));
		const char *bid = PQgetvalue(b, i, PB_ID);
		tpl_set(r, "ICS_HREF", arena_printf(&req->arena, "/mes-reservations/%s.ics", bid));
		if (strcmp(PQgetvalue(b, i, PB_IS_ROOM), "t") == 0 && future)
			tpl_set(tpl_section(r, "ROOM"), "MANAGE_HREF",
				arena_printf(&req->arena, "/mes-reservations/%s/gerer", bid));
		else if (future)
			tpl_show(r, "DESK");
	}
	if (upcoming == 0)
		tpl_show(d, "NO_BOOKING");
	if (PQntuples(b) > upcoming)
		tpl_show(d, "HAS_PAST");
	for (int i = 0; i < PQntuples(c); i++) {
		struct tpl_dict *h = tpl_section(d, "CARNET_MOVE");
		tpl_set(h, "MOVE_WHEN", fmt_date(a, (time_t)strtoll(PQgetvalue(c, i, PC_AT), NULL, 10)));
		int n = atoi(PQgetvalue(c, i, PC_HALFDAYS));
		bool topup = strcmp(PQgetvalue(c, i, PC_WHAT), "achat") == 0;
		if (topup)
			tpl_set(h, "MOVE_WHAT", arena_printf(&req->arena, "%s : +%d demi-journée%s%s",
				PQgetvalue(c, i, PC_LABEL), n, n > 1 ? "s" : "",
				strcmp(PQgetvalue(c, i, PC_STATUS), "requested") == 0 ? " (pas encore actif)" : ""));
		else if (strcmp(PQgetvalue(c, i, PC_WHAT), "rendu") == 0)
			tpl_set(h, "MOVE_WHAT", arena_printf(&req->arena, "Demi-journée rendue au carnet par "
							     "l’équipe (%s) : +1 demi-journée",
							     PQgetvalue(c, i, PC_LABEL)));
		else
			tpl_set(h, "MOVE_WHAT", arena_printf(&req->arena, "Utilisation : %s, −1 demi-journée",
							     PQgetvalue(c, i, PC_LABEL)));
	}
	if (PQntuples(c) > 0)
		tpl_show(d, "HAS_CARNET_HISTORY");
	if (PQntuples(inv) == 1) {
		struct tpl_dict *n = tpl_section(d, "NEXT_INVOICE");
		tpl_set(n, "INVOICE_NUMBER", PQgetvalue(inv, 0, PI_NUMBER));
		tpl_set(n, "INVOICE_DUE", fmt_date(a, (time_t)strtoll(PQgetvalue(inv, 0, PI_DUE), NULL, 10) + 12 * 3600));
		char m[FMT_MAX];
		tpl_set(n, "INVOICE_AMOUNT", fmt_money(m, strtoll(PQgetvalue(inv, 0, PI_BALANCE), NULL, 10)));
		tpl_set(n, "INVOICE_HREF", arena_printf(&req->arena, "/factures/%s", PQgetvalue(inv, 0, PI_TOKEN)));
		st->invoice_due = true;
	} else {
		tpl_show(d, "NO_INVOICE_DUE");
	}
	st->in_directory = PQntuples(own) == 1;
	st->upcoming = upcoming;
	/* What to do next, most pressing first. */
	struct {
		bool when;
		const char *text, *href, *label;
	} steps[] = {
		{!st->has_membership, "Vous n’êtes pas encore adhérent·e de l’association.", "/compte/adhesion/renouveler", "Adhérer"},
		{st->membership_unpaid, "Votre cotisation n’est pas encore réglée : l’équipe l’enregistre à réception.", "/compte/adhesion/renouveler", "Mon adhésion"},
		{st->membership_ending, "Votre adhésion arrive à son terme : pensez à la renouveler.", "/compte/adhesion/renouveler", "Renouveler mon adhésion"},
		{st->invoice_due, "Une facture attend votre règlement.", PQntuples(inv) == 1 ?
			arena_printf(&req->arena, "/factures/%s", PQgetvalue(inv, 0, PI_TOKEN)) : "/factures", "Voir la facture"},
		{st->formula_waiting, "Votre formule attend sa validation par l’équipe : elle sera active dès qu’elle sera enregistrée.", NULL, NULL},
		{st->carnet_empty, "Votre carnet est épuisé : demandez-en un nouveau à l’accueil.", NULL, NULL},
		{upcoming == 0 && st->has_membership, "Aucune réservation à venir.", "/mes-reservations", "Réserver une demi-journée"},
		{!st->in_directory && st->has_membership, "Présentez-vous aux autres coworkers dans l’annuaire (facultatif).", "/compte/profil-annuaire", "Créer mon profil"},
	};
	int shown = 0;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (!steps[i].when)
			continue;
		struct tpl_dict *s = tpl_section(d, "STEP");
		tpl_set(s, "STEP_TEXT", steps[i].text);
		if (steps[i].href) {
			struct tpl_dict *l = tpl_section(s, "STEP_LINK");
			tpl_set(l, "STEP_HREF", steps[i].href);
			tpl_set(l, "STEP_LABEL", steps[i].label);
		}
		shown++;
	}
	if (!shown)
		tpl_show(d, "NOTHING_TO_DO");
	tpl_show(d, st->in_directory ? "IN_DIRECTORY" : "NOT_IN_DIRECTORY");
	return 0;
}
