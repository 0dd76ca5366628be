/* json.c: what every API handler shares: JSON answers and errors, the bearer key check, query
 * parameters, pages and their cursors. */
#include "api.h"
#include "escape.h"
#include "fields.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

json_t *api_row(const PGresult *r, int row, const struct col *cols)
{
	json_t *o = json_object();
	for (const struct col *c = cols; c->name; c++) {
		if (c->type == COL_EUR) {
			json_object_set_new(o, c->name, json_string("EUR"));
			continue;
		}
		int f = PQfnumber(r, c->name);
		if (f < 0 || PQgetisnull(r, row, f)) {
			json_object_set_new(o, c->name, c->type == COL_LIST ? json_array() : json_null());
			continue;
		}
		const char *v = PQgetvalue(r, row, f);
		switch (c->type) {
		case COL_INT:
			json_object_set_new(o, c->name, json_integer(strtoll(v, NULL, 10)));
			break;
		case COL_BOOL:
			json_object_set_new(o, c->name, json_boolean(v[0] == 't'));
			break;
		case COL_LIST: {
			json_t *a = json_array();
			while (*v) {
				size_t n = strcspn(v, "\x1f");
				json_array_append_new(a, json_stringn(v, n));
				v += n + (v[n] != '\0');
			}
			json_object_set_new(o, c->name, a);
			break;
		}
		default:
			json_object_set_new(o, c->name, json_string(v));
		}
	}
	return o;
}

int api_send(struct request *req, int status, json_t *body)
{
	struct response *r = &req->resp;
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	buf_reset(&r->body);
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text) {
		r->status = 500;
		buf_puts(&r->body, "{\"error\":{\"code\":\"internal\",\"message\":\"Erreur interne.\"}}");
		return 0;
	}
	buf_puts(&r->body, text);
	buf_putc(&r->body, '\n');
	free(text);
	/* Public answers get their ETag from the library (CACHE_PUBLIC); a keyed one here, with
	 * the same rule, and it is never stored by a cache (no-store). */
	if (status == 200 && r->cache != CACHE_PUBLIC &&
	    (req->method == METHOD_GET || req->method == METHOD_HEAD)) {
		unsigned char h[12];
		crypto_generichash(h, sizeof h, (const unsigned char *)r->body.data, r->body.len,
				   NULL, 0);
		char hex[sizeof h * 2 + 1], etag[sizeof hex + 2];
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		snprintf(etag, sizeof etag, "\"%s\"", hex);
		resp_header(req, "ETag", etag);
		if (req->if_none_match && strstr(req->if_none_match, etag)) {
			r->status = 304;
			buf_reset(&r->body);
		}
	}
	return 0;
}

int api_error(struct request *req, int status, const char *code, const char *message,
	      const char *parameter)
{
	json_t *e = json_pack("{s:s, s:s}", "code", code, "message", message);
	if (parameter)
		json_object_set_new(e, "parameter", json_string(parameter));
	req->resp.cache = CACHE_NONE;
	return api_send(req, status, json_pack("{s:o}", "error", e));
}

void api_error_status(struct request *req, int status)
{
	static const struct {
		int status;
		const char *code, *message;
	} map[] = {
		{400, "bad_request", "La requête est mal formée."},
		{401, "unauthorized", "Une clé d’API valide est nécessaire (Authorization: Bearer ftk_…)."},
		{403, "forbidden", "Cette clé d’API n’a pas accès à cette ressource."},
		{404, "not_found", "Cette adresse n’existe pas dans l’API."},
		{405, "method_not_allowed", "Cette méthode n’est pas acceptée à cette adresse."},
		{413, "payload_too_large", "La requête est trop volumineuse (1 Mo au plus)."},
		{414, "uri_too_long", "L’adresse demandée est trop longue."},
		{415, "unsupported_media_type", "Le corps de la requête doit être du JSON (Content-Type: application/json)."},
		{503, "unavailable", "Le service est momentanément indisponible : réessayez dans un instant."},
	};
	/* Allow is what a 405 is about; the other headers a handler set are kept too (RateLimit). */
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (map[i].status == status) {
			if (status == 503)
				resp_header(req, "Retry-After", "5");
			api_error(req, status, map[i].code, map[i].message, NULL);
			return;
		}
	api_error(req, status >= 500 ? 500 : status, status >= 500 ? "internal" : "error",
		  status >= 500 ? "Une erreur inattendue s’est produite." : "La requête ne peut pas aboutir.",
		  NULL);
}

