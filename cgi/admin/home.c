/* home.c: /admin/evenements-a-venir (once /admin), the events' overview: what exists (events to come with their registrations) and
 * where to go; the back office's shared page start. */
#include "admin.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

/* The back office's own navigation; a page group adds its line here. */
static const struct {
	const char *href, *label;
} admin_nav[] = {
	{"/admin", "Tableau de bord"},
	{"/admin/evenements", "Événements"},
	{"/admin/membres", "Membres"},
	{"/admin/adhesions", "Adhésions"},
	{"/admin/financements", "Financements"},
	{"/admin/contenu", "Contenus du site"},
	{"/admin/lettre", "Lettre d’information"},
	{"/admin/journal", "Journal"},
	{"/admin/rgpd", "RGPD"},
	{"/admin/accueil", "Accueil et arrivées"},
	{"/admin/reservations", "Réservations"},
	{"/admin/factures", "Factures"},
};

struct tpl_dict *admin_start(struct request *req, const char *content_tpl, const char *title)
{
	struct tpl_dict *d = page_start(req, content_tpl, title, title);
	tpl_show(req->dict, "NOINDEX");
	struct tpl_dict *nav = tpl_include(d, "ADMIN_NAV", "admin_nav.tpl");
	size_t best = 0, best_len = 0; /* the longest href that prefixes the path is current */
	for (size_t i = 0; i < sizeof admin_nav / sizeof admin_nav[0]; i++) {
		size_t n = strlen(admin_nav[i].href);
		if (strncmp(req->path, admin_nav[i].href, n) == 0 &&
		    (req->path[n] == '\0' || req->path[n] == '/') && n > best_len)
			best = i, best_len = n;
	}
	for (size_t i = 0; i < sizeof admin_nav / sizeof admin_nav[0]; i++) {
		struct tpl_dict *item = tpl_section(nav, "ITEM");
		tpl_set(item, "HREF", admin_nav[i].href);
		tpl_set(item, "LABEL", admin_nav[i].label);
		if (best_len && i == best)
			tpl_show(item, strcmp(req->path, admin_nav[i].href) == 0 ? "PAGE" : "SECTION_CUR");
	}
	tpl_set(nav, "STAFF_NAME", req->user ? req->user->first_name : "");
	return d;
}

const char *admin_actor(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

/* s (valid UTF-8) without what HTML forbids in text: C0 controls but tab and line feed, DEL,
 * C1 controls, the noncharacters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF; rows written outside the
 * back office (a test, psql) may hold them. */
const char *admin_text(struct arena *a, const char *s, size_t len)
{
	char *out = arena_alloc(a, len + 1), *o = out;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			continue;
		if (c == 0xC2 && i + 1 < len && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F) {
			i++;
			continue;
		}
		if (c == 0xEF && i + 2 < len && ((p[i + 1] == 0xB7 && p[i + 2] >= 0x90 && p[i + 2] <= 0xAF) ||
						 (p[i + 1] == 0xBF && p[i + 2] >= 0xBE))) {
			i += 2;
			continue;
		}
		if (c == 0xF0 || (c >= 0xF1 && c <= 0xF4)) { /* U+xFFFE/F of the other planes */
			if (i + 3 < len && (p[i + 1] & 0x0F) == 0x0F && p[i + 2] == 0xBF && p[i + 3] >= 0xBE) {
				i += 3;
				continue;
			}
		}
		*o++ = (char)c;
	}
	*o = '\0';
	return out;
}

const char *path_id(struct request *req, int i)
{
	const char *s = req->params[i];
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s) || s[0] == '0')
		return NULL;
	return s;
}

void admin_notice(struct request *req, struct tpl_dict *d, const char *const *pairs)
{
	const char *ok = kv_get(&req->query, "ok");
	if (!ok)
		return;
	for (; pairs[0]; pairs += 2)
		if (strcmp(ok, pairs[0]) == 0) {
			tpl_set(tpl_section(d, "NOTICE_OK"), "NOTICE", pairs[1]);
			return;
		}
}

int page_admin_home(struct request *req)
{
	const char *state;
	PGresult *up = req_exec(req, SQL_HOME_UPCOMING, NULL, &state);
	if (!up)
		return req_db_error(state);
	PGresult *counts = req_exec(req, SQL_HOME_COUNTS, NULL, &state);
	if (!counts)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_home.tpl", "Back-office");
	tpl_set(d, "DRAFTS", PQgetvalue(counts, 0, 0));
	tpl_set(d, "UPCOMING", PQgetvalue(counts, 0, 1));
	tpl_set(d, "PAST", PQgetvalue(counts, 0, 2));
	tpl_set(d, "CANCELLED", PQgetvalue(counts, 0, 3));
	char date[FMT_MAX], hour[FMT_MAX];
	for (int i = 0; i < PQntuples(up); i++) {
		struct tpl_dict *e = tpl_section(d, "EVENT");
		time_t t = (time_t)strtoll(PQgetvalue(up, i, 3), NULL, 10);
		tpl_set(e, "HREF", arena_printf(&req->arena, "/admin/evenements/%s", PQgetvalue(up, i, 0)));
		tpl_set(e, "TITLE", admin_text(&req->arena, PQgetvalue(up, i, 1), strlen(PQgetvalue(up, i, 1))));
		tpl_set(e, "WHEN", arena_printf(&req->arena, "%s, %s", fmt_date_long(date, t), fmt_time(hour, t)));
		tpl_set(e, "ISO", fmt_iso_date(date, t));
		tpl_set(e, "STATUS", strcmp(PQgetvalue(up, i, 2), "draft") == 0 ? "Brouillon" : "Publié");
		const char *cap = PQgetvalue(up, i, 4);
		tpl_set(e, "SEATS", *cap ? arena_printf(&req->arena, "%s / %s", PQgetvalue(up, i, 5), cap)
					 : arena_printf(&req->arena, "%s (places illimitées)", PQgetvalue(up, i, 5)));
		if (strcmp(PQgetvalue(up, i, 6), "0") != 0)
			tpl_set(tpl_section(e, "WAITING"), "N_WAITING", PQgetvalue(up, i, 6));
		tpl_set(e, "REG_HREF", arena_printf(&req->arena, "/admin/evenements/%s/inscriptions",
						    PQgetvalue(up, i, 0)));
	}
	if (PQntuples(up) == 0)
		tpl_show(d, "NO_EVENT");
	return page_finish(req, 200);
}
