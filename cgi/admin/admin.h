/* admin.h: the admin program (staff back office): its statements, pages and shared helpers. */
#ifndef FT_ADMIN_H
#define FT_ADMIN_H
#include "http.h"
#include "page.h"

/* Statements of sql.c. Every write sets the acting staff member (the transaction-local
 * setting fontaine.actor, read by the audit triggers of schema/0005_admin.sql) in the same
 * statement, so the change and its audit_log row commit or fail together. */
enum admin_stmt {
	SQL_HOME_UPCOMING,
	SQL_HOME_COUNTS,
	SQL_EVENTS_LIST,
	SQL_EVENT_GET,
	SQL_EVENT_INSERT,
	SQL_EVENT_UPDATE,
	SQL_EVENT_STATE,
	SQL_EVENT_PUBLISH,
	SQL_EVENT_CANCEL,
	SQL_EVENT_DELETE,
	SQL_EVENT_REGISTRATIONS,
	/* dashboard.c: each takes $1, the first day of the month shown */
	SQL_DASH_DAYS,
	SQL_DASH_MONTHS,
	SQL_DASH_OCCUPANCY,
	SQL_DASH_HEATMAP,
	SQL_DASH_INCOME,
	SQL_DASH_UNPAID,
	SQL_DASH_FUNDING,
	SQL_DASH_MEMBERS,
	SQL_TARGET_SET,
	/* funding.c */
	SQL_FUNDING_LIST,
	SQL_FUNDING_GET,
	SQL_FUNDING_INSERT,
	SQL_FUNDING_UPDATE,
	SQL_FUNDING_DELETE,
	SQL_FUNDER_CHOICES,
	/* members.c */
	SQL_MEMBERS_SEARCH,
	SQL_MEMBER_GET,
	SQL_MEMBER_MEMBERSHIPS,
	SQL_MEMBER_UPDATE,
	SQL_MEMBER_DEACTIVATE,
	SQL_MEMBER_ROLE,
	SQL_RENEWALS,
	SQL_VOTERS,
	/* gdpr.c */
	SQL_GDPR_EXPORT,
	SQL_GDPR_ERASE,
	SQL_CLEANUP,
	/* audit.c */
	SQL_AUDIT_LIST,
	SQL_AUDIT_TABLES,
	/* content.c */
	SQL_PAGES_LIST,
	SQL_PAGE_GET,
	SQL_PAGE_UPDATE,
	SQL_PRICES_LIST,
	SQL_PRICE_UPDATE,
	SQL_HOURS_LIST,
	SQL_HOURS_SET,
	SQL_CLOSURES_LIST,
	SQL_CLOSURE_INSERT,
	SQL_CLOSURE_DELETE,
	SQL_ORG_GET,
	SQL_ORG_UPDATE,
	SQL_FUNDERS_LIST,
	SQL_FUNDER_INSERT,
	SQL_FUNDER_UPDATE,
	SQL_FUNDER_DELETE,
	/* newsletter.c */
	SQL_NL_EVENTS,
	SQL_NL_RECIPIENTS,
	SQL_NL_SEND,
	SQL_NL_HISTORY,
	SQL_UNSUBSCRIBE,
	/* dashboard.c: what the administrator must still fill in (schema/0012_first_start.sql) */
	SQL_SETUP_TODO,
	/* content.c: the bank details of the invoices */
	SQL_BANK_GET,
	SQL_BANK_UPDATE,
	/* memberships.c: the membership lifecycle (schema/0024_membership_lifecycle.sql) */
	SQL_MS_REQUESTS,
	SQL_MS_NOT_RENEWED,
	SQL_MS_PRICES,
	SQL_MS_PRICE_LABEL,
	SQL_MS_FORMULA_GET,
	SQL_MS_FORMULA_ACTIVATE,
	SQL_MS_FORMULA_REFUSE,
	SQL_MS_FORMULA_CHANGE,
	SQL_MS_FORMULA_CREATE,
	SQL_MS_MEMBERSHIP_GET,
	SQL_MS_MEMBERSHIP_ACCEPT,
	SQL_MS_MEMBERSHIP_REFUSE,
	SQL_MS_RENEW,
	SQL_MS_DAILY,
	SQL_MS_PERSON,
	SQL_MS_PERSON_BY_EMAIL,
	/* network.c and spaces.c: the network admin's pages (/admin/reseau, /admin/lieux) */
	SQL_NET_IS_ADMIN,
	SQL_NET_USES,
	SQL_NET_INCOME,
	SQL_SPACES_LIST,
	SQL_SPACE_GET,
	SQL_SPACE_INSERT,
	SQL_SPACE_UPDATE,
	SQL_SPACE_ORGS,
	SQL_SPACE_STAFF,
	SQL_SPACE_STAFF_CHOICES,
	SQL_SPACE_STAFF_ADD,
	SQL_SPACE_STAFF_REMOVE,
	/* api_keys.c */
	SQL_API_KEYS_LIST,
	SQL_API_KEY_GET,
	SQL_API_KEY_CREATE,
	SQL_API_KEY_REVOKE,
	SQL_API_KEY_USES,
	/* webhooks.c: /admin/webhooks (schema/0038_webhooks.sql) */
	SQL_WH_LIST,
	SQL_WH_GET,
	SQL_WH_INSERT,
	SQL_WH_UPDATE,
	SQL_WH_DISABLE,
	SQL_WH_ENABLE,
	SQL_WH_ROTATE,
	SQL_WH_DELIVERIES,
	SQL_WH_RESEND,
	SQL__MAX
};
/* Columns of SQL_AUDIT_LIST. */
enum { AU_ID, AU_AT, AU_WHO, AU_ACTION, AU_TABLE, AU_ROW_ID, AU_CHANGES, AU_WHO_ID, AU_ROW, AU_PRICE };
extern const struct db_stmt admin_stmts[SQL__MAX];

