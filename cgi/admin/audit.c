/* audit.c: /admin/journal, the audit log read-only: who, when, what, the fields before and
 * after, newest first, 50 a page (?avant=<id> for the next), filtered by table (?table=) and
 * by person (?personne=<id>: what they did, or what was done to their account). */
#include "admin.h"
#include "fmt.h"
#include "labels.h"
#include <stdlib.h>
#include <string.h>

static const char *action_label(const char *a)
{
	static const char *const map[][2] = {
		{"create", "Création"}, {"edit", "Modification"}, {"delete", "Suppression"},
		{"publish", "Publication"}, {"cancel", "Annulation"}, {"erase", "Effacement RGPD"},
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (strcmp(a, map[i][0]) == 0)
			return map[i][1];
	return a;
}

static bool is_id(const char *s)
{
	return s && *s && strlen(s) <= 18 && strspn(s, "0123456789") == strlen(s);
}

int page_audit(struct request *req)
{
	const char *table = kv_get(&req->query, "table"), *person = kv_get(&req->query, "personne");
	const char *before = kv_get(&req->query, "avant");
	if (!table || strlen(table) > 63 || strspn(table, "abcdefghijklmnopqrstuvwxyz_") != strlen(table))
		table = "";
	if (!is_id(person))
		person = "";
	if (!is_id(before))
		before = "";
	const char *state;
	PGresult *tables = req_exec(req, SQL_AUDIT_TABLES, NULL, &state);
	if (!tables)
		return req_db_error(state);
	PGresult *r = req_exec(req, SQL_AUDIT_LIST, (const char *const[]){table, person, before}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_audit.tpl", "Journal des modifications");
	tpl_set(d, "PERSON", person);
	for (int i = 0; i < PQntuples(tables); i++) {
		struct tpl_dict *o = tpl_section(d, "TABLE_OPTION");
		tpl_set(o, "VALUE", PQgetvalue(tables, i, 0));
		tpl_set(o, "LABEL", code_label(LABEL_TABLE, PQgetvalue(tables, i, 0), "Autre donnée"));
		if (strcmp(table, PQgetvalue(tables, i, 0)) == 0)
			tpl_show(o, "SELECTED");
	}
	int n = PQntuples(r) > 50 ? 50 : PQntuples(r);
	for (int i = 0; i < n; i++) {
		struct tpl_dict *e = tpl_section(d, "ENTRY");
		char day[FMT_MAX];
		tpl_set(e, "AT", arena_printf(&req->arena, "%s à %.2s h %.2s", fmt_iso_day(day, PQgetvalue(r, i, 1)),
					      PQgetvalue(r, i, 1) + 11, PQgetvalue(r, i, 1) + 14));
		tpl_set(e, "ISO", arena_printf(&req->arena, "%.10sT%s", PQgetvalue(r, i, 1), PQgetvalue(r, i, 1) + 11));
		const char *who = PQgetvalue(r, i, 2);
		if (*who)
			tpl_set(tpl_section(e, "WHO_LINK"), "WHO_HREF",
				arena_printf(&req->arena, "/admin/journal?personne=%s", PQgetvalue(r, i, 7)));
		tpl_set(e, "WHO", *who ? admin_text(&req->arena, who, strlen(who)) : "hors back-office");
		tpl_set(e, "ACTION", action_label(PQgetvalue(r, i, 3)));
		tpl_set(e, "TABLE", code_label(LABEL_TABLE, PQgetvalue(r, i, 4), "Autre donnée"));
		tpl_set(e, "ROW", PQgetvalue(r, i, 5));
		const char *changes = PQgetvalue(r, i, 6);
		for (const char *p = changes; *p;) {
			const char *sep = strchr(p, '\x1e');
			size_t len = sep ? (size_t)(sep - p) : strlen(p);
			tpl_set(tpl_section(e, "CHANGE"), "LINE", admin_text(&req->arena, p, len));
			p += len + (sep != NULL);
		}
	}
	if (n == 0)
		tpl_show(d, "NONE");
	if (PQntuples(r) > 50) {
		struct buf next = {0};
		buf_printf(&next, "/admin/journal?avant=%s", PQgetvalue(r, 49, 0));
		if (*table)
			buf_printf(&next, "&table=%s", table);
		if (*person)
			buf_printf(&next, "&personne=%s", person);
		tpl_set(tpl_section(d, "NEXT"), "NEXT_HREF", buf_cstr(&next));
		buf_free(&next);
	}
	return page_finish(req, 200);
}
