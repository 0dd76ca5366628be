/* totp.c: the second factor of staff and admin accounts: TOTP (RFC 6238, liboath) enrolment
 * with its key in base32, an otpauth:// URI and its QR code (libqrencode), confirmation by a
 * first code, recovery codes, and turning it off (staff only). */
#include "signup.h"
#include "fmt.h"
#include "buf.h"
#include "escape.h"
#include "session.h"
#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TOTP_KEY_LEN = 20, TOTP_STEP = 30, TOTP_DIGITS = 6, RECOVERY_CODES = 10 };

int totp_key_from_bytea(const char *value, unsigned char key[20])
{
	size_t len = 0;
	if (!value || strncmp(value, "\\x", 2) != 0 || strlen(value) != 2 + 2 * TOTP_KEY_LEN)
		return -1;
	if (sodium_hex2bin(key, TOTP_KEY_LEN, value + 2, 2 * TOTP_KEY_LEN, NULL, &len, NULL) != 0 ||
	    len != TOTP_KEY_LEN)
		return -1;
	return 0;
}

long long totp_match(const unsigned char *key, const char *code)
{
	static bool ready;
	if (!ready && oath_init() != OATH_OK)
		return -1;
	ready = true;
	if (strlen(code) != TOTP_DIGITS || strspn(code, "0123456789") != TOTP_DIGITS)
		return -1;
	time_t now = time(NULL);
	static const int drift[] = {0, -1, 1};
	long long found = -1;
	for (size_t i = 0; i < sizeof drift / sizeof drift[0]; i++) {
		char otp[TOTP_DIGITS + 1];
		time_t at = now + drift[i] * TOTP_STEP;
		if (oath_totp_generate((const char *)key, TOTP_KEY_LEN, at, TOTP_STEP, 0, TOTP_DIGITS,
				       otp) != OATH_OK)
			return -1;
		if (sodium_memcmp(otp, code, TOTP_DIGITS) == 0 && found < 0)
			found = (long long)(at / TOTP_STEP);
	}
	return found;
}

/* The QR code of text as an inline SVG (dark modules as one path), or NULL. */
static const char *qr_svg(struct request *req, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return NULL;
	int w = qr->width, size = w + 8;
	struct buf out = {0};
	buf_printf(&out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 %d %d\" "
		   "width=\"240\" height=\"240\" role=\"img\" aria-label=\"QR code de la clé, à scanner "
		   "avec votre application\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
		   "fill=\"#fff\"/><path fill=\"#000\" d=\"", size, size, size, size);
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++)
			if (qr->data[y * w + x] & 1)
				buf_printf(&out, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_printf(&out, "\"/></svg>");
	QRcode_free(qr);
	const char *s = arena_strdup(&req->arena, buf_cstr(&out));
	buf_free(&out);
	return s;
}

static const char *uid(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

/* Loads the person's second-factor state (one row, enum TS_*). Returns it or NULL (*status). */
static PGresult *load_state(struct request *req, int *status)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_TOTP_STATE, (const char *const[]){uid(req)}, &state);
	if (!r) {
		*status = req_db_error(state);
		return NULL;
	}
	if (PQntuples(r) != 1) {
		*status = 404;
		return NULL;
	}
	return r;
}

static void show_error(struct tpl_dict *d, const char *error)
{
	if (!error)
		return;
	tpl_set(d, "CODE_ERROR", error);
	tpl_show(d, "CODE_INVALID");
	tpl_show(d, "FORM_ERRORS");
	tpl_set(d, "N_ERRORS", "1" FMT_NBSP "erreur");
}

