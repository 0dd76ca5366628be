/* labels.c: the one table of French labels for the database's internal codes. */
#include "labels.h"
#include <stddef.h>
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
