/* dashboard.c: /admin (and /admin/tableau-de-bord), the first page staff see: uses of the
 * month against the target (per day, projection, 12 months), occupancy per resource (per
 * month and weekday × half-day), income by kind, unpaid and overdue invoices, funding and the
 * public share per year, members by profile. Every chart is an SVG, a table and a CSV
 * (/admin/tableau-de-bord/<chart>.csv). One aggregated query per chart (generate_series,
 * GROUP BY), never one per row: the page answers with its statement count in
 * X-Fontaine-Queries. ?mois=YYYY-MM shows another month (and the 12 months ending there). */
#include "admin.h"
#include "chart.h"
#include "fmt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const month_abbr[12] = {
	"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
};

/* The month shown: its first day (YYYY-MM-01), year and month. */
struct month {
	char first[32];
	int y, m;
};

/* Reads ?mois=YYYY-MM (2000..2999), else the current month in Paris. Returns false when the
 * parameter is present but not a month. */
static bool month_of(struct request *req, struct month *mo)
{
	const char *s = kv_get(&req->query, "mois");
	if (s && *s) {
		int y, m;
		char tail;
		if (strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", &y, &m, &tail) != 2 ||
		    strspn(s, "0123456789-") != 7 || y < 2000 || y > 2999 || m < 1 || m > 12)
			return false;
		mo->y = y, mo->m = m;
	} else {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		mo->y = tm.tm_year + 1900, mo->m = tm.tm_mon + 1;
	}
	snprintf(mo->first, sizeof mo->first, "%04d-%02d-01", mo->y, mo->m);
	return true;
}

