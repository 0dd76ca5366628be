/* cli.c: fontaine-invoicectl, the invoicing command for cron and the accountant:
 *   fontaine-invoicectl -c CONFIG run YYYY-MM           monthly run: creates the drafts
 *   fontaine-invoicectl -c CONFIG issue-drafts YYYY-MM  issues the month's drafts
 *   fontaine-invoicectl -c CONFIG verify                walks both hash chains and checks the
 *                                                       stored PDF and XML (exit 1: broken)
 *   fontaine-invoicectl -c CONFIG freeze                stores the PDF and XML of documents issued
 *                                                       without them (before schema/0022)
 *   fontaine-invoicectl -c CONFIG memberships           daily: formulas past their end ended,
 *                                                       membership renewal reminders queued
 *   fontaine-invoicectl -c CONFIG close YYYY-MM|YYYY [-o DIR]
 *                                                       closes a period, writes its archive
 * It connects with db_invoice and runs the statements of sql.c. The verification recomputes
 * every hash here, with libsodium, from the canonical texts and the stored bytes the database
 * gives: the link after a document frozen at issue is its seal (schema/0022), else its hash. */
#include "invoice.h"
#include "conf.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct db *db;
static struct invoice_db idb; /* db for frozen.c */

static void usage(void)
{
	fprintf(stderr, "usage: fontaine-invoicectl -c CONFIG run YYYY-MM | issue-drafts YYYY-MM | verify | freeze | "
			"close YYYY-MM|YYYY [-o DIR] | memberships\n");
	exit(2);
}

/* Runs statement id or exits with the database's message. */
static PGresult *run(int id, const char *const *params)
{
	const char *state;
	PGresult *r = db_exec(db, id, params, &state);
	if (!r) {
		fprintf(stderr, "fontaine-invoicectl: %s failed (SQLSTATE %s)\n", invoice_stmts[id].name,
			state ? state : "?");
		exit(state && state[0] == 'F' ? 3 : 1);
	}
	return r;
}

static const char *month_arg(struct arena *a, const char *s)
{
	const char *m = month_param(a, s);
	if (!m) {
		fprintf(stderr, "fontaine-invoicectl: bad month \"%s\" (YYYY-MM)\n", s);
		exit(2);
	}
	return m;
}

static void sha256_hex(const char *s, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)s, strlen(s));
	sodium_bin2hex(out, 65, h, sizeof h);
}

/* SHA-256 (hex) of the bytes whose hex text is hex; false when hex is not hex. */
static bool sha256_of_hex(const char *hex, size_t hl, char out[65])
{
	unsigned char *bin = malloc(hl / 2 + 1), h[crypto_hash_sha256_BYTES];
	size_t len = 0;
	bool ok = bin && sodium_hex2bin(bin, hl / 2 + 1, hex, hl, NULL, &len, NULL) == 0;
	if (ok) {
		crypto_hash_sha256(h, bin, len);
		sodium_bin2hex(out, 65, h, sizeof h);
	}
	free(bin);
	return ok;
}

/* Checks the stored bytes of frozen document id (number) against their SHA-256 and its seal
 * against its hash. Returns the link after the document (its seal when frozen at issue, else
 * hash) in link, or false after printing why. *late counts documents frozen after issue. */
static bool verify_frozen(const char *id, const char *number, const char *hash, char link[65], int *late)
{
	const char *p[] = {id};
	PGresult *f = run(SQL_FROZEN_ROW, p);
	bool ok = PQntuples(f) == 1;
	char pdf[65] = "", xml[65] = "", seal[65];
	if (ok)
		ok = sha256_of_hex(PQgetvalue(f, 0, 0), (size_t)PQgetlength(f, 0, 0), pdf) &&
		     sha256_of_hex(PQgetvalue(f, 0, 1), (size_t)PQgetlength(f, 0, 1), xml) &&
		     strcmp(pdf, PQgetvalue(f, 0, 2)) == 0 && strcmp(xml, PQgetvalue(f, 0, 3)) == 0;
	if (ok) {
		char canonical[160];
		snprintf(canonical, sizeof canonical, "pdf|%s\nxml|%s\n", pdf, xml);
		chain_hash(hash, canonical, seal);
		ok = strcmp(seal, PQgetvalue(f, 0, 4)) == 0;
	}
	if (!ok) {
		printf("BROKEN at %s: its stored PDF or XML no longer matches its hash (pdf %s, xml %s)\n", number,
		       *pdf ? pdf : "?", *xml ? xml : "?");
	} else if (strcmp(PQgetvalue(f, 0, 5), "t") == 0) {
		memcpy(link, seal, 65);
	} else {
		memcpy(link, hash, 65);
		(*late)++;
	}
	PQclear(f);
	return ok;
}

