/* network.c: /admin/reseau, the network dashboard for network admins (an admin with no space
 * of their own): the uses of each space against its own target this month and this year, and
 * the public share of each organisation's income this year. */
#include "admin.h"
#include "fmt.h"
#include <stdlib.h>
#include <time.h>

int admin_network_only(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_NET_IS_ADMIN, (const char *const[]){admin_actor(req)}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't')
		return 0;
	req->refusal = "Cette page est réservée aux administrateurs du réseau, qui ne sont rattachés "
		       "à aucun lieu en particulier.";
	return 403;
}

static long long num(PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* "148 sur 200 (74,0 %)" */
static const char *against(struct request *req, long long uses, long long target)
{
	return arena_printf(&req->arena, "%s sur %s (%s)", fmt_count(&req->arena, uses),
			    fmt_count(&req->arena, target), fmt_share(&req->arena, uses, target));
}

int page_network_dashboard(struct request *req)
{
	int status = admin_network_only(req);
	if (status)
		return status;
	const char *state;
	/* Uses, organisations and grants are read per space or organisation by their policies:
	 * every one's in network scope for this request (the library ends it after). */
	status = space_network_scope(req);
	if (status)
		return status;
	PGresult *uses = req_exec(req, SQL_NET_USES, NULL, &state);
	PGresult *income = uses ? req_exec(req, SQL_NET_INCOME, NULL, &state) : NULL;
	if (!uses || !income)
		return req_db_error(state);

	struct tpl_dict *d = admin_start(req, "admin_network.tpl", "Tableau de bord du réseau");
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	char month[FMT_MAX];
	tpl_set(d, "MONTH", fmt_month(month, now));
	tpl_set_int(d, "YEAR", 1900 + tm.tm_year);
	for (int i = 0; i < PQntuples(uses); i++) {
		struct tpl_dict *s = tpl_section(d, "SPACE");
		tpl_set(s, "NAME", PQgetvalue(uses, i, NU_NAME));
		tpl_set(s, "MONTH_USES", against(req, num(uses, i, NU_MONTH_USES), num(uses, i, NU_MONTH_TARGET)));
		tpl_set(s, "YEAR_USES", against(req, num(uses, i, NU_YEAR_USES), num(uses, i, NU_YEAR_TARGET)));
	}
	char money[FMT_MAX];
	for (int i = 0; i < PQntuples(income); i++) {
		struct tpl_dict *o = tpl_section(d, "ORG");
		long long pub = num(income, i, NI_PUBLIC), priv = num(income, i, NI_PRIVATE),
			  sales = num(income, i, NI_SALES);
		tpl_set(o, "NAME", PQgetvalue(income, i, NI_NAME));
		tpl_set(o, "PUBLIC", fmt_money(money, pub));
		tpl_set(o, "PRIVATE", fmt_money(money, priv));
		tpl_set(o, "SALES", fmt_money(money, sales));
		tpl_set(o, "TOTAL", fmt_money(money, pub + priv + sales));
		tpl_set(o, "SHARE", fmt_share(&req->arena, pub, pub + priv + sales));
	}
	return page_finish(req, 200);
}
