/* fixtures.h: documents and helpers shared by the tests of the invoice outputs. */
#ifndef FT_INVOICE_OUT_FIXTURES_H
#define FT_INVOICE_OUT_FIXTURES_H
#include "doc.h"
#include "buf.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FIX_UNUSED __attribute__((unused))

/* Midnight of a Paris date (TZ is set to Europe/Paris by fix_init). */
static FIX_UNUSED time_t fix_day(int y, int m, int d)
{
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_isdst = -1};
	return mktime(&tm);
}

static FIX_UNUSED void fix_init(void)
{
	setenv("TZ", "Europe/Paris", 1);
	tzset();
}

/* The association, under the franchise en base (no VAT). */
static FIX_UNUSED struct doc_party fix_seller_franchise(void)
{
	return (struct doc_party){
		.name = "Canti'net — La Fontaine",
		.street = "12 rue des Héros de la Résistance",
		.postcode = "47000",
		.city = "Agen",
		.country = "FR",
		.siren = "812345676",
		.siret = "81234567600009",
		.rna = "W473004567",
		.email = "contact@lafontaine-agen.fr",
	};
}

/* The same association once registered for VAT. */
static FIX_UNUSED struct doc_party fix_seller_vat(void)
{
	struct doc_party s = fix_seller_franchise();
	s.vat_number = "FR19812345676";
	return s;
}

static FIX_UNUSED struct doc_party fix_buyer_company(void)
{
	return (struct doc_party){
		.name = "Garonne Conseil & Associés SARL",
		.street = "3 boulevard de la République",
		.postcode = "47000",
		.city = "Agen",
		.country = "FR",
		.siren = "443061841",
		.vat_number = "FR64443061841",
		.email = "compta@garonne-conseil.fr",
		.business = true,
	};
}

static FIX_UNUSED struct doc_party fix_buyer_person(void)
{
	return (struct doc_party){
		.name = "Élodie Marchand",
		.street = "5 impasse des Pruniers",
		.postcode = "47310",
		.city = "Estillac",
		.country = "FR",
		.email = "elodie@exemple.fr",
	};
}

#define FIX_PENALTY "En cas de retard de paiement, pénalités au taux de trois fois le taux " \
		    "d'intérêt légal, exigibles dès le lendemain de l'échéance, et indemnité " \
		    "forfaitaire pour frais de recouvrement de 40 € (art. L441-10 et D441-5 du " \
		    "Code de commerce)."
#define FIX_DISCOUNT "Pas d'escompte pour paiement anticipé."
#define FIX_TERMS "Paiement à 30 jours, par virement."
#define FIX_EXEMPTION "TVA non applicable, art. 293 B du CGI"
#define FIX_HASH "3f1c9a0b7e2d4c5a6b8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4"

/* A business invoice from a VAT-registered seller: conference room, half-days at 20 %, a
 * book at 5,5 %, a line with a fractional quantity. */
static const struct doc_line fix_vat_lines[] = {
	{.description = "Location de la salle de conférence — journée du 12 mars 2026",
	 .quantity_milli = 1000, .unit_code = "DAY", .unit_price_cents = 25000,
	 .vat_rate_bp = 2000, .vat_category = 'S'},
	{.description = "Demi-journées en espace ouvert (carnet de 10)", .quantity_milli = 3000,
	 .unit_code = "C62", .unit_price_cents = 1249, .vat_rate_bp = 2000, .vat_category = 'S'},
	{.description = "Café et viennoiseries, par personne", .quantity_milli = 12500,
	 .unit_code = "C62", .unit_price_cents = 333, .vat_rate_bp = 1000, .vat_category = 'S'},
	{.description = "Guide « Coopérer en Lot-et-Garonne »", .quantity_milli = 2000,
	 .unit_code = "C62", .unit_price_cents = 1599, .vat_rate_bp = 550, .vat_category = 'S'},
};

static FIX_UNUSED struct doc fix_vat_invoice(void)
{
	return (struct doc){
		.type = DOC_INVOICE,
		.number = "F2026-00042",
		.issue_date = fix_day(2026, 3, 31),
		.due_date = fix_day(2026, 4, 30),
		.service_start = fix_day(2026, 3, 1),
		.service_end = fix_day(2026, 3, 31),
		.seller = fix_seller_vat(),
		.buyer = fix_buyer_company(),
		.lines_in = fix_vat_lines,
		.n_lines = sizeof fix_vat_lines / sizeof fix_vat_lines[0],
		.payment_terms = FIX_TERMS,
		.penalty_note = FIX_PENALTY,
		.discount_note = FIX_DISCOUNT,
		.iban = "FR76 3000 4000 0312 3456 7890 143",
		.bic = "BNPAFRPPXXX",
		.buyer_reference = "BC-2026-117",
		.hash_hex = FIX_HASH,
	};
}

