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
 *   fontaine-invoicectl -c CONFIG fec YYYY-MM|YYYY [-o DIR]
 *                                                       writes the period's FEC (DIR/<SIREN>FEC….txt)
 *   fontaine-invoicectl -c CONFIG sepa FRST|RCUR YYYY-MM-DD [-o DIR]
 *                                                       prepares the direct-debit batch collected
 *                                                       that day, writes its pain.008 (DIR/<id>.xml)
 * Each command runs for every organisation in turn (the connection acting for
 * a space of it: numbers, chains, closings are per organisation, schema/0033), or for one with
 * --organisation N before the command.
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
/* What the commands did, summed over the organisations they ran for: one summary line each,
 * whatever the number of organisations. */
static struct {
	long long lines, reminders;
	int issued, left, stored, docs, closings, frozen, late;
} tot;
static struct invoice_db idb; /* db for frozen.c */

static void usage(void)
{
	fprintf(stderr, "usage: fontaine-invoicectl -c CONFIG run YYYY-MM | issue-drafts YYYY-MM | verify | freeze | "
			"close YYYY-MM|YYYY [-o DIR] | memberships | fec YYYY-MM|YYYY [-o DIR] | sepa FRST|RCUR YYYY-MM-DD [-o DIR]  "
			"(options: --organisation N)\n");
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

/* Checks the stored bytes of frozen document row i of r (SQL_CHAIN_ROWS, whose hash is hash)
 * against the SHA-256 recorded with them, and its seal against those and hash. Returns the
 * link after the document (its seal when frozen at issue, else hash) in link, or false after
 * printing why. *late counts documents frozen after issue. */
static bool verify_frozen(PGresult *r, int i, const char *hash, char link[65], int *late)
{
	const char *pdf = PQgetvalue(r, i, CR_PDF_NOW), *xml = PQgetvalue(r, i, CR_XML_NOW);
	bool ok = strcmp(pdf, PQgetvalue(r, i, CR_PDF_SHA256)) == 0 &&
		  strcmp(xml, PQgetvalue(r, i, CR_XML_SHA256)) == 0;
	char seal[65];
	if (ok) {
		char canonical[160];
		snprintf(canonical, sizeof canonical, "pdf|%s\nxml|%s\n", pdf, xml);
		chain_hash(hash, canonical, seal);
		ok = strcmp(seal, PQgetvalue(r, i, CR_SEAL)) == 0;
	}
	if (!ok)
		printf("BROKEN at %s: its stored PDF or XML no longer matches its hash (pdf %s, xml %s)\n",
		       PQgetvalue(r, i, CR_NUMBER), *pdf ? pdf : "?", *xml ? xml : "?");
	else if (strcmp(PQgetvalue(r, i, CR_AT_ISSUE), "t") == 0)
		memcpy(link, seal, 65);
	else {
		memcpy(link, hash, 65);
		(*late)++;
	}
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
	int n = PQnfields(r) == CR__MAX ? PQntuples(r) : 0, rc = 1, frozen = 0, late = 0;
	for (int i = 0; i < n; i++) {
		const char *number = PQgetvalue(r, i, CR_NUMBER);
		long long s = strtoll(PQgetvalue(r, i, CR_SEQ), NULL, 10);
		if (s != seq + 1) {
			printf("BROKEN at %s: link %lld missing before it (found %lld): a document was deleted\n", number, seq + 1, s);
			goto out;
		}
		if (strcmp(PQgetvalue(r, i, CR_PREV_HASH), prev) != 0) {
			printf("BROKEN at %s: its previous hash is not the previous document's hash\n", number);
			goto out;
		}
		chain_hash(prev, PQgetvalue(r, i, CR_CANONICAL), h);
		if (strcmp(h, PQgetvalue(r, i, CR_HASH)) != 0) {
			printf("BROKEN at %s: its content no longer matches its hash (stored %s, computed %s)\n",
			       number, PQgetvalue(r, i, CR_HASH), h);
			goto out;
		}
		memcpy(prev, h, sizeof prev);
		if (strcmp(PQgetvalue(r, i, CR_FROZEN), "t") == 0) {
			frozen++;
			if (!verify_frozen(r, i, h, prev, &late))
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
	tot.docs += n;
	tot.closings += PQntuples(c);
	tot.frozen += frozen;
	tot.late += late;
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
	tot.stored += n;
	PQclear(r);
	return rc;
}

static int run_command(struct arena *a, const char *cmd, const char *arg, const char *arg2, const char *dir,
		       const char *suffix);

/* Writes text (len bytes) to path; 0, or 1 after printing why. */
static int write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		return 1;
	}
	return 0;
}

/* The FEC of a month (YYYY-MM) or a year (YYYY) of the connection's organisation, as the staff
 * page /admin/factures/fec writes it. */
static int fec_export(struct arena *a, const char *period, const char *dir)
{
	const char *first, *last;
	if (strlen(period) == 4 && strspn(period, "0123456789") == 4 && period[0] == '2') {
		first = arena_printf(a, "%s-01-01", period);
		last = arena_printf(a, "%s-12-31", period);
	} else {
		first = month_arg(a, period);
		int yy, mm;
		sscanf(first, "%4d-%2d", &yy, &mm);
		static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int dd = mdays[mm - 1] + (mm == 2 && ((yy % 4 == 0 && yy % 100 != 0) || yy % 400 == 0));
		last = arena_printf(a, "%04d-%02d-%02d", yy, mm, dd);
	}
	const char *p[] = {first, last};
	PGresult *settings = run(SQL_SETTINGS, NULL), *sales = run(SQL_FEC_SALES, p), *pays = run(SQL_FEC_PAYMENTS, p),
		 *acc = run(SQL_ACCOUNTS, NULL);
	size_t n;
	struct fec_row *rows = fec_load(a, sales, pays, acc, &n);
	struct buf b = {0};
	int rc = 1;
	char name[32];
	if (fec_write(rows, n, &b) < 0) {
		fprintf(stderr, "fontaine-invoicectl: the FEC of %s cannot be written\n", period);
	} else {
		const char *path = arena_printf(a, "%s/%s.txt", dir, fec_filename(name, PQgetvalue(settings, 0, 1), date_col(last)));
		rc = write_file(path, b.data ? b.data : "", b.len);
		if (!rc)
			printf("fec %s: %s (%zu line(s))\n", period, path, n);
	}
	buf_free(&b);
	PQclear(settings);
	PQclear(sales);
	PQclear(pays);
	PQclear(acc);
	return rc;
}

/* Prepares the SEPA batch of sequence seq collected on date for the connection's organisation
 * and writes its pain.008 file, as the staff pages do; nothing to debit is no error. */
static int sepa_export(struct arena *a, const char *seq, const char *date, const char *dir)
{
	if (!seq || !date || (strcmp(seq, "FRST") != 0 && strcmp(seq, "RCUR") != 0)) {
		fprintf(stderr, "fontaine-invoicectl: sepa FRST|RCUR YYYY-MM-DD\n");
		return 2;
	}
	const char *state;
	const char *p[] = {seq, date, NULL};
	PGresult *r = db_exec(db, SQL_SEPA_BATCH_CREATE, p, &state);
	if (!r) {
		if (state && strcmp(state, "FTI21") == 0) {
			printf("sepa %s %s: nothing to debit\n", seq, date);
			return 0;
		}
		fprintf(stderr, "fontaine-invoicectl: sepa %s %s failed (SQLSTATE %s)\n", seq, date, state ? state : "?");
		return state && state[0] == 'F' ? 3 : 1;
	}
	const char *id[] = {arena_strdup(a, PQgetvalue(r, 0, 0))};
	PQclear(r);
	PGresult *batch = run(SQL_SEPA_BATCH, id), *settings = run(SQL_SETTINGS, NULL), *ds = run(SQL_SEPA_DEBITS, id);
	struct sepa_batch b;
	sepa_load(a, &b, settings, batch, ds);
	struct buf x = {0};
	int rc = 1;
	if (b.n_tx == 0 || sepa_pain008(&b, &x) < 0) {
		fprintf(stderr, "fontaine-invoicectl: the file of batch %s cannot be written (IBAN, BIC or creditor "
				"identifier of the organisation?)\n", id[0]);
	} else {
		const char *sp[] = {id[0], arena_strndup(a, x.data, x.len)};
		PGresult *st = run(SQL_SEPA_STORE, sp);
		const char *text = PQgetvalue(st, 0, 0);
		const char *path = arena_printf(a, "%s/%s.xml", dir, PQgetvalue(batch, 0, 3));
		rc = write_file(path, text, strlen(text));
		if (!rc)
			printf("sepa %s %s: batch %s, %d debit(s), %s\n", seq, date, id[0], PQntuples(ds), path);
		PQclear(st);
	}
	buf_free(&x);
	PQclear(batch);
	PQclear(settings);
	PQclear(ds);
	return rc;
}

static int close_period(struct arena *a, const char *period, const char *dir, const char *suffix)
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
	const char *path = arena_printf(a, "%s/cloture-%s%s.json", dir, period, suffix);
	FILE *f = fopen(path, "w");
	if (!f || fputs(PQgetvalue(g, 0, 0), f) == EOF || fclose(f) != 0) {
		perror(path);
		PQclear(g);
		return 1;
	}
	const char *spath = arena_printf(a, "%s/cloture-%s%s.sha256", dir, period, suffix);
	f = fopen(spath, "w");
	if (!f || fprintf(f, "%s  cloture-%s%s.json\n# chained hash: %s\n", PQgetvalue(g, 0, 3), period, suffix,
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
	const char *conf = NULL, *dir = ".", *org = "";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-c") == 0)
			conf = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			dir = argv[i + 1];
		else if (strcmp(argv[i], "--organisation") == 0 && argv[i + 1][0] >= '1' && argv[i + 1][0] <= '9' &&
			 strspn(argv[i + 1], "0123456789") == strlen(argv[i + 1]) && strlen(argv[i + 1]) <= 5)
			org = argv[i + 1];
		else
			usage();
	}
	if (!conf || i >= argc)
		usage();
	const char *cmd = argv[i++];
	const char *arg = i < argc ? argv[i++] : NULL;
	const char *arg2 = strcmp(cmd, "sepa") == 0 && i < argc ? argv[i++] : NULL;
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
	const char *op[] = {org};
	PGresult *orgs = run(SQL_ORGANISATIONS, op);
	if (PQntuples(orgs) == 0) {
		fprintf(stderr, "fontaine-invoicectl: no organisation %s with an active space\n", org);
		PQclear(orgs);
		rc = 2;
		goto done;
	}
	int n_orgs = PQntuples(orgs);
	for (int k = 0; k < n_orgs; k++) {
		/* Closings are taken with organisation 1 last, so that its closing is the newest row
		 * (what a script written for one organisation reads back). */
		int o = strcmp(cmd, "close") == 0 ? n_orgs - 1 - k : k;
		const char *sp[] = {PQgetvalue(orgs, o, 1)};
		PQclear(run(SQL_SET_SPACE, sp));
		if (n_orgs > 1)
			fprintf(stderr, "fontaine-invoicectl: organisation %s (%s)\n", PQgetvalue(orgs, o, 0),
				PQgetvalue(orgs, o, 2));
		/* Organisation 1's archives keep their names; another's name its organisation. */
		const char *suffix = strcmp(PQgetvalue(orgs, o, 0), "1") == 0 ? ""
				     : arena_printf(&a, "-organisation-%s", PQgetvalue(orgs, o, 0));
		int one = run_command(&a, cmd, arg, arg2, dir, suffix);
		if (one > rc)
			rc = one;
	}
	PQclear(orgs);
	if (strcmp(cmd, "memberships") == 0)
		printf("memberships: %lld renewal reminder(s) queued\n", tot.reminders);
	else if (strcmp(cmd, "run") == 0)
		printf("run %s: %lld line(s) added to the month's drafts\n", arg, tot.lines);
	else if (strcmp(cmd, "issue-drafts") == 0 && rc == 0)
		printf("issue-drafts %s: %d issued, %d left as drafts\n", arg, tot.issued, tot.left);
	else if (strcmp(cmd, "freeze") == 0)
		printf("freeze: %d document(s) stored\n", tot.stored);
	else if (strcmp(cmd, "verify") == 0 && rc == 0)
		printf("OK: %d documents and %d closings verified; %d with their stored PDF and XML (%d stored after "
		       "issue, outside the chain; %d issued before stored files, not covered)\n",
		       tot.docs, tot.closings, tot.frozen, tot.late, tot.docs - tot.frozen);
done:
	arena_free(&a);
	db_close(db);
	render_release();
	return rc;
}

/* Runs command cmd (argument arg) for the connection's organisation. Returns the exit status. */
static int run_command(struct arena *a, const char *cmd, const char *arg, const char *arg2, const char *dir,
		       const char *suffix)
{
	int rc = 0;
	if (strcmp(cmd, "memberships") == 0 && !arg) {
		PGresult *r = run(SQL_MEMBERSHIP_DAILY, NULL);
		tot.reminders += strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
	} else if (strcmp(cmd, "run") == 0 && arg) {
		const char *p[] = {month_arg(a, arg)};
		PGresult *r = run(SQL_RUN, p);
		tot.lines += strtoll(PQgetvalue(r, 0, 0), NULL, 10);
		PQclear(r);
	} else if (strcmp(cmd, "issue-drafts") == 0 && arg) {
		const char *state;
		int issued = 0, left = 0;
		if (issue_month(&idb, month_arg(a, arg), &issued, &left, &state) < 0) {
			fprintf(stderr, "fontaine-invoicectl: issue-drafts stopped after %d issued (SQLSTATE %s)\n", issued,
				state ? state : "?");
			rc = state && state[0] == 'F' ? 3 : 1;
		} else {
			tot.issued += issued;
			tot.left += left;
		}
	} else if (strcmp(cmd, "verify") == 0 && !arg) {
		rc = verify();
	} else if (strcmp(cmd, "freeze") == 0 && !arg) {
		rc = freeze_all();
	} else if (strcmp(cmd, "close") == 0 && arg) {
		rc = close_period(a, arg, dir, suffix);
	} else if (strcmp(cmd, "fec") == 0 && arg) {
		rc = fec_export(a, arg, dir);
	} else if (strcmp(cmd, "sepa") == 0 && arg) {
		rc = sepa_export(a, arg, arg2, dir);
	} else {
		usage();
	}
	return rc;
}
