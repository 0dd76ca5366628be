/* event.c: one event's page, its registration form, and the cancellation link. */
#include "events.h"
#include "escape.h"
#include "fmt.h"
#include "ical.h"
#include "mail.h"
#include "markdown.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

enum reg_field { RF_NAME, RF_EMAIL, RF__MAX };
static const struct field_def reg_fields[RF__MAX] = {
	[RF_NAME] = {"nom", FIELD_LINE, true, 1, 120, NULL},
	[RF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
};
static const struct field_ui reg_ui[RF__MAX] = {
	[RF_NAME] = {"Prénom et nom", "text", "name", NULL},
	[RF_EMAIL] = {"Adresse e-mail", "email", "email",
		      "Nous y envoyons la confirmation, l’invitation pour votre agenda et un lien d’annulation."},
};

/* Column indexes of SQL_EVENT. */
enum { EC_SLUG, EC_TITLE, EC_SUMMARY, EC_CATEGORY, EC_START, EC_END, EC_PLACE, EC_ADDRESS,
       EC_STATUS, EC_CAPACITY, EC_PRICE, EC_CONFIRMED, EC_ID, EC_UID, EC_BODY, EC_SEQUENCE,
       EC_CREATED, EC_UPDATED, EC_WAITING, EC_PAST };

static time_t col_time(PGresult *r, int col)
{
	return (time_t)strtoll(PQgetvalue(r, 0, col), NULL, 10);
}

/* Loads the event named by the route's slug. Returns 0 with *out, or 404 / a db status. */
static int load_event(struct request *req, PGresult **out)
{
	const char *params[1] = {req->params[0]};
	const char *state;
	PGresult *r = req_exec(req, SQL_EVENT, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	*out = r;
	return 0;
}

static const char *place_text(struct request *req, PGresult *r)
{
	const char *addr = PQgetvalue(r, 0, EC_ADDRESS);
	return *addr ? arena_printf(&req->arena, "%s, %s", PQgetvalue(r, 0, EC_PLACE), addr)
		     : PQgetvalue(r, 0, EC_PLACE);
}

static int render_event(struct request *req, int status, PGresult *r, const struct field_value *v,
			size_t errors, const char *notice)
{
	const char *slug = PQgetvalue(r, 0, EC_SLUG);
	struct tpl_dict *d = page_start(req, "event.tpl", PQgetvalue(r, 0, EC_TITLE),
					PQgetvalue(r, 0, EC_SUMMARY));
	event_feed_links(req, PQgetvalue(r, 0, EC_CATEGORY));
	event_category_feeds(req, d, "CATEGORY_FEED", PQgetvalue(r, 0, EC_CATEGORY));
	char money[FMT_MAX], iso[FMT_MAX];
	time_t start = col_time(r, EC_START), end = col_time(r, EC_END);
	tpl_set(d, "SLUG", slug);
	tpl_set(d, "SUMMARY", PQgetvalue(r, 0, EC_SUMMARY));
	tpl_set(d, "CATEGORY", event_category_label(PQgetvalue(r, 0, EC_CATEGORY)));
	tpl_set(d, "WHEN", event_when(&req->arena, start, end));
	tpl_set(d, "DATETIME", fmt_iso_date(iso, start));
	tpl_set(d, "PLACE", place_text(req, r));
	long long price = strtoll(PQgetvalue(r, 0, EC_PRICE), NULL, 10);
	tpl_set(d, "PRICE", price ? fmt_money(money, price) : "Gratuit");
	struct buf html = {0};
	if (markdown_html(PQgetvalue(r, 0, EC_BODY), (size_t)PQgetlength(r, 0, EC_BODY), &html) < 0) {
		buf_free(&html);
		return 500;
	}
	tpl_set_len(d, "BODY_HTML", html.data ? html.data : "", html.len);
	buf_free(&html);
	bool cancelled = strcmp(PQgetvalue(r, 0, EC_STATUS), "cancelled") == 0;
	bool past = strcmp(PQgetvalue(r, 0, EC_PAST), "t") == 0;
	int confirmed = atoi(PQgetvalue(r, 0, EC_CONFIRMED));
	if (cancelled) {
		tpl_show(d, "CANCELLED");
	} else if (past) {
		tpl_show(d, "PAST");
	} else {
		struct tpl_dict *f = tpl_section(d, "REGISTER");
		tpl_set(f, "CSRF", csrf_token(req));
		if (PQgetisnull(r, 0, EC_CAPACITY)) {
			tpl_set(f, "SEATS", "Entrée libre dans la limite des places disponibles ; inscription conseillée.");
		} else {
			int cap = atoi(PQgetvalue(r, 0, EC_CAPACITY)), left = cap - confirmed;
			if (left > 0)
				tpl_set(f, "SEATS", arena_printf(&req->arena, "%d place%s restante%s sur %d.", left,
								 left > 1 ? "s" : "", left > 1 ? "s" : "", cap));
			else
				tpl_set(f, "SEATS", arena_printf(&req->arena,
					"Complet : inscrivez-vous sur la liste d’attente (%s personne%s avant vous).",
					PQgetvalue(r, 0, EC_WAITING), atoi(PQgetvalue(r, 0, EC_WAITING)) > 1 ? "s" : ""));
		}
		struct field_value pre[RF__MAX];
		if (!v && req->user) {
			pre[RF_NAME] = (struct field_value){.valid = true, .present = true,
				.str = arena_printf(&req->arena, "%s %s", req->user->first_name, req->user->last_name)};
			pre[RF_EMAIL] = (struct field_value){.valid = true, .present = true, .str = req->user->email};
			v = pre;
		}
		page_fields(req, f, "FIELDS", reg_fields, reg_ui, v, 0, RF__MAX);
		page_errors(f, errors);
		if (notice) {
			tpl_set(f, "NOTICE", notice);
			tpl_show(f, "HAS_NOTICE");
		}
	}
	return page_finish(req, status);
}

int page_event(struct request *req)
{
	PGresult *r;
	int rc = load_event(req, &r);
	if (rc)
		return rc;
	/* Members see the form filled in; their pages bypass nginx's cache (session cookie). */
	if (kv_get(&req->cookies, "session") && (rc = session_load(req)) != 0)
		return rc;
	return render_event(req, 200, r, NULL, 0, NULL);
}

/* Returns the event as an iCalendar file (for the confirmation mail's attachment). */
static const char *event_ics(struct request *req, PGresult *r, size_t *len)
{
	struct ical_event ev = {
		.uid = PQgetvalue(r, 0, EC_UID), /* the same UID as the feed's, or calendars double it */
		.sequence = atoi(PQgetvalue(r, 0, EC_SEQUENCE)),
		.start = col_time(r, EC_START),
		.end = col_time(r, EC_END),
		.stamp = time(NULL),
		.created = col_time(r, EC_CREATED),
		.modified = col_time(r, EC_UPDATED),
		.title = PQgetvalue(r, 0, EC_TITLE),
		.description = PQgetvalue(r, 0, EC_SUMMARY),
		.location = place_text(req, r),
		.url = arena_printf(&req->arena, "%s/evenements/%s", space_url(req, ""), PQgetvalue(r, 0, EC_SLUG)),
		.category = event_category_label(PQgetvalue(r, 0, EC_CATEGORY)),
		.cancelled = false,
	};
	struct buf out = {0};
	if (ical_calendar(&out, space_name(req), &ev, 1) < 0) {
		buf_free(&out);
		return NULL;
	}
	*len = out.len;
	const char *s = arena_strndup(&req->arena, out.data ? out.data : "", out.len);
	buf_free(&out);
	return s;
}

int page_event_register(struct request *req)
{
	PGresult *r;
	int rc = load_event(req, &r);
	if (rc)
		return rc;
	if (kv_get(&req->cookies, "session") && (rc = session_load(req)) != 0)
		return rc;
	struct field_value v[RF__MAX];
	size_t errors = form_read(&req->arena, &req->form, reg_fields, RF__MAX, v);
	if (strcmp(PQgetvalue(r, 0, EC_STATUS), "published") != 0 || strcmp(PQgetvalue(r, 0, EC_PAST), "t") == 0)
		return render_event(req, 409, r, NULL, 0, NULL);
	if (errors)
		return render_event(req, 422, r, v, errors, NULL);

	const char *title = PQgetvalue(r, 0, EC_TITLE);
	const char *when = event_when(&req->arena, col_time(r, EC_START), col_time(r, EC_END));
	const char *token = random_token(&req->arena, 32);
	struct buf link = {0};
	buf_printf(&link, "%s/evenements/annulation?jeton=", space_url(req, ""));
	escape_url_component(&link, token);
	const char *cancel_url = arena_strdup(&req->arena, buf_cstr(&link));
	buf_free(&link);
	const char *what = arena_printf(&req->arena, "« %s », %s, %s.", title, when, place_text(req, r));
	struct mail ok = {
		.subject = arena_printf(&req->arena, "Inscription confirmée : %s", title),
		.greeting = arena_printf(&req->arena, "Bonjour %s,", v[RF_NAME].str),
		.paragraphs = {"Votre inscription est confirmée :", what,
			       "L’invitation jointe (fichier .ics) ajoute l’événement à votre agenda."},
		.action_url = cancel_url,
		.action_label = "Annuler mon inscription",
		.after = {"Un empêchement ? Annulez avec ce lien pour laisser votre place à quelqu’un d’autre."},
	};
	struct mail wait = {
		.subject = arena_printf(&req->arena, "Liste d’attente : %s", title),
		.greeting = ok.greeting,
		.paragraphs = {"L’événement est complet : vous êtes sur la liste d’attente pour", what,
			       "Si une place se libère, elle vous revient dans l’ordre d’inscription et nous vous "
			       "prévenons par e-mail."},
		.action_url = cancel_url,
		.action_label = "Quitter la liste d’attente",
	};
	/* An address already registered gets this instead, and the same answer as a new one. */
	struct mail known = {
		.subject = arena_printf(&req->arena, "Vous êtes déjà inscrit : %s", title),
		.greeting = "Bonjour,",
		.paragraphs = {"Une nouvelle inscription a été demandée avec cette adresse pour", what,
			       "Vous y êtes déjà inscrit (ou sur la liste d’attente) : rien ne change. Voici "
			       "un nouveau lien pour annuler si besoin ; celui de votre premier e-mail ne "
			       "fonctionne plus."},
		.action_url = cancel_url,
		.action_label = "Annuler mon inscription",
		.after = {"Si vous n’avez rien demandé, ignorez ce message."},
	};
	const char *ok_text, *ok_html, *wait_text, *wait_html, *known_text, *known_html;
	if ((rc = mail_render(req, &ok, &ok_text, &ok_html)) || (rc = mail_render(req, &wait, &wait_text, &wait_html)) ||
	    (rc = mail_render(req, &known, &known_text, &known_html)))
		return rc;
	size_t ics_len = 0;
	const char *ics = event_ics(req, r, &ics_len);
	if (!ics)
		return 500;
	const char *params[15] = {
		PQgetvalue(r, 0, EC_ID),
		req->user ? arena_printf(&req->arena, "%lld", (long long)req->user->person_id) : NULL,
		v[RF_NAME].str, v[RF_EMAIL].str, token_hash_param(&req->arena, token),
		ok.subject, ok_text, ok_html, wait.subject, wait_text, wait_html,
		bytea_param(&req->arena, ics, ics_len), known.subject, known_text, known_html,
	};
	const char *state;
	PGresult *res = req_exec(req, SQL_REGISTER, params, &state);
	if (!res) {
		if (state && (strcmp(state, "P0002") == 0 || strcmp(state, "FT409") == 0))
			return render_event(req, 409, r, v, 0,
				"Les inscriptions ne sont plus ouvertes pour cet événement, ou la dernière place "
				"vient d’être prise : rechargez la page.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, arena_printf(&req->arena, "/evenements/%s/inscription?statut=%s",
					     PQgetvalue(r, 0, EC_SLUG),
					     strcmp(PQgetvalue(res, 0, 0), "confirmed") == 0 ? "confirmee" : "attente"));
	return 0;
}

int page_event_registered(struct request *req)
{
	PGresult *r;
	int rc = load_event(req, &r);
	if (rc)
		return rc;
	const char *st = kv_get(&req->query, "statut");
	bool waiting = st && strcmp(st, "attente") == 0;
	const char *what = arena_printf(&req->arena, "« %s », %s.", PQgetvalue(r, 0, EC_TITLE),
					event_when(&req->arena, col_time(r, EC_START), col_time(r, EC_END)));
	const char *text[] = {
		waiting ? "L’événement est complet : vous êtes sur la liste d’attente pour"
			: "Votre inscription est enregistrée pour",
		what,
		waiting ? "Nous vous écrivons si une place se libère."
			: "Un e-mail de confirmation vous a été envoyé, avec l’invitation pour votre agenda "
			  "et un lien pour annuler.",
		NULL,
	};
	return page_message(req, 200, waiting ? "Vous êtes sur la liste d’attente" : "Inscription confirmée",
			    "/evenements", "Voir les autres événements", text);
}

static int invalid_cancel(struct request *req)
{
	static const char *const text[] = {"Ce lien d’annulation n’est pas valable.", NULL};
	return page_message(req, 404, "Lien inconnu", "/evenements", "Voir les événements", text);
}

int page_event_cancel(struct request *req)
{
	const char *token = link_token(&req->query);
	if (!token)
		return invalid_cancel(req);
	const char *params[1] = {token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = req_exec(req, SQL_REGISTRATION_BY_TOKEN, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
		return invalid_cancel(req);
	if (strcmp(PQgetvalue(r, 0, 1), "cancelled") == 0) {
		static const char *const text[] = {"Cette inscription est déjà annulée.", NULL};
		return page_message(req, 200, "Inscription annulée", "/evenements", "Voir les événements", text);
	}
	/* A link checker may open the link: cancelling waits for this button. */
	struct tpl_dict *d = page_start(req, "event_cancel.tpl", "Annuler mon inscription",
					arena_printf(&req->arena, "Annulez votre inscription à un événement de %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "TOKEN", token);
	tpl_set(d, "NAME", PQgetvalue(r, 0, 2));
	tpl_set(d, "EV_TITLE", PQgetvalue(r, 0, 3));
	tpl_set(d, "SLUG", PQgetvalue(r, 0, 4));
	char date[FMT_MAX];
	tpl_set(d, "WHEN", fmt_date_long(date, (time_t)strtoll(PQgetvalue(r, 0, 5), NULL, 10)));
	return page_finish(req, 200);
}

int page_event_cancel_post(struct request *req)
{
	const char *token = link_token(&req->form);
	if (!token)
		return invalid_cancel(req);
	const char *hash = token_hash_param(&req->arena, token);
	const char *params1[1] = {hash};
	const char *state;
	PGresult *r = req_exec(req, SQL_REGISTRATION_BY_TOKEN, params1, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
		return invalid_cancel(req);
	const char *title = PQgetvalue(r, 0, 3);
	const char *params[3] = {
		hash,
		arena_printf(&req->arena, "Une place s’est libérée : %s", title),
		arena_printf(&req->arena,
			     "Bonjour {name},\n\nUne place s’est libérée pour « %s » : votre inscription est "
			     "confirmée.\n\nUn empêchement ? Répondez à ce message pour laisser la place.\n\n"
			     "À bientôt à %s !\n", title, space_name(req)),
	};
	if (!req_exec(req, SQL_REGISTRATION_CANCEL, params, &state))
		return req_db_error(state);
	static const char *const text[] = {
		"Votre inscription est annulée. Merci d’avoir libéré votre place !", NULL};
	return page_message(req, 200, "Inscription annulée", "/evenements", "Voir les événements", text);
}
