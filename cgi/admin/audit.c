/* audit.c: /admin/journal, the audit log read-only, in French: each entry a sentence ("Paiement
 * de 20,00 € enregistré par Marie Dupont le 2 décembre 2026 à 10 h 15") and the fields changed
 * with their French names and formatted values, newest first, 50 a page (?avant=<id> for the
 * next), filtered by kind of record (?table=) and by person (?personne=<id>: what they did, or
 * what was done to their account). The tables below are the one place that words every
 * audited table, action and column. */
#include "admin.h"
#include "fmt.h"
#include "labels.h"
#include <stdlib.h>
#include <string.h>

/* How an audited table's rows are named: the noun, its gender, the field that tells which row
 * (with the word before it: "de", "du", "«" for a quoted title), and the participle of a creation when it is
 * not "créé". */
struct audit_table {
	const char *table, *noun, *list_label;
	bool feminine;
	const char *detail_key, *detail_fmt;
	bool detail_money;
	const char *created;
};
static const struct audit_table tables[] = {
	{"invoice", "Facture", "Factures et avoirs", true, "number", "", false, NULL},
	{"payment", "Paiement", "Paiements", false, "amount_cents", "de", true, "enregistré"},
	{"invoice_reminder", "Relance", "Relances", true, "level", "n°", false, "envoyé"},
	{"sepa_batch", "Lot de prélèvements SEPA", "Lots de prélèvements SEPA", false, "collection_date", "du", false, "préparé"},
	{"sepa_mandate", "Mandat SEPA", "Mandats SEPA", false, "rum", "", false, "enregistré"},
	{"booking", "Réservation", "Réservations et arrivées", true, "day", "du", false, "enregistré"},
	{"office_lease", "Bail", "Baux de bureaux", false, "tenant_name", "de", false, NULL},
	{"person_formula", "Formule", "Formules et carnets", true, NULL, NULL, false, "enregistré"},
	{"membership", "Adhésion", "Adhésions", true, "starts_on", "du", false, "enregistré"},
	{"person", "Compte", "Comptes et rôles", false, NULL, NULL, false, NULL},
	{"event", "Événement", "Événements", false, "title", "«", false, NULL},
	{"site_page", "Page du site", "Pages du site", true, "title", "«", false, NULL},
	{"price", "Tarif", "Tarifs", false, "label", "«", false, NULL},
	{"opening_hours", "Horaire d’ouverture", "Horaires d’ouverture", false, NULL, NULL, false, NULL},
	{"organisation", "Fiche de l’association", "Fiche de l’association", true, NULL, NULL, false, NULL},
	{"funder", "Financeur", "Financeurs", false, "name", "«", false, NULL},
	{"funding", "Financement", "Financements", false, "label", "«", false, NULL},
	{"use_target", "Objectif d’utilisation", "Objectifs d’utilisation", false, "month", "de", false, NULL},
	{"closure", "Fermeture", "Fermetures", true, "starts_on", "du", false, "enregistré"},
	{"newsletter_issue", "Lettre d’information", "Lettres d’information", true, "subject", "«", false, "envoyé"},
};

/* The participle of each action (masculine; an "e" is added for a feminine noun). */
static const char *const actions[][2] = {
	{"create", "créé"}, {"edit", "modifié"}, {"delete", "supprimé"}, {"publish", "publié"},
	{"cancel", "annulé"}, {"issue", "émis"}, {"confirm", "confirmé"}, {"settle", "réglé"},
	{"no_show", "marqué absent"}, {"check_in", "arrivée enregistrée"}, {"erase", "effacé"},
};

/* The French name of each column staff may read in the log, and whether it holds cents. A
 * column not listed here is never shown by name (it is counted as a technical field). */
