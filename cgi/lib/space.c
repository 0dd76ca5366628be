/* space.c: which space (place) a request is for, the worker's snapshot of the space table,
 * the connection's space and network scope, and staff scope. */
#include "http.h"
#include "conf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The columns of LIB_DATA_VERSION (cgi/lib/libsql.c): whether the version moved, the version,
 * then (when it moved) each space in the columns of LIB_ORG. */
enum version_col { VC_CHANGED, VC_VERSION, VC__SPACES };
enum space_col {
	SC_ID, SC_ORG, SC_SLUG, SC_NAME, SC_LEGAL_NAME, SC_STREET, SC_POSTCODE, SC_CITY, SC_EMAIL,
	SC_PHONE, SC_HOST, SC_IS_DEFAULT, SC_ACTIVE, SC__MAX
};

/* The worker's copy of the space table: strings point into the kept result. It is read
 * again when the shared data's version moved (schema/0041): the version is read with a
 * page's statements, or on its own at the start of a request when it was last read more than
 * a second ago (so a request's space is never older than that). */
static struct {
	PGresult *result;
	struct space *spaces;
	bool *active;
	int n;
	long long version; /* 0: never read */
	struct timespec at; /* when the version was last read */
	/* db_notify_seq when the version was last read (0: the connection does not listen). While
	 * it has not moved, no NOTIFY shared_data (schema/0052) came: the version is the same and
	 * a request need not read it. */
	unsigned long seq;
} snap;

/* db_notify_seq at the start of the request being handled (before it read anything). */
static unsigned long seq_at_start;

/* What a request gets when the table was never read (the database is away at start). */
static const struct space fallback = {.id = 0, .slug = "", .name = "La Fontaine", .base = ""};

/* The request being handled (for base_url(), which takes no request). */
static const struct space *current;

static void space_set(struct request *req, const struct space *s, const char *base);

