/* fuzz_request.c: request_from_env() on a FastCGI environment built from the input, then
 * route_match() against a small route table. No request body is ever read (in = NULL and
 * no CONTENT_LENGTH), so POST is routed with an empty form. */
#include "fuzz.h"
#include "http.h"

/* The space a request is for (cgi/lib/space.c) needs the worker's snapshot of the space table,
 * read from the database: the parser is fuzzed here, so every request is for the default
 * space, as when that table could not be read. */
static const struct space default_space = {.id = 0, .slug = "", .name = "La Fontaine", .base = ""};

int space_resolve(struct request *req)
{
	req->space = &default_space;
	return 0;
}

const char *space_path(struct request *req, const char *path)
{
	(void)req;
	return path;
}

static int handler(struct request *req)
{
	(void)req;
	return 0;
}

static const int data_events = 1;

static const struct route routes[] = {
	{.methods = M_READ, .pattern = "/", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/tarifs", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/evenements", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/evenements/{}", .handler = handler, .data = &data_events},
	{.methods = M_READ, .pattern = "/evenements/{}/inscription", .handler = handler, .data = NULL},
	{.methods = M_POST, .pattern = "/evenements/{}/inscription", .handler = handler, .data = NULL},
	{.methods = M_POST, .pattern = "/contact", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/contact", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/a/{}/{}/{}/{}", .handler = handler, .data = NULL},
	{.methods = M_READ, .pattern = "/b/{}/{}/{}/{}/{}", .handler = handler, .data = NULL}, /* more params than MAX_ROUTE_PARAMS */
	{.methods = M_POST, .pattern = "/api/{}", .handler = handler, .data = NULL},
};

static const struct app app = {
	.name = "fuzz",
	.routes = routes,
	.n_routes = sizeof routes / sizeof routes[0],
};

/* The input's lines ('\n'-separated), in this order, become these variables; a line
 * that is absent leaves its variable unset. */
static const char *const vars[] = {
	"REQUEST_METHOD", "REQUEST_URI",  "HTTP_COOKIE",        "QUERY_STRING",
	"CONTENT_TYPE",   "REMOTE_ADDR",  "HTTP_IF_NONE_MATCH", "HTTP_ORIGIN",
	"HTTP_USER_AGENT",
};
enum { N_VARS = sizeof vars / sizeof vars[0] };

/* Returns true when path matches pattern, as a reference for route_match. */
static bool ref_match(const char *pattern, const char *path, int *nparams)
{
	*nparams = 0;
	while (*pattern) {
		if (pattern[0] == '{' && pattern[1] == '}') {
			size_t n = strcspn(path, "/");
			if (n == 0 || *nparams == MAX_ROUTE_PARAMS)
				return false;
			path += n, pattern += 2, ++*nparams;
			continue;
		}
		if (*pattern++ != *path++)
			return false;
	}
	return *path == '\0';
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstr(data, size);
	char *envp[N_VARS + 2];
	size_t n = 0;
	char *line = text;
	for (size_t v = 0; v < N_VARS && line; v++) {
		char *nl = memchr(line, '\n', size - (size_t)(line - text));
		if (nl)
			*nl = '\0';
		size_t len = strlen(vars[v]) + 1 + strlen(line) + 1;
		envp[n] = malloc(len);
		CHECK(envp[n] != NULL);
		snprintf(envp[n], len, "%s=%s", vars[v], line);
		n++;
		line = nl ? nl + 1 : NULL;
	}
	envp[n++] = "GATEWAY_INTERFACE=CGI/1.1";
	envp[n] = NULL;

	struct request req = {0};
	req.app = &app;
	int rc = request_from_env(&req, envp, NULL);
	CHECK(rc == 0 || rc == 400 || rc == 414 || rc == 415 || rc == 413);
	CHECK(rc != 413 && rc != 415); /* no body was announced */
	if (rc == 0) {
		CHECK(req.path && req.path[0] == '/');
		size_t plen = strlen(req.path);
		CHECK(plen <= MAX_URI_LEN);
		CHECK(utf8_valid(req.path, plen));
		CHECK(req.query_string != NULL);
		CHECK(req.query.n <= MAX_FIELDS && req.cookies.n <= MAX_COOKIES);
		for (size_t i = 0; i < req.query.n; i++) {
			CHECK(utf8_valid(req.query.items[i].key, strlen(req.query.items[i].key)));
			CHECK(utf8_valid(req.query.items[i].value, req.query.items[i].value_len));
		}
		CHECK(req.form.n == 0);
		CHECK(req.method <= METHOD__MAX);

		int status = 0;
		const struct route *r = route_match(&app, &req, &status);
		/* Reference: the first route whose pattern matches and whose methods allow it. */
		const struct route *want = NULL;
		bool path_found = false;
		int want_params = 0;
		for (size_t i = 0; i < app.n_routes; i++) {
			int np;
			if (!ref_match(routes[i].pattern, req.path, &np))
				continue;
			path_found = true;
			if (!want && req.method < METHOD__MAX &&
			    (routes[i].methods & (1u << req.method)))
				want = &routes[i], want_params = np;
		}
		CHECK(r == want);
		if (r) {
			CHECK(req.route_data == r->data);
			for (int i = 0; i < MAX_ROUTE_PARAMS; i++) {
				if (i >= want_params) {
					CHECK(req.params[i] == NULL);
					continue;
				}
				CHECK(req.params[i] && req.params[i][0] != '\0');
				CHECK(strchr(req.params[i], '/') == NULL);
				CHECK(strstr(req.path, req.params[i]) != NULL);
			}
		} else {
			CHECK(status == (path_found ? 405 : 404));
			const char *h = buf_cstr(&req.resp.headers);
			CHECK((strncmp(h, "Allow: ", 7) == 0) == (status == 405));
		}
	}
	buf_free(&req.resp.headers);
	buf_free(&req.resp.body);
	arena_free(&req.arena);
	for (size_t i = 0; i + 1 < n; i++)
		free(envp[i]);
	free(text);
	return 0;
}