struct audit_column {
	const char *column, *label;
	bool money;
};
static const struct audit_column columns[] = {
	{"amount_cents", "Montant", true}, {"gross_cents", "Total TTC", true},
	{"net_cents", "Total HT", true}, {"vat_cents", "TVA", true}, {"paid_cents", "Déjà réglé", true},
	{"price_cents", "Prix", true}, {"fee_cents", "Cotisation", true}, {"unit_cents", "Prix unitaire", true},
	{"monthly_rent_cents", "Loyer mensuel", true}, {"member_cents", "Prix membre", true},
	{"non_member_cents", "Prix non-membre", true},
	{"status", "Statut", false}, {"kind", "Type", false}, {"method", "Moyen de paiement", false},
	{"reference", "Référence", false}, {"number", "Numéro", false}, {"paid_on", "Date du paiement", false},
	{"issue_date", "Date d’émission", false}, {"due_date", "Échéance", false}, {"issued_at", "Émise le", false},
	{"customer_name", "Client", false}, {"customer_email", "E-mail du client", false},
	{"customer_street", "Adresse du client", false}, {"customer_postcode", "Code postal du client", false},
	{"customer_city", "Ville du client", false}, {"customer_siren", "SIREN du client", false},
	{"service_start", "Début de la prestation", false}, {"service_end", "Fin de la prestation", false},
	{"payment_days", "Délai de paiement (jours)", false}, {"level", "Niveau de relance", false},
	{"sent_at", "Envoyée le", false}, {"sequence_type", "Séquence", false},
	{"collection_date", "Date de prélèvement", false}, {"settled_on", "Réglé le", false},
	{"rum", "Référence du mandat", false}, {"signed_on", "Signé le", false},
	{"debtor_name", "Titulaire du compte", false}, {"last_collected_on", "Dernier prélèvement", false},
	{"day", "Jour", false}, {"slot", "Créneau", false}, {"starts_at", "Début", false}, {"ends_at", "Fin", false},
	{"source", "Origine", false}, {"company_name", "Entreprise", false}, {"contact_name", "Contact", false},
	{"attendees", "Participants", false}, {"covered_by", "Réglement", false},
	{"confirmed_at", "Confirmée le", false}, {"cancelled_at", "Annulée le", false},
	{"checked_in_at", "Arrivée le", false}, {"purpose", "Objet", false},
	{"tenant_name", "Locataire", false}, {"starts_on", "Début", false}, {"ends_on", "Fin", false},
	{"halfdays_total", "Demi-journées du carnet", false}, {"halfdays_used", "Demi-journées utilisées", false},
	{"member_price", "Prix membre", false}, {"paid_at", "Réglée le", false},
	{"first_name", "Prénom", false}, {"last_name", "Nom", false}, {"email", "E-mail", false},
	{"phone", "Téléphone", false}, {"role", "Rôle", false}, {"profile", "Profil", false},
	{"activity", "Activité", false}, {"siren", "SIREN", false}, {"siret", "SIRET", false},
	{"billing_street", "Adresse de facturation", false}, {"billing_postcode", "Code postal", false},
	{"billing_city", "Ville", false}, {"newsletter", "Lettre d’information", false},
	{"close_requested_at", "Fermeture demandée le", false}, {"email_verified_at", "E-mail vérifié le", false},
	{"totp_enabled_at", "Double authentification depuis", false},
	{"title", "Titre", false}, {"summary", "Résumé", false}, {"body_md", "Texte", false},
	{"category", "Catégorie", false}, {"place_name", "Lieu", false}, {"place_address", "Adresse du lieu", false},
	{"capacity", "Places", false}, {"published_at", "Publié le", false}, {"meta_description", "Description", false},
	{"nav_label", "Intitulé du menu", false}, {"nav_order", "Place dans le menu", false},
	{"label", "Intitulé", false}, {"unit", "Unité", false}, {"note", "Note", false}, {"active", "Proposé", false},
	{"weekday", "Jour de la semaine", false}, {"opens", "Ouverture", false}, {"closes", "Fermeture", false},
	{"name", "Nom", false}, {"legal_name", "Raison sociale", false}, {"street", "Adresse", false},
	{"postcode", "Code postal", false}, {"city", "Ville", false}, {"url", "Site web", false},
	{"funder_name", "Financeur", false}, {"public", "Financement public", false},
	{"period_start", "Début de la période", false}, {"period_end", "Fin de la période", false},
	{"month", "Mois", false}, {"target", "Objectif", false}, {"reason", "Motif", false},
	{"subject", "Objet", false}, {"recipients", "Destinataires", false}, {"audience", "Destinataires", false},
};

