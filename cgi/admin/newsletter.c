/* newsletter.c: /admin/lettre, an email to the members who consented (person.newsletter) or to
 * the subscribers of one event, queued in the outbox (the mailer sends it), each with its own
 * unsubscribe link: /desinscription?e=<address>&t=<signed_token("unsubscribe", address)>, a
 * public page of this program (nginx routes it here) that asks for a confirmation (a POST,
 * with CSRF) and then stops every newsletter to the address. */
#include "admin.h"
#include "escape.h"
#include "fmt.h"
#include "mail.h"
#include "markdown.h"
#include <stdlib.h>
#include <string.h>

enum { NL_SUBJECT, NL_BODY, NL_AUDIENCE, NL__MAX };

static const struct field_def nl_fields[NL__MAX] = {
	[NL_SUBJECT] = {"sujet", FIELD_LINE, true, 1, 200, NULL},
	[NL_BODY] = {"message", FIELD_TEXT, true, 1, 20000, NULL},
	[NL_AUDIENCE] = {"destinataires", FIELD_LINE, true, 1, 40, NULL},
};

static const struct field_ui nl_ui[NL__MAX] = {
	[NL_SUBJECT] = {"Objet", "text", "off", NULL},
	[NL_BODY] = {"Message", "textarea", NULL,
		     "Une ligne vide sépare les paragraphes ; **gras**, *italique*, listes (« - ») et liens "
		     "sont mis en forme dans la version HTML du message. « Bonjour <prénom>, » et le lien "
		     "de désinscription sont ajoutés à chaque message."},
};

/* The database audience of the form's value ("membres", "evenement-<id>"), or NULL. */
static const char *audience_of(struct request *req, const char *v)
{
	if (strcmp(v, "membres") == 0)
		return "members";
	if (strncmp(v, "evenement-", 10) == 0 && v[10] && strlen(v + 10) <= 18 &&
	    strspn(v + 10, "0123456789") == strlen(v + 10))
		return arena_printf(&req->arena, "event:%s", v + 10);
	return NULL;
}

/* The unsubscribe link of email: the page that asks for a confirmation (path
 * "/desinscription"), or the one-click address of its List-Unsubscribe header (RFC 8058,
 * "/desinscription/un-clic": a POST there unsubscribes, the token in the URL is the proof). */
static const char *unsubscribe_url(struct request *req, const char *path, const char *email)
{
	struct buf u = {0};
	buf_printf(&u, "%s%s?e=", space_url(req, ""), path);
	escape_url_component(&u, email);
	buf_puts(&u, "&t=");
	buf_puts(&u, signed_token(&req->arena, "unsubscribe", email));
	const char *s = arena_strdup(&req->arena, buf_cstr(&u));
	buf_free(&u);
	return s;
}

/* Splits text into paragraphs at blank lines (at most MAIL_MAX_PARAGRAPHS; the rest joins the
 * last one). */
