/* contact.c: the contact form: shown, checked, saved with a message queued to the staff. */
#include "site.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

enum contact_field { CF_NAME, CF_EMAIL, CF_PHONE, CF_SUBJECT, CF_MESSAGE, CF_KEY, CF_TRAP, CF__MAX };

static const struct field_def contact_fields[CF__MAX] = {
	[CF_NAME] = {"nom", FIELD_LINE, true, 1, 120, NULL},
	[CF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
	[CF_PHONE] = {"telephone", FIELD_PHONE, false, 0, 30, NULL},
	[CF_SUBJECT] = {"objet", FIELD_LINE, true, 1, 200, NULL},
	[CF_MESSAGE] = {"message", FIELD_TEXT, true, 10, 5000, NULL},
	[CF_KEY] = {"cle", FIELD_UUID, false, 0, 0, NULL},
	/* Honeypot: hidden from people, filled in by bots. */
	[CF_TRAP] = {"site_web", FIELD_LINE, false, 0, 0, NULL},
};

static const struct form_vars contact_vars[CF__MAX] = {
	[CF_NAME] = {"NOM_VALUE", "NOM_ERROR", "NOM_INVALID"},
	[CF_EMAIL] = {"EMAIL_VALUE", "EMAIL_ERROR", "EMAIL_INVALID"},
	[CF_PHONE] = {"TELEPHONE_VALUE", "TELEPHONE_ERROR", "TELEPHONE_INVALID"},
	[CF_SUBJECT] = {"OBJET_VALUE", "OBJET_ERROR", "OBJET_INVALID"},
	[CF_MESSAGE] = {"MESSAGE_VALUE", "MESSAGE_ERROR", "MESSAGE_INVALID"},
	[CF_KEY] = {NULL, NULL, NULL},
	[CF_TRAP] = {NULL, NULL, NULL},
};

/* Returns a new random UUID (v4) for the form's idempotency key. */
static const char *new_key(struct request *req)
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	return arena_printf(&req->arena,
			    "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
			    b[12], b[13], b[14], b[15]);
}

/* Renders the contact page with the form (values and messages when values is not NULL). */
static int render(struct request *req, int status, const struct field_value *values,
		  size_t n_errors, const char *key, const char *notice)
{
	int rc;
	struct tpl_dict *d = site_contact_page(req, &rc);
	if (!d)
		return rc;
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "KEY", key);
	if (values) {
		page_form(d, contact_fields, contact_vars, values, CF__MAX, n_errors);
	} else {
		/* A subject may be suggested by a link ("/contact?objet=Adhésion"). */
		const char *subject = kv_get(&req->query, "objet");
		if (subject && strlen(subject) <= 200 && !strpbrk(subject, "\r\n"))
			tpl_set(d, "OBJET_VALUE", subject);
	}
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

int page_contact(struct request *req)
{
	return render(req, 200, NULL, 0, new_key(req), NULL);
}

int page_contact_post(struct request *req)
{
	struct field_value v[CF__MAX];
	size_t errors = form_read(&req->arena, &req->form, contact_fields, CF__MAX, v);
	if (!v[CF_KEY].valid) {
		/* A garbled hidden key is not the visitor's mistake: a new one is used. */
		v[CF_KEY] = (struct field_value){.valid = true, .str = ""};
		errors--;
	}
	const char *key = v[CF_KEY].present && v[CF_KEY].valid ? v[CF_KEY].str : new_key(req);
	if (v[CF_TRAP].present) {
		/* A bot: answer as if all went well, save nothing. */
		resp_redirect(req, 303, "/contact/merci");
		return 0;
	}
	if (errors)
		return render(req, 422, v, errors, key, NULL);
	const char *params[7] = {
		v[CF_NAME].str, v[CF_EMAIL].str, v[CF_PHONE].present ? v[CF_PHONE].str : NULL,
		v[CF_SUBJECT].str, v[CF_MESSAGE].str, req->remote_addr, key,
	};
	const char *state;
	PGresult *r = req_exec(req, SQL_CONTACT_SUBMIT, params, &state);
	if (!r) {
		if (state && strcmp(state, SQLSTATE_RATE_LIMITED) == 0)
			return render(req, 429, v, 0, key,
				      "Trop de messages ont été envoyés dans l’heure avec cette adresse e-mail, "
				      "ou depuis votre réseau. Merci de patienter avant d’en envoyer un autre, "
				      "ou appelez-nous.");
		if (state && strncmp(state, "23", 2) == 0)
			return render(req, 422, v, 0, key,
				      "Votre message n’a pas pu être enregistré : vérifiez les champs.");
		return req_db_error(state);
	}
	resp_redirect(req, 303, "/contact/merci");
	return 0;
}

int page_contact_thanks(struct request *req)
{
	page_start(req, "contact_thanks.tpl", "Message envoyé",
		   "Votre message a bien été transmis à l’équipe de La Fontaine.");
	tpl_show(req->dict, "NOINDEX");
	return page_finish(req, 200);
}