/* Columns of SQL_NET_USES, SQL_NET_INCOME, SQL_SPACES_LIST and SQL_SPACE_GET. */
enum { NU_NAME, NU_MONTH_USES, NU_MONTH_TARGET, NU_YEAR_USES, NU_YEAR_TARGET };
enum { NI_NAME, NI_PUBLIC, NI_PRIVATE, NI_SALES };
enum { SL_ID, SL_NAME, SL_SLUG, SL_HOST, SL_CITY, SL_ORG, SL_ACTIVE, SL_DEFAULT, SL_STAFF };
enum { SG_NAME, SG_SLUG, SG_HOST, SG_STREET, SG_POSTCODE, SG_CITY, SG_SUMMARY, SG_ORG, SG_ACTIVE,
       SG_DEFAULT };

/* network.c: /admin/reseau, the network dashboard (network admins only) */
int page_network_dashboard(struct request *req);
/* 0 when the logged-in person is a network admin (an admin with no space of their own,
 * person_spaces() NULL), else 403 with the French reason, or a database error's status. */
int admin_network_only(struct request *req);

/* spaces.c: /admin/lieux, the spaces and their staff (network admins only) */
int page_spaces(struct request *req);
int page_space_new(struct request *req);
int page_space_new_post(struct request *req);
int page_space_edit(struct request *req);
int page_space_edit_post(struct request *req);
int page_space_staff_post(struct request *req);
int page_space_staff_remove_post(struct request *req);

/* api_keys.c: /admin/api, the keys of the JSON API (admins) */
int page_api_keys(struct request *req);
int page_api_key_new_post(struct request *req);
int page_api_key(struct request *req);
int page_api_key_revoke_post(struct request *req);
/* webhooks.c: /admin/webhooks, the space's webhook endpoints and deliveries (admins) */
int page_webhooks(struct request *req);
int page_webhook_new(struct request *req);
int page_webhook_new_post(struct request *req);
int page_webhook(struct request *req);
int page_webhook_post(struct request *req);
int page_webhook_disable_post(struct request *req);
int page_webhook_enable_post(struct request *req);
int page_webhook_rotate_post(struct request *req);
int page_webhook_resend_post(struct request *req);

/* home.c: /admin, what exists and where to go */
int page_admin_home(struct request *req);

/* events.c: the events' list, form, state changes and registrations */
int page_events(struct request *req);
int page_event_new(struct request *req);
int page_event_new_post(struct request *req);
int page_event_edit(struct request *req);
int page_event_edit_post(struct request *req);
int page_event_publish_post(struct request *req);
int page_event_cancel_post(struct request *req);
int page_event_delete_post(struct request *req);
int page_event_registrations(struct request *req);

/* dashboard.c: /admin/tableau-de-bord, its charts' CSV and the monthly target */
int page_dashboard(struct request *req);
int page_dashboard_csv(struct request *req);
int page_target_post(struct request *req);
/* "1 234" (U+202F between groups), as French figures are written. */
const char *fmt_count(struct arena *a, long long n);
/* "37,5 %" from a part and a whole (one decimal, U+202F before %), "—" when whole is 0. */
const char *fmt_share(struct arena *a, long long part, long long whole);

