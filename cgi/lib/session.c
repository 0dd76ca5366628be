/* session.c: login sessions and passwords (libsodium: BLAKE2b for token hashes, Argon2id). */
#include "session.h"
#include "buf.h"
#include "escape.h"
#include "mail.h"
#include "page.h"
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *token_hash_param(struct arena *a, const char *token)
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	char *out = arena_alloc(a, 2 + 64 + 1);
	out[0] = '\\';
	out[1] = 'x';
	sodium_bin2hex(out + 2, 65, h, sizeof h);
	return out;
}

bool token_shape_valid(const char *t)
{
	if (!t || strlen(t) != 43)
		return false;
	for (; *t; t++)
		if (!isalnum((unsigned char)*t) && *t != '-' && *t != '_')
			return false;
	return true;
}

const char *bytea_param(struct arena *a, const char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	char *out = arena_alloc(a, 2 + 2 * len + 1);
	out[0] = '\\';
	out[1] = 'x';
	for (size_t i = 0; i < len; i++) {
		out[2 + 2 * i] = hex[(unsigned char)data[i] >> 4];
		out[3 + 2 * i] = hex[(unsigned char)data[i] & 15];
	}
	return out;
}

const char *link_token(const struct kvlist *src)
{
	const char *t = kv_get(src, "jeton");
	return token_shape_valid(t) ? t : NULL;
}

static enum role role_from(const char *s)
{
	if (strcmp(s, "admin") == 0)
		return ROLE_ADMIN;
	if (strcmp(s, "staff") == 0)
		return ROLE_STAFF;
	return ROLE_MEMBER;
}

/* Fills u's spaces from person_spaces() as text ("{1,2}"; NULL: every space). */
static void spaces_from(struct request *req, struct user *u, const char *array)
{
	u->all_spaces = array == NULL;
	u->n_spaces = 0;
	u->spaces = NULL;
	if (!array)
		return;
	int n = 0;
	for (const char *p = array; *p; p++)
		n += *p == ',';
	short *ids = arena_alloc(&req->arena, (size_t)(n + 1) * sizeof *ids);
	for (const char *p = array; *p;) {
		while (*p && (*p < '0' || *p > '9'))
			p++;
		if (!*p)
			break;
		char *end;
		long id = strtol(p, &end, 10);
		if (id > 0 && id <= 32767 && u->n_spaces <= n)
			ids[u->n_spaces++] = (short)id;
		p = end;
	}
	u->spaces = ids;
}

/* Whether this worker's connection names a staff member as fontaine.actor. */
static bool actor_set;

void session_actor_clear(struct request *req)
{
	if (!actor_set)
		return;
	const char *state;
	if (lib_exec(req, LIB_SESSION_ACTOR, (const char *const[]){""}, &state))
		actor_set = false;
}

/* The sessions this worker checked last: which person each token hash was for (a session's
 * person never changes), so a route's reads can go with the session's check (struct app's
 * route_reads). */
enum { KNOWN_SESSIONS = 32 };
static struct {
	char hash[2 + 64 + 1];
	long long person;
} known[KNOWN_SESSIONS];
static unsigned known_next;

static long long known_person(const char *hash)
{
	for (int i = 0; i < KNOWN_SESSIONS; i++)
		if (known[i].person && strcmp(known[i].hash, hash) == 0)
			return known[i].person;
	return 0;
}

/* Notes hash as person's (0: as no one's). */
static void know(const char *hash, long long person)
{
	for (int i = 0; i < KNOWN_SESSIONS; i++)
		if (strcmp(known[i].hash, hash) == 0) {
			known[i].person = person;
			return;
		}
	if (!person || strlen(hash) >= sizeof known[0].hash)
		return;
	unsigned i = known_next++ % KNOWN_SESSIONS;
	snprintf(known[i].hash, sizeof known[i].hash, "%s", hash);
	known[i].person = person;
}

/* Checks the session hash together with the route's reads for the person this worker saw it
 * for (one round trip). Returns LIB_SESSION_TOUCH's result, or NULL when there was nothing to
 * guess or the pipeline failed (then nothing was kept). Reads made for another person than
 * the check names are dropped. */
