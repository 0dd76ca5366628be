/* addr.c: the webhook deliverer's address guard: loopback, private, link-local, CGNAT,
 * multicast, unspecified and reserved addresses are refused unless the configuration's
 * allow-list (webhooks_allow) holds them. */
#include "webhooks.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void allow_list_free(struct allow_list *list)
{
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

/* Parses one entry "addr[/bits]" into c. Returns 0 or -1. */
static int parse_cidr(const char *s, struct cidr *c)
{
	char tmp[64];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	if (len == 0 || len >= sizeof tmp)
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	memset(c, 0, sizeof *c);
	int max;
	if (inet_pton(AF_INET, tmp, c->addr) == 1) {
		c->family = AF_INET;
		max = 32;
	} else if (inet_pton(AF_INET6, tmp, c->addr) == 1) {
		c->family = AF_INET6;
		max = 128;
	} else {
		return -1;
	}
	c->bits = max;
	if (slash) {
		char *end;
		long b = strtol(slash + 1, &end, 10);
		if (end == slash + 1 || *end || b < 0 || b > max)
			return -1;
		c->bits = (int)b;
	}
	return 0;
}

int allow_list_parse(struct allow_list *list, const char *text, char *err, size_t errlen)
{
	list->v = NULL;
	list->n = 0;
	if (!text)
		return 0;
	char *copy = strdup(text);
	if (!copy)
		abort();
	size_t cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == ',';
	list->v = calloc(cap, sizeof *list->v);
	if (!list->v)
		abort();
	char *save = NULL;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ' || *tok == '\t')
			tok++;
		char *end = tok + strlen(tok);
		while (end > tok && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (!*tok)
			continue;
		if (parse_cidr(tok, &list->v[list->n]) < 0) {
			snprintf(err, errlen, "webhooks_allow: not an address or network: %s", tok);
			free(copy);
			allow_list_free(list);
			return -1;
		}
		list->n++;
	}
	free(copy);
	return 0;
}

/* True when the first bits of a and b are equal. */
static bool prefix_eq(const unsigned char *a, const unsigned char *b, int bits)
{
	int whole = bits / 8, rest = bits % 8;
	if (memcmp(a, b, (size_t)whole) != 0)
		return false;
	if (rest == 0)
		return true;
	unsigned char mask = (unsigned char)(0xff << (8 - rest));
	return (a[whole] & mask) == (b[whole] & mask);
}

static bool allowed(const struct allow_list *list, int family, const unsigned char *a)
{
	for (size_t i = 0; list && i < list->n; i++)
		if (list->v[i].family == family && prefix_eq(a, list->v[i].addr, list->v[i].bits))
			return true;
	return false;
}

/* Why IPv4 address a (network order) is not a public unicast address, or NULL. */
static const char *v4_class(const unsigned char *a)
{
	if (a[0] == 0)
		return "unspecified";
	if (a[0] == 127)
		return "loopback";
	if (a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168))
		return "private";
	if (a[0] == 169 && a[1] == 254)
		return "link-local";
	if (a[0] == 100 && (a[1] & 0xc0) == 64)
		return "shared (CGNAT)";
	if ((a[0] & 0xf0) == 224)
		return "multicast";
	if ((a[0] & 0xf0) == 240)
		return "reserved";
	if (a[0] == 192 && a[1] == 0 && a[2] == 0)
		return "reserved";
	if (a[0] == 198 && (a[1] & 0xfe) == 18)
		return "reserved (benchmarking)";
	return NULL;
}

const char *addr_refused(const struct sockaddr *sa, const struct allow_list *list)
{
	if (!sa)
		return "no address";
	if (sa->sa_family == AF_INET) {
		const unsigned char *a =
			(const unsigned char *)&((const struct sockaddr_in *)sa)->sin_addr;
		const char *why = v4_class(a);
		return why && !allowed(list, AF_INET, a) ? why : NULL;
	}
	if (sa->sa_family != AF_INET6)
		return "not an internet address";
	const unsigned char *a = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	static const unsigned char zero[12] = {0};
	static const unsigned char nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
	if (memcmp(a, mapped, 12) == 0 || memcmp(a, nat64, 12) == 0 ||
	    (memcmp(a, zero, 12) == 0 && !(a[12] == 0 && a[13] == 0 && a[14] == 0 && a[15] <= 1))) {
		/* An IPv4 address inside an IPv6 one: judged (and allowed) as that IPv4 address. */
		const char *why = v4_class(a + 12);
		if (!why || allowed(list, AF_INET, a + 12) || allowed(list, AF_INET6, a))
			return NULL;
		return why;
	}
	const char *why = NULL;
	if (memcmp(a, zero, 12) == 0 && a[12] == 0 && a[13] == 0 && a[14] == 0)
		why = a[15] == 1 ? "loopback" : "unspecified";
	else if ((a[0] & 0xfe) == 0xfc)
		why = "private (ULA)";
	else if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		why = "link-local";
	else if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0)
		why = "site-local";
	else if (a[0] == 0xff)
		why = "multicast";
	else if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0x0d && a[3] == 0xb8)
		why = "reserved (documentation)";
	return why && !allowed(list, AF_INET6, a) ? why : NULL;
}
