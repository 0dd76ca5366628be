/* labels.c: French wording of internal codes and stored values. */
#include "labels.h"
#include "fmt.h"
#include <stdlib.h>
#include <string.h>

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
