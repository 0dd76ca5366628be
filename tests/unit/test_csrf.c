/* test_csrf.c: unit tests of csrf.c (random tokens, CSRF tokens bound to a cookie, Origin). */
#include "page.h"
#include "tap.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static bool base64url(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

static void test_random_token(struct arena *a)
{
	static const struct {
		size_t bytes, chars;
	} sizes[] = {{16, 22}, {32, 43}, {1, 2}, {3, 4}, {64, 86}};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		const char *t = random_token(a, sizes[i].bytes);
		is_int((long long)strlen(t), (long long)sizes[i].chars,
		       "random_token(%zu) has %zu characters", sizes[i].bytes, sizes[i].chars);
		ok(base64url(t), "random_token(%zu) is base64url without padding: %s", sizes[i].bytes, t);
	}
	const char *t1 = random_token(a, 16), *t2 = random_token(a, 16);
	ok(strcmp(t1, t2) != 0, "two tokens differ");
	/* 200 tokens of 16 bytes: no repeat, and every base64url character shows up. */
	const char *seen[200];
	bool unique = true;
	char alphabet[128] = {0};
	for (int i = 0; i < 200; i++) {
		seen[i] = random_token(a, 16);
		for (int j = 0; j < i; j++)
			unique = unique && strcmp(seen[i], seen[j]) != 0;
		for (const char *p = seen[i]; *p; p++)
			alphabet[(unsigned char)*p & 127] = 1;
	}
	ok(unique, "200 tokens are all different");
	int distinct = 0;
	for (int c = 0; c < 128; c++)
		distinct += alphabet[c];
	/* 200 × 21 uniform characters over 64: missing one has a chance of about 1e-28. */
	is_int(distinct, 64, "the tokens use the whole base64url alphabet");
}

static void test_csrf(void)
{
	struct request req = {0};
	const char *tok = csrf_token(&req);
	const char *cookie = req.csrf_cookie;
	ok(cookie && strlen(cookie) == 22 && base64url(cookie), "csrf_token sets a 22-character cookie");
	contains(buf_cstr(&req.resp.headers), "Set-Cookie: csrf=", "and sends it in Set-Cookie");
	contains(buf_cstr(&req.resp.headers), "HttpOnly; SameSite=Lax", "the cookie is HttpOnly, Lax");
	ok(tok && strlen(tok) == 43 && base64url(tok), "the form token is 43 base64url characters");
	is_str(csrf_token(&req), tok, "the same cookie gives the same token");

	/* A POST carrying the cookie and the token. */
	struct request post = {0};
	kv_add(&post.arena, &post.cookies, "csrf", cookie, strlen(cookie));
	kv_add(&post.arena, &post.form, "csrf", tok, strlen(tok));
	ok(csrf_valid(&post), "cookie and matching token: valid");
	post.origin = "http://127.0.0.1:8080";
	ok(csrf_valid(&post), "same Origin as base_url: valid");
	post.origin = "null";
	ok(csrf_valid(&post), "Origin null: the token decides");
	post.origin = "https://evil.example";
	ok(!csrf_valid(&post), "foreign Origin: invalid");
	post.origin = "http://127.0.0.1:8080.evil.example";
	ok(!csrf_valid(&post), "Origin extending the base URL: invalid");
	post.origin = "http://127.0.0.1:80";
	ok(!csrf_valid(&post), "Origin prefix of the base URL: invalid");
	post.origin = NULL;

	struct request bad = {0};
	kv_add(&bad.arena, &bad.cookies, "csrf", cookie, strlen(cookie));
	ok(!csrf_valid(&bad), "no token in the form: invalid");
	char wrong[64];
	snprintf(wrong, sizeof wrong, "%s", tok);
	wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
	kv_add(&bad.arena, &bad.form, "csrf", wrong, strlen(wrong));
	ok(!csrf_valid(&bad), "one character changed: invalid");

	struct request nocookie = {0};
	kv_add(&nocookie.arena, &nocookie.form, "csrf", tok, strlen(tok));
	ok(!csrf_valid(&nocookie), "token without the cookie: invalid");

	struct request other = {0};
	const char *tok2 = csrf_token(&other);
	ok(strcmp(tok2, tok) != 0, "another browser gets another token");
	kv_add(&other.arena, &other.form, "csrf", tok, strlen(tok));
	ok(!csrf_valid(&other), "a token for another cookie: invalid");

	/* A malformed cookie from the browser is replaced, once per request. */
	struct request shortc = {0};
	kv_add(&shortc.arena, &shortc.cookies, "csrf", "short", 5);
	const char *s1 = csrf_token(&shortc);
	const char *c = shortc.csrf_cookie;
	ok(c && strlen(c) == 22 && base64url(c), "a malformed cookie is replaced");
	contains(buf_cstr(&shortc.resp.headers), "Set-Cookie: csrf=", "the new cookie is sent");
	/* Two forms on a page (layout and content) must share one cookie and one token. */
	is_str(csrf_token(&shortc), s1, "a second csrf_token in the same request gives the same token");
	const char *h = buf_cstr(&shortc.resp.headers);
	const char *first = strstr(h, "Set-Cookie:");
	ok(first && !strstr(first + 1, "Set-Cookie:"), "and sends one Set-Cookie only");

	struct request *all[] = {&req, &post, &bad, &nocookie, &other, &shortc};
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
		arena_free(&all[i]->arena);
		buf_free(&all[i]->resp.headers);
	}
}

/* A configured secret_file that cannot be read, or is too short, is refused (issue 11): the
 * program must stop rather than sign with a random secret. */
static void test_secret_file(void)
{
	char dir[] = "/tmp/test_csrf.XXXXXX";
	if (!mkdtemp(dir)) {
		ok(false, "mkdtemp");
		return;
	}
	char path[256];
	snprintf(path, sizeof path, "%s/absent", dir);
	ok(secret_init(path) == -1, "a secret_file that does not exist is refused");
	ok(secret_init(dir) == -1, "a secret_file that is a directory is refused");
	snprintf(path, sizeof path, "%s/short", dir);
	FILE *f = fopen(path, "w");
	fputs("0123456789abcdef0123456789abcde", f); /* 31 bytes */
	fclose(f);
	ok(secret_init(path) == -1, "a secret_file of 31 bytes is refused");
	unlink(path);
	snprintf(path, sizeof path, "%s/good", dir);
	f = fopen(path, "w");
	fputs("0123456789abcdef0123456789abcdef and more", f);
	fclose(f);
	ok(secret_init(path) == 0, "a secret_file of 32 bytes or more is read");
	/* The same file gives the same tokens: two programs, or one restarted, agree. */
	struct arena a = {0};
	const char *t1 = signed_token(&a, "unsubscribe", "camille@example.org");
	ok(secret_init(NULL) == 0, "(a random secret in between)");
	ok(secret_init(path) == 0, "read again");
	is_str(signed_token(&a, "unsubscribe", "camille@example.org"), t1,
	       "the same secret_file signs the same way");
	arena_free(&a);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	struct arena a = {0};
	test_secret_file();
	ok(secret_init(NULL) == 0, "secret_init(NULL) makes a random secret");
	test_random_token(&a);
	test_csrf();
	arena_free(&a);
	return done_testing();
}