/* Renders the page: the state, or the enrolment (key, URI, QR code) with the code form. */
static int render_totp(struct request *req, int status, const char *error, const char *notice)
{
	int rc;
	PGresult *st = load_state(req, &rc);
	if (!st)
		return rc;
	struct tpl_dict *d = page_start(req, "totp.tpl", "Double authentification",
					"Protégez votre compte de l’équipe avec un code à usage unique.");
	tpl_show(req->dict, "NOINDEX");
	if (notice) {
		tpl_set(d, "NOTICE", notice);
		tpl_show(d, "HAS_NOTICE");
	}
	if (strcmp(PQgetvalue(st, 0, TS_ENABLED), "t") == 0) {
		struct tpl_dict *e = tpl_section(d, "ENABLED");
		tpl_set(e, "CODES_LEFT", PQgetvalue(st, 0, TS_CODES_LEFT));
		if (strcmp(PQgetvalue(st, 0, TS_ADMIN), "t") == 0) {
			tpl_show(e, "ADMIN_REQUIRED");
		} else {
			struct tpl_dict *f = tpl_section(e, "DISABLE_FORM");
			tpl_set(f, "CSRF", csrf_token(req));
			show_error(f, error);
		}
		return page_finish(req, status);
	}
	unsigned char key[TOTP_KEY_LEN];
	const char *pending = PQgetvalue(st, 0, TS_PENDING);
	if (PQgetisnull(st, 0, TS_PENDING)) {
		randombytes_buf(key, sizeof key);
		const char *state;
		PGresult *r = req_exec(req, SQL_TOTP_SETUP,
				       (const char *const[]){uid(req),
							     bytea_param(&req->arena, (const char *)key, sizeof key)},
				       &state);
		if (!r)
			return req_db_error(state);
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
			return 403;
		pending = PQgetvalue(r, 0, 0);
	}
	if (totp_key_from_bytea(pending, key) != 0)
		return 500;
	char *b32 = NULL;
	size_t b32len = 0;
	if (oath_base32_encode((const char *)key, sizeof key, &b32, &b32len) != OATH_OK)
		return 500;
	sodium_memzero(key, sizeof key);
	const char *secret = arena_strndup(&req->arena, b32, b32len);
	free(b32);
	struct buf uri = {0};
	buf_printf(&uri, "otpauth://totp/La%%20Fontaine:");
	escape_url_component(&uri, req->user->email);
	buf_printf(&uri, "?secret=%s&issuer=La%%20Fontaine&algorithm=SHA1&digits=6&period=30", secret);
	const char *uri_s = arena_strdup(&req->arena, buf_cstr(&uri));
	buf_free(&uri);
	struct tpl_dict *s = tpl_section(d, "SETUP");
	tpl_set(s, "CSRF", csrf_token(req));
	/* Shown in groups of four, as authenticator apps print keys. */
	struct buf grouped = {0};
	for (size_t i = 0; secret[i]; i++) {
		if (i && i % 4 == 0)
			buf_putc(&grouped, ' ');
		buf_putc(&grouped, secret[i]);
	}
	tpl_set(s, "SECRET", buf_cstr(&grouped));
	buf_free(&grouped);
	tpl_set(s, "URI", uri_s);
	const char *svg = qr_svg(req, uri_s);
	if (svg)
		tpl_set(tpl_section(s, "QR"), "QR_SVG", svg);
	show_error(s, error);
	return page_finish(req, status);
}

int page_totp(struct request *req)
{
	return render_totp(req, 200, NULL, kv_get(&req->query, "desactivee")
				? "La double authentification est désactivée." : NULL);
}

/* The typed code without its spaces (at most 15 characters). */
static const char *typed_code(struct request *req)
{
	const char *in = kv_get(&req->form, "code");
	char out[16];
	size_t n = 0;
	for (const char *p = in ? in : ""; *p && n < sizeof out - 1; p++)
		if (*p != ' ')
			out[n++] = *p;
	out[n] = '\0';
	return arena_strdup(&req->arena, out);
}

static const char *const WRONG_CODE =
	"Ce code n’est pas valable : saisissez le code à 6 chiffres affiché maintenant par votre "
	"application (vérifiez que l’heure de votre téléphone est juste).";

