/* labels.h: the French wording of the internal codes and stored values that pages show (the
 * audit log, the member's data page): statuses, methods, kinds, slots, booleans, amounts. */
#ifndef FT_LABELS_H
#define FT_LABELS_H
#include "arena.h"

/* The French word for an internal code stored in the database ("confirmed", "virement",
 * "credit_note", "am"…), or NULL when code is not one. */
const char *label_code(const char *code);
/* raw, a stored value (text of a JSON value or of a column), as a person reads it: amounts
 * (money true: integer cents) "1 234,50 €", ISO dates and timestamps "2 décembre 2026 à
 * 10 h 15", booleans "oui"/"non", codes in French, "—" for nothing; anything else as it is,
 * cut at 300 characters. Allocated in a. */
const char *label_value(struct arena *a, const char *raw, int money);
#endif