/* Walks the documents in chain order, then the closings. Returns the exit status (1 for a
 * broken chain, every result freed either way: the sanitizer build counts a leak). */
static int verify(void)
{
	PGresult *r = run(SQL_CHAIN_ROWS, NULL), *c = NULL, *a = NULL;
	char prev[65], h[65];
	memset(prev, '0', 64);
	prev[64] = '\0';
	long long seq = 0;
	int n = PQntuples(r), rc = 1, frozen = 0, late = 0;
	for (int i = 0; i < n; i++) {
		const char *number = PQgetvalue(r, i, 1);
		long long s = strtoll(PQgetvalue(r, i, 2), NULL, 10);
		if (s != seq + 1) {
			printf("BROKEN at %s: link %lld missing before it (found %lld): a document was deleted\n", number, seq + 1, s);
			goto out;
		}
		if (strcmp(PQgetvalue(r, i, 3), prev) != 0) {
			printf("BROKEN at %s: its previous hash is not the previous document's hash\n", number);
			goto out;
		}
		chain_hash(prev, PQgetvalue(r, i, 5), h);
		if (strcmp(h, PQgetvalue(r, i, 4)) != 0) {
			printf("BROKEN at %s: its content no longer matches its hash (stored %s, computed %s)\n",
			       number, PQgetvalue(r, i, 4), h);
			goto out;
		}
		memcpy(prev, h, sizeof prev);
		if (strcmp(PQgetvalue(r, i, 6), "t") == 0) {
			frozen++;
			if (!verify_frozen(PQgetvalue(r, i, 0), number, h, prev, &late))
				goto out;
		}
		seq = s;
	}
	PQclear(r);
	r = run(SQL_CHAIN_HEAD, NULL);
	if (strtoll(PQgetvalue(r, 0, 0), NULL, 10) != seq || strcmp(PQgetvalue(r, 0, 1), prev) != 0) {
		printf("BROKEN at the end of the chain: head %s is not the last document (%lld): a document was deleted\n",
		       PQgetvalue(r, 0, 0), seq);
		goto out;
	}
	c = run(SQL_CLOSINGS, NULL);
	memset(prev, '0', 64);
	for (int i = 0; i < PQntuples(c); i++) {
		const char *p[] = {PQgetvalue(c, i, 0)};
		a = run(SQL_CLOSING_GET, p);
		char sha[65];
		sha256_hex(PQgetvalue(a, 0, 0), sha);
		chain_hash(prev, sha, h);
		if (strcmp(sha, PQgetvalue(c, i, 5)) != 0 || strcmp(PQgetvalue(c, i, 6), prev) != 0 ||
		    strcmp(h, PQgetvalue(c, i, 7)) != 0) {
			printf("BROKEN at the closing of %s: its archive or its chaining no longer matches its hash\n",
			       PQgetvalue(c, i, 2));
			goto out;
		}
		memcpy(prev, h, sizeof prev);
		PQclear(a);
		a = NULL;
	}
	printf("OK: %d documents and %d closings verified; %d with their stored PDF and XML (%d stored after "
	       "issue, outside the chain; %d issued before stored files, not covered)\n",
	       n, PQntuples(c), frozen, late, n - frozen);
	rc = 0;
out:
	PQclear(a);
	PQclear(c);
	PQclear(r);
	return rc;
}

/* Stores the bytes of every issued document that has none. Returns the exit status. */
static int freeze_all(void)
{
	PGresult *r = run(SQL_UNFROZEN, NULL);
	int n = 0, rc = 0;
	for (int i = 0; i < PQntuples(r); i++) {
		struct buf b = {0};
		const char *state;
		if (doc_frozen(&idb, PQgetvalue(r, i, 0), "pdf", &b, &state) < 0) {
			fprintf(stderr, "fontaine-invoicectl: document %s not frozen (SQLSTATE %s)\n", PQgetvalue(r, i, 0),
				state ? state : "?");
			rc = 1;
		} else {
			n++;
		}
		buf_free(&b);
	}
	printf("freeze: %d document(s) stored\n", n);
	PQclear(r);
	return rc;
}

