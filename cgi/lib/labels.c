/* labels.c: the French labels of the database's internal codes and stored values. */
#include "labels.h"
#include "fmt.h"
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	enum label_domain domain;
	const char *code, *label;
} labels[] = {
	/* Tables, as the audit log names the rows it records. */
	{LABEL_TABLE, "account_code", "Compte comptable"},
	{LABEL_TABLE, "app_setting", "Réglage"},
	{LABEL_TABLE, "audit_log", "Journal"},
	{LABEL_TABLE, "auth_token", "Lien envoyé par e-mail"},
	{LABEL_TABLE, "booking", "Réservation"},
	{LABEL_TABLE, "booking_option", "Option de réservation"},
	{LABEL_TABLE, "booking_option_line", "Option d’une réservation"},
	{LABEL_TABLE, "closure", "Fermeture exceptionnelle"},
	{LABEL_TABLE, "contact_message", "Message de contact"},
	{LABEL_TABLE, "desk_load", "Occupation de l’open space"},
	{LABEL_TABLE, "event", "Événement"},
	{LABEL_TABLE, "funder", "Financeur"},
	{LABEL_TABLE, "funding", "Financement"},
	{LABEL_TABLE, "halfday_slot", "Demi-journée"},
	{LABEL_TABLE, "invoice", "Facture"},
	{LABEL_TABLE, "invoice_chain", "Chaînage des factures"},
	{LABEL_TABLE, "invoice_counter", "Compteur de factures"},
	{LABEL_TABLE, "invoice_line", "Ligne de facture"},
	{LABEL_TABLE, "invoice_reminder", "Relance de facture"},
	{LABEL_TABLE, "login_attempt", "Tentative de connexion"},
	{LABEL_TABLE, "membership", "Adhésion"},
	{LABEL_TABLE, "newsletter_issue", "Lettre d’information"},
	{LABEL_TABLE, "newsletter_optout", "Désinscription de la lettre"},
	{LABEL_TABLE, "office_lease", "Bail de bureau"},
	{LABEL_TABLE, "opening_hours", "Horaires d’ouverture"},
	{LABEL_TABLE, "organisation", "Organisation"},
	{LABEL_TABLE, "outbox", "Message à envoyer"},
	{LABEL_TABLE, "outbox_attachment", "Pièce jointe"},
	{LABEL_TABLE, "payment", "Paiement"},
	{LABEL_TABLE, "period_closing", "Clôture de période"},
	{LABEL_TABLE, "person", "Personne"},
	{LABEL_TABLE, "person_formula", "Formule d’un membre"},
	{LABEL_TABLE, "price", "Tarif"},
	{LABEL_TABLE, "quote_counter", "Compteur de devis"},
	{LABEL_TABLE, "registration", "Inscription à un événement"},
	{LABEL_TABLE, "resource", "Espace"},
	{LABEL_TABLE, "schema_migration", "Mise à jour du schéma"},
	{LABEL_TABLE, "sepa_batch", "Lot de prélèvements SEPA"},
	{LABEL_TABLE, "sepa_debit", "Prélèvement SEPA"},
	{LABEL_TABLE, "sepa_mandate", "Mandat SEPA"},
	{LABEL_TABLE, "session", "Session"},
	{LABEL_TABLE, "site_page", "Page du site"},
	{LABEL_TABLE, "totp_recovery", "Code de secours"},
	{LABEL_TABLE, "use_target", "Objectif d’utilisations"},
	/* resource.kind */
	{LABEL_RESOURCE_KIND, "open_space", "Open space"},
	{LABEL_RESOURCE_KIND, "meeting_room", "Salle de réunion"},
	{LABEL_RESOURCE_KIND, "office", "Bureau privé"},
	/* invoice.kind */
	{LABEL_INVOICE_KIND, "invoice", "Facture"},
	{LABEL_INVOICE_KIND, "credit_note", "Avoir"},
	/* funder.kind */
	{LABEL_FUNDER_KIND, "public", "Public"},
	{LABEL_FUNDER_KIND, "private", "Privé"},
};