static void paragraphs(struct request *req, const char *text, const char **out)
{
	int n = 0;
	const char *p = text;
	while (*p && n < MAIL_MAX_PARAGRAPHS) {
		while (*p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		const char *end = n == MAIL_MAX_PARAGRAPHS - 1 ? NULL : strstr(p, "\n\n");
		const char *end_crlf = n == MAIL_MAX_PARAGRAPHS - 1 ? NULL : strstr(p, "\r\n\r\n");
		if (end_crlf && (!end || end_crlf < end))
			end = end_crlf;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		out[n++] = arena_strndup(&req->arena, p, len);
		p += len;
	}
	if (n < MAIL_MAX_PARAGRAPHS)
		out[n] = NULL;
}

/* Appends s to an array literal being built ("{" already there), quoted and escaped. */
static void array_add(struct buf *b, const char *s, bool first)
{
	if (!first)
		buf_putc(b, ',');
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static int render(struct request *req, int status, struct field_value *v, size_t errors,
		  const char *notice, PGresult *preview_to)
{
	const char *state;
	PGresult *ev = req_exec(req, SQL_NL_EVENTS, NULL, &state);
	PGresult *hist = ev ? req_exec(req, SQL_NL_HISTORY, NULL, &state) : NULL;
	if (!hist)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_newsletter.tpl", "Lettre d’information");
	static const char *const notices[] = {"envoye", "La lettre est dans la file d’envoi.", NULL};
	admin_notice(req, d, notices);
	if (notice)
		tpl_set(tpl_section(d, "NOTICE_ERROR"), "NOTICE", notice);
	tpl_set(d, "CSRF", csrf_token(req));
	page_fields(req, d, "FIELDS", nl_fields, nl_ui, v, NL_SUBJECT, NL_AUDIENCE);
	if (strcmp(v[NL_AUDIENCE].str, "membres") == 0 || !*v[NL_AUDIENCE].str)
		tpl_show(d, "MEMBERS_SELECTED");
	char date[FMT_MAX];
	for (int i = 0; i < PQntuples(ev); i++) {
		struct tpl_dict *o = tpl_section(d, "EVENT");
		const char *value = arena_printf(&req->arena, "evenement-%s", PQgetvalue(ev, i, 0));
		tpl_set(o, "VALUE", value);
		tpl_set(o, "LABEL", arena_printf(&req->arena, "Inscrits à « %s » (%s, %s inscrit·es)", PQgetvalue(ev, i, 1),
						 fmt_date(date, (time_t)strtoll(PQgetvalue(ev, i, 2), NULL, 10)),
						 PQgetvalue(ev, i, 3)));
		if (strcmp(v[NL_AUDIENCE].str, value) == 0)
			tpl_show(o, "SELECTED");
	}
	if (!v[NL_AUDIENCE].valid)
		tpl_set(tpl_section(d, "AUDIENCE_INVALID"), "AUDIENCE_ERROR", v[NL_AUDIENCE].error);
	page_errors(d, errors);
	if (preview_to) {
		struct tpl_dict *p = tpl_section(d, "PREVIEW");
		char to[FMT_MAX];
		tpl_set(p, "N_RECIPIENTS", fmt_plural(to, PQntuples(preview_to), "destinataire", "destinataires"));
		const char *paras[MAIL_MAX_PARAGRAPHS + 1] = {0};
		paragraphs(req, v[NL_BODY].str, paras);
		for (int i = 0; i < MAIL_MAX_PARAGRAPHS && paras[i]; i++)
			tpl_set(tpl_section(p, "PARAGRAPH"), "TEXT", paras[i]);
		tpl_set(p, "P_SUBJECT", v[NL_SUBJECT].str);
		if (PQntuples(preview_to) > 0)
			tpl_show(p, "CAN_SEND");
	}
	for (int i = 0; i < PQntuples(hist); i++) {
		struct tpl_dict *h = tpl_section(d, "SENT");
		tpl_set(h, "H_SUBJECT", PQgetvalue(hist, i, 0));
		tpl_set(h, "H_AUDIENCE", strcmp(PQgetvalue(hist, i, 1), "members") == 0 ? "membres consentants"
											: "inscrits à un événement");
		tpl_set(h, "H_N", PQgetvalue(hist, i, 2));
		tpl_set(h, "H_WHEN", fmt_date(date, (time_t)strtoll(PQgetvalue(hist, i, 3), NULL, 10)));
		tpl_set(h, "H_WHO", PQgetvalue(hist, i, 4));
	}
	return page_finish(req, status);
}

int page_newsletter(struct request *req)
{
	struct field_value v[NL__MAX];
	for (int i = 0; i < NL__MAX; i++)
		v[i] = (struct field_value){.valid = true, .str = ""};
	v[NL_AUDIENCE].str = "membres";
	return render(req, 200, v, 0, NULL, NULL);
}

int page_newsletter_post(struct request *req)
{
	struct field_value v[NL__MAX];
	size_t errors = form_read(&req->arena, &req->form, nl_fields, NL__MAX, v);
	const char *audience = v[NL_AUDIENCE].valid ? audience_of(req, v[NL_AUDIENCE].str) : NULL;
	if (v[NL_AUDIENCE].valid && !audience) {
		v[NL_AUDIENCE].valid = false;
		v[NL_AUDIENCE].error = "Choisissez les destinataires dans la liste.";
		errors++;
	}
	if (errors)
		return render(req, 422, v, errors, NULL, NULL);
	const char *state;
	PGresult *to = req_exec(req, SQL_NL_RECIPIENTS, (const char *const[]){audience}, &state);
	if (!to)
		return req_db_error(state);
	const char *action = kv_get(&req->form, "action");
	if (!action || strcmp(action, "envoyer") != 0)
		return render(req, 200, v, 0, NULL, to);
	if (PQntuples(to) == 0)
		return render(req, 422, v, 0, "Aucun destinataire : personne n’a accepté de recevoir la "
			      "lettre dans ce public.", to);

	struct buf emails = {0}, texts = {0}, htmls = {0}, unsubs = {0}, body = {0};
	buf_putc(&emails, '{'), buf_putc(&texts, '{'), buf_putc(&htmls, '{'), buf_putc(&unsubs, '{');
	struct mail m = {.subject = v[NL_SUBJECT].str, .action_label = "Se désinscrire de la lettre d’information"};
	paragraphs(req, v[NL_BODY].str, m.paragraphs);
	/* The HTML part: the message as Markdown, by cmark in safe mode (raw HTML dropped). */
	if (markdown_html(v[NL_BODY].str, strlen(v[NL_BODY].str), &body) < 0) {
		buf_free(&emails), buf_free(&texts), buf_free(&htmls), buf_free(&unsubs), buf_free(&body);
		return 500;
	}
	m.body_html = arena_strdup(&req->arena, buf_cstr(&body));
	buf_free(&body);
	m.after[0] = arena_printf(&req->arena, "Vous recevez ce message parce que vous avez accepté de "
				  "recevoir les nouvelles de %s, ou parce que vous êtes inscrit·e à l’un de ses "
				  "événements. Le lien ci-dessus arrête tout envoi de la lettre à votre adresse.",
				  space_name(req));
	int rc = 0;
	for (int i = 0; i < PQntuples(to) && !rc; i++) {
		const char *email = PQgetvalue(to, i, 0), *first = PQgetvalue(to, i, 1);
		m.greeting = *first ? arena_printf(&req->arena, "Bonjour %s,", first) : "Bonjour,";
		m.action_url = unsubscribe_url(req, "/desinscription", email);
		const char *text, *html;
		rc = mail_render(req, &m, &text, &html);
		array_add(&emails, email, i == 0);
		array_add(&texts, rc ? "" : text, i == 0);
		array_add(&htmls, rc ? "" : html, i == 0);
		array_add(&unsubs, unsubscribe_url(req, "/desinscription/un-clic", email), i == 0);
	}
	buf_putc(&emails, '}'), buf_putc(&texts, '}'), buf_putc(&htmls, '}'), buf_putc(&unsubs, '}');
	PGresult *r = NULL;
	if (!rc)
		r = req_exec(req, SQL_NL_SEND,
			     (const char *const[]){admin_actor(req), v[NL_SUBJECT].str, v[NL_BODY].str, audience,
						   buf_cstr(&emails), buf_cstr(&texts), buf_cstr(&htmls),
						   buf_cstr(&unsubs)}, &state);
	buf_free(&emails), buf_free(&texts), buf_free(&htmls), buf_free(&unsubs);
	if (rc)
		return rc;
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, "/admin/lettre?ok=envoye");
	return 303;
}

/* ---- the public unsubscribe page ------------------------------------------------------------ */

static int bad_link(struct request *req)
{
	const char *const paras[] = {
		"Ce lien de désinscription n’est pas valide : il a peut-être été coupé par votre "
		"messagerie. Copiez-le en entier depuis le message, ou écrivez-nous pour ne plus "
		"recevoir la lettre.", NULL,
	};
	return page_message(req, 400, "Lien de désinscription invalide", "/contact", "Nous écrire", paras);
}

int page_unsubscribe(struct request *req)
{
	const char *e = kv_get(&req->query, "e"), *t = kv_get(&req->query, "t");
	if (!e || strlen(e) > 254 || !signed_token_valid(&req->arena, "unsubscribe", e, t))
		return bad_link(req);
	struct tpl_dict *d = page_start(req, "admin_unsubscribe.tpl", "Se désinscrire de la lettre d’information",
					arena_printf(&req->arena, "Ne plus recevoir la lettre d’information de %s.",
						     space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "EMAIL", e);
	tpl_set(d, "TOKEN", t);
	return page_finish(req, 200);
}

int page_unsubscribe_post(struct request *req)
{
	const char *e = kv_get(&req->form, "e"), *t = kv_get(&req->form, "t");
	if (!e || strlen(e) > 254 || !signed_token_valid(&req->arena, "unsubscribe", e, t))
		return bad_link(req);
	const char *state;
	if (!req_exec(req, SQL_UNSUBSCRIBE, (const char *const[]){e}, &state))
		return req_db_error(state);
	const char *const paras[] = {
		arena_printf(&req->arena, "L’adresse %s ne recevra plus la lettre d’information de %s.", e,
			     space_name(req)),
		"Les messages liés à votre compte ou à vos réservations (confirmations, factures) "
		"continueront de vous être envoyés.", NULL,
	};
	return page_message(req, 200, "Vous êtes désinscrit·e", "/", "Revenir à l’accueil", paras);
}

/* /desinscription/un-clic?e=…&t=…: the List-Unsubscribe address of the newsletters. A mail
 * client POSTs "List-Unsubscribe=One-Click" there (RFC 8058), without cookies: the signed token
 * in the URL is the proof, so the route takes no CSRF token. A person who opens it is sent to
 * the page that asks for a confirmation. */
int page_unsubscribe_one_click(struct request *req)
{
	const char *e = kv_get(&req->query, "e"), *t = kv_get(&req->query, "t");
	if (!e || strlen(e) > 254 || !signed_token_valid(&req->arena, "unsubscribe", e, t))
		return bad_link(req);
	if (req->method != METHOD_POST) {
		resp_redirect(req, 303, unsubscribe_url(req, "/desinscription", e) + strlen(base_url()));
		return 303;
	}
	const char *v = kv_get(&req->form, "List-Unsubscribe");
	if (!v || strcmp(v, "One-Click") != 0)
		return bad_link(req);
	const char *state;
	if (!req_exec(req, SQL_UNSUBSCRIBE, (const char *const[]){e}, &state))
		return req_db_error(state);
	const char *const paras[] = {
		arena_printf(&req->arena, "L’adresse %s ne recevra plus la lettre d’information de %s.", e,
			     space_name(req)), NULL,
	};
	return page_message(req, 200, "Vous êtes désinscrit·e", "/", "Revenir à l’accueil", paras);
}