static const char *col(PGresult *r, int row, int c)
{
	c += VC__SPACES;
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

/* Makes r (LIB_DATA_VERSION whose version moved) the snapshot. Returns the result it
 * replaces (the caller frees it when nothing points into it any more), or r itself when r
 * cannot be used. */
static PGresult *snapshot_take(PGresult *r)
{
	int rows = PQntuples(r), n = 0;
	for (int i = 0; i < rows; i++)
		n += !PQgetisnull(r, i, VC__SPACES + SC_ID);
	struct space *s = calloc((size_t)n + 1, sizeof *s);
	bool *active = calloc((size_t)n + 1, sizeof *active);
	if (!s || !active) {
		free(s);
		free(active);
		return r;
	}
	for (int i = 0, k = 0; i < rows; i++) {
		if (PQgetisnull(r, i, VC__SPACES + SC_ID))
			continue;
		s[k].id = atoi(col(r, i, SC_ID));
		s[k].organisation_id = atoi(col(r, i, SC_ORG));
		s[k].slug = col(r, i, SC_SLUG);
		s[k].name = col(r, i, SC_NAME);
		s[k].legal_name = col(r, i, SC_LEGAL_NAME);
		s[k].street = col(r, i, SC_STREET);
		s[k].postcode = col(r, i, SC_POSTCODE);
		s[k].city = col(r, i, SC_CITY);
		s[k].email = col(r, i, SC_EMAIL);
		s[k].phone = col(r, i, SC_PHONE);
		s[k].host = col(r, i, SC_HOST);
		s[k].is_default = col(r, i, SC_IS_DEFAULT)[0] == 't';
		s[k].base = "";
		active[k] = col(r, i, SC_ACTIVE)[0] == 't';
		k++;
	}
	PGresult *old = snap.result;
	free(snap.spaces);
	free(snap.active);
	snap.result = r;
	snap.spaces = s;
	snap.active = active;
	snap.n = n;
	return old;
}

const char *space_version_param(struct request *req)
{
	return arena_printf(&req->arena, "%lld", snap.version);
}

/* Takes r, a LIB_DATA_VERSION result (or NULL when it failed): notes the request's version
 * and, when it moved, makes the spaces in r the snapshot. during: the request has already
 * resolved its space from the snapshot (it then keeps the old result alive until its end, and
 * takes its space's new details). */
static void version_apply(struct request *req, PGresult *r, bool during)
{
	if (!r)
		return;
	if (PQnfields(r) != VC__SPACES + SC__MAX || PQntuples(r) < 1) {
		PQclear(r);
		return;
	}
	long long version = strtoll(PQgetvalue(r, 0, VC_VERSION), NULL, 10);
	req->data_version = version;
	req->data_version_read = true;
	clock_gettime(CLOCK_MONOTONIC, &snap.at);
	if (PQgetvalue(r, 0, VC_CHANGED)[0] != 't') {
		PQclear(r); /* the snapshot is of this version */
		snap.seq = seq_at_start;
		return;
	}
	PGresult *old = snapshot_take(r);
	if (old == r) {
		PQclear(r);
		return;
	}
	snap.version = version;
	snap.seq = seq_at_start;
	if (!during || !old) {
		if (old)
			PQclear(old);
		return;
	}
	req_keep_result(req, old); /* req->space's strings point into it */
	for (int i = 0; req->space && i < snap.n; i++)
		if (snap.spaces[i].id == req->space->id && snap.active[i]) {
			space_set(req, &snap.spaces[i], req->space->base);
			break;
		}
}

void space_version_result(struct request *req, PGresult *r)
{
	version_apply(req, r, true);
}

int lib_data_version(struct request *req, long long *version)
{
	if (!req->data_version_read && req->db) {
		/* A pipeline of one: the connection's space, when it must change, goes with it. */
		const char *params[1] = {space_version_param(req)};
		PGresult *r = NULL;
		db_exec_pipeline(req->db, 1, (const int[]){LIB_DATA_VERSION},
				 (const char *const *const[]){params}, &r);
		version_apply(req, r, true);
	}
	if (!req->data_version_read)
		return -1;
	*version = req->data_version;
	return 0;
}

/* Reads the version (and the spaces when it moved) when it was last read more than a second
 * ago. */
static void snapshot_refresh(struct request *req)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(now.tv_sec - snap.at.tv_sec) * 1000 +
		       (now.tv_nsec - snap.at.tv_nsec) / 1000000;
	if (!req->db || (snap.result && ms < 1000))
		return;
	const char *state;
	const char *params[1] = {space_version_param(req)};
	req->spaces_checked = true;
	/* keep what we had when it fails: a 503 page still shows the footer */
	version_apply(req, db_exec(req->db, LIB_DATA_VERSION, params, &state), false);
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

/* How long a version heard of by notifications only is trusted: a notification lost with a
 * connection that died without the worker's knowing (a peer gone from the network, no reset)
 * then delays an edit by this much at most. */
enum { NOTIFIED_VERSION_MAX_MS = 10000 };

/* True when no notification came since the snapshot's version was read on this connection
 * (the connection listens to shared_data, which every change of the shared data notifies at
 * its commit, schema/0052), less than NOTIFIED_VERSION_MAX_MS ago: the request takes that
 * version as read, and reads nothing for it (a cached public page then takes no round trip
 * at all). */
static bool version_unchanged(struct request *req)
{
	seq_at_start = req->db ? db_notify_seq(req->db) : 0;
	if (!seq_at_start || seq_at_start != snap.seq || !snap.result || !snap.version)
		return false;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long ms = (long long)(now.tv_sec - snap.at.tv_sec) * 1000 +
		       (now.tv_nsec - snap.at.tv_nsec) / 1000000;
	if (ms < 0 || ms >= NOTIFIED_VERSION_MAX_MS)
		return false;
	req->data_version = snap.version;
	req->data_version_read = true;
	return true;
}

int space_resolve(struct request *req)
{
	current = NULL;
	space_set(req, &fallback, "");
	if (!version_unchanged(req))
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
