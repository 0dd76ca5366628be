/* doc.h: an invoice or credit note as its outputs see it (PDF, CII XML, Factur-X PDF), the
 * EN 16931 totals, and the rows of the FEC and of a SEPA direct-debit batch. Amounts are
 * integer cents; VAT rates are basis points (2000 = 20 %). Filled from the database by the
 * invoice program; the writers (pdf.c, cii.c, facturx.c, fec.c, sepa.c) never query anything. */
#ifndef FT_INVOICE_DOC_H
#define FT_INVOICE_DOC_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "buf.h"

enum doc_type { DOC_INVOICE = 380, DOC_CREDIT_NOTE = 381 };

struct doc_party {
	const char *name;          /* legal name */
	const char *street, *postcode, *city;
	const char *country;       /* ISO 3166-1 alpha-2, "FR" */
	const char *siren;         /* 9 digits or NULL */
	const char *siret;         /* 14 digits or NULL */
	const char *vat_number;    /* "FR.." or NULL */
	const char *rna;           /* association number or NULL (seller) */
	const char *email;
	bool business;             /* a company or organisation (penalty mentions apply) */
};

struct doc_line {
	const char *description;
	int64_t quantity_milli;    /* 1000 = 1 unit (half-days, months…) */
	const char *unit_code;     /* UN/ECE rec 20: "C62" (unit), "MON" (month), "DAY" */
	int64_t unit_price_cents;  /* excl. VAT */
	int vat_rate_bp;           /* 0 when not applicable */
	char vat_category;         /* 'S' standard, 'E' exempt (art. 293 B: franchise) */
	time_t service_start, service_end; /* dates of the service (0 when none) */
	int64_t net_cents;         /* filled by doc_totals: BT-131, round(quantity × unit price)
				    * − its allowances + its charges */
	int64_t allowance_cents, charge_cents; /* filled by doc_totals: its own (BG-27/BG-28) */
};

/* An allowance (BG-20, BG-27) or a charge (BG-21, BG-28), of the document or of one line. */
struct doc_allowance {
	bool charge;               /* false: allowance (remise), true: charge (frais) */
	int line;                  /* index of its line in lines_in, -1 at document level */
	int64_t amount_cents;      /* > 0 */
	int64_t base_cents;        /* 0 when none; else amount = round(base × percent_bp) */
	int percent_bp;            /* 0..10000, read only with a base */
	const char *reason;        /* BT-97/104/139/144 */
	const char *reason_code;   /* UNTDID 5189 (allowance) or 7161 (charge), or NULL */
	int vat_rate_bp;           /* document level: its VAT rate (BT-96/103)… */
	char vat_category;         /* …and category, 'S' or 'E' */
};

struct doc_vat {                   /* one row of the VAT breakdown, filled by doc_totals */
	char category;
	int rate_bp;
	int64_t basis_cents, vat_cents;
};

enum { DOC_MAX_VAT = 8 };

struct doc {
	enum doc_type type;
	const char *number;          /* "F2026-00042", "A2026-00003" */
	const char *corrects_number; /* credit note: the invoice it corrects */
	time_t corrects_date;
	time_t issue_date, due_date;
	time_t service_start, service_end; /* delivery period (BT-73/74) */
	struct doc_party seller, buyer;
	const struct doc_line *lines_in; /* as given */
	struct doc_line *lines;          /* with net_cents (doc_totals allocates; doc_free frees) */
	size_t n_lines;
	const struct doc_allowance *acs; /* allowances and charges, line and document level */
	size_t n_acs;
	const char *business_process; /* BT-23, cadre de facturation: "S1" (services) */
	const char *vat_exemption;   /* "TVA non applicable, art. 293 B du CGI" or NULL */
	const char *vat_exemption_code; /* its VATEX code (BT-121) */
	bool vat_on_debits;          /* option pour le paiement de la TVA d'après les débits (BT-8) */
	const char *payment_terms;   /* "Paiement à 30 jours, par virement…" */
	const char *penalty_note;    /* late-payment penalties (PMD), worded for the buyer */
	const char *indemnity_note;  /* the 40 € recovery indemnity (PMT), worded for the buyer */
	const char *discount_note;   /* "Pas d'escompte pour paiement anticipé." */
	const char *iban, *bic;      /* the seller's account for transfers */
	const char *buyer_reference; /* optional */
	/* A customer on a SEPA mandate (mandate_ref set): paid by direct debit, pre-notified. */
	const char *mandate_ref;     /* RUM (BT-89) */
	const char *creditor_id;     /* ICS (BT-90) */
	const char *debtor_iban;     /* the debited account (BT-91) */
	time_t debit_date;           /* when the amount due will be debited */
	int64_t paid_cents;          /* already paid (BT-113) */
	/* Filled by doc_totals (EN 16931 BR-CO-10..16): BT-106 the sum of line nets, BT-107 and
	 * BT-108 the document-level allowances and charges, net_cents BT-109 = 106 − 107 + 108,
	 * then VAT (BT-110), gross (BT-112), due (BT-115). */
	int64_t line_total_cents, allowance_cents, charge_cents;
	int64_t net_cents, vat_cents, gross_cents, due_cents;
	struct doc_vat vat[DOC_MAX_VAT];
	size_t n_vat;
	const char *hash_hex;        /* inalterability hash, printed on the PDF */
};

