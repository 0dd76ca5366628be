/* send.c: one signed webhook POST through libcurl: short time-outs, no redirects, http and
 * https only, no proxy, and a check of the very address curl connects to (after its own DNS
 * lookup, so that a name that resolves to a private address, or is made to by DNS
 * rebinding, is refused too). */
#include "webhooks.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int webhook_signature(char *out, size_t outlen, long long t, const char *const *secrets,
		      size_t n_secrets, const char *body, size_t body_len)
{
	char ts[32];
	int tlen = snprintf(ts, sizeof ts, "%lld", t);
	int w = snprintf(out, outlen, "t=%s", ts);
	if (w < 0 || (size_t)w >= outlen)
		return -1;
	size_t used = (size_t)w;
	for (size_t i = 0; i < n_secrets; i++) {
		crypto_auth_hmacsha256_state st;
		unsigned char mac[crypto_auth_hmacsha256_BYTES];
		crypto_auth_hmacsha256_init(&st, (const unsigned char *)secrets[i], strlen(secrets[i]));
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)ts, (unsigned long long)tlen);
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)".", 1);
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)body, body_len);
		crypto_auth_hmacsha256_final(&st, mac);
		char hex[2 * sizeof mac + 1];
		sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
		w = snprintf(out + used, outlen - used, ",v1=%s", hex);
		if (w < 0 || (size_t)w >= outlen - used)
			return -1;
		used += (size_t)w;
	}
	return 0;
}

struct guard {
	const struct allow_list *allow;
	char refused[160]; /* set when an address was refused */
};

/* CURLOPT_OPENSOCKETFUNCTION: opens the socket only for an address the guard accepts. */
static curl_socket_t open_socket(void *data, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct guard *g = data;
	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	const char *why = addr_refused(&a->addr, g->allow);
	if (why) {
		char text[INET6_ADDRSTRLEN] = "?";
		if (a->family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)&a->addr)->sin_addr, text, sizeof text);
		else if (a->family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&a->addr)->sin6_addr, text,
				  sizeof text);
		snprintf(g->refused, sizeof g->refused,
			 "adresse refusée : %s (%s, hors de webhooks_allow)", text, why);
		return CURL_SOCKET_BAD;
	}
	return socket(a->family, a->socktype, a->protocol);
}

/* Drops the receiver's answer (only its status is kept). */
static size_t discard(char *p, size_t size, size_t n, void *data)
{
	(void)p;
	(void)data;
	return size * n;
}

enum send_result webhook_send(const char *url, const char *delivery_id, const char *type,
			      const char *body, const char *const *secrets, size_t n_secrets,
			      const struct allow_list *allow, struct send_outcome *out)
{
	out->http_status = 0;
	out->error[0] = '\0';
	char sig[64 + 80 * 4];
	if (n_secrets == 0 || n_secrets > 4 ||
	    webhook_signature(sig, sizeof sig, (long long)time(NULL), secrets, n_secrets, body,
			      strlen(body)) < 0) {
		snprintf(out->error, sizeof out->error, "no secret to sign with");
		return SEND_RETRY;
	}
	CURL *c = curl_easy_init();
	if (!c) {
		snprintf(out->error, sizeof out->error, "cannot initialise libcurl");
		return SEND_RETRY;
	}
	char h_sig[sizeof sig + 32], h_id[96], h_type[96];
	snprintf(h_sig, sizeof h_sig, "Fontaine-Signature: %s", sig);
	snprintf(h_id, sizeof h_id, "Fontaine-Delivery: %s", delivery_id);
	snprintf(h_type, sizeof h_type, "Fontaine-Event: %s", type);
	struct curl_slist *h = NULL;
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, h_sig);
	h = curl_slist_append(h, h_id);
	h = curl_slist_append(h, h_type);
	h = curl_slist_append(h, "Expect:");
	struct guard g = {.allow = allow};
	char curl_err[CURL_ERROR_SIZE] = "";
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 3L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Fontaine-Webhooks/1");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &g);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, curl_err);
	/* One connection per delivery: a reused one would skip the address check. */
	curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	out->http_status = (int)status;
	if (rc != CURLE_OK && g.refused[0]) {
		snprintf(out->error, sizeof out->error, "%s", g.refused);
		out->http_status = 0;
		return SEND_RETRY;
	}
	if (rc != CURLE_OK) {
		snprintf(out->error, sizeof out->error, "%s",
			 curl_err[0] ? curl_err : curl_easy_strerror(rc));
		return SEND_RETRY;
	}
	if (status >= 200 && status < 300)
		return SEND_DELIVERED;
	snprintf(out->error, sizeof out->error, "HTTP %ld", status);
	return SEND_RETRY;
}