const char *code_label(enum label_domain domain, const char *code, const char *fallback)
{
	for (size_t i = 0; code && i < sizeof labels / sizeof labels[0]; i++)
		if (labels[i].domain == domain && strcmp(labels[i].code, code) == 0)
			return labels[i].label;
	return fallback;
}

/* Every internal code a page may show, with its French word. */
static const char *const codes[][2] = {
	/* statuses */
	{"draft", "brouillon"}, {"issued", "émise"}, {"partly_paid", "réglée en partie"},
	{"paid", "réglée"}, {"cancelled", "annulée"}, {"pending", "en attente"},
	{"requested", "demandée"}, {"active", "en cours"}, {"ended", "terminée"},
	{"confirmed", "confirmée"}, {"declined", "refusée"}, {"no_show", "absence"},
	{"held", "en attente de confirmation"}, {"expired", "expirée"}, {"quote", "devis"},
	{"prepared", "préparé"}, {"settled", "réglé"}, {"revoked", "révoqué"},
	{"granted", "accordé"}, {"received", "reçu"}, {"published", "publié"},
	{"closing", "fermeture demandée"}, {"closed", "fermé"}, {"registered", "inscrit·e"},
	{"waitlist", "en liste d’attente"}, {"queued", "en file d’envoi"}, {"sent", "envoyé"},
	{"failed", "échec"},
	/* payment methods */
	{"virement", "virement"}, {"cheque", "chèque"}, {"especes", "espèces"}, {"carte", "carte bancaire"},
	{"prelevement", "prélèvement SEPA"},
	/* kinds */
	{"invoice", "facture"}, {"credit_note", "avoir"}, {"FRST", "premier prélèvement"},
	{"RCUR", "prélèvement récurrent"}, {"meeting_room", "salle de réunion"},
	{"open_space", "espace de coworking"}, {"office", "bureau privatif"},
	/* booking sources, slots, coverage */
	{"room", "salle de réunion"}, {"desk", "demi-journée réservée"}, {"walk_in", "arrivée sans réservation"},
	{"lease", "bail"}, {"am", "matin"}, {"pm", "après-midi"}, {"day", "journée"},
	{"hours", "à l’heure"}, {"carnet", "carnet"}, {"month", "formule mensuelle"},
	{"unit", "à l’unité, facturée"}, {"unit_paid", "à l’unité, réglée sur place"},
	/* roles and profiles */
	{"member", "membre"}, {"staff", "équipe"}, {"admin", "administrateur·rice"},
	{"independant", "indépendant·e"}, {"salarie", "salarié·e en télétravail"},
	{"organisation", "entreprise ou organisme"}, {"autre", "autre situation"},
	{"members", "membres seulement"}, {"public", "tout le monde"},
	/* carnet history */
	{"achat", "achat"}, {"utilisation", "utilisation"},
	/* VAT */
	{"franchise", "franchise en base de TVA"}, {"assujetti", "assujetti à la TVA"},
};

const char *label_code(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
		if (strcmp(code, codes[i][0]) == 0)
			return codes[i][1];
	return NULL;
}

const char *label_value(struct arena *a, const char *raw, int money)
{
	if (!raw || !*raw)
		return "—";
	char out[FMT_MAX];
	if (money) {
		char *end;
		long long cents = strtoll(raw, &end, 10);
		if (*end == '\0')
			return arena_strdup(a, fmt_money(out, cents));
	}
	if (fmt_iso_text(out, raw))
		return arena_strdup(a, out);
	if (strcmp(raw, "true") == 0 || strcmp(raw, "t") == 0)
		return "oui";
	if (strcmp(raw, "false") == 0 || strcmp(raw, "f") == 0)
		return "non";
	const char *c = label_code(raw);
	if (c)
		return c;
	size_t n = strlen(raw);
	if (n <= 300)
		return raw;
	/* Cut at a UTF-8 boundary. */
	size_t cut = 300;
	while (cut > 0 && ((unsigned char)raw[cut] & 0xC0) == 0x80)
		cut--;
	return arena_printf(a, "%.*s…", (int)cut, raw);
}
