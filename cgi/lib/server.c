/* server.c: master/worker process model, the request loop, response writing and logging. */
#include "server.h"
#include "conf.h"
#include "fmt.h"
#include "page.h"
#include "escape.h"
#include "session.h"
#include <errno.h>
#include <fcgiapp.h>
#include <getopt.h>
#include <grp.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct db *worker_db;
static const struct app *the_app;
static volatile sig_atomic_t worker_stop;

/* A result req_prefetch kept: statement index id (combined table) with its parameters. */
struct prefetched {
	int id;
	const char **params;
	PGresult *result; /* NULL once handed out */
};

/* Makes the request free r with its other results. */
static void keep_result(struct request *req, PGresult *r)
{
	if (req->n_results == req->cap_results) {
		size_t cap = req->cap_results ? req->cap_results * 2 : 8;
		PGresult **a = arena_alloc(&req->arena, cap * sizeof *a);
		for (size_t i = 0; i < req->n_results; i++)
			a[i] = req->results[i];
		req->results = a;
		req->cap_results = cap;
	}
	req->results[req->n_results++] = r;
}

static bool same_params(const char *const *a, const char *const *b, int n)
{
	for (int i = 0; i < n; i++) {
		if (!a[i] != !b[i])
			return false;
		if (a[i] && strcmp(a[i], b[i]) != 0)
			return false;
	}
	return true;
}

/* The kept result of statement index id with params, handed out once, or NULL. */
static PGresult *take_prefetched(struct request *req, int id, const char *const *params)
{
	int np = id < LIB__MAX ? lib_stmts[id].nparams : req->app->stmts[id - LIB__MAX].nparams;
	for (size_t i = 0; i < req->n_prefetched; i++) {
		struct prefetched *p = &req->prefetched[i];
		if (p->id != id || !p->result || (np && !params) ||
		    !same_params((const char *const *)p->params, params, np))
			continue;
		PGresult *r = p->result;
		p->result = NULL;
		return r;
	}
	return NULL;
}

void req_keep_result(struct request *req, PGresult *r)
{
	keep_result(req, r);
}

/* req_prefetch, with LIB_DATA_VERSION first when version and the request has not read it. */
static void prefetch(struct request *req, int n, const int *ids, const char *const *const *params,
		     bool version)
{
	if (n < 0 || !req->db)
		return;
	version = version && !req->data_version_read;
	/* First the session's check when route->reads runs with it (session.c), then the
	 * version (read before the data it stands for), then the handler's statements. */
	int session = req->session_check != NULL;
	int first = session + version, m = n + first;
	if (m == 0)
		return;
	int *idx = arena_alloc(&req->arena, (size_t)m * sizeof *idx);
	const char *const **par = arena_alloc(&req->arena, (size_t)m * sizeof *par);
	PGresult **out = arena_alloc(&req->arena, (size_t)m * sizeof *out);
	if (session) {
		const char **sp = arena_alloc(&req->arena, sizeof *sp);
		sp[0] = req->session_check;
		idx[0] = LIB_SESSION_TOUCH;
		par[0] = sp;
		req->session_check = NULL;
	}
	if (version) {
		const char **vp = arena_alloc(&req->arena, sizeof *vp);
		vp[0] = space_version_param(req);
		idx[session] = LIB_DATA_VERSION;
		par[session] = vp;
	}
	for (int i = 0; i < n; i++) {
		if (ids[i] < 0 || ids[i] >= req->app->n_stmts)
			abort();
		idx[first + i] = LIB__MAX + ids[i];
		par[first + i] = params[i];
	}
	int ok = db_exec_pipeline(req->db, m, idx, par, out);
	if (session && out[0]) {
		keep_result(req, out[0]);
		req->session_result = out[0];
	}
	if (version)
		space_version_result(req, out[session]); /* takes it, even NULL */
	if (ok <= 0)
		return;
	struct prefetched *a = arena_alloc(&req->arena,
					   (req->n_prefetched + (size_t)n) * sizeof *a);
	for (size_t i = 0; i < req->n_prefetched; i++)
		a[i] = req->prefetched[i];
	for (int i = first; i < m; i++) {
		if (!out[i])
			continue;
		keep_result(req, out[i]);
		int np = req->app->stmts[idx[i] - LIB__MAX].nparams;
		const char **copy = arena_alloc(&req->arena, (size_t)(np ? np : 1) * sizeof *copy);
		for (int k = 0; k < np; k++)
			copy[k] = par[i] && par[i][k] ? arena_strdup(&req->arena, par[i][k]) : NULL;
		a[req->n_prefetched++] = (struct prefetched){idx[i], copy, out[i]};
	}
	req->prefetched = a;
}