int api_db_error(struct request *req, const char *sqlstate)
{
	api_error_status(req, req_db_error(sqlstate));
	return 0;
}

/* The bearer key of the Authorization header, or NULL when there is none or it is not one
 * (*malformed then says whether something else was sent). */
static const char *bearer_key(struct request *req, bool *malformed)
{
	const char *h = req_param(req, "HTTP_AUTHORIZATION");
	*malformed = false;
	if (!h || !*h)
		return NULL;
	*malformed = true;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	size_t n = strlen(h);
	while (n && h[n - 1] == ' ')
		n--;
	if (n < 5 || n > 100 || strncmp(h, "ftk_", 4) != 0)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '_' && h[i] != '-')
			return NULL;
	*malformed = false;
	return arena_strndup(&req->arena, h, n);
}

static int unauthorized(struct request *req, bool invalid)
{
	resp_header(req, "WWW-Authenticate", invalid
		? "Bearer realm=\"fontaine\", error=\"invalid_token\""
		: "Bearer realm=\"fontaine\"");
	return api_error(req, 401, invalid ? "invalid_key" : "missing_key", invalid
		? "Cette clé d’API est inconnue, révoquée, expirée ou d’un autre lieu."
		: "Cette adresse demande une clé d’API : Authorization: Bearer ftk_…", NULL);
}

enum { AUTH_KEY_ID, AUTH_OUTCOME, AUTH_LIMIT, AUTH_REMAINING, AUTH_RETRY };

/* The key accepted for the request under way, and whether api_idempotent checked it already
 * (then the handler's own api_auth does not count the call twice). */
static char auth_key_id[24];
static bool auth_checked;

const char *api_key_id(void)
{
	return auth_key_id;
}

bool api_auth(struct request *req, const char *scope)
{
	if (auth_checked)
		return true;
	snprintf(auth_key_id, sizeof auth_key_id, "0");
	bool malformed;
	const char *key = bearer_key(req, &malformed);
	if (!key) {
		unauthorized(req, malformed);
		return false;
	}
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)key, strlen(key));
	char hex[2 + sizeof h * 2 + 1] = "\\x";
	sodium_bin2hex(hex + 2, sizeof hex - 2, h, sizeof h);
	const char *method = req_param(req, "REQUEST_METHOD");
	/* The client's address, when it is one (not "unix:" behind a unix socket listener). */
	const char *addr = req->remote_addr;
	unsigned char ip[sizeof(struct in6_addr)];
	if (addr && inet_pton(AF_INET, addr, ip) != 1 && inet_pton(AF_INET6, addr, ip) != 1)
		addr = NULL;
	const char *params[5] = {hex, scope, method ? method : "GET", req->path, addr};
	const char *state;
	PGresult *r = req_exec(req, SQL_AUTH, params, &state);
	if (!r) {
		api_db_error(req, state);
		return false;
	}
	if (PQntuples(r) != 1) {
		unauthorized(req, true);
		return false;
	}
	resp_header(req, "RateLimit-Limit", PQgetvalue(r, 0, AUTH_LIMIT));
	resp_header(req, "RateLimit-Remaining", PQgetvalue(r, 0, AUTH_REMAINING));
	const char *outcome = PQgetvalue(r, 0, AUTH_OUTCOME);
	if (strcmp(outcome, "rate_limited") == 0) {
		resp_header(req, "Retry-After", PQgetvalue(r, 0, AUTH_RETRY));
		resp_header(req, "RateLimit-Reset", PQgetvalue(r, 0, AUTH_RETRY));
		api_error(req, 429, "rate_limited", arena_printf(&req->arena,
			"Trop d’appels avec cette clé : %s par minute au plus. Réessayez dans %s s.",
			PQgetvalue(r, 0, AUTH_LIMIT), PQgetvalue(r, 0, AUTH_RETRY)), NULL);
		return false;
	}
	if (strcmp(outcome, "ok") != 0) {
		resp_header(req, "WWW-Authenticate", arena_printf(&req->arena,
			"Bearer realm=\"fontaine\", error=\"insufficient_scope\", scope=\"%s\"", scope));
		api_error(req, 403, "insufficient_scope", arena_printf(&req->arena,
			"Cette clé d’API n’a pas le droit « %s » que demande cette adresse.", scope), NULL);
		return false;
	}
	snprintf(auth_key_id, sizeof auth_key_id, "%s", PQgetvalue(r, 0, AUTH_KEY_ID));
	return true;
}

