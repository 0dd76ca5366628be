/* request.c: builds a request from the FastCGI environment, routes it, and the response helpers. */
#include "http.h"
#include "conf.h"
#include "server.h"
#include <ctype.h>
#include <fcgiapp.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>

static const char *env_get(char **envp, const char *name)
{
	size_t n = strlen(name);
	for (char **e = envp; e && *e; e++)
		if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

static const char *env_dup(struct request *req, char **envp, const char *name)
{
	const char *v = env_get(envp, name);
	return v ? arena_strdup(&req->arena, v) : NULL;
}

static bool content_type_is(const char *ct, const char *want)
{
	size_t n = strlen(want);
	if (!ct || strncasecmp(ct, want, n) != 0)
		return false;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static bool pattern_match(const char *pattern, const char *path, const char **params,
			  struct arena *a);

/* The Host header's name in lower case without its port ("" when none). */
static const char *host_from(struct request *req, const char *h)
{
	if (!h)
		return "";
	size_t n = h[0] == '[' ? strcspn(h, "]") + (h[strcspn(h, "]")] == ']') : strcspn(h, ":");
	if (n > 253)
		return "";
	char *out = arena_strndup(&req->arena, h, n);
	for (char *p = out; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return out;
}

/* Whether a POST route of the program (marked with flag: M_UPLOAD, or 0 for any) matches the
 * request's path. */
static bool post_route(struct request *req, unsigned flag)
{
	for (size_t i = 0; req->app && i < req->app->n_routes; i++) {
		const struct route *r = &req->app->routes[i];
		const char *params[MAX_ROUTE_PARAMS];
		if ((r->methods & flag) == flag && (r->methods & M_POST) &&
		    pattern_match(r->pattern, req->path, params, &req->arena))
			return true;
	}
	return false;
}

int request_from_env(struct request *req, char **envp, struct FCGX_Stream *in)
{
	/* An error page may be rendered before the path is known. */
	req->path = "/";
	req->envp = envp;
	const char *method = env_get(envp, "REQUEST_METHOD");
	if (!method)
		return 400;
	if (strcmp(method, "GET") == 0)
		req->method = METHOD_GET;
	else if (strcmp(method, "HEAD") == 0)
		req->method = METHOD_HEAD;
	else if (strcmp(method, "POST") == 0)
		req->method = METHOD_POST;
	else
		req->method = METHOD__MAX; /* routed so that it becomes 404 or 405 */

	const char *uri = env_get(envp, "REQUEST_URI");
	if (!uri || uri[0] != '/')
		return 400;
	size_t ulen = strlen(uri);
	if (ulen > MAX_URI_LEN)
		return 414;
	const char *q = strchr(uri, '?');
	size_t plen = q ? (size_t)(q - uri) : ulen;
	const char *path = percent_decode(&req->arena, uri, plen, DECODE_PATH, NULL);
	if (!path)
		return 400;
	req->path = path;
	req->host = host_from(req, env_get(envp, "HTTP_HOST"));
	/* The space before anything else: it takes the /lieux/<slug> prefix off the path. */
	int space_status = space_resolve(req);
	if (space_status)
		return space_status;
	req->query_string = q ? arena_strdup(&req->arena, q + 1) : "";
	if (parse_urlencoded(&req->arena, req->query_string, strlen(req->query_string),
			     &req->query) < 0)
		return 400;

	req->remote_addr = env_dup(req, envp, "REMOTE_ADDR");
	req->content_type = env_dup(req, envp, "CONTENT_TYPE");
	req->if_none_match = env_dup(req, envp, "HTTP_IF_NONE_MATCH");
	req->if_modified_since = env_dup(req, envp, "HTTP_IF_MODIFIED_SINCE");
	req->origin = env_dup(req, envp, "HTTP_ORIGIN");
	req->user_agent = env_dup(req, envp, "HTTP_USER_AGENT");
	if (parse_cookies(&req->arena, env_get(envp, "HTTP_COOKIE"), &req->cookies) < 0)
		return 400;

	if (req->method != METHOD_POST)
		return 0;
	const char *cl = env_get(envp, "CONTENT_LENGTH");
	char *end = NULL;
	long long len = cl && *cl ? strtoll(cl, &end, 10) : 0;
	if (cl && *cl && (*end || len < 0))
		return 400;
	if (len > MAX_BODY_LEN)
		return 413;
	if (req->app && req->app->json_api) {
		/* A JSON API reads its body itself (jansson): kept as it came, NUL-terminated. A
		 * path without a POST route is left to the router (404, 405). */
		if (!post_route(req, 0))
			return 0;
		if (len > 0 && !content_type_is(req->content_type, "application/json"))
			return 415;
		char *body = arena_alloc(&req->arena, (size_t)len + 1);
		if (len > 0 && FCGX_GetStr(body, (int)len, in) != (int)len)
			return 400;
		body[len] = '\0';
		req->body = body;
		req->body_len = (size_t)len;
		return 0;
	}
	/* Only a route marked M_UPLOAD takes a multipart body; anything else is refused before
	 * the body is read. */
	bool multipart = len > 0 && content_type_is(req->content_type, "multipart/form-data") &&
			 post_route(req, M_UPLOAD);
	if (len > 0 && !multipart && !content_type_is(req->content_type, "application/x-www-form-urlencoded"))
		return 415;
	char *body = arena_alloc(&req->arena, (size_t)len + 1);
	if (len > 0 && FCGX_GetStr(body, (int)len, in) != (int)len)
		return 400;
	if (multipart) {
		body[len] = '\0';
		return parse_multipart(&req->arena, req->content_type, body, (size_t)len, &req->form,
				       &req->files) < 0 ? 400 : 0;
	}
	if (memchr(body, '\0', (size_t)len))
		return 400;
	if (parse_urlencoded(&req->arena, body, (size_t)len, &req->form) < 0)
		return 400;
	return 0;
}

/* Returns true when path matches pattern, filling params for each {} segment. */
static bool pattern_match(const char *pattern, const char *path, const char **params,
			  struct arena *a)
{
	int np = 0;
	while (*pattern && *path) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			/* A parameter runs to the next '/' or to the pattern's next character
			 * ("/evenements/{}.ics" stops at the dot). */
			char stop = pattern[2] && pattern[2] != '/' ? pattern[2] : '/';
			const char *seg = path;
			while (*path && *path != '/' && *path != stop)
				path++;
			if (path == seg || np == MAX_ROUTE_PARAMS)
				return false;
			params[np++] = arena_strndup(a, seg, (size_t)(path - seg));
			pattern += 2;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++, path++;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *route_match(const struct app *app, struct request *req, int *status)
{
	bool path_found = false;
	for (size_t i = 0; i < app->n_routes; i++) {
		const struct route *r = &app->routes[i];
		const char *params[MAX_ROUTE_PARAMS] = {0};
		if (!pattern_match(r->pattern, req->path, params, &req->arena))
			continue;
		path_found = true;
		if (req->method < METHOD__MAX && (r->methods & (1u << req->method))) {
			memcpy(req->params, params, sizeof params);
			req->route_data = r->data;
			return r;
		}
	}
	if (path_found) {
		/* 405 must say what is allowed. */
		unsigned allowed = 0;
		for (size_t i = 0; i < app->n_routes; i++) {
			const char *params[MAX_ROUTE_PARAMS];
			if (pattern_match(app->routes[i].pattern, req->path, params, &req->arena))
				allowed |= app->routes[i].methods;
		}
		static const char *const names[METHOD__MAX] = {"GET", "HEAD", "POST"};
		char allow[32] = "";
		for (int m = 0; m < METHOD__MAX; m++)
			if (allowed & (1u << m)) {
				if (allow[0])
					strcat(allow, ", ");
				strcat(allow, names[m]);
			}
		resp_header(req, "Allow", allow);
	}
	*status = path_found ? 405 : 404;
	return NULL;
}

const char *req_param(const struct request *req, const char *name)
{
	return env_get(req->envp, name);
}

void resp_header(struct request *req, const char *name, const char *value)
{
	/* Header values never carry CR or LF, whatever the caller passed. */
	buf_puts(&req->resp.headers, name);
	buf_puts(&req->resp.headers, ": ");
	for (const char *p = value; *p; p++)
		if (*p != '\r' && *p != '\n')
			buf_putc(&req->resp.headers, *p);
	buf_puts(&req->resp.headers, "\r\n");
}

void resp_redirect(struct request *req, int status, const char *location)
{
	req->resp.status = status;
	bool local = location[0] == '/' && location[1] != '/' && location[1] != '\\';
	/* A path that already starts with the base (a return address made in the space) keeps it. */
	const char *base = req->space ? req->space->base : "";
	size_t bl = strlen(base);
	if (local && bl && strncmp(location, base, bl) == 0 &&
	    (location[bl] == '\0' || location[bl] == '/' || location[bl] == '?'))
		local = false;
	resp_header(req, "Location", local ? space_path(req, location) : location);
}

void resp_cookie(struct request *req, const char *name, const char *value, long max_age)
{
	const char *secure = strcmp(config_get("cookie_secure", "1"), "0") ? "; Secure" : "";
	char *v = max_age >= 0
			  ? arena_printf(&req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
					 name, value, max_age, secure)
			  : arena_printf(&req->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s", name,
					 value, secure);
	resp_header(req, "Set-Cookie", v);
}

/* The query parameters whose values are bearer secrets (emailed links: jeton=, the
 * unsubscribe link's t= and its address e=) or could be (token=). */
static const char *const secret_params[] = {"jeton", "t", "token", "e"};
/* Paths whose next segment is a bearer secret (the customer's invoice link
 * /factures/<token>[.pdf|.xml], a member's calendar /agenda/<token>.ics); the segments listed
 * after each are public files. */
static const struct {
	const char *prefix, *public_segment;
} secret_paths[] = {{"/factures/", "impression.css"}, {"/agenda/", NULL}};

/* Appends c to out[*o] if printable ASCII ('?' otherwise) and there is room. */
static void log_putc(char *out, size_t n, size_t *o, char c)
{
	if (*o + 1 < n)
		out[(*o)++] = (c > 0x20 && c < 0x7f) ? c : '?';
}

static void log_puts(char *out, size_t n, size_t *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		log_putc(out, n, o, s[i]);
}

/* True when the raw (still percent-encoded) name s[0..len) decodes to a secret parameter's
 * name, whatever its case. */
static bool secret_name(const char *s, size_t len)
{
	char name[16];
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '%' && i + 2 < len && isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char hex[3] = {s[i + 1], s[i + 2], 0};
			c = (int)strtol(hex, NULL, 16);
			i += 2;
		} else if (c == '+') {
			c = ' ';
		}
		if (k == sizeof name - 1)
			return false;
		name[k++] = (char)c;
	}
	name[k] = '\0';
	for (size_t i = 0; i < sizeof secret_params / sizeof secret_params[0]; i++)
		if (strcasecmp(name, secret_params[i]) == 0)
			return true;
	return false;
}

size_t log_uri(char *out, size_t n, const char *uri)
{
	size_t o = 0;
	if (!n)
		return 0;
	if (!uri)
		uri = "-";
	size_t plen = strcspn(uri, "?");
	const char *path = uri, *rest = NULL;
	for (size_t i = 0; i < sizeof secret_paths / sizeof secret_paths[0]; i++) {
		size_t pl = strlen(secret_paths[i].prefix);
		if (plen <= pl || strncmp(path, secret_paths[i].prefix, pl) != 0)
			continue;
		const char *seg = path + pl;
		size_t slen = strcspn(seg, "/?");
		const char *pub = secret_paths[i].public_segment;
		if (pub && slen == strlen(pub) && strncmp(seg, pub, slen) == 0)
			continue;
		/* Keep the extension (.pdf, .xml): it tells which document was asked for. */
		const char *dot = memchr(seg, '.', slen);
		size_t ext = dot && seg + slen - dot <= 5 ? (size_t)(seg + slen - dot) : 0;
		log_puts(out, n, &o, path, pl);
		log_puts(out, n, &o, "***", 3);
		log_puts(out, n, &o, seg + slen - ext, ext);
		rest = seg + slen;
		break;
	}
	if (!rest)
		rest = path;
	log_puts(out, n, &o, rest, (size_t)(path + plen - rest));
	if (uri[plen] == '?') {
		log_putc(out, n, &o, '?');
		const char *q = uri + plen + 1;
		while (*q) {
			size_t len = strcspn(q, "&");
			size_t nlen = strcspn(q, "=&");
			if (nlen < len && secret_name(q, nlen)) {
				log_puts(out, n, &o, q, nlen + 1);
				log_puts(out, n, &o, "***", 3);
			} else {
				log_puts(out, n, &o, q, len);
			}
			q += len;
			if (*q == '&')
				log_putc(out, n, &o, *q++);
		}
	}
	out[o] = '\0';
	return o;
}