/* Every page that names its reads also reads the version with them: a worker that serves
 * such pages keeps its spaces fresh without a round trip of their own (space.c). */
void req_prefetch(struct request *req, int n, const int *ids, const char *const *const *params)
{
	prefetch(req, n, ids, params, true);
}

void req_forget_prefetched(struct request *req)
{
	req->n_prefetched = 0;
}

void req_route_reads(struct request *req)
{
	if (req->reads_done || !req->user || !req->route || !req->app->route_reads)
		return;
	req->reads_done = true;
	req->app->route_reads(req, arena_printf(&req->arena, "%lld", (long long)req->user->person_id));
}

void req_prefetch_versioned(struct request *req, int n, const int *ids,
			    const char *const *const *params)
{
	prefetch(req, n, ids, params, true);
}

/* Runs statement index id of the combined table (library first, then program). */
static PGresult *exec_index(struct request *req, int id, const char *const *params,
			    const char **sqlstate)
{
	PGresult *r = req->n_prefetched ? take_prefetched(req, id, params) : NULL;
	if (r) {
		if (sqlstate)
			*sqlstate = NULL;
		return r;
	}
	const char *state = NULL;
	r = db_exec(req->db, id, params, &state);
	if (sqlstate)
		*sqlstate = state;
	if (r)
		keep_result(req, r);
	return r;
}

PGresult *req_exec(struct request *req, int id, const char *const *params, const char **sqlstate)
{
	return exec_index(req, LIB__MAX + id, params, sqlstate);
}

PGresult *lib_exec(struct request *req, enum lib_stmt id, const char *const *params,
		   const char **sqlstate)
{
	return exec_index(req, (int)id, params, sqlstate);
}

int req_db_error(const char *sqlstate)
{
	/* The handler did not expect this error: a constraint error db_exec kept quiet (the
	 * handler might have turned it into a French message) goes to the log now. */
	db_log_unexpected();
	if (!sqlstate)
		return 500;
	/* Unreachable database, a lock held too long (lock_timeout), a statement cancelled by
	 * statement_timeout, a serialisation failure or deadlock: the user may try again. */
	if (strncmp(sqlstate, "08", 2) == 0 || strcmp(sqlstate, "55P03") == 0 ||
	    strcmp(sqlstate, "57014") == 0 || strcmp(sqlstate, "40001") == 0 ||
	    strcmp(sqlstate, "40P01") == 0)
		return 503;
	return 500;
}

void resp_etag_of(const char *body, size_t len, char out[RESP_ETAG_SIZE])
{
	unsigned char h[12];
	crypto_generichash(h, sizeof h, (const unsigned char *)body, len, NULL, 0);
	char hex[sizeof h * 2 + 1];
	sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	snprintf(out, RESP_ETAG_SIZE, "\"%s\"", hex);
}

/* Sets ETag on cacheable 200s and turns a matching If-None-Match into a 304. */
static void apply_etag(struct request *req)
{
	struct response *r = &req->resp;
	if (r->cache != CACHE_PUBLIC || r->status != 200)
		return;
	char etag[RESP_ETAG_SIZE];
	if (r->etag)
		snprintf(etag, sizeof etag, "%s", r->etag);
	else
		resp_etag_of(r->body.data, r->body.len, etag);
	resp_header(req, "ETag", etag);
	if (req->if_none_match && strstr(req->if_none_match, etag)) {
		r->status = 304;
		buf_reset(&r->body);
	}
}

/* Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT", the only form we send) into *t.
 * Returns false for anything else. */
static bool parse_http_date(const char *s, time_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wday[4], mon[4], zone[4];
	struct tm tm = {0};
	int n = 0;
	if (sscanf(s, "%3[A-Za-z], %2d %3[A-Za-z] %4d %2d:%2d:%2d %3[A-Z]%n", wday, &tm.tm_mday, mon,
		   &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, zone, &n) != 8 ||
	    s[n] != '\0' || strcmp(zone, "GMT") != 0)
		return false;
	const char *m = strstr(months, mon);
	if (!m || (m - months) % 3 != 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60 || tm.tm_year < 1970)
		return false;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	*t = timegm(&tm);
	return *t != (time_t)-1;
}