static PGresult *touch_with_reads(struct request *req, const char *hash)
{
	long long guess = known_person(hash);
	if (!guess || !req->route || !req->app || !req->app->route_reads || req->reads_done)
		return NULL;
	size_t before = req->n_prefetched;
	req->session_check = hash;
	req->session_result = NULL;
	req->app->route_reads(req, arena_printf(&req->arena, "%lld", guess));
	req->session_check = NULL; /* (when reads named nothing) */
	PGresult *r = req->session_result;
	bool same = r && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0) &&
		    strtoll(PQgetvalue(r, 0, 1), NULL, 10) == guess;
	if (same)
		req->reads_done = true;
	else
		req->n_prefetched = before; /* never another person's rows */
	return r;
}

int session_load(struct request *req)
{
	const char *token = kv_get(&req->cookies, "session");
	if (!token_shape_valid(token))
		return 0;
	const char *params[1] = {token_hash_param(&req->arena, token)};
	const char *state;
	PGresult *r = touch_with_reads(req, params[0]);
	if (!r)
		r = lib_exec(req, LIB_SESSION_TOUCH, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		know(params[0], 0);
		return 0;
	}
	struct user *u = arena_alloc(&req->arena, sizeof *u);
	u->person_id = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
	know(params[0], u->person_id);
	u->account_role = u->role = role_from(PQgetvalue(r, 0, 2));
	u->first_name = arena_strdup(&req->arena, PQgetvalue(r, 0, 3));
	u->last_name = arena_strdup(&req->arena, PQgetvalue(r, 0, 4));
	u->email = arena_strdup(&req->arena, PQgetvalue(r, 0, 5));
	u->token = token;
	spaces_from(req, u, PQgetisnull(r, 0, 6) ? NULL : PQgetvalue(r, 0, 6));
	/* Staff of other spaces only are members here: every role check of every program (the
	 * routes' least role, a handler's own test) then holds for the request's space. */
	if (u->role >= ROLE_STAFF && !user_works_for(u, req->space))
		u->role = ROLE_MEMBER;
	req->user = u;
	if (u->role >= ROLE_STAFF && !(req->app && req->app->actor_in_statements)) {
		const char *actor = arena_printf(&req->arena, "%lld", (long long)u->person_id);
		if (!lib_exec(req, LIB_SESSION_ACTOR, (const char *const[]){actor}, &state))
			return req_db_error(state);
		actor_set = true;
	}
	return 0;
}

int session_open(struct request *req, int64_t person_id)
{
	const char *token = random_token(&req->arena, 32);
	const char *params[4] = {
		arena_printf(&req->arena, "%lld", (long long)person_id),
		token_hash_param(&req->arena, token),
		req->user_agent ? req->user_agent : "",
		req->remote_addr,
	};
	const char *state;
	PGresult *r = lib_exec(req, LIB_SESSION_OPEN, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || PQgetisnull(r, 0, 0))
		return 403;
	resp_cookie(req, "session", token, SESSION_MAX_AGE);
	return 0;
}

const char *session_token_hash(struct request *req)
{
	const char *token = kv_get(&req->cookies, "session");
	return token_shape_valid(token) ? token_hash_param(&req->arena, token) : NULL;
}

int session_close(struct request *req, bool everywhere)
{
	const char *token = kv_get(&req->cookies, "session");
	if (token_shape_valid(token)) {
		const char *params[1] = {token_hash_param(&req->arena, token)};
		const char *state;
		if (!lib_exec(req, everywhere ? LIB_SESSION_CLOSE_ALL : LIB_SESSION_CLOSE, params, &state))
			return req_db_error(state);
	}
	resp_cookie(req, "session", "", 0);
	req->user = NULL;
	return 0;
}