static int close_period(struct arena *a, const char *period, const char *dir)
{
	const char *kind, *start;
	if (strlen(period) == 4 && strspn(period, "0123456789") == 4) {
		kind = "year";
		start = arena_printf(a, "%s-01-01", period);
	} else {
		kind = "month";
		start = month_arg(a, period);
	}
	const char *p[] = {kind, start};
	PGresult *r = run(SQL_CLOSE, p);
	const char *id[] = {arena_strdup(a, PQgetvalue(r, 0, 0))};
	PQclear(r);
	PGresult *g = run(SQL_CLOSING_GET, id);
	const char *path = arena_printf(a, "%s/cloture-%s.json", dir, period);
	FILE *f = fopen(path, "w");
	if (!f || fputs(PQgetvalue(g, 0, 0), f) == EOF || fclose(f) != 0) {
		perror(path);
		PQclear(g);
		return 1;
	}
	const char *spath = arena_printf(a, "%s/cloture-%s.sha256", dir, period);
	f = fopen(spath, "w");
	if (!f || fprintf(f, "%s  cloture-%s.json\n# chained hash: %s\n", PQgetvalue(g, 0, 3), period,
			  PQgetvalue(g, 0, 4)) < 0 || fclose(f) != 0) {
		perror(spath);
		PQclear(g);
		return 1;
	}
	printf("closed %s: archive %s (sha256 %s, chained hash %s)\n", period, path, PQgetvalue(g, 0, 3),
	       PQgetvalue(g, 0, 4));
	PQclear(g);
	return 0;
}

int main(int argc, char **argv)
{
	const char *conf = NULL, *dir = ".";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-c") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			dir = argv[i + 1];
		else
			usage();
	}
	if (!conf || i >= argc)
		usage();
	const char *cmd = argv[i++];
	const char *arg = i < argc ? argv[i++] : NULL;
	if (i + 1 < argc && strcmp(argv[i], "-o") == 0)
		dir = argv[i + 1];
	if (config_load(conf) < 0)
		return 2;
	if (sodium_init() < 0)
		return 1;
	fmt_init_timezone();
	const char *conninfo = config_get("db_invoice", NULL);
	if (!conninfo) {
		fprintf(stderr, "fontaine-invoicectl: no db_invoice in %s\n", conf);
		return 2;
	}
	db = db_open(conninfo, invoice_stmts, SQL__MAX);
	idb = (struct invoice_db){db, 0};
	if (!db_connected(db)) {
		fprintf(stderr, "fontaine-invoicectl: cannot connect with db_invoice\n");
		return 1;
	}
	struct arena a = {0};
	int rc = 0;
	if (strcmp(cmd, "run") == 0 && arg) {
		const char *p[] = {month_arg(&a, arg)};
		PGresult *r = run(SQL_RUN, p);
		printf("run %s: %s line(s) added to the month's drafts\n", arg, PQgetvalue(r, 0, 0));
		PQclear(r);
	} else if (strcmp(cmd, "issue-drafts") == 0 && arg) {
		const char *state;
		int issued = 0, left = 0;
		if (issue_month(&idb, month_arg(&a, arg), &issued, &left, &state) < 0) {
			fprintf(stderr, "fontaine-invoicectl: issue-drafts stopped after %d issued (SQLSTATE %s)\n", issued,
				state ? state : "?");
			rc = state && state[0] == 'F' ? 3 : 1;
		} else {
			printf("issue-drafts %s: %d issued, %d left as drafts\n", arg, issued, left);
		}
	} else if (strcmp(cmd, "memberships") == 0 && !arg) {
		PGresult *r = run(SQL_MEMBERSHIP_DAILY, NULL);
		printf("memberships: %s renewal reminder(s) queued\n", PQgetvalue(r, 0, 0));
		PQclear(r);
	} else if (strcmp(cmd, "verify") == 0 && !arg) {
		rc = verify();
	} else if (strcmp(cmd, "freeze") == 0 && !arg) {
		rc = freeze_all();
	} else if (strcmp(cmd, "close") == 0 && arg) {
		rc = close_period(&a, arg, dir);
	} else {
		usage();
	}
	arena_free(&a);
	db_close(db);
	render_release();
	return rc;
}