bool resp_last_modified(struct request *req, time_t t)
{
	char date[FMT_MAX];
	resp_header(req, "Last-Modified", fmt_http_date(date, t));
	time_t since;
	if (req->resp.status != 200 || (req->method != METHOD_GET && req->method != METHOD_HEAD) ||
	    req->if_none_match || !req->if_modified_since ||
	    !parse_http_date(req->if_modified_since, &since) || since > time(NULL) || t > since)
		return false;
	req->resp.status = 304;
	buf_reset(&req->resp.body);
	return true;
}

static void write_response(struct request *req, FCGX_Stream *out)
{
	struct response *r = &req->resp;
	/* nginx honours X-Accel-Expires over Cache-Control only when it comes first. "@<this
	 * second>": nginx keeps the copy to the end of the current second (it counts validity in
	 * whole seconds: a relative "1" kept a copy for 1 to 2 s), so an edit shows within a
	 * second plus one render. */
	char cache[80] = "Cache-Control: no-store\r\n";
	if (r->cache == CACHE_PUBLIC)
		snprintf(cache, sizeof cache, "X-Accel-Expires: @%lld\r\nCache-Control: no-cache\r\n",
			 (long long)time(NULL));
	char head[1024];
	int n = snprintf(head, sizeof head,
			 "Status: %d %s\r\n"
			 "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
			 "style-src 'self'; script-src 'self'; form-action 'self'; "
			 "frame-ancestors 'none'; base-uri 'self'; object-src 'none'\r\n"
			 "X-Content-Type-Options: nosniff\r\n"
			 "X-Frame-Options: DENY\r\n"
			 "Referrer-Policy: strict-origin-when-cross-origin\r\n"
			 "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"
			 "%s",
			 r->status, http_status_text(r->status), cache);
	FCGX_PutStr(head, n, out);
	if (r->status != 304 && r->status != 204) {
		n = snprintf(head, sizeof head, "Content-Type: %s\r\nContent-Length: %zu\r\n",
			     r->content_type ? r->content_type : "text/html; charset=utf-8",
			     r->body.len);
		FCGX_PutStr(head, n, out);
	}
	FCGX_PutStr(r->headers.data ? r->headers.data : "", (int)r->headers.len, out);
	FCGX_PutStr("\r\n", 2, out);
	if (req->method != METHOD_HEAD && r->status != 304 && r->body.len)
		FCGX_PutStr(r->body.data, (int)r->body.len, out);
}