int email_change_prepare(struct request *req, const char *first_name, const char *new_email,
			 bool by_staff, struct email_change *out)
{
	const char *token = random_token(&req->arena, 32);
	struct buf link = {0};
	buf_puts(&link, space_url(req, "/compte/email/confirmer?jeton="));
	escape_url_component(&link, token);
	const char *greeting = arena_printf(&req->arena, "Bonjour %s,", first_name);
	struct mail to_new = {
		.subject = "Confirmez votre nouvelle adresse e-mail",
		.greeting = greeting,
		.paragraphs = {by_staff ? "L’équipe de La Fontaine a indiqué cette adresse pour votre compte. "
					  "Confirmez-la en suivant ce lien, valable 48 heures :"
					: "Vous avez demandé à utiliser cette adresse pour votre compte La Fontaine. "
					  "Confirmez-la en suivant ce lien, valable 48 heures :"},
		.action_url = arena_strdup(&req->arena, buf_cstr(&link)),
		.action_label = "Confirmer cette adresse",
		.after = {"Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne "
			  "change tant que le lien n’a pas servi."},
	};
	buf_free(&link);
	struct mail to_old = {
		.subject = "Changement d’adresse e-mail demandé pour votre compte",
		.greeting = greeting,
		.paragraphs = {arena_printf(&req->arena,
				"%s de remplacer l’adresse e-mail de votre compte La Fontaine par %s.",
				by_staff ? "L’équipe de La Fontaine a demandé" : "Une demande a été faite",
				new_email),
			       "Le changement n’aura lieu que lorsque le lien envoyé à la nouvelle adresse aura "
			       "été suivi ; vos sessions ouvertes seront alors fermées."},
		.after = {"Si vous n’êtes pas à l’origine de cette demande, changez votre mot de passe et "
			  "répondez à ce message pour prévenir l’équipe."},
	};
	int rc = mail_render(req, &to_new, &out->text, &out->html);
	if (!rc)
		rc = mail_render(req, &to_old, &out->old_text, &out->old_html);
	if (rc)
		return rc;
	out->token_hash = token_hash_param(&req->arena, token);
	out->subject = to_new.subject;
	out->old_subject = to_old.subject;
	return 0;
}

int password_hash(const char *password, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES)
		return -1;
	return crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

bool password_verify(const char *hash, const char *password)
{
	return hash && *hash && crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void password_dummy_verify(const char *password)
{
	static char dummy[crypto_pwhash_STRBYTES];
	if (!dummy[0] && password_hash("fontaine-dummy-password", dummy, sizeof dummy) != 0)
		return;
	if (crypto_pwhash_str_verify(dummy, password, strlen(password)) == 0)
		return; /* the dummy password itself: nothing to do either way */
}

/* The passwords people pick first, in France and elsewhere (lower case). */
static const char *const common_passwords[] = {
	"123456789", "1234567890", "12345678910", "0123456789", "azertyuiop", "azertyuiop1",
	"qwertyuiop", "motdepasse", "motdepasse1", "motdepasse123", "password", "password1",
	"password123", "passw0rd", "iloveyou", "jetaime", "jetaime123", "soleil123", "doudou123",
	"chouchou123", "loulou123", "marseille13", "bonjour123", "football", "football123",
	"princesse", "azerty123", "azerty1234", "azerty12345", "qwerty123", "qwerty1234",
	"1q2w3e4r5t", "1qaz2wsx3edc", "aaaaaaaaaa", "abcdefghij", "abc1234567", "11111111111",
	"0000000000", "1111111111", "1212121212", "9876543210", "987654321", "123123123",
	"123321123", "147258369", "123456789a", "a123456789", "superman", "starwars",
	"trustno1", "sunshine1", "dragon1234", "monkey1234", "letmein123", "welcome123",
	"administrateur", "administrator", "fontaine123", "lafontaine", "lafontaine47",
	"coworking", "coworking47", "agen47000", "cantinet47", "nicolas123", "camille123",
	"chocolat123", "bienvenue1", "bienvenue123", "changeme123", "qwertzuiop", "zaq12wsx",
	NULL,
};

const char *password_weak(const char *password, const char *email)
{
	size_t n = strlen(password);
	if (n < 10)
		return "Le mot de passe doit compter au moins 10 caractères.";
	if (n > 200)
		return "Le mot de passe ne doit pas dépasser 200 caractères.";
	char lower[256];
	size_t i;
	for (i = 0; i < n && i < sizeof lower - 1; i++)
		lower[i] = (char)tolower((unsigned char)password[i]);
	lower[i] = '\0';
	bool same = true;
	for (i = 1; i < n; i++)
		if (password[i] != password[0])
			same = false;
	if (same)
		return "Ce mot de passe est trop simple : évitez de répéter un seul caractère.";
	for (const char *const *p = common_passwords; *p; p++)
		if (strcmp(lower, *p) == 0)
			return "Ce mot de passe fait partie des plus courants : choisissez-en un autre.";
	if (email) {
		const char *at = strchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);
		if (local >= 4) {
			char name[128];
			size_t k;
			for (k = 0; k < local && k < sizeof name - 1; k++)
				name[k] = (char)tolower((unsigned char)email[k]);
			name[k] = '\0';
			if (strstr(lower, name))
				return "Le mot de passe ne doit pas contenir votre adresse e-mail.";
		}
	}
	return NULL;
}