int page_totp_post(struct request *req)
{
	int rc;
	PGresult *st = load_state(req, &rc);
	if (!st)
		return rc;
	unsigned char key[TOTP_KEY_LEN];
	if (strcmp(PQgetvalue(st, 0, TS_ENABLED), "t") == 0)
		return render_totp(req, 409, NULL, "La double authentification est déjà activée.");
	if (PQgetisnull(st, 0, TS_PENDING) || totp_key_from_bytea(PQgetvalue(st, 0, TS_PENDING), key) != 0)
		return render_totp(req, 422, WRONG_CODE, NULL);
	long long step = totp_match(key, typed_code(req));
	sodium_memzero(key, sizeof key);
	if (step < 0)
		return render_totp(req, 422, WRONG_CODE, NULL);

	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	const char *shown[RECOVERY_CODES];
	struct buf array = {0};
	buf_putc(&array, '{');
	for (int i = 0; i < RECOVERY_CODES; i++) {
		unsigned char rnd[10];
		char code[11];
		randombytes_buf(rnd, sizeof rnd);
		for (int k = 0; k < 10; k++)
			code[k] = alphabet[rnd[k] & 31];
		code[10] = '\0';
		shown[i] = arena_printf(&req->arena, "%.5s-%.5s", code, code + 5);
		/* Each element as "\\x..." inside the array literal (the backslash doubled). */
		buf_printf(&array, "%s\"\\%s\"", i ? "," : "", token_hash_param(&req->arena, code));
	}
	buf_putc(&array, '}');
	const char *codes = arena_strdup(&req->arena, buf_cstr(&array));
	buf_free(&array);
	const char *state;
	PGresult *r = req_exec(req, SQL_TOTP_ENABLE,
			       (const char *const[]){uid(req), arena_printf(&req->arena, "%lld", step), codes},
			       &state);
	if (!r)
		return req_db_error(state);
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0)
		return render_totp(req, 409, NULL, "La double authentification n’a pas pu être activée : "
				   "rechargez la page.");
	struct tpl_dict *d = page_start(req, "totp.tpl", "Double authentification activée",
					"Vos codes de secours.");
	tpl_show(req->dict, "NOINDEX");
	struct tpl_dict *rec = tpl_section(d, "RECOVERY");
	for (int i = 0; i < RECOVERY_CODES; i++)
		tpl_set(tpl_section(rec, "CODE"), "RECOVERY_CODE", shown[i]);
	return page_finish(req, 200);
}

int page_totp_disable_post(struct request *req)
{
	int rc;
	PGresult *st = load_state(req, &rc);
	if (!st)
		return rc;
	if (strcmp(PQgetvalue(st, 0, TS_ENABLED), "t") != 0) {
		resp_redirect(req, 303, "/compte/double-authentification");
		return 0;
	}
	if (strcmp(PQgetvalue(st, 0, TS_ADMIN), "t") == 0) {
		static const char *const text[] = {
			"La double authentification est obligatoire pour les comptes administrateur : elle "
			"ne peut pas être désactivée.", NULL};
		return page_message(req, 403, "Double authentification obligatoire",
				    "/compte/double-authentification", "Retour", text);
	}
	struct login_check c;
	rc = login_check(req, req->user->email, kv_get(&req->form, "mot_de_passe") ?
			 kv_get(&req->form, "mot_de_passe") : "", &c);
	if (rc)
		return rc;
	if (c.wait_seconds > 0)
		return render_totp(req, 429, login_wait_message(req, c.wait_seconds), NULL);
	unsigned char key[TOTP_KEY_LEN];
	bool code_ok = totp_key_from_bytea(PQgetvalue(st, 0, TS_SECRET), key) == 0 &&
		       totp_match(key, typed_code(req)) >= 0;
	sodium_memzero(key, sizeof key);
	if (!c.ok || c.person_id != req->user->person_id || !code_ok)
		return render_totp(req, 422, "Le mot de passe ou le code n’est pas le bon.", NULL);
	const char *state;
	if (!req_exec(req, SQL_TOTP_DISABLE, (const char *const[]){uid(req)}, &state))
		return req_db_error(state);
	resp_redirect(req, 303, "/compte/double-authentification?desactivee=1");
	return 0;
}