/* Computes line nets (with their allowances and charges), the VAT breakdown (with the
 * document-level ones) and the totals. Returns 0, or -1 when the document is not coherent (no
 * line, a quantity or price out of range, too many VAT rates, an allowance without reason, out
 * of range, whose percentage does not give its amount, or larger than what it reduces). */
int doc_totals(struct doc *d);
void doc_free(struct doc *d);
/* True when the seller is under the VAT franchise (art. 293 B): its exemption has no code or
 * the franchise's. */
bool doc_franchise(const struct doc *d);
/* The French symbol of a unit of quantity (UN/ECE rec. 20): "h", "j", "mois", "an"; "" for a
 * plain unit (C62) or an unknown code. */
const char *doc_unit_symbol(const char *unit_code);

/* Writers: append the output to out. Return 0 or -1. */
int doc_pdf(const struct doc *d, struct buf *out);   /* cairo + pango, fonts embedded */
int doc_cii(const struct doc *d, struct buf *out);   /* EN 16931 CII XML, Factur-X profile (libxml2) */
/* The Factur-X EN 16931 invoice: doc_pdf's pages as a PDF/A-3b (qpdf) with doc_cii's XML
 * embedded as factur-x.xml (AFRelationship Alternative), the XMP metadata of PDF/A and
 * Factur-X, and an sRGB output intent. The PDF an issued document is served and mailed as. */
int doc_facturx(const struct doc *d, struct buf *out);
/* The sRGB ICC profile doc_facturx embeds (icc-profiles-free; configure --with-srgb-icc). */
const char *doc_facturx_icc(void);

/* One line of the FEC (Fichier des écritures comptables, art. A47 A-1 LPF): the 18 columns. */
struct fec_row {
	const char *journal_code, *journal_label, *entry_number;
	time_t entry_date;
	const char *account, *account_label, *aux_account, *aux_label;
	const char *piece_ref;
	time_t piece_date;
	const char *label;
	int64_t debit_cents, credit_cents;
	const char *lettering;       /* NULL when none */
	time_t lettering_date;       /* 0 when none */
	time_t valid_date;
};
/* Writes the FEC: header line and rows, tab-separated, AAAAMMJJ dates, decimal comma, CRLF
 * or LF as the norm allows. Returns 0, or -1 when an entry is not balanced. */
int fec_write(const struct fec_row *rows, size_t n, struct buf *out);
/* The FEC's file name: SIREN + "FEC" + AAAAMMJJ (closing date of the period). */
const char *fec_filename(char out[32], const char *siren, time_t period_end);

struct sepa_tx {
	const char *end_to_end_id;   /* e.g. the invoice number */
	int64_t amount_cents;
	const char *mandate_id;      /* RUM */
	time_t mandate_date;
	const char *debtor_name, *debtor_iban, *debtor_bic; /* bic may be NULL */
	const char *remittance;      /* "Facture F2026-00042" */
};
struct sepa_batch {
	const char *message_id, *payment_info_id;
	time_t created, collection_date;
	const char *creditor_name, *creditor_iban, *creditor_bic;
	const char *creditor_id;     /* ICS, "FR72ZZZ123456" (ics_valid) */
	const char *sequence_type;   /* "FRST", "RCUR", "OOFF", "FNAL" */
	const struct sepa_tx *tx;
	size_t n_tx;
};
/* Writes a pain.008.001.08 document (libxml2). Returns 0 or -1 (bad IBAN, empty batch). */
int sepa_pain008(const struct sepa_batch *b, struct buf *out);
/* True when the IBAN's ISO 7064 mod 97 check holds (spaces ignored). */
bool iban_valid(const char *iban);
/* True when the SEPA creditor identifier (ICS, "FR72ZZZ123456") has its shape (country, 2 check
 * digits, 3-character business code, national identifier; upper case, no space) and its check
 * digits hold: ISO 7064 mod 97-10 on national identifier || country || check digits. */
bool ics_valid(const char *ics);
#endif