/* "1 234" (U+202F between groups), as French figures are written. */
const char *fmt_count(struct arena *a, long long n)
{
	char digits[32], out[64];
	snprintf(digits, sizeof digits, "%lld", n < 0 ? -n : n);
	size_t len = strlen(digits), o = 0;
	if (n < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0) {
			memcpy(out + o, FMT_NNBSP, 3);
			o += 3;
		}
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

/* "37,5 %" from a part and a whole (one decimal, U+202F before %), "—" when whole is 0. */
const char *fmt_share(struct arena *a, long long part, long long whole)
{
	if (whole <= 0)
		return "—";
	long long permille = (part * 1000 + whole / 2) / whole;
	return arena_printf(a, "%lld,%lld" FMT_NNBSP "%%", permille / 10, permille % 10);
}

static int64_t num(PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static bool is_true(PGresult *r, int row, int col)
{
	return strcmp(PQgetvalue(r, row, col), "t") == 0;
}

/* "mars 2026"-style short label of "YYYY-MM". */
static const char *month_label(struct arena *a, const char *ym)
{
	int m = atoi(ym + 5);
	return arena_printf(a, "%s %.4s", month_abbr[(m >= 1 && m <= 12) ? m - 1 : 0], ym);
}

/* ---- the charts ------------------------------------------------------------------------ */

enum dash_chart {
	DC_DAYS, DC_MONTHS, DC_OCCUPANCY, DC_WEEK, DC_INCOME, DC_FUNDING, DC_MEMBERS, DC__MAX
};
/* The CSV names, /admin/tableau-de-bord/<name>.csv. */
static const char *const chart_names[DC__MAX] = {
	"utilisations-jour", "utilisations-mois", "occupation", "occupation-semaine", "recettes",
	"financement", "membres",
};

/* Allocates n int64 values (zeroed) in the arena. */
static int64_t *values(struct arena *a, size_t n)
{
	return arena_alloc(a, (n ? n : 1) * sizeof(int64_t));
}

/* Figures of the month beside its charts. */
struct month_figures {
	long long uses, elapsed_uses, target, open_days, elapsed_open_days;
	bool any_elapsed;
};

/* Uses per day of the month. */
static PGresult *build_days(struct request *req, const struct month *mo, struct chart *c,
			    struct month_figures *f, const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_DAYS, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t n = (size_t)PQntuples(r);
	const char **labels = arena_alloc(&req->arena, (n + 1) * sizeof *labels);
	int64_t *v = values(&req->arena, n);
	memset(f, 0, sizeof *f);
	for (size_t i = 0; i < n; i++) {
		labels[i] = arena_strdup(&req->arena, PQgetvalue(r, (int)i, 1));
		v[i] = num(r, (int)i, 2);
		bool open = is_true(r, (int)i, 3), elapsed = is_true(r, (int)i, 5);
		f->uses += v[i];
		f->target = num(r, (int)i, 4);
		f->open_days += open;
		if (elapsed) {
			f->any_elapsed = true;
			f->elapsed_uses += v[i];
			f->elapsed_open_days += open;
		}
	}
	struct chart_series *s = arena_alloc(&req->arena, sizeof *s);
	s->label = "Utilisations";
	s->values = v;
	char name[FMT_MAX];
	snprintf(name, sizeof name, "%s %d", fmt_month_names[mo->m - 1], mo->y);
	*c = (struct chart){
		.id = "ch-jours",
		.title = arena_printf(&req->arena, "Utilisations par jour, %s", name),
		.description = "Nombre de demi-journées d’utilisation (open space, bureaux, salle) "
			       "pour chaque jour du mois.",
		.kind = CHART_BARS, .labels = labels, .n = n, .series = s, .n_series = 1,
	};
	return r;
}

/* Uses of the 12 months ending with the month shown, and the target line. */
static PGresult *build_months(struct request *req, const struct month *mo, struct chart *c,
			      const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_MONTHS, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t n = (size_t)PQntuples(r);
	const char **labels = arena_alloc(&req->arena, (n + 1) * sizeof *labels);
	int64_t *v = values(&req->arena, n), *t = values(&req->arena, n);
	for (size_t i = 0; i < n; i++) {
		labels[i] = month_label(&req->arena, PQgetvalue(r, (int)i, 0));
		v[i] = num(r, (int)i, 1);
		t[i] = num(r, (int)i, 2);
	}
	struct chart_series *s = arena_alloc(&req->arena, 2 * sizeof *s);
	s[0] = (struct chart_series){"Utilisations", v};
	s[1] = (struct chart_series){"Objectif", t};
	*c = (struct chart){
		.id = "ch-mois",
		.title = "Utilisations des 12 derniers mois",
		.description = "Demi-journées d’utilisation par mois, avec l’objectif du mois "
			       "(ligne pointillée : l’objectif du dernier mois).",
		.kind = CHART_BARS, .labels = labels, .n = n, .series = s, .n_series = 1,
		.target = n ? t[n - 1] : 0,
	};
	return r;
}

/* A resource's share of its capacity: used / (open half-days × seats for the open space),
 * in percent; -1 when it was never open. */
static int64_t occupancy(int64_t used, int64_t open, int64_t seats)
{
	if (open <= 0)
		return -1;
	int64_t cap = open * (seats > 0 ? seats : 1);
	return (used * 100 + cap / 2) / cap;
}

/* Occupancy per resource and month (percent; a month it was never open is a gap). */
static PGresult *build_occupancy(struct request *req, const struct month *mo, struct chart *c,
				 const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_OCCUPANCY, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t rows = (size_t)PQntuples(r), n = 0;
	while (n < rows && strcmp(PQgetvalue(r, (int)n, 0), PQgetvalue(r, 0, 0)) == 0)
		n++; /* months per resource */
	size_t ns = n ? rows / n : 0;
	const char **labels = arena_alloc(&req->arena, (n + 1) * sizeof *labels);
	for (size_t i = 0; i < n; i++)
		labels[i] = month_label(&req->arena, PQgetvalue(r, (int)i, 4));
	struct chart_series *s = arena_alloc(&req->arena, (ns + 1) * sizeof *s);
	for (size_t k = 0; k < ns; k++) {
		int64_t *v = values(&req->arena, n);
		for (size_t i = 0; i < n; i++) {
			int row = (int)(k * n + i);
			bool shared = strcmp(PQgetvalue(r, row, 2), "open_space") == 0;
			int64_t o = occupancy(num(r, row, 5), num(r, row, 6), shared ? num(r, row, 3) : 1);
			v[i] = o < 0 ? INT64_MIN : o;
		}
		s[k] = (struct chart_series){arena_strdup(&req->arena, PQgetvalue(r, (int)(k * n), 1)), v};
	}
	*c = (struct chart){
		.id = "ch-occupation",
		.title = "Taux d’occupation par espace et par mois (%)",
		.description = "Pour l’open space : demi-journées utilisées sur les places × "
			       "demi-journées d’ouverture ; pour un bureau ou la salle : demi-journées "
			       "occupées sur les demi-journées d’ouverture.",
		.kind = CHART_LINE, .labels = labels, .n = n, .series = s, .n_series = ns,
	};
	return r;
}

/* One heat map per resource (weekdays open at least once × half-days, percent), and the same
 * figures as one chart for the CSV (a row per resource and weekday). */
struct week {
	struct heatmap *maps;
	size_t n_maps;
	struct chart csv;
};

static PGresult *build_week(struct request *req, const struct month *mo, struct week *w,
			    const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_HEATMAP, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	/* Rows: resource × 7 weekdays × slots (ordered); slots per weekday from the first rows. */
	size_t rows = (size_t)PQntuples(r), slots = 0;
	while (slots < rows && strcmp(PQgetvalue(r, (int)slots, 4), "1") == 0 &&
	       strcmp(PQgetvalue(r, (int)slots, 0), PQgetvalue(r, 0, 0)) == 0)
		slots++;
	size_t per = slots * 7, nres = per ? rows / per : 0;
	/* The weekdays open for any resource. */
	bool open_day[7] = {0};
	for (size_t i = 0; i < rows; i++)
		if (num(r, (int)i, 7) > 0)
			open_day[atoi(PQgetvalue(r, (int)i, 4)) - 1] = true;
	size_t ndays = 0;
	const char **day_labels = arena_alloc(&req->arena, 8 * sizeof *day_labels);
	int day_of[7];
	for (int d = 0; d < 7; d++)
		if (open_day[d])
			day_of[ndays] = d, day_labels[ndays++] = fmt_weekday_names[d];
	const char **slot_labels = arena_alloc(&req->arena, (slots + 1) * sizeof *slot_labels);
	for (size_t s = 0; s < slots; s++)
		slot_labels[s] = strcmp(PQgetvalue(r, (int)s, 5), "am") == 0 ? "matin" : "après-midi";

	w->maps = arena_alloc(&req->arena, (nres + 1) * sizeof *w->maps);
	w->n_maps = nres;
	size_t ncsv = nres * ndays;
	const char **csv_labels = arena_alloc(&req->arena, (ncsv + 1) * sizeof *csv_labels);
	struct chart_series *cs = arena_alloc(&req->arena, (slots + 1) * sizeof *cs);
	for (size_t s = 0; s < slots; s++)
		cs[s] = (struct chart_series){slot_labels[s], values(&req->arena, ncsv)};
	for (size_t k = 0; k < nres; k++) {
		int base = (int)(k * per);
		const char *name = arena_strdup(&req->arena, PQgetvalue(r, base, 1));
		bool shared = strcmp(PQgetvalue(r, base, 2), "open_space") == 0;
		int64_t seats = shared ? num(r, base, 3) : 1;
		int *pct = arena_alloc(&req->arena, (ndays * slots + 1) * sizeof *pct);
		for (size_t d = 0; d < ndays; d++) {
			csv_labels[k * ndays + d] = arena_printf(&req->arena, "%s — %s", name, day_labels[d]);
			for (size_t s = 0; s < slots; s++) {
				int row = base + (int)((size_t)day_of[d] * slots + s);
				int64_t o = occupancy(num(r, row, 6), num(r, row, 7), seats);
				pct[d * slots + s] = o < 0 ? -1 : (int)(o > 100 ? 100 : o);
				((int64_t *)cs[s].values)[k * ndays + d] = o < 0 ? INT64_MIN : o;
			}
		}
		w->maps[k] = (struct heatmap){
			.id = arena_printf(&req->arena, "hm-%s", PQgetvalue(r, base, 0)),
			.title = arena_printf(&req->arena, "%s : occupation par jour et demi-journée (%%)", name),
			.description = "Taux d’occupation moyen sur les trois derniers mois, par jour de "
				       "la semaine et demi-journée ; « fermé » quand l’espace n’ouvre pas.",
			.row_labels = day_labels, .rows = ndays,
			.col_labels = slot_labels, .cols = slots, .percent = pct,
		};
	}
	w->csv = (struct chart){
		.id = "ch-semaine",
		.title = "Occupation par jour de la semaine et demi-journée (%)",
		.description = "Taux d’occupation moyen sur les trois derniers mois.",
		.kind = CHART_BARS, .labels = csv_labels, .n = ncsv, .series = cs, .n_series = slots,
	};
	return r;
}

static const char *const income_labels[6] = {
	"Adhésions", "Formules", "Demi-journées à l’unité", "Bureaux", "Location de salle", "Autres",
};

/* Income per month by kind (net cents), and the 12 months' total. */
static PGresult *build_income(struct request *req, const struct month *mo, struct chart *c,
			      int64_t *total, const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_INCOME, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t n = (size_t)PQntuples(r);
	const char **labels = arena_alloc(&req->arena, (n + 1) * sizeof *labels);
	struct chart_series *s = arena_alloc(&req->arena, 6 * sizeof *s);
	*total = 0;
	for (int k = 0; k < 6; k++) {
		int64_t *v = values(&req->arena, n);
		for (size_t i = 0; i < n; i++) {
			v[i] = num(r, (int)i, 1 + k);
			*total += v[i];
		}
		s[k] = (struct chart_series){income_labels[k], v};
	}
	for (size_t i = 0; i < n; i++)
		labels[i] = month_label(&req->arena, PQgetvalue(r, (int)i, 0));
	*c = (struct chart){
		.id = "ch-recettes",
		.title = "Recettes par mois et par nature (hors taxes)",
		.description = "Factures émises moins les avoirs, par mois d’émission : adhésions, "
			       "formules (carnets, abonnements), demi-journées à l’unité, bureaux, "
			       "location de la salle, autres.",
		.kind = CHART_STACKED, .labels = labels, .n = n, .series = s, .n_series = 6, .money = 1,
	};
	return r;
}

/* Funding and sales per year (cents), stacked. */
static PGresult *build_funding(struct request *req, const struct month *mo, struct chart *c,
			       const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_FUNDING, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t n = (size_t)PQntuples(r);
	const char **labels = arena_alloc(&req->arena, (n + 1) * sizeof *labels);
	static const char *const names[3] = {
		"Subventions publiques", "Financements privés", "Recettes propres",
	};
	struct chart_series *s = arena_alloc(&req->arena, 3 * sizeof *s);
	for (int k = 0; k < 3; k++) {
		int64_t *v = values(&req->arena, n);
		for (size_t i = 0; i < n; i++)
			v[i] = num(r, (int)i, 1 + k);
		s[k] = (struct chart_series){names[k], v};
	}
	for (size_t i = 0; i < n; i++)
		labels[i] = arena_strdup(&req->arena, PQgetvalue(r, (int)i, 0));
	*c = (struct chart){
		.id = "ch-financement",
		.title = "Ressources par année : argent public, privé et recettes propres",
		.description = "Subventions publiques et financements privés accordés ou reçus "
			       "(année du début de la période financée), et recettes des factures "
			       "moins les avoirs (hors taxes).",
		.kind = CHART_STACKED, .labels = labels, .n = n, .series = s, .n_series = 3, .money = 1,
	};
	return r;
}

/* Short enough that the four fit under the bars at every width: longer ones were thinned
 * to one label in two (chart.c's label_step), and two profiles had no name. */
static const char *const profile_labels[4] = {
	"Indépendants", "Salariés", "Organisations", "Autres",
};

static PGresult *build_members(struct request *req, const struct month *mo, struct chart *c,
			       const char **state)
{
	PGresult *r = req_exec(req, SQL_DASH_MEMBERS, (const char *const[]){mo->first}, state);
	if (!r)
		return NULL;
	size_t n = (size_t)PQntuples(r);
	static const char *const names[3] = {"Membres", "Nouveaux (12 mois)", "Départs (12 mois)"};
	struct chart_series *s = arena_alloc(&req->arena, 3 * sizeof *s);
	for (int k = 0; k < 3; k++) {
		int64_t *v = values(&req->arena, n);
		for (size_t i = 0; i < n; i++)
			v[i] = num(r, (int)i, 1 + k);
		s[k] = (struct chart_series){names[k], v};
	}
	*c = (struct chart){
		.id = "ch-membres",
		.title = "Membres par profil",
		.description = "Membres de l’association (adhésion en cours), nouveaux membres et "
			       "départs des 12 derniers mois, par profil : indépendants, salariés en "
			       "télétravail, entreprises et organisations, autres.",
		.kind = CHART_BARS, .labels = profile_labels, .n = n < 4 ? n : 4, .series = s, .n_series = 3,
	};
	return r;
}

/* ---- rendering ------------------------------------------------------------------------- */

/* Adds a chart section (SVG, table, CSV link) to d. */
static void show_chart(struct request *req, struct tpl_dict *d, const char *section,
		       const struct chart *c, enum dash_chart which, const struct month *mo)
{
	struct tpl_dict *s = tpl_section(d, section);
	struct buf svg = {0}, table = {0};
	if (chart_svg(c, &svg) == 0 && chart_table(c, &table) == 0) {
		tpl_set_len(s, "SVG", svg.data, svg.len);
		tpl_set_len(s, "TABLE", table.data, table.len);
	} else {
		tpl_show(s, "EMPTY");
	}
	buf_free(&svg);
	buf_free(&table);
	tpl_set(s, "CSV_HREF", arena_printf(&req->arena, "/admin/tableau-de-bord/%s.csv?mois=%.7s",
					    chart_names[which], mo->first));
	tpl_set(s, "CSV_LABEL", arena_printf(&req->arena, "Télécharger les données (CSV) : %s", c->title));
}

static void show_upcoming(struct request *req, struct tpl_dict *d, PGresult *up)
{
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
}

int page_dashboard(struct request *req)
{
	struct month mo;
	if (!month_of(req, &mo))
		return 404;
	const char *state = NULL;
	struct chart days, months, occ, income, funding, members;
	struct month_figures f;
	struct week week;
	int64_t income_total;
	PGresult *fund, *unpaid, *up, *todo;
	/* Everything the page reads, in one round trip: each builder's req_exec below takes its
	 * kept result (a statement that failed in the pipeline runs again there). */
	static const int reads[] = {SQL_DASH_DAYS, SQL_DASH_MONTHS, SQL_DASH_OCCUPANCY, SQL_DASH_HEATMAP,
				    SQL_DASH_INCOME, SQL_DASH_FUNDING, SQL_DASH_MEMBERS, SQL_DASH_UNPAID,
				    SQL_HOME_UPCOMING, SQL_SETUP_TODO};
	enum { N_READS = sizeof reads / sizeof reads[0] };
	const char **month_param = arena_alloc(&req->arena, sizeof *month_param);
	const char **actor_param = arena_alloc(&req->arena, sizeof *actor_param);
	month_param[0] = mo.first;
	actor_param[0] = admin_actor(req);
	const char *const *params[N_READS] = {month_param, month_param, month_param, month_param,
					      month_param, month_param, month_param, actor_param, NULL, NULL};
	req_prefetch(req, N_READS, reads, params);
	if (!build_days(req, &mo, &days, &f, &state) || !build_months(req, &mo, &months, &state) ||
	    !build_occupancy(req, &mo, &occ, &state) || !build_week(req, &mo, &week, &state) ||
	    !build_income(req, &mo, &income, &income_total, &state) ||
	    !(fund = build_funding(req, &mo, &funding, &state)) ||
	    !build_members(req, &mo, &members, &state) ||
	    !(unpaid = req_exec(req, SQL_DASH_UNPAID, (const char *const[]){admin_actor(req)}, &state)) ||
	    !(up = req_exec(req, SQL_HOME_UPCOMING, NULL, &state)) ||
	    !(todo = req_exec(req, SQL_SETUP_TODO, NULL, &state)))
		return req_db_error(state);

	struct tpl_dict *d = admin_start(req, "admin_dashboard.tpl", "Tableau de bord");
	char buf[FMT_MAX];
	snprintf(buf, sizeof buf, "%s %d", fmt_month_names[mo.m - 1], mo.y);
	tpl_set(d, "MONTH_NAME", buf);
	tpl_set(d, "MONTH_VALUE", arena_printf(&req->arena, "%.7s", mo.first));
	int py = mo.m == 1 ? mo.y - 1 : mo.y, pm = mo.m == 1 ? 12 : mo.m - 1;
	int ny = mo.m == 12 ? mo.y + 1 : mo.y, nm = mo.m == 12 ? 1 : mo.m + 1;
	tpl_set(d, "PREV_HREF", arena_printf(&req->arena, "/admin/tableau-de-bord?mois=%04d-%02d", py, pm));
	tpl_set(d, "NEXT_HREF", arena_printf(&req->arena, "/admin/tableau-de-bord?mois=%04d-%02d", ny, nm));
	tpl_set(d, "CSRF", csrf_token(req));
	/* A network admin also has the network's pages. */
	if (PQgetvalue(unpaid, 0, 4)[0] == 't')
		tpl_show(d, "NETWORK_ADMIN");
	/* A new installation: what to fill in first, until it is done. */
	if (PQntuples(todo) > 0) {
		struct tpl_dict *setup = tpl_section(d, "SETUP");
		for (int i = 0; i < PQntuples(todo); i++) {
			struct tpl_dict *item = tpl_section(setup, "SETUP_ITEM");
			tpl_set(item, "LABEL", PQgetvalue(todo, i, 0));
			tpl_set(item, "HINT", PQgetvalue(todo, i, 1));
			tpl_set(item, "HREF", PQgetvalue(todo, i, 2));
		}
	}
	const char *ok = kv_get(&req->query, "ok");
	if (ok && strcmp(ok, "objectif") == 0)
		tpl_set(tpl_section(d, "NOTICE_OK"), "NOTICE", "L’objectif du mois est enregistré.");

	/* Uses against the target, and the projection to the end of the month. */
	tpl_set(d, "USES", fmt_count(&req->arena, f.uses));
	tpl_set(d, "USES_TEXT", fmt_plural(buf, f.uses, "utilisation", "utilisations"));
	tpl_set(d, "TARGET", fmt_count(&req->arena, f.target));
	tpl_set(d, "TARGET_RAW", arena_printf(&req->arena, "%lld", f.target));
	tpl_set(d, "TARGET_SHARE", fmt_share(&req->arena, f.uses, f.target));
	tpl_set(d, "OPEN_DAYS", fmt_count(&req->arena, f.open_days));
	if (f.elapsed_open_days > 0) {
		long long proj = (f.elapsed_uses * f.open_days * 2 + f.elapsed_open_days) /
				 (2 * f.elapsed_open_days);
		struct tpl_dict *p = tpl_section(d, "PROJECTION");
		tpl_set(p, "PROJECTED_TEXT", fmt_plural(buf, proj, "utilisation", "utilisations"));
		tpl_set(p, "ELAPSED_OPEN", fmt_count(&req->arena, f.elapsed_open_days));
		tpl_set(p, "PROJ_SHARE", fmt_share(&req->arena, proj, f.target));
		tpl_show(p, proj >= f.target ? "ON_TRACK" : "BELOW");
	} else {
		tpl_show(d, "NO_PROJECTION");
	}
	show_chart(req, d, "CHART_DAYS", &days, DC_DAYS, &mo);
	show_chart(req, d, "CHART_MONTHS", &months, DC_MONTHS, &mo);
	show_chart(req, d, "CHART_OCCUPANCY", &occ, DC_OCCUPANCY, &mo);
	for (size_t k = 0; k < week.n_maps; k++) {
		struct tpl_dict *s = tpl_section(d, "HEATMAP");
		tpl_set(s, "HEAT_TITLE", week.maps[k].title);
		struct buf svg = {0}, table = {0};
		if (heatmap_svg(&week.maps[k], &svg) == 0 && heatmap_table(&week.maps[k], &table) == 0) {
			tpl_set_len(s, "SVG", svg.data, svg.len);
			tpl_set_len(s, "TABLE", table.data, table.len);
		}
		buf_free(&svg);
		buf_free(&table);
	}
	tpl_set(d, "WEEK_CSV_HREF", arena_printf(&req->arena, "/admin/tableau-de-bord/%s.csv?mois=%.7s",
						 chart_names[DC_WEEK], mo.first));
	show_chart(req, d, "CHART_INCOME", &income, DC_INCOME, &mo);
	tpl_set(d, "INCOME_TOTAL", fmt_money(buf, income_total));

	/* Unpaid and overdue invoices (today). */
	tpl_set(d, "UNPAID", fmt_money(buf, num(unpaid, 0, 0)));
	tpl_set(d, "UNPAID_N", fmt_plural(buf, num(unpaid, 0, 1), "facture", "factures"));
	tpl_set(d, "OVERDUE", fmt_money(buf, num(unpaid, 0, 2)));
	tpl_set(d, "OVERDUE_N", fmt_plural(buf, num(unpaid, 0, 3), "facture", "factures"));

	/* Funding: the public share per year and the balance of grants. */
	show_chart(req, d, "CHART_FUNDING", &funding, DC_FUNDING, &mo);
	for (int i = 0; i < PQntuples(fund); i++) {
		struct tpl_dict *y = tpl_section(d, "YEAR");
		int64_t pub = num(fund, i, 1), priv = num(fund, i, 2), sales = num(fund, i, 3);
		tpl_set(y, "YEAR_NAME", PQgetvalue(fund, i, 0));
		tpl_set(y, "PUBLIC", fmt_money(buf, pub));
		tpl_set(y, "PRIVATE", fmt_money(buf, priv));
		tpl_set(y, "SALES", fmt_money(buf, sales));
		tpl_set(y, "TOTAL", fmt_money(buf, pub + priv + sales));
		tpl_set(y, "SHARE", fmt_share(&req->arena, pub, pub + priv + sales));
		tpl_set(y, "REQUESTED", fmt_money(buf, num(fund, i, 4)));
		tpl_set(y, "GRANTED", fmt_money(buf, num(fund, i, 5)));
		tpl_set(y, "RECEIVED", fmt_money(buf, num(fund, i, 6)));
	}
	show_chart(req, d, "CHART_MEMBERS", &members, DC_MEMBERS, &mo);
	show_upcoming(req, d, up);

	int rc = page_finish(req, 200);
	resp_header(req, "X-Fontaine-Queries", arena_printf(&req->arena, "%zu", req->n_results));
	return rc;
}

/* /admin/tableau-de-bord/<chart>.csv: one chart's numbers, one query. */
int page_dashboard_csv(struct request *req)
{
	struct month mo;
	if (!month_of(req, &mo))
		return 404;
	int which = -1;
	for (int i = 0; i < DC__MAX; i++)
		if (strcmp(req->params[0], chart_names[i]) == 0)
			which = i;
	if (which < 0)
		return 404;
	const char *state = NULL;
	struct chart c;
	struct month_figures f;
	struct week week;
	int64_t total;
	PGresult *r = NULL;
	switch ((enum dash_chart)which) {
	case DC_DAYS: r = build_days(req, &mo, &c, &f, &state); break;
	case DC_MONTHS:
		r = build_months(req, &mo, &c, &state);
		c.n_series = 2; /* the CSV has the target of each month */
		break;
	case DC_OCCUPANCY: r = build_occupancy(req, &mo, &c, &state); break;
	case DC_WEEK:
		r = build_week(req, &mo, &week, &state);
		c = week.csv;
		break;
	case DC_INCOME: r = build_income(req, &mo, &c, &total, &state); break;
	case DC_FUNDING: r = build_funding(req, &mo, &c, &state); break;
	case DC_MEMBERS: r = build_members(req, &mo, &c, &state); break;
	case DC__MAX: break;
	}
	if (!r)
		return req_db_error(state);
	buf_reset(&req->resp.body);
	if (chart_csv(&c, &req->resp.body) < 0)
		return 404;
	req->resp.status = 200;
	req->resp.content_type = "text/csv; charset=utf-8";
	resp_header(req, "Content-Disposition",
		    arena_printf(&req->arena, "attachment; filename=\"%s-%.7s.csv\"", chart_names[which], mo.first));
	resp_header(req, "X-Fontaine-Queries", arena_printf(&req->arena, "%zu", req->n_results));
	return 0;
}

/* POST /admin/tableau-de-bord/objectif: the target of a month. */
int page_target_post(struct request *req)
{
	static const struct field_def fields[2] = {
		{"mois", FIELD_LINE, true, 7, 7, NULL},
		{"objectif", FIELD_INT, true, 1, 100000, NULL},
	};
	struct field_value v[2];
	size_t errors = form_read(&req->arena, &req->form, fields, 2, v);
	int y, m;
	char tail;
	if (errors || sscanf(v[0].str, "%4d-%2d%c", &y, &m, &tail) != 2 || y < 2000 || y > 2999 ||
	    m < 1 || m > 12 || v[0].str[4] != '-') {
		const char *const paras[] = {
			"L’objectif doit être un nombre entier de demi-journées, entre 1 et 100 000.", NULL,
		};
		return page_message(req, 422, "Objectif non enregistré", "/admin/tableau-de-bord",
				    "Revenir au tableau de bord", paras);
	}
	const char *first = arena_printf(&req->arena, "%04d-%02d-01", y, m);
	const char *state;
	if (!req_exec(req, SQL_TARGET_SET,
		      (const char *const[]){admin_actor(req), first, arena_printf(&req->arena, "%lld",
										(long long)v[1].num)},
		      &state))
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/tableau-de-bord?mois=%04d-%02d&ok=objectif", y, m));
	return 303;
}
