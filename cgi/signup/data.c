/* data.c: everything La Fontaine keeps about the member (GDPR art. 15 and 20), from the one
 * export the staff read too (person_export_full of schema/0025_directory.sql): as JSON to
 * download (/compte/donnees.json) and as a page to read (/compte/donnees). */
#include "signup.h"
#include "labels.h"
#include <stdlib.h>
#include <string.h>

static const char *uid(struct request *req)
{
	return arena_printf(&req->arena, "%lld", (long long)req->user->person_id);
}

int page_export(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_EXPORT, (const char *const[]){uid(req)}, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1)
		return 404;
	buf_append(&req->resp.body, PQgetvalue(r, 0, 0), (size_t)PQgetlength(r, 0, 0));
	buf_putc(&req->resp.body, '\n');
	req->resp.content_type = "application/json; charset=utf-8";
	resp_header(req, "Content-Disposition", "attachment; filename=\"mes-donnees-la-fontaine.json\"");
	return 0;
}

/* The sections of the export, in the page's order, with their titles. */
static const char *const sections[][2] = {
	{"personne", "Mon compte"},
	{"adhesions", "Mes adhésions"},
	{"formules", "Mes formules et carnets"},
	{"carnet", "Historique de mes carnets"},
	{"reservations", "Mes réservations"},
	{"utilisations", "Mes utilisations (demi-journées)"},
	{"inscriptions", "Mes inscriptions aux événements"},
	{"baux", "Mes baux de bureau"},
	{"factures", "Mes factures et avoirs"},
	{"paiements", "Mes paiements"},
	{"relances", "Relances de paiement"},
	{"mandats_sepa", "Mes mandats de prélèvement SEPA"},
	{"consentements", "Mes consentements"},
	{"annuaire", "Mon profil dans l’annuaire des coworkers"},
	{"lettre_information", "Lettre d’information"},
	{"messages_contact", "Mes messages à l’équipe"},
	{"sessions", "Mes sessions de connexion"},
	{"exporte_le", "Export"},
};

/* The French name of each key of the export (keys ending in _centimes are amounts). */
static const char *const keys[][2] = {
	{"email", "E-mail"}, {"prenom", "Prénom"}, {"nom", "Nom"}, {"telephone", "Téléphone"},
	{"profil", "Profil"}, {"activite", "Activité"}, {"siret", "SIRET"}, {"siren", "SIREN"},
	{"entreprise", "Entreprise"}, {"adresse", "Adresse"}, {"code_postal", "Code postal"},
	{"ville", "Ville"}, {"newsletter", "Lettre d’information"},
	{"newsletter_depuis", "Lettre d’information depuis le"}, {"role", "Rôle"}, {"statut", "Statut"},
	{"email_verifie_le", "E-mail vérifié le"}, {"cree_le", "Créé le"}, {"creee_le", "Créée le"},
	{"fermeture_demandee_le", "Fermeture demandée le"}, {"debut", "Début"}, {"fin", "Fin"},
	{"cotisation_centimes", "Cotisation"}, {"payee_le", "Réglée le"}, {"formule", "Formule"},
	{"prix_centimes", "Prix"}, {"demi_journees", "Demi-journées"},
	{"demi_journees_utilisees", "Demi-journées utilisées"}, {"ouverte_le", "Ouverte le"},
	{"vue_le", "Dernière activité"}, {"navigateur", "Navigateur"}, {"adresse_ip", "Adresse IP"},
	{"jour", "Jour"}, {"creneau", "Créneau"}, {"ressource", "Espace"}, {"origine", "Origine"},
	{"contact", "Contact"}, {"objet", "Objet"}, {"participants", "Participants"},
	{"reglement", "Réglée par"}, {"arrivee_le", "Arrivée le"}, {"date", "Date"},
	{"mouvement", "Mouvement"}, {"evenement", "Événement"}, {"inscrit_le", "Inscrit·e le"},
	{"bureau", "Bureau"}, {"locataire", "Locataire"}, {"loyer_mensuel_centimes", "Loyer mensuel"},
	{"numero", "Numéro"}, {"type", "Type"}, {"echeance", "Échéance"}, {"client", "Client"},
	{"total_centimes", "Total"}, {"paye_centimes", "Déjà réglé"}, {"facture", "Facture"},
	{"montant_centimes", "Montant"}, {"moyen", "Moyen de paiement"}, {"reference", "Référence"},
	{"niveau", "Niveau"}, {"envoyee_le", "Envoyée le"}, {"reference_mandat", "Référence du mandat"},
	{"signe_le", "Signé le"}, {"titulaire", "Titulaire"}, {"iban", "IBAN (masqué)"},
	{"lettre_information", "Lettre d’information"},
	{"lettre_information_depuis", "Lettre d’information acceptée le"},
	{"lettre_information_desinscrit_le", "Désinscription de la lettre le"},
	{"annuaire_depuis", "Annuaire : accord donné le"}, {"competences", "Compétences"},
	{"propose", "Ce que je propose"}, {"recherche", "Ce que je recherche"},
	{"visibilite", "Visible par"}, {"consentement_le", "Accord donné le"}, {"photo", "Photo"},
	{"modifie_le", "Modifié le"}, {"desinscrit_le", "Désinscription le"}, {"envoye_le", "Envoyé le"},
	{"message", "Message"}, {"exporte_le", "Données extraites le"},
};

