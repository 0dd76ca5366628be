/* space.c: which space (place) a request is for, the worker's snapshot of the space table,
 * the connection's space and network scope, and staff scope. */
#include "http.h"
#include "conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The columns of LIB_ORG (cgi/lib/libsql.c). */
enum space_col {
	SC_ID, SC_ORG, SC_SLUG, SC_NAME, SC_LEGAL_NAME, SC_STREET, SC_POSTCODE, SC_CITY, SC_EMAIL,
	SC_PHONE, SC_HOST, SC_IS_DEFAULT, SC_ACTIVE, SC__MAX
};

/* The worker's copy of the space table: strings point into the kept result, re-read at most
 * once a second (at the start of a request, so a request's space never moves under it). */
static struct {
	PGresult *result;
	struct space *spaces;
	bool *active;
	int n;
	struct timespec at;
} snap;

/* What a request gets when the table was never read (the database is away at start). */
static const struct space fallback = {.id = 0, .slug = "", .name = "La Fontaine", .base = ""};

/* The request being handled (for base_url(), which takes no request). */
static const struct space *current;

static const char *col(PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

static void snapshot_refresh(struct request *req)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!req->db || (snap.result && now.tv_sec - snap.at.tv_sec < 1))
		return;
	const char *state;
	PGresult *r = db_exec(req->db, LIB_ORG, NULL, &state);
	if (!r)
		return; /* keep what we had: a 503 page still shows the footer */
	if (PQnfields(r) != SC__MAX) {
		PQclear(r);
		return;
	}
	int n = PQntuples(r);
	struct space *s = calloc((size_t)n + 1, sizeof *s);
	bool *active = calloc((size_t)n + 1, sizeof *active);
	if (!s || !active) {
		free(s);
		free(active);
		PQclear(r);
		return;
	}
	for (int i = 0; i < n; i++) {
		s[i].id = atoi(PQgetvalue(r, i, SC_ID));
		s[i].organisation_id = atoi(PQgetvalue(r, i, SC_ORG));
		s[i].slug = PQgetvalue(r, i, SC_SLUG);
		s[i].name = PQgetvalue(r, i, SC_NAME);
		s[i].legal_name = PQgetvalue(r, i, SC_LEGAL_NAME);
		s[i].street = col(r, i, SC_STREET);
		s[i].postcode = col(r, i, SC_POSTCODE);
		s[i].city = col(r, i, SC_CITY);
		s[i].email = col(r, i, SC_EMAIL);
		s[i].phone = col(r, i, SC_PHONE);
		s[i].host = col(r, i, SC_HOST);
		s[i].is_default = PQgetvalue(r, i, SC_IS_DEFAULT)[0] == 't';
		s[i].base = "";
		active[i] = PQgetvalue(r, i, SC_ACTIVE)[0] == 't';
	}
	if (snap.result)
		PQclear(snap.result);
	free(snap.spaces);
	free(snap.active);
	snap.result = r;
	snap.spaces = s;
	snap.active = active;
	snap.n = n;
	snap.at = now;
}

int space_active_count(void)
{
	int n = 0;
	for (int i = 0; i < snap.n; i++)
		n += snap.active[i];
	return n;
}

/* The configured base URL with its host replaced by host ("http://h:8080" for host h). */
static const char *origin_for(struct request *req, const char *host)
{
	const char *conf = config_get("base_url", "http://127.0.0.1:8080");
	const char *sep = strstr(conf, "://");
	if (!sep)
		return conf;
	const char *h = sep + 3;
	size_t hl = strcspn(h, "/");
	/* The port is after the last ':' of the authority, unless that is inside [v6]. */
	const char *port = NULL;
	for (const char *p = h + hl; p > h; p--)
		if (p[-1] == ':') {
			port = p - 1;
			break;
		} else if (p[-1] == ']') {
			break;
		}
	int plen = port ? (int)(h + hl - port) : 0;
	return arena_printf(&req->arena, "%.*s://%s%.*s", (int)(sep - conf), conf, host, plen,
			    port ? port : "");
}

