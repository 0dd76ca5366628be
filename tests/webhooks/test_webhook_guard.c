/* test_webhook_guard.c: the deliverer's address guard (no private address without the
 * allow-list) and its signature (HMAC-SHA256 over "t.body", one v1 per secret). */
#include "tap.h"
#include "webhooks.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <string.h>

volatile sig_atomic_t webhooks_stop;
#define WEBHOOK_TEST_HMAC "6fdf484bce713f012476650cebcb4e486c6bf80fcfa435460a0e0af8fb74d8f1"

static const char *judge(const char *text, const struct allow_list *allow)
{
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof ss);
	struct sockaddr_in *v4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, text, &v4->sin_addr) == 1)
		v4->sin_family = AF_INET;
	else if (inet_pton(AF_INET6, text, &v6->sin6_addr) == 1)
		v6->sin6_family = AF_INET6;
	else
		return "unparsed";
	return addr_refused((struct sockaddr *)&ss, allow);
}

int main(void)
{
	static const char *const refused[] = {
		"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.254",
		"192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0",
		"224.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
		"ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
		"64:ff9b::a00:1", "::127.0.0.1",
	};
	static const char *const accepted[] = {
		"93.184.216.34", "172.32.0.1", "100.128.0.1", "192.169.0.1", "8.8.8.8",
		"2a00:1450:4007:80c::200e", "::ffff:93.184.216.34", "11.0.0.1",
	};
	struct allow_list none = {0};
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++)
		ok(judge(refused[i], &none) != NULL, "%s refused without allow-list (%s)", refused[i],
		   judge(refused[i], &none) ? judge(refused[i], &none) : "accepted!");
	for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++)
		ok(judge(accepted[i], &none) == NULL, "%s accepted", accepted[i]);

	struct allow_list allow;
	char err[128];
	is_int(allow_list_parse(&allow, " 127.0.0.1/32, ::1 ,10.9.0.0/16", err, sizeof err), 0,
	       "allow-list parsed");
	is_int((long long)allow.n, 3, "three entries");
	ok(judge("127.0.0.1", &allow) == NULL, "127.0.0.1 allowed by the list");
	ok(judge("::ffff:127.0.0.1", &allow) == NULL, "its IPv4-mapped form too");
	ok(judge("127.0.0.2", &allow) != NULL, "127.0.0.2 still refused");
	ok(judge("::1", &allow) == NULL, "::1 allowed");
	ok(judge("10.9.200.1", &allow) == NULL, "inside 10.9.0.0/16");
	ok(judge("10.10.0.1", &allow) != NULL, "outside 10.9.0.0/16");
	allow_list_free(&allow);
	ok(allow_list_parse(&allow, "127.0.0.1/33", err, sizeof err) < 0, "/33 refused: %s", err);
	ok(allow_list_parse(&allow, "localhost", err, sizeof err) < 0, "a name refused: %s", err);
	is_int(allow_list_parse(&allow, "", err, sizeof err), 0, "empty list");
	is_int((long long)allow.n, 0, "allows nothing");
	allow_list_free(&allow);

	if (sodium_init() < 0)
		return 1;
	/* Expected value from an independent HMAC: python3 -c 'import hmac,hashlib;
	 * print(hmac.new(b"whsec_k", b"1700000000.{\"a\": 1}", hashlib.sha256).hexdigest())' */
	const char *secrets[2] = {"whsec_k", "whsec_old"};
	char sig[400];
	const char *body = "{\"a\": 1}";
	is_int(webhook_signature(sig, sizeof sig, 1700000000LL, secrets, 1, body, strlen(body)), 0,
	       "signed");
	is_str(sig, "t=1700000000,v1=" WEBHOOK_TEST_HMAC, "signature header value");
	is_int(webhook_signature(sig, sizeof sig, 1700000000LL, secrets, 2, body, strlen(body)), 0,
	       "signed with two secrets");
	contains(sig, ",v1=" WEBHOOK_TEST_HMAC ",v1=", "two v1 values, the current secret first");
	ok(webhook_signature(sig, 40, 1700000000LL, secrets, 2, body, strlen(body)) < 0,
	   "too small a buffer is an error");
	char buf[128];
	const char *out[4];
	is_int((long long)queue_split_array("{whsec_a,whsec_b}", buf, sizeof buf, out, 4), 2,
	       "secrets array split");
	is_str(out[1], "whsec_b", "second secret");
	return done_testing();
}