static const char *key_label(const char *k)
{
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(k, keys[i][0]) == 0)
			return keys[i][1];
	return NULL;
}

static size_t section_index(const char *s)
{
	for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
		if (strcmp(s, sections[i][0]) == 0)
			return i;
	return (size_t)-1;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int page_data(struct request *req)
{
	const char *state;
	PGresult *r = req_exec(req, SQL_EXPORT_LINES, (const char *const[]){uid(req)}, &state);
	if (!r)
		return req_db_error(state);
	struct tpl_dict *d = page_start(req, "portal_data.tpl", "Mes données",
					arena_printf(&req->arena, "Tout ce que %s conserve sur vous.", space_name(req)));
	tpl_show(req->dict, "NOINDEX");
	enum { N_SECTIONS = sizeof sections / sizeof sections[0] };
	struct tpl_dict *sec[N_SECTIONS] = {0};
	/* Sections in the page's order: one pass per section over the lines (a few hundred). */
	for (size_t s = 0; s < N_SECTIONS; s++) {
		struct tpl_dict *item = NULL;
		const char *cur_item = NULL;
		for (int i = 0; i < PQntuples(r); i++) {
			if (section_index(PQgetvalue(r, i, EL_SECTION)) != s)
				continue;
			const char *key = PQgetvalue(r, i, EL_KEY), *label = key_label(key);
			if (!label)
				continue; /* a key without a French name is not shown (it is in the JSON) */
			if (!sec[s]) {
				sec[s] = tpl_section(d, "SECTION");
				tpl_set(sec[s], "SECTION_TITLE", sections[s][1]);
				tpl_set(sec[s], "SECTION_ID", arena_printf(&req->arena, "donnees-%zu", s));
			}
			if (!cur_item || strcmp(cur_item, PQgetvalue(r, i, EL_ITEM)) != 0) {
				item = tpl_section(sec[s], "ITEM");
				cur_item = PQgetvalue(r, i, EL_ITEM);
			}
			struct tpl_dict *f = tpl_section(item, "FIELD");
			tpl_set(f, "LABEL", label);
			tpl_set(f, "VALUE", label_value(&req->arena, PQgetisnull(r, i, EL_VALUE) ? "" :
							PQgetvalue(r, i, EL_VALUE), ends_with(key, "_centimes")));
			/* A browser's own identification and an address are shown as they are, as code. */
			if (strcmp(key, "navigateur") == 0 || strcmp(key, "adresse_ip") == 0)
				tpl_show(f, "TECH");
		}
		if (!sec[s] && strcmp(sections[s][0], "exporte_le") != 0) {
			sec[s] = tpl_section(d, "SECTION");
			tpl_set(sec[s], "SECTION_TITLE", sections[s][1]);
			tpl_set(sec[s], "SECTION_ID", arena_printf(&req->arena, "donnees-%zu", s));
			tpl_show(sec[s], "EMPTY");
		}
	}
	return page_finish(req, 200);
}
