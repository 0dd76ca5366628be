/* labels.h: the French names people read for the database's internal codes (table names,
 * resource kinds, invoice kinds…): one table, so that no page shows a code. */
#ifndef FT_LABELS_H
#define FT_LABELS_H

enum label_domain { LABEL_TABLE, LABEL_RESOURCE_KIND, LABEL_INVOICE_KIND, LABEL_FUNDER_KIND, LABEL__MAX };

/* The French label of code in domain; fallback (never the code itself) when the table has none. */
const char *code_label(enum label_domain domain, const char *code, const char *fallback);
#endif
