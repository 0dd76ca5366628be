/* webhooks.c: /admin/webhooks, the space's webhook endpoints (admins only): list, register
 * (URL, events; the secret shown once), edit, disable, rotate the secret (the previous one
 * signs for 24 h more, schema/0038_webhooks.sql), and each endpoint's deliveries with their
 * status, attempts, last HTTP status and error, and "send again" for a failed one. */
#include "admin.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

enum { N_EVENTS = 9 };
static const char *const event_types[N_EVENTS] = {
	"member.joined", "membership.renewed", "booking.created", "booking.changed",
	"booking.cancelled", "checkin.recorded", "invoice.issued", "payment.received",
	"event.published",
};
static const char *const event_labels[N_EVENTS] = {
	"Nouveau membre (adhésion acceptée)", "Adhésion renouvelée", "Réservation créée",
	"Réservation modifiée", "Réservation annulée", "Arrivée enregistrée", "Facture émise",
	"Paiement reçu", "Événement publié",
};

enum webhook_field { WF_URL, WF_DESCRIPTION, WF_EV0, WF__MAX = WF_EV0 + N_EVENTS };

/* The checkbox of event i is named ev_<type with '_' for '.'>. */
static const struct field_def webhook_fields[WF__MAX] = {
	[WF_URL] = {"url", FIELD_LINE, true, 10, 2000, NULL},
	[WF_DESCRIPTION] = {"description", FIELD_LINE, false, 1, 200, NULL},
	[WF_EV0 + 0] = {"ev_member_joined", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 1] = {"ev_membership_renewed", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 2] = {"ev_booking_created", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 3] = {"ev_booking_changed", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 4] = {"ev_booking_cancelled", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 5] = {"ev_checkin_recorded", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 6] = {"ev_invoice_issued", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 7] = {"ev_payment_received", FIELD_BOOL, false, 0, 0, NULL},
	[WF_EV0 + 8] = {"ev_event_published", FIELD_BOOL, false, 0, 0, NULL},
};

static const struct field_ui webhook_ui[WF__MAX] = {
	[WF_URL] = {"Adresse (URL) du récepteur", "text", "off",
		    "http:// ou https://, par exemple https://exemple.org/webhooks/fontaine."},
	[WF_DESCRIPTION] = {"Description", "text", "off", "Pour vous y retrouver : porte d’entrée, comptabilité…"},
};

/* True when u is an http(s) URL with a host and no user name, space or control character. */
static bool valid_url(const char *u)
{
	const char *host;
	if (strncmp(u, "http://", 7) == 0)
		host = u + 7;
	else if (strncmp(u, "https://", 8) == 0)
		host = u + 8;
	else
		return false;
	size_t hl = strcspn(host, "/?#");
	if (hl == 0 || memchr(host, '@', hl) || host[0] == ':' || host[hl - 1] == ':' ||
	    host[0] == '?' || host[0] == '#')
		return false;
	if (host[hl] == '?' || host[hl] == '#')
		return false; /* the database wants a path before a query */
	for (const unsigned char *p = (const unsigned char *)u; *p; p++)
		if (*p <= ' ' || *p == 0x7f)
			return false;
	return true;
}

/* Reads the form; returns the number of errors; *events gets "a,b,c" (arena). */
static size_t read_webhook(struct request *req, struct field_value *v, const char **events,
			   const char **events_error)
{
	size_t errors = form_read(&req->arena, &req->form, webhook_fields, WF__MAX, v);
	if (v[WF_URL].valid && v[WF_URL].present && !valid_url(v[WF_URL].str)) {
		v[WF_URL].valid = false;
		v[WF_URL].error = "Indiquez une adresse qui commence par http:// ou https:// suivie d’un nom "
				  "d’hôte, sans espace ni identifiant.";
		errors++;
	}
	char list[256] = "";
	for (int i = 0; i < N_EVENTS; i++)
		if (v[WF_EV0 + i].valid && v[WF_EV0 + i].num) {
			if (*list)
				strcat(list, ",");
			strcat(list, event_types[i]); /* 9 names: at most 160 bytes */
		}
	*events = arena_strndup(&req->arena, list, strlen(list));
	*events_error = NULL;
	if (!**events) {
		*events_error = "Choisissez au moins un événement.";
		errors++;
	}
	return errors;
}