static void log_request(struct request *req, const char *method, const char *uri, long long us)
{
	char line[512];
	/* The raw URI may hold anything: printable ASCII only, cut to 200 bytes, and never a
	 * bearer token (emailed links carry them). */
	char safe[201];
	log_uri(safe, sizeof safe, uri);
	/* Then the round trips to the database the request took (tests read them here). */
	/* Then the round trips to the database the request took (tests read them here), and
	 * "spaces" when one of them was the library's own check of the shared data (once a
	 * second at most: space.c). */
	int n = snprintf(line, sizeof line, "%s %s %s %d %lldus %lurt%s\n", req->app->name,
			 method ? method : "-", safe, req->resp.status, us, db_round_trips(),
			 req->spaces_checked ? " spaces" : "");
	if (n > 0)
		(void)!write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

/* Loads the session for a route that needs a role. Returns 0 when the user may go on; 303 to
 * the login page for a visitor on a GET; 403 otherwise. */
static int require_role(struct request *req, enum role need)
{
	int rc = session_load(req);
	if (rc)
		return rc;
	if (!req->user) {
		if (req->method == METHOD_POST) {
			req->refusal = "Cette action demande d’être connecté·e : connectez-vous, puis recommencez.";
			return 403;
		}
		struct buf loc = {0};
		buf_puts(&loc, "/connexion?retour=");
		escape_url_component(&loc, req->path);
		resp_redirect(req, 303, arena_strdup(&req->arena, buf_cstr(&loc)));
		buf_free(&loc);
		return 303;
	}
	if (req->user->role >= need)
		return 0;
	if (req->user->account_role >= need) {
		/* Staff of another space of the network: this space's pages are not theirs. */
		req->refusal = arena_printf(&req->arena,
			"Cette page est réservée à l’équipe de %s : votre compte travaille pour un "
			"autre lieu du réseau.", req->space->name);
		return 403;
	}
	req->refusal = need >= ROLE_ADMIN
		? "Cette action est réservée aux administrateurs de La Fontaine : votre compte n’y a pas accès."
		: need >= ROLE_STAFF
		? "Cette page est réservée à l’équipe de La Fontaine : votre compte n’y a pas accès."
		: "Cette page est réservée aux membres : votre compte n’y a pas accès.";
	return 403;
}

const char ROUTE_NO_CSRF[] = "no-csrf";

void server_handle(struct request *req, char **envp, FCGX_Stream *in)
{
	int status = request_from_env(req, envp, in);
	const struct route *route = NULL;
	/* Every link of every template starts with {{BASE}}: the space's path prefix. */
	tpl_set_global("BASE", req->space ? req->space->base : "");
	session_actor_clear(req);
	if (!status)
		req->route = route = route_match(req->app, req, &status);
	if (!status && req->method == METHOD_POST && route->data != ROUTE_NO_CSRF &&
	    !req->app->json_api && !csrf_valid(req))
		status = 403;
	if (!status)
		status = space_apply(req);
	if (!status && route->need > ROLE_PUBLIC)
		status = require_role(req, route->need);
	if (!status) {
		req->resp.status = 200;
		status = route->handler(req);
		if (status == 0 && req->resp.status >= 400)
			status = 0; /* a handler may answer 4xx with its own page (a form) */
	}
	space_scope_end(req);
	if (status >= 400 && req->app->error)
		req->app->error(req, status);
	else if (status >= 400)
		page_error(req, status);
	else if (status)
		req->resp.status = status;
	if (req->resp.status >= 500)
		db_log_unexpected(); /* a handler that answered 500 without req_db_error */
	if (req->method == METHOD_GET || req->method == METHOD_HEAD)
		apply_etag(req);
}

static void request_reset(struct request *req)
{
	if (req->dict)
		tpl_dict_free(req->dict);
	for (size_t i = 0; i < req->n_results; i++)
		PQclear(req->results[i]);
	struct buf headers = req->resp.headers, body = req->resp.body;
	buf_reset(&headers);
	buf_reset(&body);
	struct arena arena = req->arena;
	arena_reset(&arena);
	db_forget_error();
	*req = (struct request){.arena = arena, .app = the_app, .db = worker_db};
	req->resp.headers = headers;
	req->resp.body = body;
}

static void on_worker_term(int sig)
{
	(void)sig;
	worker_stop = 1;
	FCGX_ShutdownPending();
}

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int worker_run(int listen_fd, const char *conninfo, const struct db_stmt *stmts, int n)
{
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	struct sigaction sa = {0};
	sa.sa_handler = on_worker_term; /* no SA_RESTART: accept() must return */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	worker_db = db_open(conninfo, stmts, n);
	/* Told when the shared data changes (schema/0052), so a page need not read its version. */
	db_listen(worker_db, "shared_data");
	FCGX_Request fr;
	if (FCGX_InitRequest(&fr, listen_fd, 0) != 0)
		return 1;
	struct request req = {0};
	/* SIGTERM stops accept() at once, but waits while a request is read, handled and
	 * written: a signal during a blocking write() would end it early (EINTR) and truncate a
	 * large response. A SIGTERM that came meanwhile is delivered when the mask is lifted,
	 * and the loop ends. The master kills a worker still busy after its grace. */
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	while (!worker_stop && FCGX_Accept_r(&fr) >= 0) {
		sigprocmask(SIG_BLOCK, &term, NULL);
		long long t0 = now_us();
		request_reset(&req);
		db_round_trips_reset();
		server_handle(&req, fr.envp, fr.in);
		write_response(&req, fr.out);
		log_request(&req, FCGX_GetParam("REQUEST_METHOD", fr.envp),
			    FCGX_GetParam("REQUEST_URI", fr.envp), now_us() - t0);
		FCGX_Finish_r(&fr);
		sigprocmask(SIG_UNBLOCK, &term, NULL);
	}
	request_reset(&req);
	arena_free(&req.arena);
	buf_free(&req.resp.headers);
	buf_free(&req.resp.body);
	db_close(worker_db);
	return 0;
}

/* Stops the workers: SIGTERM, then up to grace seconds for them to finish the request in
 * flight and leave, then SIGKILL for those still there (a worker stuck on a client that
 * reads nothing must not hold the stop forever). */
static void stop_workers(const char *name, pid_t *pids, int workers, int grace)
{
	int left = 0;
	for (int i = 0; i < workers; i++)
		if (pids[i] > 0 && kill(pids[i], SIGTERM) == 0)
			left++;
		else
			pids[i] = 0;
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += grace;
	while (left > 0) {
		pid_t dead;
		while (left > 0 && (dead = waitpid(-1, NULL, WNOHANG)) > 0)
			for (int i = 0; i < workers; i++)
				if (pids[i] == dead) {
					pids[i] = 0;
					left--;
				}
		if (!left)
			break;
		struct timespec now, wait;
		clock_gettime(CLOCK_MONOTONIC, &now);
		long long ns = (long long)(end.tv_sec - now.tv_sec) * 1000000000LL +
			       (end.tv_nsec - now.tv_nsec);
		if (ns <= 0)
			break;
		if (ns > 1000000000LL)
			ns = 1000000000LL;
		wait.tv_sec = (time_t)(ns / 1000000000LL);
		wait.tv_nsec = (long)(ns % 1000000000LL);
		if (sigtimedwait(&chld, NULL, &wait) < 0 && errno == EAGAIN) {
			/* Again each second: a SIGTERM that came just before a worker blocked in
			 * accept() did not wake it; one in a request stays pending until it ends. */
			for (int i = 0; i < workers; i++)
				if (pids[i] > 0)
					kill(pids[i], SIGTERM);
		}
	}
	for (int i = 0; i < workers; i++) {
		if (pids[i] <= 0)
			continue;
		fprintf(stderr, "%s: worker %ld still running %d s after SIGTERM: killed\n", name,
			(long)pids[i], grace);
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
		pids[i] = 0;
	}
}

/* Returns the group id named by the configuration's socket_group (a name or a number), -1
 * when none is set, or -2 (after a message) when it names no group. */
static gid_t socket_gid(const char *name, const char *group)
{
	if (!group || !*group)
		return (gid_t)-1;
	struct group *g = getgrnam(group);
	if (g)
		return g->gr_gid;
	char *end;
	long n = strtol(group, &end, 10);
	if (*end == '\0' && n >= 0 && getgrgid((gid_t)n))
		return (gid_t)n;
	fprintf(stderr, "%s: socket_group = %s: no such group\n", name, group);
	return (gid_t)-2;
}

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s -c CONFIG [-s SOCKET|HOST:PORT] [-n WORKERS] [-p PIDFILE]\n"
			"  without -s, the program serves the socket it inherits on fd 0\n", prog);
}