/* Makes req->space a copy of s with base and origin for this request. */
static void space_set(struct request *req, const struct space *s, const char *base)
{
	struct space *c = arena_alloc(&req->arena, sizeof *c);
	*c = *s;
	c->base = base;
	c->origin = s->host && req->host && strcmp(s->host, req->host) == 0
		? origin_for(req, s->host) : NULL;
	req->space = current = c;
}

static const struct space *default_space(void)
{
	for (int i = 0; i < snap.n; i++)
		if (snap.spaces[i].is_default)
			return &snap.spaces[i];
	return &fallback;
}

int space_resolve(struct request *req)
{
	current = NULL;
	space_set(req, &fallback, "");
	snapshot_refresh(req);
	space_set(req, default_space(), "");
	if (req->host && *req->host)
		for (int i = 0; i < snap.n; i++)
			if (snap.spaces[i].host && strcmp(snap.spaces[i].host, req->host) == 0) {
				if (!snap.active[i])
					return 404;
				space_set(req, &snap.spaces[i], "");
				return 0;
			}
	static const char prefix[] = "/lieux/";
	if (strncmp(req->path, prefix, sizeof prefix - 1) != 0)
		return 0;
	const char *slug = req->path + sizeof prefix - 1;
	size_t n = strcspn(slug, "/");
	const char *rest = slug + n;
	if (!snap.result)
		return n ? 503 : 404;
	for (int i = 0; i < snap.n; i++) {
		if (strlen(snap.spaces[i].slug) != n || strncmp(snap.spaces[i].slug, slug, n) != 0)
			continue;
		if (!snap.active[i])
			return 404;
		space_set(req, &snap.spaces[i],
			  arena_printf(&req->arena, "%s%.*s", prefix, (int)n, slug));
		req->path = *rest ? rest : "/";
		return 0;
	}
	return 404;
}

int space_apply(struct request *req)
{
	const struct space *s = req->space;
	char value[16] = "";
	/* The default space is what a connection that never says acts for: nothing to run. */
	if (s && s->id > 0 && !s->is_default)
		snprintf(value, sizeof value, "%d", s->id);
	return db_session_setting(req->db, LIB_SPACE_SET, value) == 0 ? 0 : 503;
}

int space_network_scope(struct request *req)
{
	const char *state;
	/* Whatever happens, the next statement after this request first sets the scope back. */
	req->network_scope = true;
	if (!lib_exec(req, LIB_SCOPE_NETWORK, NULL, &state))
		return req_db_error(state);
	return 0;
}

void space_scope_end(struct request *req)
{
	if (!req->network_scope)
		return;
	req->network_scope = false;
	/* LIB_SPACE_SET resets the scope with the space. */
	db_session_setting_redo(req->db);
	if (space_apply(req) != 0)
		fprintf(stderr, "%s: network scope not ended now: the next statement ends it\n",
			req->app ? req->app->name : "lib");
}

bool user_works_for(const struct user *u, const struct space *s)
{
	if (!u)
		return false;
	if (u->all_spaces)
		return true;
	for (int i = 0; i < u->n_spaces; i++)
		if (u->spaces[i] == s->id)
			return true;
	/* The space table could not be read: only the default space's staff (the single-space
	 * install's) go on. */
	return s->id == 0 && u->n_spaces > 0;
}

const char *base_url(void)
{
	if (current && current->origin)
		return current->origin;
	return config_get("base_url", "http://127.0.0.1:8080");
}

const char *space_path(struct request *req, const char *path)
{
	const char *base = req->space ? req->space->base : "";
	return *base ? arena_printf(&req->arena, "%s%s", base, path) : path;
}

const char *space_url(struct request *req, const char *path)
{
	return arena_printf(&req->arena, "%s%s", base_url(), space_path(req, path));
}

const char *space_name(const struct request *req)
{
	const struct space *s = req->space;
	return s && s->id > 0 && s->name && *s->name ? s->name : "La Fontaine";
}

const char *space_city(const struct request *req)
{
	const struct space *s = req->space;
	if (s && s->id > 0)
		return s->city ? s->city : "";
	return "Agen";
}