static const struct audit_table *table_of(const char *name)
{
	for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (strcmp(name, tables[i].table) == 0)
			return &tables[i];
	return NULL;
}

static const struct audit_column *column_of(const char *name)
{
	for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
		if (strcmp(name, columns[i].column) == 0)
			return &columns[i];
	return NULL;
}

/* The value of key in a "key U+001F value U+001E ..." list (in the arena), or NULL. */
static const char *row_get(struct arena *a, const char *row, const char *key)
{
	size_t klen = strlen(key);
	for (const char *p = row; *p;) {
		const char *end = strchr(p, '\x1e');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > klen && strncmp(p, key, klen) == 0 && p[klen] == '\x1f')
			return arena_strndup(a, p + klen + 1, len - klen - 1);
		p += len + (end != NULL);
	}
	return NULL;
}

/* The sentence of one entry, without who and when: "Paiement de 20,00 € enregistré". */
static const char *entry_sentence(struct request *req, PGresult *r, int i)
{
	struct arena *a = &req->arena;
	const char *action = PQgetvalue(r, i, AU_ACTION), *row = PQgetvalue(r, i, AU_ROW);
	const char *table = PQgetvalue(r, i, AU_TABLE);
	if (strcmp(action, "erase") == 0)
		return "Données personnelles d’un compte effacées (RGPD)";
	const struct audit_table *t = table_of(table);
	const char *noun = t ? t->noun : "Enregistrement";
	bool fem = t && t->feminine;
	const char *kind = row_get(a, row, "kind");
	if (strcmp(table, "invoice") == 0 && kind && strcmp(kind, "credit_note") == 0) {
		noun = "Avoir";
		fem = false;
	}
	const char *detail = "";
	if (t && t->detail_key) {
		const char *v = row_get(a, row, t->detail_key);
		if (v && *v) {
			bool quoted = strcmp(t->detail_fmt, "«") == 0;
			detail = arena_printf(a, "%s %s%s", t->detail_fmt,
					      label_value(a, admin_text(a, v, strlen(v)), t->detail_money),
					      quoted ? " »" : "");
			if (!*t->detail_fmt)
				detail++;
		}
	}
	if (strcmp(table, "person") == 0) {
		const char *fn = row_get(a, row, "first_name"), *ln = row_get(a, row, "last_name");
		if (fn && ln)
			detail = arena_printf(a, "de %s %s", fn, ln);
	} else if (strcmp(table, "person_formula") == 0 && *PQgetvalue(r, i, AU_PRICE)) {
		detail = arena_printf(a, "« %s »", PQgetvalue(r, i, AU_PRICE));
	}
	if (strcmp(action, "check_in") == 0)
		return arena_printf(a, "Arrivée enregistrée pour la réservation %s", detail);
	if (strcmp(table, "person") == 0 && row_get(a, PQgetvalue(r, i, AU_CHANGES), "role"))
		return arena_printf(a, "Rôle du compte %s changé", detail);
	const char *participle = NULL;
	if (strcmp(action, "create") == 0 && t && t->created)
		participle = t->created;
	for (size_t k = 0; !participle && k < sizeof actions / sizeof actions[0]; k++)
		if (strcmp(action, actions[k][0]) == 0)
			participle = actions[k][1];
	if (!participle)
		participle = "modifié";
	return arena_printf(a, "%s%s%s %s%s", noun, *detail ? " " : "", detail, participle,
			    fem && strcmp(action, "no_show") != 0 ? "e" : "");
}

static bool is_id(const char *s)
{
	return s && *s && strlen(s) <= 18 && strspn(s, "0123456789") == strlen(s);
}

