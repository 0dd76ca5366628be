/* frozen.c: issued means frozen. Issuing renders the document's PDF and CII XML and stores
 * them in the issuing transaction (schema/0022_frozen_documents.sql: invoice_freeze, the seal
 * that the hash chain then covers); serving reads the stored bytes. Shared by the FastCGI
 * program and fontaine-invoicectl, so it speaks to struct db and frees its own results. */
#include "invoice.h"
#include "db.h"
#include <cairo.h>
#include <dlfcn.h>
#include <pango/pangocairo.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Runs program statement id: the FastCGI server numbers the library's statements first. */
static PGresult *idb_exec(const struct invoice_db *db, int id, const char *const *params, const char **state)
{
	return db_exec(db->db, db->base + id, params, state);
}

int issued_pdf(const struct doc *d, struct buf *out)
{
	return doc_facturx(d, out);
}

/* Lowercase hex of b (malloc'd, NULL when out of memory). */
static char *hex_of(const struct buf *b)
{
	char *h = malloc(b->len * 2 + 1);
	if (h)
		sodium_bin2hex(h, b->len * 2 + 1, (const unsigned char *)b->data, b->len);
	return h;
}

/* Renders issued document id and stores it (SQL_FREEZE). Returns 0 or -1 with *state. */
static int render_and_store(const struct invoice_db *db, const char *id, const char **state)
{
	const char *p[] = {id};
	PGresult *head = idb_exec(db, SQL_DOC_BY_ID, p, state), *lines = NULL, *r = NULL;
	if (!head)
		return -1;
	int rc = -1;
	struct arena a = {0};
	struct doc d;
	struct buf pdf = {0}, xml = {0};
	char *hp = NULL, *hx = NULL;
	bool loaded = false;
	if (PQntuples(head) != 1 || strcmp(PQgetvalue(head, 0, DH_STATUS), "draft") == 0) {
		*state = "FTI30";
		goto out;
	}
	if (!(lines = idb_exec(db, SQL_DOC_LINES, p, state)))
		goto out;
	loaded = true;
	if (doc_load(&a, &d, head, lines) < 0 || issued_pdf(&d, &pdf) < 0 || doc_cii(&d, &xml) < 0 ||
	    !(hp = hex_of(&pdf)) || !(hx = hex_of(&xml))) {
		*state = SQLSTATE_NOT_RENDERED;
		goto out;
	}
	const char *fp[] = {id, hp, hx};
	if ((r = idb_exec(db, SQL_FREEZE, fp, state)))
		rc = 0;
out:
	if (loaded)
		doc_free(&d);
	free(hp);
	free(hx);
	buf_free(&pdf);
	buf_free(&xml);
	arena_free(&a);
	PQclear(r);
	PQclear(lines);
	PQclear(head);
	return rc;
}

int doc_issue(const struct invoice_db *db, const char *id, const char **state)
{
	const char *p[] = {id};
	if (db_command(db->db, "BEGIN") < 0) {
		*state = "08006";
		return -1;
	}
	PGresult *r = idb_exec(db, SQL_ISSUE, p, state);
	if (!r || render_and_store(db, id, state) < 0) {
		PQclear(r);
		db_command(db->db, "ROLLBACK");
		return -1;
	}
	PQclear(r);
	if (db_command(db->db, "COMMIT") < 0) {
		db_command(db->db, "ROLLBACK");
		*state = "08006";
		return -1;
	}
	return 0;
}

/* Appends the stored bytes (SQL_FROZEN_GET) to out. Returns 1 when stored, 0 when not frozen
 * yet, -1 with *state. */
static int stored(const struct invoice_db *db, const char *id, const char *which, struct buf *out, const char **state)
{
	const char *p[] = {id, which};
	PGresult *r = idb_exec(db, SQL_FROZEN_GET, p, state);
	if (!r)
		return -1;
	int rc = 0;
	if (PQntuples(r) == 1) {
		const char *h = PQgetvalue(r, 0, 0);
		size_t hl = (size_t)PQgetlength(r, 0, 0), len = 0;
		unsigned char *bin = malloc(hl / 2 + 1);
		if (bin && sodium_hex2bin(bin, hl / 2 + 1, h, hl, NULL, &len, NULL) == 0) {
			buf_append(out, bin, len);
			rc = 1;
		} else {
			*state = SQLSTATE_NOT_RENDERED;
			rc = -1;
		}
		free(bin);
	}
	PQclear(r);
	return rc;
}