/* Renders the endpoint form (id NULL: a new endpoint); events is "a,b" (checked boxes). */
static struct tpl_dict *form_dict(struct request *req, struct tpl_dict *d, const char *id,
				  struct field_value *v, const char *events, const char *events_error,
				  size_t errors)
{
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ACTION", id ? arena_printf(&req->arena, "/admin/webhooks/%s", id) : "/admin/webhooks/nouveau");
	page_fields(req, d, "FIELDS", webhook_fields, webhook_ui, v, WF_URL, WF_EV0);
	for (int i = 0; i < N_EVENTS; i++) {
		struct tpl_dict *e = tpl_section(d, "EVENT");
		tpl_set(e, "NAME", webhook_fields[WF_EV0 + i].name);
		tpl_set(e, "TYPE", event_types[i]);
		tpl_set(e, "LABEL", event_labels[i]);
		const char *p = strstr(events, event_types[i]);
		size_t n = strlen(event_types[i]);
		if (p && (p == events || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			tpl_show(e, "CHECKED");
	}
	if (events_error)
		tpl_set(tpl_section(d, "EVENTS_INVALID"), "EVENTS_ERROR", events_error);
	page_errors(d, errors);
	return d;
}

int page_webhooks(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_WH_LIST, NULL, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_webhooks.tpl", "Webhooks");
	static const char *const notices[] = {"desactive", "Le récepteur est désactivé.", NULL};
	admin_notice(req, d, notices);
	for (int i = 0; i < PQntuples(r); i++) {
		struct tpl_dict *e = tpl_section(d, "ENDPOINT");
		tpl_set(e, "HREF", arena_printf(&req->arena, "/admin/webhooks/%s", PQgetvalue(r, i, 0)));
		tpl_set(e, "URL", PQgetvalue(r, i, 1));
		tpl_set(e, "DESCRIPTION", PQgetvalue(r, i, 2));
		tpl_set(e, "EVENTS", PQgetvalue(r, i, 3));
		tpl_set(e, "STATE", strcmp(PQgetvalue(r, i, 4), "t") == 0 ? "Actif" : "Désactivé");
		tpl_set(e, "PENDING", PQgetvalue(r, i, 5));
		tpl_set(e, "FAILED", PQgetvalue(r, i, 6));
	}
	if (PQntuples(r) == 0)
		tpl_show(d, "NO_ENDPOINT");
	return page_finish(req, 200);
}

int page_webhook_new(struct request *req)
{
	struct field_value v[WF__MAX];
	for (int i = 0; i < WF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	struct tpl_dict *d = admin_start(req, "admin_webhook_form.tpl", "Nouveau récepteur de webhooks");
	form_dict(req, d, NULL, v, "", NULL, 0);
	return page_finish(req, 200);
}

/* The page that shows a secret once (after creation or rotation). */
static int show_secret(struct request *req, const char *id, const char *secret, bool rotated)
{
	struct tpl_dict *d = admin_start(req, "admin_webhook_secret.tpl",
					 rotated ? "Nouveau secret du récepteur" : "Récepteur enregistré");
	tpl_set(d, "SECRET", secret);
	tpl_set(d, "HREF", arena_printf(&req->arena, "/admin/webhooks/%s", id));
	if (rotated)
		tpl_show(d, "ROTATED");
	return page_finish(req, 200);
}

int page_webhook_new_post(struct request *req)
{
	struct field_value v[WF__MAX];
	const char *events, *events_error;
	size_t errors = read_webhook(req, v, &events, &events_error);
	if (errors) {
		struct tpl_dict *d = admin_start(req, "admin_webhook_form.tpl", "Nouveau récepteur de webhooks");
		form_dict(req, d, NULL, v, events, events_error, errors);
		return page_finish(req, 422);
	}
	const char *state;
	PGresult *r = req_exec(req, SQL_WH_INSERT,
			       (const char *const[]){admin_actor(req), v[WF_URL].str, v[WF_DESCRIPTION].str,
						     events},
			       &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0) {
			v[WF_URL].valid = false;
			v[WF_URL].error = "Cette adresse n’est pas acceptée.";
			struct tpl_dict *d = admin_start(req, "admin_webhook_form.tpl", "Nouveau récepteur de webhooks");
			form_dict(req, d, NULL, v, events, NULL, 1);
			return page_finish(req, 422);
		}
		return req_db_error(state);
	}
	if (PQntuples(r) != 1)
		return 500;
	return show_secret(req, PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), false);
}

/* Renders the endpoint page: its form (values v), state, and its deliveries. */
static int render_endpoint(struct request *req, int status, const char *id, PGresult *ep,
			   struct field_value *v, const char *events, const char *events_error,
			   size_t errors)
{
	const char *state;
	PGresult *ds = req_exec(req, SQL_WH_DELIVERIES, (const char *const[]){id}, &state);
	if (!ds)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_webhook.tpl", "Récepteur de webhooks");
	static const char *const notices[] = {"modifie", "Le récepteur est modifié.", "renvoye",
					      "L’envoi repartira dans quelques secondes.", "reactive",
					      "Le récepteur est réactivé : il reçoit les événements qui suivent.", NULL};
	admin_notice(req, d, notices);
	form_dict(req, d, id, v, events, events_error, errors);
	bool active = strcmp(PQgetvalue(ep, 0, 4), "t") == 0;
	tpl_set(d, "STATE", active ? "Actif" : "Désactivé");
	if (active) {
		struct tpl_dict *a = tpl_section(d, "ACTIVE");
		tpl_set(a, "ROTATE_ACTION", arena_printf(&req->arena, "/admin/webhooks/%s/rotation", id));
		tpl_set(a, "DISABLE_ACTION", arena_printf(&req->arena, "/admin/webhooks/%s/desactiver", id));
		tpl_set(a, "CSRF", csrf_token(req));
	} else {
		struct tpl_dict *a = tpl_section(d, "INACTIVE");
		tpl_set(a, "ENABLE_ACTION", arena_printf(&req->arena, "/admin/webhooks/%s/reactiver", id));
		tpl_set(a, "CSRF", csrf_token(req));
	}
	if (!PQgetisnull(ep, 0, 5)) {
		char day[FMT_MAX], hour[FMT_MAX];
		time_t t = (time_t)strtoll(PQgetvalue(ep, 0, 5), NULL, 10);
		tpl_set(tpl_section(d, "PREVIOUS"), "PREVIOUS_UNTIL",
			arena_printf(&req->arena, "%s à %s", fmt_date(day, t), fmt_time(hour, t)));
	}
	static const char *const st_values[] = {"pending", "delivered", "failed"};
	static const char *const st_labels[] = {"En attente", "Remis", "Échec"};
	for (int i = 0; i < PQntuples(ds); i++) {
		struct tpl_dict *e = tpl_section(d, "DELIVERY");
		char day[FMT_MAX], hour[FMT_MAX];
		time_t t = (time_t)strtoll(PQgetvalue(ds, i, 8), NULL, 10);
		tpl_set(e, "CREATED", arena_printf(&req->arena, "%s %s", fmt_date(day, t), fmt_time(hour, t)));
		tpl_set(e, "DELIVERY_ID", PQgetvalue(ds, i, 1));
		tpl_set(e, "TYPE", PQgetvalue(ds, i, 2));
		tpl_set(e, "KEY", PQgetvalue(ds, i, 3));
		const char *st = PQgetvalue(ds, i, 4);
		for (int k = 0; k < 3; k++)
			if (strcmp(st, st_values[k]) == 0)
				tpl_set(e, "STATUS", st_labels[k]);
		tpl_set(e, "ATTEMPTS", PQgetvalue(ds, i, 5));
		tpl_set(e, "HTTP", PQgetvalue(ds, i, 6));
		tpl_set(e, "ERROR", admin_text(&req->arena, PQgetvalue(ds, i, 7),
					       (size_t)PQgetlength(ds, i, 7)));
		if (strcmp(st, "failed") == 0) {
			struct tpl_dict *f = tpl_section(e, "FAILED");
			tpl_set(f, "RESEND_ACTION", arena_printf(&req->arena, "/admin/webhooks/%s/envois/%s/renvoyer",
								 id, PQgetvalue(ds, i, 0)));
			tpl_set(f, "CSRF", csrf_token(req));
		}
	}
	if (PQntuples(ds) == 0)
		tpl_show(d, "NO_DELIVERY");
	return page_finish(req, status);
}

/* Loads endpoint id (columns: id, url, description, events "a,b", active, previous expiry). */
static PGresult *load(struct request *req, const char *id, const char **state)
{
	return req_exec(req, SQL_WH_GET, (const char *const[]){id}, state);
}

int page_webhook(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *ep = load(req, id, &state);
	if (!ep)
		return req_db_error(state);
	if (PQntuples(ep) != 1)
		return 404;
	struct field_value v[WF__MAX];
	for (int i = 0; i < WF__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	v[WF_URL] = (struct field_value){.present = true, .valid = true, .str = PQgetvalue(ep, 0, 1)};
	v[WF_DESCRIPTION] = (struct field_value){.present = *PQgetvalue(ep, 0, 2) != '\0', .valid = true,
						 .str = PQgetvalue(ep, 0, 2)};
	return render_endpoint(req, 200, id, ep, v, PQgetvalue(ep, 0, 3), NULL, 0);
}

int page_webhook_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *ep = load(req, id, &state);
	if (!ep)
		return req_db_error(state);
	if (PQntuples(ep) != 1)
		return 404;
	struct field_value v[WF__MAX];
	const char *events, *events_error;
	size_t errors = read_webhook(req, v, &events, &events_error);
	if (errors)
		return render_endpoint(req, 422, id, ep, v, events, events_error, errors);
	PGresult *r = req_exec(req, SQL_WH_UPDATE,
			       (const char *const[]){admin_actor(req), id, v[WF_URL].str,
						     v[WF_DESCRIPTION].str, events},
			       &state);
	if (!r) {
		if (state && strncmp(state, "23", 2) == 0) {
			v[WF_URL].valid = false;
			v[WF_URL].error = "Cette adresse n’est pas acceptée.";
			return render_endpoint(req, 422, id, ep, v, events, NULL, 1);
		}
		return req_db_error(state);
	}
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/webhooks/%s?ok=modifie", id));
	return 303;
}

/* Disables endpoint {} (then back to the list) or, enable, enables it again (then back to its
 * page): 404 for an endpoint of another space, unknown, or already so. */
static int endpoint_switch(struct request *req, bool enable)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, enable ? SQL_WH_ENABLE : SQL_WH_DISABLE, (const char *const[]){admin_actor(req), id},
			       &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	resp_redirect(req, 303, enable ? arena_printf(&req->arena, "/admin/webhooks/%s?ok=reactive", id)
				       : "/admin/webhooks?ok=desactive");
	return 303;
}

int page_webhook_disable_post(struct request *req)
{
	return endpoint_switch(req, false);
}

int page_webhook_enable_post(struct request *req)
{
	return endpoint_switch(req, true);
}

int page_webhook_rotate_post(struct request *req)
{
	const char *id = path_id(req, 0), *state;
	if (!id)
		return 404;
	PGresult *r = req_exec(req, SQL_WH_ROTATE, (const char *const[]){admin_actor(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
		return 404;
	return show_secret(req, id, PQgetvalue(r, 0, 0), true);
}

int page_webhook_resend_post(struct request *req)
{
	const char *id = path_id(req, 0), *delivery = path_id(req, 1), *state;
	if (!id || !delivery)
		return 404;
	PGresult *r = req_exec(req, SQL_WH_RESEND, (const char *const[]){admin_actor(req), id, delivery},
			       &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return 409;
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/webhooks/%s?ok=renvoye", id));
	return 303;
}
