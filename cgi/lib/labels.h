/* labels.h: the French names people read for the database's internal codes and stored values:
 * one place, so that no page shows a code. Two tables: labels by domain (table names, resource
 * kinds, invoice kinds, funder kinds), and the words of codes and stored values the audit log
 * and the member's data page show (statuses, methods, kinds, slots, booleans, amounts). */
#ifndef FT_LABELS_H
#define FT_LABELS_H
#include "arena.h"

enum label_domain { LABEL_TABLE, LABEL_RESOURCE_KIND, LABEL_INVOICE_KIND, LABEL_FUNDER_KIND, LABEL__MAX };

/* The French label of code in domain; fallback (never the code itself) when the table has none. */
const char *code_label(enum label_domain domain, const char *code, const char *fallback);

/* The French word for an internal code stored in the database ("confirmed", "virement",
 * "credit_note", "am"…), or NULL when code is not one. */
const char *label_code(const char *code);
/* raw, a stored value (text of a JSON value or of a column), as a person reads it: amounts
 * (money true: integer cents) "1 234,50 €", ISO dates and timestamps "2 décembre 2026 à
 * 10 h 15", booleans "oui"/"non", codes in French, "—" for nothing; anything else as it is,
 * cut at 300 characters. Allocated in a. */
const char *label_value(struct arena *a, const char *raw, int money);
#endif