int server_main(const struct app *app, int argc, char **argv)
{
	const char *conf = NULL, *sock = NULL, *pidfile = NULL;
	int workers = 0, c;
	while ((c = getopt(argc, argv, "c:s:n:p:h")) != -1) {
		switch (c) {
		case 'c': conf = optarg; break;
		case 's': sock = optarg; break;
		case 'p': pidfile = optarg; break;
		case 'n': workers = (int)strtol(optarg, NULL, 10); break;
		default: usage(argv[0]); return 2;
		}
	}
	if (!conf) {
		usage(argv[0]);
		return 2;
	}
	the_app = app;
	if (config_load(conf) < 0)
		return 1;
	if (workers <= 0)
		workers = (int)strtol(config_get("workers", "4"), NULL, 10);
	if (workers <= 0 || workers > 64)
		workers = 4;
	fmt_init_timezone();
	/* Every program must sign with the same secret, kept across restarts: without it, a
	 * link or form made by one program fails in another, and unsubscribe links die at the
	 * next restart. */
	const char *secret = config_get("secret_file", NULL);
	if (!secret || !*secret) {
		fprintf(stderr, "%s: the configuration has no secret_file (32 random bytes, "
				"e.g. head -c 32 /dev/urandom > FILE, mode 600)\n", app->name);
		return 1;
	}
	if (secret_init(secret) < 0)
		return 1;
	int grace = (int)strtol(config_get("stop_grace", "10"), NULL, 10);
	if (grace < 0 || grace > 3600)
		grace = 10;
	char err[512];
	const char *tdir = config_get("template_dir", TEMPLATE_DIR);
	if (tpl_init(tdir, app->templates, app->n_templates, err, sizeof err) < 0) {
		fprintf(stderr, "%s: %s\n", app->name, err);
		return 1;
	}
	char key[64];
	snprintf(key, sizeof key, "db_%s", app->name);
	const char *conninfo = config_get(key, NULL);
	if (!conninfo) {
		fprintf(stderr, "%s: the configuration has no %s\n", app->name, key);
		return 1;
	}
	db_worker_limits();
	if (FCGX_Init() != 0)
		return 1;
	int fd = 0;
	/* "host:port" or ":port" (no slash): FastCGI over TCP, for nginx on another host. Who
	 * may connect is then libfcgi's FCGI_WEB_SERVER_ADDRS (the front's addresses) and the
	 * network's filtering; a unix socket keeps its file mode and group below. */
	bool tcp = sock && !strchr(sock, '/') && strchr(sock, ':');
	if (tcp) {
		fd = FCGX_OpenSocket(sock, 1024);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot listen on %s: %s\n", app->name, sock, strerror(errno));
			return 1;
		}
	} else if (sock) {
		/* Only the program's user and the socket's group (nginx's) may connect, as with
		 * OpenBSD's slowcgi: the socket is made 0660 (no moment when others may connect),
		 * then given the configured group. */
		gid_t gid = socket_gid(app->name, config_get("socket_group", NULL));
		if (gid == (gid_t)-2)
			return 1;
		unlink(sock);
		mode_t old_mask = umask(0117);
		fd = FCGX_OpenSocket(sock, 1024); /* nginx may queue many while workers are busy */
		umask(old_mask);
		if (fd < 0) {
			fprintf(stderr, "%s: cannot listen on %s: %s\n", app->name, sock, strerror(errno));
			return 1;
		}
		if (chmod(sock, 0660) != 0 ||
		    (gid != (gid_t)-1 && chown(sock, (uid_t)-1, gid) != 0)) {
			fprintf(stderr, "%s: cannot give %s mode 0660 and its group: %s\n", app->name,
				sock, strerror(errno));
			unlink(sock);
			return 1;
		}
	} else {
		struct stat st;
		if (fstat(0, &st) != 0 || !S_ISSOCK(st.st_mode)) {
			fprintf(stderr, "%s: no -s SOCKET and fd 0 is not a socket\n", app->name);
			usage(argv[0]);
			return 2;
		}
	}
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");
		if (f) {
			fprintf(f, "%ld\n", (long)getpid());
			fclose(f);
		}
	}

	/* Made once the start-up checks are passed (an early return leaks nothing). */
	int n_stmts = LIB__MAX + app->n_stmts;
	struct db_stmt *stmts = calloc((size_t)n_stmts, sizeof *stmts);
	if (!stmts)
		return 1;
	memcpy(stmts, lib_stmts, (size_t)LIB__MAX * sizeof *stmts);
	memcpy(stmts + LIB__MAX, app->stmts, (size_t)app->n_stmts * sizeof *stmts);

	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);

	pid_t *pids = calloc((size_t)workers, sizeof *pids);
	int recent_restarts = 0;
	time_t window = time(NULL);
	for (int i = 0; i < workers; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(worker_run(fd, conninfo, stmts, n_stmts));
		pids[i] = p;
	}
	fprintf(stderr, "%s: listening on %s with %d workers (pid %ld)\n", app->name,
		sock ? sock : "fd 0", workers, (long)getpid());

	for (;;) {
		int sig;
		if (sigwait(&set, &sig) != 0)
			continue;
		if (sig == SIGTERM || sig == SIGINT)
			break;
		pid_t dead;
		int st;
		while ((dead = waitpid(-1, &st, WNOHANG)) > 0) {
			for (int i = 0; i < workers; i++) {
				if (pids[i] != dead)
					continue;
				if (WIFSIGNALED(st))
					fprintf(stderr, "%s: worker %ld killed by signal %d, restarting\n",
						app->name, (long)dead, WTERMSIG(st));
				else
					fprintf(stderr, "%s: worker %ld exited with %d, restarting\n",
						app->name, (long)dead, WEXITSTATUS(st));
				if (time(NULL) != window) {
					window = time(NULL);
					recent_restarts = 0;
				}
				if (++recent_restarts > workers * 2)
					sleep(1); /* a worker that dies at once must not spin */
				pid_t p = fork();
				if (p == 0)
					_exit(worker_run(fd, conninfo, stmts, n_stmts));
				pids[i] = p;
			}
		}
	}
	/* Graceful stop: workers finish the request in flight, then leave accept(). */
	stop_workers(app->name, pids, workers, grace);
	if (sock && !tcp)
		unlink(sock);
	if (pidfile)
		unlink(pidfile);
	fprintf(stderr, "%s: stopped\n", app->name);
	free(pids);
	free(stmts);
	return 0;
}
