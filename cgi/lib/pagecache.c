/* pagecache.c: each worker's copies of rendered public pages made of shared data only (the
 * site's content pages, the lists and feeds of events), served again while the shared data's
 * version (schema/0041) has not moved, and for a page that also depends on the time, until
 * the moment it would change: such a page costs one round trip, the version's read, or none
 * while no NOTIFY shared_data came (cgi/lib/space.c). */
#include "page.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* At most this many pages, and this many bytes of them, per worker (a worker stays within its
 * 2 MB of private memory): past that, the least recently served copy goes. */
enum { PAGE_CACHE_ENTRIES = 32, PAGE_CACHE_BYTES = 512 * 1024, PAGE_CACHE_PAGE_MAX = 128 * 1024 };

static struct copy {
	char *key;
	long long version;
	char *body;
	size_t len;
	unsigned long used; /* when it was last served (a counter) */
	enum cache_policy cache;
	bool csrf; /* has PAGE_CACHE_CSRF where each visitor's form token goes */
	time_t until;         /* served only before this time (0: while the version holds) */
	time_t last_modified; /* answered as resp_last_modified does (0: no Last-Modified) */
	char *content_type;   /* NULL: HTML */
	char *headers;        /* the response's own header lines but Last-Modified, or NULL */
	char etag[RESP_ETAG_SIZE]; /* the body's ETag (not for a copy with a form token) */
	char *stamp; /* page_cache_keep_stamped's stamp (NULL: a page of shared data only) */
} copies[PAGE_CACHE_ENTRIES];
static size_t bytes;
static unsigned long clock_;

const char *page_cache_key(struct request *req)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	/* What the layout takes from the request besides the path: the space, its base path and
	 * origin (canonical links), the year (footer). */
	const struct space *s = req->space;
	return arena_printf(&req->arena, "%d|%s|%s|%d|%s", s ? s->id : -1, s ? s->base : "",
			    base_url(), 1900 + tm.tm_year, req->path);
}

static struct copy *find(const char *key)
{
	for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
		if (copies[i].key && strcmp(copies[i].key, key) == 0)
			return &copies[i];
	return NULL;
}

static void drop(struct copy *c)
{
	bytes -= c->len;
	free(c->key);
	free(c->body);
	free(c->content_type);
	free(c->headers);
	free(c->stamp);
	*c = (struct copy){0};
}

/* The copy served least recently, or NULL when there is none. */
static struct copy *least_used(void)
{
	struct copy *old = NULL;
	for (int i = 0; i < PAGE_CACHE_ENTRIES; i++)
		if (copies[i].key && (!old || copies[i].used < old->used))
			old = &copies[i];
	return old;
}

/* Puts req's form token where the copy has PAGE_CACHE_CSRF (the same length: in place). */
static void fill_csrf(struct request *req)
{
	static const char hole[] = PAGE_CACHE_CSRF;
	enum { N = sizeof hole - 1 };
	struct buf *b = &req->resp.body;
	const char *token = NULL;
	for (size_t i = 0; b->len >= N && i <= b->len - N; i++) {
		if (b->data[i] != hole[0] || memcmp(b->data + i, hole, N) != 0)
			continue;
		if (!token)
			token = csrf_token(req);
		if (strlen(token) != N)
			return;
		memcpy(b->data + i, token, N);
		i += N - 1;
	}
}

/* Answers req with copy c. Returns true. */
static bool serve(struct request *req, struct copy *c)
{
	c->used = ++clock_;
	buf_reset(&req->resp.body);
	req->resp.status = 200;
	req->resp.content_type = c->content_type ? arena_strdup(&req->arena, c->content_type)
						 : "text/html; charset=utf-8";
	req->resp.cache = c->cache;
	if (c->last_modified && resp_last_modified(req, c->last_modified))
		return true; /* 304: the reader's copy is current */
	if (c->headers)
		buf_puts(&req->resp.headers, c->headers);
	buf_append(&req->resp.body, c->body, c->len);
	if (c->csrf)
		fill_csrf(req);
	else
		req->resp.etag = arena_strdup(&req->arena, c->etag); /* the same bytes: not hashed again */
	return true;
}

bool page_cache_serve(struct request *req, const char *key, int n, const int *ids,
		      const char *const *const *params)
{
	struct copy *c = key && !req->user &&
			(req->method == METHOD_GET || req->method == METHOD_HEAD) ? find(key) : NULL;
	long long version;
	if (c && c->until && time(NULL) >= c->until) {
		drop(c); /* the time it stood for has passed: an event has ended since */
		c = NULL;
	}
	if (!c) {
		/* No copy: the version and the page's statements in one round trip. */
		if (key)
			req_prefetch_versioned(req, n, ids, params);
		else
			req_prefetch(req, n, ids, params);
		return false;
	}
	if (c->stamp || lib_data_version(req, &version) != 0 || version != c->version) {
		req_prefetch(req, n, ids, params);
		return false;
	}
	return serve(req, c);
}

