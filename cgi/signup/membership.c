/* membership.c: the member's own membership actions (schema/0024_membership_lifecycle.sql):
 * /compte/adhesion/renouveler (what renewing means, then the renewal request that staff decide
 * on /admin/adhesions) and /compte/formules/{id}/arreter (a monthly formula stopped for the
 * end of the current month; only one's own formula). */
#include "signup.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

/* Columns of SQL_MS_CURRENT. */
enum { MC_END, MC_END_FR, MC_STATUS, MC_FUTURE, MC_REQUESTED };

static const char *me(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

static int render_renew(struct request *req, int status, const char *notice, bool done)
{
	const char *state;
	PGresult *m = req_exec(req, SQL_MS_CURRENT, (const char *const[]){me(req)}, &state);
	if (!m)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "account_membership.tpl", "Renouveler mon adhésion",
					"Renouveler son adhésion à l’association");
	tpl_show(req->dict, "NOINDEX");
	if (notice)
		tpl_set(tpl_section(d, done ? "NOTICE_OK" : "NOTICE_ERROR"), "NOTICE", notice);
	bool has = PQntuples(m) == 1;
	if (has) {
		struct tpl_dict *c = tpl_section(d, "CURRENT");
		tpl_set(c, "END", PQgetvalue(m, 0, MC_END_FR));
		tpl_set(c, "STATE", strcmp(PQgetvalue(m, 0, MC_STATUS), "paid") == 0 ? "cotisation réglée"
											: "cotisation à régler");
	} else {
		tpl_show(d, "NO_MEMBERSHIP");
	}
	bool pending = has && (strcmp(PQgetvalue(m, 0, MC_REQUESTED), "t") == 0 ||
			       strcmp(PQgetvalue(m, 0, MC_FUTURE), "t") == 0);
	if (pending) {
		tpl_show(d, "ALREADY");
	} else if (!done) {
		tpl_set(tpl_section(d, "CAN_RENEW"), "CSRF", csrf_token(req));
	}
	return page_finish(req, status);
}

int page_renew(struct request *req)
{
	return render_renew(req, 200, NULL, false);
}

int page_renew_post(struct request *req)
{
	const char *confirm = kv_get(&req->form, "confirmer");
	if (!confirm || strcmp(confirm, "oui") != 0)
		return render_renew(req, 422, "Confirmez la demande de renouvellement avec le bouton ci-dessous : "
					      "rien n’a été envoyé.", false);
	const char *name = arena_printf(&req->arena, "%s", req->user->first_name ? req->user->first_name : "");
	const char *subject = arena_printf(&req->arena, "Demande de renouvellement d’adhésion : %s", name);
	const char *text = arena_printf(&req->arena,
		"%s demande à renouveler son adhésion depuis son espace membre.\n\n"
		"La demande est à traiter dans le back-office : %s/admin/adhesions\n", name, space_url(req, ""));
	const char *state;
	if (!req_exec(req, SQL_MS_RENEW_REQUEST, (const char *const[]){me(req), subject, text}, &state)) {
		if (state && (strcmp(state, "23P01") == 0 || strcmp(state, "23505") == 0))
			return render_renew(req, 409, "Votre adhésion est déjà renouvelée : rien n’a changé.", false);
		return req_db_error(state);
	}
	return render_renew(req, 200, "Votre demande de renouvellement est envoyée à l’équipe. La cotisation "
				      "sera ajoutée à votre facture et vous serez prévenu·e par e-mail.", true);
}

int page_formula_stop_post(struct request *req)
{
	const char *id = req->params[0], *state;
	if (!id || !*id || strlen(id) > 18 || strspn(id, "0123456789") != strlen(id))
		return 404;
	PGresult *r = req_exec(req, SQL_MS_FORMULA_STOP, (const char *const[]){me(req), id}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
		return 404; /* not theirs, not a running monthly formula, or already stopped */
	const char *const paras[] = {
		arena_printf(&req->arena, "Votre abonnement s’arrête à la fin du mois : son dernier jour est le %s. "
			     "Il n’est plus facturé ensuite.", PQgetvalue(r, 0, 1)),
		NULL,
	};
	return page_message(req, 200, "Abonnement arrêté à la fin du mois", "/compte", "Revenir à mon espace", paras);
}