/* funding.c: /admin/financements, grants and subsidies */
int page_funding(struct request *req);
int page_funding_new(struct request *req);
int page_funding_new_post(struct request *req);
int page_funding_edit(struct request *req);
int page_funding_edit_post(struct request *req);
int page_funding_delete_post(struct request *req);

/* members.c: /admin/membres: search, view, edit, deactivate, role, renewals, voters */
int page_members(struct request *req);
int page_member(struct request *req);
int page_member_post(struct request *req);
int page_member_deactivate_post(struct request *req);
int page_member_role_post(struct request *req);
int page_renewals(struct request *req);
int page_voters(struct request *req);
int page_print_css(struct request *req);

/* memberships.c: /admin/adhesions (requests, renewals, a carnet sold at the desk) and a
 * membership or a formula created from a member's page */
int page_memberships(struct request *req);
int page_formula_activate_post(struct request *req);
int page_formula_refuse_post(struct request *req);
int page_formula_change_post(struct request *req);
int page_membership_activate_post(struct request *req);
int page_membership_refuse_post(struct request *req);
int page_reminders_post(struct request *req);
int page_carnet_sale_post(struct request *req);
int page_member_membership_post(struct request *req);
int page_member_formula_post(struct request *req);

/* gdpr.c: /admin/rgpd and a person's export and erasure */
int page_gdpr(struct request *req);
int page_gdpr_cleanup_post(struct request *req);
int page_member_export(struct request *req);
int page_member_erase_post(struct request *req);

/* audit.c: /admin/journal, the read-only audit log */
int page_audit(struct request *req);

/* content.c: /admin/contenu: pages, prices, hours and closures, organisation, funders */
int page_content(struct request *req);
int page_content_page(struct request *req);
int page_content_page_post(struct request *req);
int page_prices(struct request *req);
int page_price_post(struct request *req);
int page_hours(struct request *req);
int page_hours_post(struct request *req);
int page_closure_post(struct request *req);
int page_closure_delete_post(struct request *req);
int page_organisation(struct request *req);
int page_organisation_post(struct request *req);
int page_bank_post(struct request *req);
int page_funders(struct request *req);
int page_funder_post(struct request *req);
int page_funder_update_post(struct request *req);
int page_funder_delete_post(struct request *req);

/* newsletter.c: /admin/lettre and the public /desinscription */
int page_newsletter(struct request *req);
int page_newsletter_post(struct request *req);
int page_unsubscribe(struct request *req);
int page_unsubscribe_post(struct request *req);
int page_unsubscribe_one_click(struct request *req);

/* s[0..len) (valid UTF-8) without what HTML forbids in text (C0 controls but tab and line
 * feed, DEL, C1 controls, noncharacters), for rows written outside the back office. */
const char *admin_text(struct arena *a, const char *s, size_t len);
/* Parses a positive id of the path (params[i]); returns it, or NULL when it is not one. */
const char *path_id(struct request *req, int i);
/* Shows the notice of ?ok=<key> (section NOTICE_OK, variable NOTICE) from a NULL-ended list of
 * key, text pairs. */
void admin_notice(struct request *req, struct tpl_dict *d, const char *const *pairs);

/* Starts a back-office page (never indexed, with the back office's own navigation):
 * returns the content dictionary, as page_start does. */
struct tpl_dict *admin_start(struct request *req, const char *content_tpl, const char *title);
/* The acting staff member's id as a statement parameter (for fontaine.actor). */
const char *admin_actor(struct request *req);

/* slug.c: the URL name of an event: lowercase ASCII letters, digits and single hyphens, the
 * accents of the Latin-1 range folded (é → e, œ → oe, ß → ss), other characters dropped as
 * separators, at most max bytes (cut at a hyphen when possible). Returns an arena string,
 * "" when nothing is left. */
const char *slugify(struct arena *a, const char *text, size_t max);

/* The event categories: database values and French labels, indexed alike. */
enum { EVENT_CATEGORIES = 5 };
extern const char *const event_categories[EVENT_CATEGORIES + 1]; /* NULL-terminated */
extern const char *const event_category_labels[EVENT_CATEGORIES];
/* The French label of a category value ("" when unknown). */
const char *event_category_label(const char *value);
#endif
