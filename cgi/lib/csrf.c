/* csrf.c: the server secret, random tokens, and CSRF tokens bound to a browser cookie. */
#include "page.h"
#include "conf.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned char secret[crypto_auth_hmacsha256_KEYBYTES];

int secret_init(const char *path)
{
	if (sodium_init() < 0)
		return -1;
	if (path) {
		/* A configured secret that cannot be read stops the program: a random one would
		 * make links and forms of one program fail in the others and after a restart. */
		int fd = open(path, O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "fontaine: cannot read the secret_file %s: %s\n", path,
				strerror(errno));
			return -1;
		}
		ssize_t n = read(fd, secret, sizeof secret);
		int err = errno;
		close(fd);
		if (n == (ssize_t)sizeof secret)
			return 0;
		if (n < 0)
			fprintf(stderr, "fontaine: cannot read the secret_file %s: %s\n", path,
				strerror(err));
		else
			fprintf(stderr, "fontaine: the secret_file %s holds %zd bytes, it must hold at "
					"least %zu (head -c 32 /dev/urandom > FILE)\n", path, n, sizeof secret);
		sodium_memzero(secret, sizeof secret);
		return -1;
	}
	randombytes_buf(secret, sizeof secret);
	return 0;
}

const char *random_token(struct arena *a, size_t n)
{
	unsigned char raw[64];
	if (n > sizeof raw)
		n = sizeof raw;
	randombytes_buf(raw, n);
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

/* Returns the form token for a cookie value: HMAC-SHA256 under the server secret. */
static const char *token_for(struct arena *a, const char *cookie)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, secret, sizeof secret);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"csrf:", 5);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)cookie, strlen(cookie));
	crypto_auth_hmacsha256_final(&st, mac);
	size_t len = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

static bool cookie_ok(const char *c)
{
	if (!c || strlen(c) != 22)
		return false;
	for (; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return false;
	return true;
}

const char *csrf_token(struct request *req)
{
	const char *c = req->csrf_cookie ? req->csrf_cookie : kv_get(&req->cookies, "csrf");
	if (!cookie_ok(c)) {
		/* One new cookie per response, whatever the number of forms on the page. */
		c = req->csrf_cookie = random_token(&req->arena, 16);
		resp_cookie(req, "csrf", c, -1);
	}
	return token_for(&req->arena, c);
}

bool csrf_valid(struct request *req)
{
	if (req->origin && *req->origin && strcmp(req->origin, "null") != 0) {
		const char *base = base_url();
		size_t n = strlen(req->origin);
		if (strncmp(base, req->origin, n) != 0 || (base[n] && base[n] != '/'))
			return false;
	}
	const char *c = kv_get(&req->cookies, "csrf");
	const char *sent = kv_get(&req->form, "csrf");
	if (!cookie_ok(c) || !sent)
		return false;
	const char *want = token_for(&req->arena, c);
	size_t n = strlen(want);
	return strlen(sent) == n && sodium_memcmp(sent, want, n) == 0;
}

/* HMAC-SHA256 under the server secret of "purpose:value", base64url without padding. */
const char *signed_token(struct arena *a, const char *purpose, const char *value)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, secret, sizeof secret);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)"signed:", 7);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)purpose, strlen(purpose));
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)":", 1);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)value, strlen(value));
	crypto_auth_hmacsha256_final(&st, mac);
	size_t len = sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

bool signed_token_valid(struct arena *a, const char *purpose, const char *value, const char *token)
{
	if (!value || !token)
		return false;
	const char *want = signed_token(a, purpose, value);
	size_t n = strlen(want);
	return strlen(token) == n && sodium_memcmp(token, want, n) == 0;
}
