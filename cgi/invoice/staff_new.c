/* staff_new.c: the staff's new draft page (/admin/factures/nouvelle): customer, VAT number, lines. */
#include "invoice.h"
#include "escape.h"
#include "fmt.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A VAT identifier typed by staff ("fr 44 732 829 320"), upper-cased without spaces or dots,
 * when it has the shape of one (2 letters, 2 to 13 digits or letters); NULL otherwise. */
static const char *vat_number_param(struct arena *a, const char *s)
{
	char out[24];
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '.' || *s == '-')
			continue;
		if (n + 1 >= sizeof out)
			return NULL;
		char ch = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		bool letter = ch >= 'A' && ch <= 'Z', digit = ch >= '0' && ch <= '9';
		if (!(n < 2 ? letter : letter || digit))
			return NULL;
		out[n++] = ch;
	}
	out[n] = '\0';
	return n >= 4 && n <= 15 ? arena_strdup(a, out) : NULL;
}

enum { NF_BUSINESS, NF_NAME, NF_SIREN, NF_VAT, NF_STREET, NF_POSTCODE, NF_CITY, NF_EMAIL, NF_START, NF_END, NF_DAYS, NF__MAX };
static const struct field_def new_fields[NF__MAX] = {
	[NF_BUSINESS] = {"professionnel", FIELD_BOOL, false, 0, 0, NULL},
	[NF_NAME] = {"nom", FIELD_LINE, true, 1, 200, NULL},
	[NF_SIREN] = {"siren", FIELD_SIREN, false, 0, 0, NULL},
	[NF_VAT] = {"tva_client", FIELD_LINE, false, 0, 20, NULL},
	[NF_STREET] = {"adresse", FIELD_LINE, false, 0, 200, NULL},
	[NF_POSTCODE] = {"code_postal", FIELD_POSTCODE, false, 0, 0, NULL},
	[NF_CITY] = {"ville", FIELD_LINE, false, 0, 100, NULL},
	[NF_EMAIL] = {"email", FIELD_EMAIL, false, 0, 254, NULL},
	[NF_START] = {"debut", FIELD_DATE, false, 0, 0, NULL},
	[NF_END] = {"fin", FIELD_DATE, false, 0, 0, NULL},
	[NF_DAYS] = {"delai", FIELD_INT, true, 0, 60, NULL},
};
static const struct field_ui new_ui[NF__MAX] = {
	[NF_BUSINESS] = {"Client professionnel (entreprise, association, administration)", "checkbox", NULL,
			 "Un client professionnel doit avoir un SIREN et une adresse ; ses factures portent les pénalités de retard et l’indemnité de 40 €."},
	[NF_NAME] = {"Nom ou raison sociale", "text", "organization", NULL},
	[NF_SIREN] = {"SIREN", "text", "off", "9 chiffres. C’est l’adresse de facturation électronique d’un client professionnel."},
	[NF_VAT] = {"Numéro de TVA intracommunautaire du client", "text", "off", "Facultatif, par exemple FR44732829320."},
	[NF_STREET] = {"Adresse", "text", "address-line1", NULL},
	[NF_POSTCODE] = {"Code postal", "text", "postal-code", NULL},
	[NF_CITY] = {"Ville", "text", "address-level2", NULL},
	[NF_EMAIL] = {"E-mail de facturation", "email", "email", "Obligatoire pour un particulier (son adresse de facturation électronique). La facture lui est envoyée à l’émission, PDF joint."},
	[NF_START] = {"Début de la prestation", "date", NULL, NULL},
	[NF_END] = {"Fin de la prestation", "date", NULL, NULL},
	[NF_DAYS] = {"Délai de paiement (jours)", "text", "off", "De 0 (à réception) à 60 jours."},
};

static int render_new(struct request *req, const struct field_value *v, size_t errors, int status)
{
	struct tpl_dict *d = staff_start(req, "invoice_new.tpl", "Nouveau brouillon de facture");
	struct field_value fresh[NF__MAX];
	if (!v) {
		memset(fresh, 0, sizeof fresh);
		for (int i = 0; i < NF__MAX; i++)
			fresh[i] = (struct field_value){.valid = true, .str = ""};
		fresh[NF_DAYS].str = "30";
		v = fresh;
	}
	page_fields(req, d, "FIELD", new_fields, new_ui, v, 0, NF__MAX);
	page_errors(d, errors);
	return page_finish(req, status);
}

int page_staff_new(struct request *req)
{
	return render_new(req, NULL, 0, 200);
}

int page_staff_new_post(struct request *req)
{
	struct field_value v[NF__MAX];
	size_t errors = form_read(&req->arena, &req->form, new_fields, NF__MAX, v);
	bool business = v[NF_BUSINESS].valid && v[NF_BUSINESS].num;
	if (business) {
		if (!v[NF_SIREN].present && v[NF_SIREN].valid)
			invalidate(&v[NF_SIREN], "Un client professionnel doit avoir un SIREN (9 chiffres).", &errors);
		if (!v[NF_STREET].present && v[NF_STREET].valid)
			invalidate(&v[NF_STREET], "L’adresse d’un client professionnel est obligatoire.", &errors);
		if (!v[NF_POSTCODE].present && v[NF_POSTCODE].valid)
			invalidate(&v[NF_POSTCODE], "Le code postal d’un client professionnel est obligatoire.", &errors);
		if (!v[NF_CITY].present && v[NF_CITY].valid)
			invalidate(&v[NF_CITY], "La ville d’un client professionnel est obligatoire.", &errors);
	}
	if (!business && !v[NF_EMAIL].present && v[NF_EMAIL].valid)
		invalidate(&v[NF_EMAIL], "L’e-mail d’un particulier est obligatoire : c’est l’adresse de sa facture électronique.", &errors);
	const char *vat = "";
	if (v[NF_VAT].present && v[NF_VAT].valid) {
		vat = vat_number_param(&req->arena, v[NF_VAT].str);
		if (!vat) {
			invalidate(&v[NF_VAT], "Numéro de TVA invalide : deux lettres du pays puis 2 à 13 chiffres ou lettres, par exemple FR44732829320.", &errors);
			vat = "";
		}
	}
	if (v[NF_START].valid && v[NF_END].valid && v[NF_START].present && v[NF_END].present &&
	    strcmp(v[NF_START].str, v[NF_END].str) > 0)
		invalidate(&v[NF_END], "La fin de la prestation précède son début.", &errors);
	if (errors)
		return render_new(req, v, errors, 422);
	const char *params[] = {
		business ? "true" : "false", v[NF_NAME].str, v[NF_STREET].str, v[NF_POSTCODE].str,
		v[NF_CITY].str, v[NF_SIREN].str, v[NF_EMAIL].str, v[NF_START].str, v[NF_END].str,
		arena_printf(&req->arena, "%lld", (long long)v[NF_DAYS].num), vat,
	};
	const char *state;
	PGresult *r = req_exec(req, SQL_DRAFT_NEW, params, &state);
	if (!r)
		return req_db_error(state);
	resp_redirect(req, 303, arena_printf(&req->arena, "/admin/factures/%s?ok=brouillon", PQgetvalue(r, 0, 0)));
	return 303;
}
