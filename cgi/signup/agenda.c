/* agenda.c: the member's personal calendar address (/agenda/<token>.ics, served by the feed
 * program, cgi/feed/personal.c): its block in the portal, made or replaced (the old address
 * then answers 404) and deleted. Only the token's hash is stored: the address is shown once,
 * right after it is made. */
#include "signup.h"
#include "fmt.h"
#include "session.h"
#include <stdlib.h>
#include <string.h>

static const char *person_param(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

int portal_agenda(struct request *req, struct tpl_dict *d)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_AGENDA_SINCE, (const char *const[]){person_param(req)}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *a = tpl_section(d, "AGENDA");
	tpl_set(a, "CSRF", csrf_token(req));
	if (kv_get(&req->query, "agenda"))
		tpl_show(a, "AGENDA_DELETED");
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
		char date[FMT_MAX];
		tpl_set(tpl_section(a, "AGENDA_ON"), "AGENDA_SINCE",
			fmt_date_long(date, (time_t)strtoll(PQgetvalue(r, 0, 0), NULL, 10)));
	} else {
		tpl_show(a, "AGENDA_OFF");
	}
	return 0;
}

/* POST /compte/agenda: a new secret address (replacing the old one), shown once. */
int page_agenda_post(struct request *req)
{
	const char *token = random_token(&req->arena, 32);
	const char *state;
	if (!req_exec(req, SQL_AGENDA_RENEW,
		      (const char *const[]){person_param(req), token_hash_param(&req->arena, token)}, &state))
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "agenda.tpl", "Mon agenda personnel",
					arena_printf(&req->arena, "L’adresse secrète de votre agenda personnel à %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_show(req->dict, "NO_REFERRER");
	const char *url = arena_printf(&req->arena, "%s/agenda/%s.ics", space_url(req, ""), token);
	tpl_set(d, "AGENDA_URL", url);
	return page_finish(req, 200);
}

/* POST /compte/agenda/supprimer: the address stops working. */
int page_agenda_delete_post(struct request *req)
{
	const char *state;
	if (!req_exec(req, SQL_AGENDA_REVOKE, (const char *const[]){person_param(req)}, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/compte?agenda=supprime#agenda-titre");
	return 0;
}