int doc_frozen(const struct invoice_db *db, const char *id, const char *which, struct buf *out, const char **state)
{
	int rc = stored(db, id, which, out, state);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* Issued without its bytes: frozen now, once (the first stored wins a race). */
	if (render_and_store(db, id, state) < 0)
		return -1;
	rc = stored(db, id, which, out, state);
	if (rc == 0)
		*state = "FTI30";
	return rc == 1 ? 0 : -1;
}

/* Documents issued per transaction by issue_month: one durable commit (a disk flush) per
 * document was most of a monthly run's time; each document keeps its own savepoint, so one
 * refused for a rule of its own is left a draft and the others are issued. */
#define ISSUE_BATCH 50

/* Issues the month's drafts that can be issued (the run's, in id order), each with its stored
 * PDF and XML, committing every ISSUE_BATCH documents. Returns 0, or -1 with *state when a
 * draft is refused for a reason that holds for all (closed period, date) or the database
 * failed: what was issued before that draft stays issued. */
int issue_month(const struct invoice_db *db, const char *first, int *issued, int *left, const char **state)
{
	const char *p[] = {first};
	PGresult *r = idb_exec(db, SQL_MONTH_DRAFTS, p, state);
	if (!r)
		return -1;
	*issued = *left = 0;
	int rc = 0, open = 0, pending = 0; /* issued in the open transaction */
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		if (strcmp(PQgetvalue(r, i, 1), "t") != 0) {
			(*left)++;
			continue;
		}
		if (!open && db_command(db->db, "BEGIN") < 0) {
			*state = "08006";
			rc = -1;
			break;
		}
		open = 1;
		if (db_command(db->db, "SAVEPOINT issue_one") < 0) {
			*state = "08006";
			rc = -1;
			break;
		}
		PGresult *x = idb_exec(db, SQL_ISSUE, (const char *const[]){PQgetvalue(r, i, 0)}, state);
		int ok = x && render_and_store(db, PQgetvalue(r, i, 0), state) == 0;
		PQclear(x);
		if (ok) {
			if (db_command(db->db, "RELEASE SAVEPOINT issue_one") < 0) {
				*state = "08006";
				rc = -1;
				break;
			}
			(*issued)++;
			pending++;
		} else {
			if (db_command(db->db, "ROLLBACK TO SAVEPOINT issue_one") < 0) {
				*state = "08006";
				rc = -1;
				break;
			}
			if (*state && (*state)[0] == 'F' && strcmp(*state, "FTI03") != 0 && strcmp(*state, "FTI04") != 0)
				(*left)++; /* refused for this draft alone (issued meanwhile, a rule of its own) */
			else
				rc = -1; /* refused for every draft (closed period, date) or unexpected */
		}
		if (pending == ISSUE_BATCH || rc < 0) {
			if (db_command(db->db, "COMMIT") < 0) {
				db_command(db->db, "ROLLBACK");
				*issued -= pending;
				*state = "08006";
				rc = -1;
			}
			open = pending = 0;
		}
	}
	if (open && db_command(db->db, "COMMIT") < 0) {
		db_command(db->db, "ROLLBACK");
		*issued -= pending;
		*state = "08006";
		rc = -1;
	}
	PQclear(r);
	return rc;
}

void render_release(void)
{
	/* Only for LeakSanitizer (the sanitizers tier): cairo_debug_reset_static_data is safe only
	 * when no cairo object is alive, and pango may still hold fonts in its caches (its font
	 * map loads fontconfig in a thread of its own): then cairo aborts on an assertion
	 * (_cairo_hash_table_destroy), and a run that had issued its invoices exited with SIGABRT
	 * (seen once in the fault tier). Elsewhere the process's exit frees them. */
#if defined(__SANITIZE_ADDRESS__)
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	/* fontconfig's own configuration: FcFini, looked up at run time because fontconfig is a
	 * dependency of pango, not one of ours on the link line (as tests/invoice_out/test_pdf.c). */
	void *fini = dlsym(RTLD_DEFAULT, "FcFini");
	if (fini)
		((void (*)(void))fini)();
#endif
}
