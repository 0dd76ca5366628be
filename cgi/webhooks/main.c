/* main.c: fontaine-webhooks, the daemon that sends the webhook deliveries queued in the
 * database (schema/0038_webhooks.sql), signed, to the endpoints.
 *
 *   fontaine-webhooks -c CONFIG [-p PIDFILE] [--once]
 *
 * Configuration keys: db_webhooks (its credential file webhooks.conf; role
 * fontaine_webhooks), webhooks_allow (addresses and networks, comma-separated, that a
 * delivery may reach although they are loopback or private: "127.0.0.1/32, ::1/128").
 *
 * Loop: claim the due deliveries (the first pending one of each endpoint and resource, so a
 * resource's events arrive in order), POST each, record the outcome; then wait for NOTIFY
 * webhook (a trigger fires it on every insert) or 5 s. Several deliverers may run on one
 * database: a claim is held by its connection, and taken again only once that connection is
 * gone or 60 s have passed. SIGTERM lets the delivery in flight finish, puts the rest of the
 * batch back, and exits. */
#include "conf.h"
#include "webhooks.h"
#include <curl/curl.h>
#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

volatile sig_atomic_t webhooks_stop;

enum { WAIT_MS = 5000, BACKOFF_MAX_MS = 30000, MAX_SECRETS = 4 };

static void on_signal(int sig)
{
	(void)sig;
	webhooks_stop = 1;
}

static void nap(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (!webhooks_stop && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Records how delivery id ended, reconnecting as long as it takes; gives up on a stop
 * signal while the database is away (the claim then lapses and the delivery is sent again:
 * receivers deduplicate on Fontaine-Delivery). */
static void record(struct queue *q, unsigned gen, const char *id, const char *uuid,
		   enum send_result res, const struct send_outcome *o)
{
	long backoff = 500;
	for (;;) {
		if (queue_ready(q)) {
			if (queue_generation(q) != gen) {
				fprintf(stderr, "webhooks: %s: reconnected, the outcome (%s) is lost; "
						"it will be sent again\n", uuid,
					res == SEND_DELIVERED ? "delivered" : o->error);
				return;
			}
			if (res == SEND_DELIVERED) {
				int r = queue_delivered(q, id, o->http_status);
				if (r >= 0) {
					fprintf(stderr, "webhooks: %s delivered (HTTP %d)%s\n", uuid,
						o->http_status, r ? "" : ", but the claim was lost");
					return;
				}
			} else {
				const char *st = queue_retry(q, id, o->http_status, o->error);
				if (st) {
					fprintf(stderr, "webhooks: %s not delivered (now %s): %s\n", uuid,
						st, o->error);
					return;
				}
			}
		}
		if (webhooks_stop)
			return;
		nap(backoff);
		backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
	}
}

/* Claims and sends one batch. Returns the number claimed, or -1 when the database failed. */
static int run_batch(struct queue *q, const struct allow_list *allow)
{
	unsigned gen = queue_generation(q);
	PGresult *rows = queue_claim(q);
	if (!rows)
		return -1;
	int n = PQntuples(rows);
	for (int i = 0; i < n; i++) {
		const char *id = PQgetvalue(rows, i, QC_ID);
		if (queue_generation(q) != gen)
			break; /* reconnected: the old connection's claims are free again */
		if (webhooks_stop) {
			if (queue_release(q, id) < 0)
				break;
			continue;
		}
		char buf[512];
		const char *secrets[MAX_SECRETS];
		size_t n_secrets = queue_split_array(PQgetvalue(rows, i, QC_SECRETS), buf, sizeof buf,
						     secrets, MAX_SECRETS);
		struct send_outcome o;
		enum send_result res = webhook_send(PQgetvalue(rows, i, QC_URL),
						    PQgetvalue(rows, i, QC_DELIVERY_ID),
						    PQgetvalue(rows, i, QC_TYPE),
						    PQgetvalue(rows, i, QC_BODY), secrets, n_secrets,
						    allow, &o);
		record(q, gen, id, PQgetvalue(rows, i, QC_DELIVERY_ID), res, &o);
	}
	PQclear(rows);
	return n;
}

static int usage(const char *argv0)
{
	fprintf(stderr, "usage: %s -c CONFIG [-p PIDFILE] [--once]\n", argv0);
	return 2;
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *pidfile = NULL;
	bool once = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			conf = argv[++i];
		else if (strcmp(argv[i], "-p") == 0 && i + 1 < argc)
			pidfile = argv[++i];
		else if (strcmp(argv[i], "--once") == 0)
			once = true;
		else
			return usage(argv[0]);
	}
	if (!conf || config_load_as(conf, "webhooks") < 0)
		return usage(argv[0]);
	const char *conninfo = config_get("db_webhooks", NULL);
	if (!conninfo) {
		fprintf(stderr, "webhooks: the configuration needs db_webhooks (webhooks.conf)\n");
		return 1;
	}
	struct allow_list allow;
	char err[256];
	if (allow_list_parse(&allow, config_get("webhooks_allow", NULL), err, sizeof err) < 0) {
		fprintf(stderr, "webhooks: %s\n", err);
		return 1;
	}
	if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "webhooks: cannot initialise libsodium or libcurl\n");
		allow_list_free(&allow);
		return 1;
	}
	struct sigaction sa = {0};
	sa.sa_handler = on_signal; /* no SA_RESTART: poll and nanosleep return at once */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");
		if (!f) {
			fprintf(stderr, "webhooks: cannot write %s\n", pidfile);
			allow_list_free(&allow);
			return 1;
		}
		fprintf(f, "%ld\n", (long)getpid());
		fclose(f);
	}
	struct queue *q = queue_open(conninfo);
	fprintf(stderr, "webhooks: started (pid %ld, %zu allowed network(s))\n", (long)getpid(),
		allow.n);
	int rc = 0;
	long backoff = 1000;
	while (!webhooks_stop) {
		int n = queue_ready(q) ? run_batch(q, &allow) : -1;
		if (n < 0) {
			if (once) {
				rc = 1;
				break;
			}
			nap(backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		backoff = 1000;
		if (n > 0)
			continue; /* a delivered one may have freed the next of its resource */
		if (once)
			break;
		queue_wait(q, WAIT_MS);
	}
	fprintf(stderr, "webhooks: stopping\n");
	queue_close(q);
	allow_list_free(&allow);
	curl_global_cleanup();
	if (pidfile)
		unlink(pidfile);
	return rc;
}
