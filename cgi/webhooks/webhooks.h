/* webhooks.h: the webhook deliverer's parts: the address guard (addr.c), the queue in
 * PostgreSQL (queue.c) and the signed HTTP POST (send.c). */
#ifndef FT_WEBHOOKS_H
#define FT_WEBHOOKS_H
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <libpq-fe.h>

/* Set by SIGTERM/SIGINT: finish the delivery in flight, then leave. */
extern volatile sig_atomic_t webhooks_stop;

/* ---- addr.c: which addresses a delivery may connect to (no server-side request forgery) ---- */

/* One allowed network: an IPv4 (family AF_INET, 4 bytes) or IPv6 (16 bytes) prefix. */
struct cidr {
	int family;
	unsigned char addr[16];
	int bits;
};

struct allow_list {
	struct cidr *v;
	size_t n;
};

/* Parses "127.0.0.1/32, ::1/128, 192.0.2.0/24" (a bare address is a /32 or /128) into list.
 * Returns 0, or -1 with the bad entry named in err. An empty or NULL text allows nothing. */
int allow_list_parse(struct allow_list *list, const char *text, char *err, size_t errlen);
void allow_list_free(struct allow_list *list);
/* Returns NULL when a delivery may connect to sa (a public unicast address, or one inside
 * list), else why not ("loopback", "private", "link-local"...). An IPv4-mapped or
 * IPv4-compatible IPv6 address (::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d) is judged as its
 * IPv4 address. */
const char *addr_refused(const struct sockaddr *sa, const struct allow_list *list);

/* ---- sign (send.c) ---- */

/* Writes "t=<t>,v1=<hex>[,v1=<hex>]" into out (one v1 per secret): HMAC-SHA256 with each
 * secret as the key over "<t>.<body>". Returns 0, or -1 when out is too small. */
int webhook_signature(char *out, size_t outlen, long long t, const char *const *secrets,
		      size_t n_secrets, const char *body, size_t body_len);

/* ---- send.c: one POST through libcurl ---- */

enum send_result { SEND_DELIVERED, SEND_RETRY };

struct send_outcome {
	int http_status; /* 0 when no answer came */
	char error[256]; /* empty when delivered */
};

/* POSTs body to url, signed with the secrets, with the delivery's id and type in its
 * headers; connects only to addresses addr_refused() accepts. Returns SEND_DELIVERED on a
 * 2xx answer. */
enum send_result webhook_send(const char *url, const char *delivery_id, const char *type,
			      const char *body, const char *const *secrets, size_t n_secrets,
			      const struct allow_list *allow, struct send_outcome *out);

/* ---- queue.c: the deliveries in PostgreSQL ---- */

struct queue;

enum { QUEUE_BATCH = 10 };

/* Columns of a claimed row (queue_claim's result). */
enum queue_col { QC_ID, QC_DELIVERY_ID, QC_TYPE, QC_URL, QC_BODY, QC_SECRETS, QC_ATTEMPTS, QC__MAX };

struct queue *queue_open(const char *conninfo);
void queue_close(struct queue *q);
/* Returns true when connected and listening, after (re)connecting if needed. */
bool queue_ready(struct queue *q);
/* Counts the successful (re)connections: claims made under an older one are lost. */
unsigned queue_generation(const struct queue *q);
/* Claims up to QUEUE_BATCH due deliveries. Returns the result (PQclear it) or NULL. */
PGresult *queue_claim(struct queue *q);
/* Records delivery id delivered (status: the HTTP status). Returns 1, 0 when the claim is
 * no longer ours, -1 when the database failed. */
int queue_delivered(struct queue *q, const char *id, int status);
/* Records a failed attempt. Returns the status now stored ("pending", "failed", "gone") or
 * NULL when the database failed. */
const char *queue_retry(struct queue *q, const char *id, int status, const char *error);
/* Puts a claimed delivery back untried. Returns 0 or -1. */
int queue_release(struct queue *q, const char *id);
/* Waits up to ms for NOTIFY webhook. Returns 1, 0 (time-out or signal), -1 (lost). */
int queue_wait(struct queue *q, int ms);
/* Splits a text[] value ({a,b}: the secrets, which hold no comma or quote) into at most max
 * strings pointing into buf (a copy). Returns how many. */
size_t queue_split_array(const char *value, char *buf, size_t buflen, const char **out, size_t max);
#endif