/* Adds the changed fields of entry i as French lines ("Montant : 10,00 € → 20,00 €"). */
static void entry_changes(struct request *req, struct tpl_dict *e, PGresult *r, int i)
{
	struct arena *a = &req->arena;
	struct tpl_dict *list = NULL;
	int hidden = 0;
	for (const char *p = PQgetvalue(r, i, AU_CHANGES); *p;) {
		const char *sep = strchr(p, '\x1e');
		size_t len = sep ? (size_t)(sep - p) : strlen(p);
		char *item = arena_strndup(a, p, len);
		p += len + (sep != NULL);
		char *b = strchr(item, '\x1f');
		char *after = b ? strchr(b + 1, '\x1f') : NULL;
		if (!b || !after)
			continue;
		*b++ = '\0';
		*after++ = '\0';
		const struct audit_column *c = column_of(item);
		if (!c) {
			hidden++;
			continue;
		}
		/* A creation shows what was recorded; a change, before and after. */
		const char *line = !*b ? arena_printf(a, "%s : %s", c->label, label_value(a, after, c->money))
			: arena_printf(a, "%s : %s → %s", c->label, label_value(a, b, c->money),
				       label_value(a, after, c->money));
		if (!list)
			list = tpl_section(e, "CHANGES");
		tpl_set(tpl_section(list, "CHANGE"), "LINE", admin_text(a, line, strlen(line)));
	}
	if (hidden && !list)
		list = tpl_section(e, "CHANGES");
	if (hidden)
		tpl_set(tpl_section(list, "CHANGE"), "LINE",
			arena_printf(a, "%d champ%s technique%s", hidden, hidden > 1 ? "s" : "",
				     hidden > 1 ? "s" : ""));
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
	PGresult *tbl = req_exec(req, SQL_AUDIT_TABLES, NULL, &state);
	if (!tbl)
		return req_db_error(state);
	PGresult *r = req_exec(req, SQL_AUDIT_LIST, (const char *const[]){table, person, before}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = admin_start(req, "admin_audit.tpl", "Journal des modifications");
	tpl_set(d, "PERSON", person);
	for (int i = 0; i < PQntuples(tbl); i++) {
		const struct audit_table *t = table_of(PQgetvalue(tbl, i, 0));
		struct tpl_dict *o = tpl_section(d, "TABLE_OPTION");
		tpl_set(o, "VALUE", PQgetvalue(tbl, i, 0));
		tpl_set(o, "LABEL", t ? t->list_label : "Autres enregistrements");
		if (strcmp(table, PQgetvalue(tbl, i, 0)) == 0)
			tpl_show(o, "SELECTED");
	}
	int n = PQntuples(r) > 50 ? 50 : PQntuples(r);
	char day[FMT_MAX], hour[FMT_MAX];
	for (int i = 0; i < n; i++) {
		struct tpl_dict *e = tpl_section(d, "ENTRY");
		time_t at = (time_t)strtoll(PQgetvalue(r, i, AU_AT), NULL, 10);
		fmt_date(day, at);
		fmt_time(hour, at);
		tpl_set(e, "AT", arena_printf(&req->arena, "le %s à %s", day, hour));
		const char *who = PQgetvalue(r, i, AU_WHO);
		tpl_set(e, "WHAT", entry_sentence(req, r, i));
		if (*who) {
			struct tpl_dict *w = tpl_section(e, "WHO_LINK");
			tpl_set(w, "WHO_HREF", arena_printf(&req->arena, "/admin/journal?personne=%s",
							    PQgetvalue(r, i, AU_WHO_ID)));
			tpl_set(w, "WHO", admin_text(&req->arena, who, strlen(who)));
		} else {
			tpl_show(e, "NO_WHO");
		}
		entry_changes(req, e, r, i);
	}
	if (n == 0)
		tpl_show(d, "NONE");
	if (PQntuples(r) > 50) {
		struct buf next = {0};
		buf_printf(&next, "/admin/journal?avant=%s", PQgetvalue(r, 49, AU_ID));
		if (*table)
			buf_printf(&next, "&table=%s", table);
		if (*person)
			buf_printf(&next, "&personne=%s", person);
		tpl_set(tpl_section(d, "NEXT"), "NEXT_HREF", buf_cstr(&next));
		buf_free(&next);
	}
	return page_finish(req, 200);
}