bool page_cache_has(const char *key)
{
	struct copy *c = key ? find(key) : NULL;
	return c && (!c->until || time(NULL) < c->until);
}

bool page_cache_serve_stamped(struct request *req, const char *key, const char *stamp)
{
	struct copy *c = key && stamp && !req->user &&
			(req->method == METHOD_GET || req->method == METHOD_HEAD) ? find(key) : NULL;
	long long version;
	if (!c || !c->stamp || strcmp(c->stamp, stamp) != 0 ||
	    (c->until && time(NULL) >= c->until) || lib_data_version(req, &version) != 0 ||
	    version != c->version)
		return false;
	return serve(req, c);
}

/* The header lines of req's response that a copy keeps, all but Last-Modified (the copy
 * sets it again when served), in out (NULL for none; the caller frees it). Returns false when
 * the response may not be kept (it sets a cookie, or memory ran out). */
static bool kept_headers(struct request *req, char **out)
{
	const struct buf *h = &req->resp.headers;
	struct buf kept = {0};
	*out = NULL;
	for (size_t i = 0; i < h->len;) {
		const char *line = h->data + i;
		const char *end = memchr(line, '\n', h->len - i);
		size_t n = end ? (size_t)(end - line) + 1 : h->len - i;
		if (n >= 11 && strncasecmp(line, "Set-Cookie:", 11) == 0) {
			buf_free(&kept);
			return false;
		}
		if (!(n >= 14 && strncasecmp(line, "Last-Modified:", 14) == 0))
			buf_append(&kept, line, n);
		i += n;
	}
	bool none = kept.len == 0;
	if (!none)
		*out = strdup(buf_cstr(&kept));
	buf_free(&kept);
	return none || *out;
}

/* Keeps req's response as key's copy when it may be kept. */
static void store(struct request *req, const char *key, time_t until, time_t last_modified,
		  const char *stamp)
{
	size_t len = req->resp.body.len;
	if (!key || req->user || !req->data_version_read || req->resp.status != 200 ||
	    len == 0 || len > PAGE_CACHE_PAGE_MAX || (until && time(NULL) >= until))
		return;
	char *headers;
	if (!kept_headers(req, &headers))
		return;
	bool other_type = req->resp.content_type &&
			  strcmp(req->resp.content_type, "text/html; charset=utf-8") != 0;
	char *type = other_type ? strdup(req->resp.content_type) : NULL;
	struct copy *c = find(key);
	if (c)
		drop(c);
	while (bytes + len > PAGE_CACHE_BYTES && (c = least_used()))
		drop(c);
	c = NULL;
	for (int i = 0; i < PAGE_CACHE_ENTRIES && !c; i++)
		if (!copies[i].key)
			c = &copies[i];
	if (!c) {
		c = least_used();
		drop(c);
	}
	char *k = strdup(key), *body = malloc(len), *st = stamp ? strdup(stamp) : NULL;
	if (!k || !body || (other_type && !type) || (stamp && !st)) {
		free(k);
		free(body);
		free(type);
		free(headers);
		free(st);
		return;
	}
	memcpy(body, req->resp.body.data, len);
	*c = (struct copy){k, req->data_version, body, len, ++clock_, req->resp.cache,
			   memmem(body, len, PAGE_CACHE_CSRF, sizeof PAGE_CACHE_CSRF - 1) != NULL,
			   until, last_modified, type, headers, "", st};
	if (!c->csrf)
		resp_etag_of(body, len, c->etag);
	bytes += len;
}

void page_cache_keep(struct request *req, const char *key)
{
	store(req, key, 0, 0, NULL);
	fill_csrf(req); /* kept or not, the response has the visitor's token */
}

void page_cache_keep_until(struct request *req, const char *key, int until_id,
			   time_t last_modified)
{
	const char *state;
	PGresult *r = req_exec(req, until_id, NULL, &state);
	if (r && PQntuples(r) == 1) {
		char *end = NULL;
		long long until = PQgetisnull(r, 0, 0) ? 0 : strtoll(PQgetvalue(r, 0, 0), &end, 10);
		if (!end || (*end == '\0' && until > 0))
			store(req, key, (time_t)until, last_modified, NULL);
	}
	fill_csrf(req);
}

void page_cache_keep_stamped(struct request *req, const char *key, const char *stamp,
			     time_t until)
{
	if (stamp && until > 0)
		store(req, key, until, 0, stamp);
	fill_csrf(req);
}