/* Allowances and charges on fix_vat_invoice (fix_vat_with_allowances): 10 % off line 1, a
 * charge on line 3, a document allowance at 20 % and a document charge at 10 %. */
static const struct doc_allowance fix_vat_acs[] = {
	{.charge = false, .line = 0, .amount_cents = 2500, .base_cents = 25000, .percent_bp = 1000,
	 .reason = "Fidélité", .reason_code = "95"},
	{.charge = true, .line = 2, .amount_cents = 500, .reason = "Livraison", .reason_code = "DL"},
	{.charge = false, .line = -1, .amount_cents = 1000, .reason = "Geste commercial",
	 .reason_code = "100", .vat_rate_bp = 2000, .vat_category = 'S'},
	{.charge = true, .line = -1, .amount_cents = 1500, .reason = "Nettoyage", .reason_code = "CG",
	 .vat_rate_bp = 1000, .vat_category = 'S'},
};

static FIX_UNUSED struct doc fix_vat_with_allowances(void)
{
	struct doc d = fix_vat_invoice();
	d.acs = fix_vat_acs;
	d.n_acs = sizeof fix_vat_acs / sizeof fix_vat_acs[0];
	return d;
}

/* A member's monthly invoice under the franchise en base, partly paid. */
static const struct doc_line fix_franchise_lines[] = {
	{.description = "Formule résident — mars 2026", .quantity_milli = 1000,
	 .unit_code = "MON", .unit_price_cents = 18000, .vat_category = 'E'},
	{.description = "Demi-journées hors formule", .quantity_milli = 2500, .unit_code = "C62",
	 .unit_price_cents = 999, .vat_category = 'E'},
};

static FIX_UNUSED struct doc fix_franchise_invoice(void)
{
	return (struct doc){
		.type = DOC_INVOICE,
		.number = "F2026-00043",
		.issue_date = fix_day(2026, 3, 31),
		.due_date = fix_day(2026, 4, 15),
		.service_start = fix_day(2026, 3, 1),
		.service_end = fix_day(2026, 3, 31),
		.seller = fix_seller_franchise(),
		.buyer = fix_buyer_person(),
		.lines_in = fix_franchise_lines,
		.n_lines = sizeof fix_franchise_lines / sizeof fix_franchise_lines[0],
		.vat_exemption = FIX_EXEMPTION,
		.payment_terms = FIX_TERMS,
		.discount_note = FIX_DISCOUNT,
		.iban = "FR76 3000 4000 0312 3456 7890 143",
		.bic = "BNPAFRPPXXX",
		.paid_cents = 5000,
		.hash_hex = FIX_HASH,
	};
}

/* A credit note cancelling the conference room line of F2026-00042. */
static FIX_UNUSED struct doc fix_credit_note(void)
{
	struct doc d = fix_vat_invoice();
	d.type = DOC_CREDIT_NOTE;
	d.number = "A2026-00003";
	d.corrects_number = "F2026-00042";
	d.corrects_date = fix_day(2026, 3, 31);
	d.issue_date = fix_day(2026, 4, 2);
	d.due_date = 0;
	d.lines_in = fix_vat_lines;
	d.n_lines = 1;
	d.buyer_reference = NULL;
	return d;
}

/* Runs argv with stdin from /dev/null, stdout and stderr into out (NUL-terminated).
 * Returns the exit status, or -1 when it could not run. */
static FIX_UNUSED int fix_run(char *const argv[], struct buf *out)
{
	int fd[2];
	if (pipe(fd) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(fd[1], 1);
		dup2(fd[1], 2);
		close(fd[0]);
		close(fd[1]);
		freopen("/dev/null", "r", stdin);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd[0], chunk, sizeof chunk)) > 0)
		buf_append(out, chunk, (size_t)n);
	close(fd[0]);
	buf_append(out, "", 0);
	int status;
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Writes len bytes to a fresh temporary file named after tmpl ("/tmp/x.XXXXXX.pdf", with
 * suffix_len the length after the X's). Returns 0 or -1. */
static FIX_UNUSED int fix_write_temp(char *tmpl, int suffix_len, const char *data, size_t len)
{
	int fd = mkstemps(tmpl, suffix_len);
	if (fd < 0)
		return -1;
	size_t done = 0;
	while (done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n <= 0) {
			close(fd);
			return -1;
		}
		done += (size_t)n;
	}
	return close(fd);
}

/* The folder of the XSDs: $FONTAINE_STANDARDS, else ../shared/standards beside the source. */
static FIX_UNUSED const char *fix_standards(void)
{
	const char *s = getenv("FONTAINE_STANDARDS");
	return s && *s ? s : STANDARDS_DIR;
}
#endif