/* Replays a kept answer. */
static int replay(struct request *req, const PGresult *r)
{
	int status = atoi(PQgetvalue(r, 0, 3));
	req->resp.status = status;
	req->resp.content_type = "application/json; charset=utf-8";
	buf_reset(&req->resp.body);
	buf_puts(&req->resp.body, PQgetvalue(r, 0, 4));
	if (!PQgetisnull(r, 0, 5))
		resp_header(req, "Location", PQgetvalue(r, 0, 5));
	resp_header(req, "Idempotent-Replayed", "true");
	return 0;
}

int api_idempotent(struct request *req, const char *scope, handler_fn h)
{
	const char *key = req_param(req, "HTTP_IDEMPOTENCY_KEY");
	if (!key)
		return h(req);
	if (!api_auth(req, scope))
		return 0;
	size_t n = strlen(key);
	bool printable = n >= 1 && n <= 200;
	for (size_t i = 0; printable && i < n; i++)
		printable = key[i] > 0x20 && key[i] < 0x7f;
	if (!printable)
		return api_error(req, 400, "invalid_idempotency_key",
				 "L’en-tête Idempotency-Key est un texte de 1 à 200 caractères ASCII visibles.",
				 "Idempotency-Key");
	unsigned char h256[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h256, (const unsigned char *)(req->body ? req->body : ""), req->body_len);
	char hex[sizeof h256 * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, h256, sizeof h256);
	const char *method = req_param(req, "REQUEST_METHOD");
	const char *id = arena_strdup(&req->arena, auth_key_id);
	const char *params[5] = {id, key, method ? method : "POST", req->path, hex};
	const char *state;
	PGresult *claim = req_exec(req, SQL_IDEM_CLAIM, params, &state);
	if (!claim)
		return api_db_error(req, state);
	if (PQntuples(claim) == 0) {
		PGresult *r = req_exec(req, SQL_IDEM_GET, params, &state);
		if (!r)
			return api_db_error(req, state);
		if (PQntuples(r) != 1 || PQgetisnull(r, 0, 3))
			return api_error(req, 409, "idempotency_in_progress",
					 "Un appel avec cette Idempotency-Key est en cours : réessayez dans un instant.",
					 "Idempotency-Key");
		if (strcmp(PQgetvalue(r, 0, 0), params[2]) || strcmp(PQgetvalue(r, 0, 1), req->path) ||
		    strcmp(PQgetvalue(r, 0, 2), hex))
			return api_error(req, 422, "idempotency_key_reused",
					 "Cette Idempotency-Key a déjà servi pour une autre requête.", "Idempotency-Key");
		return replay(req, r);
	}
	/* This call holds the key: it runs, with the key already checked. */
	auth_checked = true;
	int rc = h(req);
	auth_checked = false;
	int status = rc ? rc : req->resp.status;
	if (rc == 0 && status < 500) {
		const char *loc = strstr(buf_cstr(&req->resp.headers), "Location: ");
		const char *location = NULL;
		if (loc) {
			loc += 10;
			location = arena_strndup(&req->arena, loc, strcspn(loc, "\r"));
		}
		const char *store[5] = {id, key, arena_printf(&req->arena, "%d", status),
					buf_cstr(&req->resp.body), location};
		if (req_exec(req, SQL_IDEM_STORE, store, &state))
			return 0;
	}
	/* Failed: a retry runs again. */
	req_exec(req, SQL_IDEM_RELEASE, params, &state);
	return rc;
}

bool api_params(struct request *req, const char *const *allowed)
{
	for (size_t i = 0; i < req->query.n; i++) {
		const char *k = req->query.items[i].key;
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++)
			known = strcmp(*a, k) == 0;
		if (!known) {
			api_error(req, 400, "unknown_parameter", arena_printf(&req->arena,
				"Le paramètre « %.40s » n’existe pas pour cette adresse.", k), k);
			return false;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(req->query.items[j].key, k) == 0) {
				api_error(req, 400, "repeated_parameter", arena_printf(&req->arena,
					"Le paramètre « %s » est donné plusieurs fois.", k), k);
				return false;
			}
	}
	return true;
}

/* True when s is a real calendar date YYYY-MM-DD (fields.c's valid_date) between 2000 and 2099. */
bool api_valid_date(const char *s)
{
	int y, m, d;
	return valid_date(s, &y, &m, &d) == NULL && y >= 2000 && y <= 2099;
}

const char *api_date_param(struct request *req, const char *name, bool *ok)
{
	const char *v = kv_get(&req->query, name);
	*ok = true;
	if (!v)
		return NULL;
	if (!api_valid_date(v)) {
		*ok = false;
		api_error(req, 400, "invalid_parameter", arena_printf(&req->arena,
			"Le paramètre « %s » doit être une date AAAA-MM-JJ (par exemple 2026-03-03).", name), name);
		return NULL;
	}
	return v;
}

bool api_page_params(struct request *req, int *limit, const char **cursor_key,
		     const char **cursor_id)
{
	*limit = 50;
	*cursor_key = *cursor_id = NULL;
	const char *l = kv_get(&req->query, "limit");
	if (l) {
		char *end;
		long n = strtol(l, &end, 10);
		if (!*l || *end || n < 1 || n > 100 || !isdigit((unsigned char)l[0])) {
			api_error(req, 400, "invalid_parameter",
				  "Le paramètre « limit » doit être un nombre entier de 1 à 100.", "limit");
			return false;
		}
		*limit = (int)n;
	}
	const char *c = kv_get(&req->query, "cursor");
	if (c) {
		struct cursor cur;
		if (!cursor_decode(c, &cur)) {
			api_error(req, 400, "invalid_parameter",
				  "Le paramètre « cursor » n’est pas un curseur donné par l’API (next_cursor).",
				  "cursor");
			return false;
		}
		*cursor_key = arena_printf(&req->arena, "%lld", (long long)cur.key);
		*cursor_id = arena_printf(&req->arena, "%lld", (long long)cur.id);
	}
	return true;
}

const char *api_url(struct request *req, const char *path)
{
	return space_url(req, path);
}

json_t *api_page(struct request *req, const PGresult *r, int limit, const struct col *cols)
{
	int n = PQntuples(r);
	json_t *data = json_array();
	for (int i = 0; i < n && i < limit; i++)
		json_array_append_new(data, api_row(r, i, cols));
	json_t *body = json_pack("{s:o}", "data", data);
	if (n > limit) {
		int fk = PQfnumber(r, "_k"), fi = PQfnumber(r, "_id");
		struct cursor c = {strtoll(PQgetvalue(r, limit - 1, fk), NULL, 10),
				   strtoll(PQgetvalue(r, limit - 1, fi), NULL, 10)};
		char cur[CURSOR_LEN];
		cursor_encode(cur, c);
		json_object_set_new(body, "next_cursor", json_string(cur));
		/* The same query with the cursor replaced. */
		struct buf q = {0};
		buf_puts(&q, req->path);
		buf_puts(&q, "?");
		for (size_t i = 0; i < req->query.n; i++) {
			if (strcmp(req->query.items[i].key, "cursor") == 0)
				continue;
			escape_url_component(&q, req->query.items[i].key);
			buf_puts(&q, "=");
			escape_url_component(&q, req->query.items[i].value);
			buf_puts(&q, "&");
		}
		buf_puts(&q, "cursor=");
		buf_puts(&q, cur);
		resp_header(req, "Link", arena_printf(&req->arena, "<%s>; rel=\"next\"",
						      api_url(req, buf_cstr(&q))));
		buf_free(&q);
	} else {
		json_object_set_new(body, "next_cursor", json_null());
	}
	return body;
}

int api_send_page(struct request *req, const PGresult *r, int limit, const struct col *cols)
{
	return api_send(req, 200, api_page(req, r, limit, cols));
}

bool api_id(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 1 && n <= 18 && strspn(s, "0123456789") == n && s[0] != '0';
}
