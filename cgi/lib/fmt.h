/* fmt.h: French (fr-FR, Europe/Paris) formatting of money, dates and times. */
#ifndef FT_FMT_H
#define FT_FMT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Narrow no-break space (thousands) and no-break space (before units), as CLDR fr-FR. */
#define FMT_NNBSP "\xe2\x80\xaf"
#define FMT_NBSP "\xc2\xa0"

enum { FMT_MAX = 64 };

/* Sets TZ to Europe/Paris for the process; call once at start-up. */
void fmt_init_timezone(void);
/* "1 234,50 €" from integer cents (negative amounts get a leading minus sign). */
const char *fmt_money(char out[FMT_MAX], int64_t cents);
/* "mardi 3 mars 2026" ("1er" for the first day of a month). */
const char *fmt_date_long(char out[FMT_MAX], time_t t);
/* "3 mars 2026". */
const char *fmt_date(char out[FMT_MAX], time_t t);
/* "14 h 30", "9 h". */
const char *fmt_time(char out[FMT_MAX], time_t t);
/* "mars 2026". */
const char *fmt_month(char out[FMT_MAX], time_t t);
/* "2026-03-03" in Paris time (for <time datetime> and inputs). */
const char *fmt_iso_date(char out[FMT_MAX], time_t t);
/* "1 facture", "0 facture", "3 factures", "1 234 jours": the count (grouped, no-break space
 * before the noun) with the noun agreed in French (0 and 1 are singular). */
const char *fmt_plural(char out[FMT_MAX], long long n, const char *one, const char *many);
/* "1er mars 2026" from an ISO day "2026-03-01" (a longer ISO timestamp: its day); anything
 * else is copied as it is. */
const char *fmt_iso_day(char out[FMT_MAX], const char *iso);
/* "80" from "80.0", "12,5" from "12.50": a decimal number as PostgreSQL prints it, in French. */
const char *fmt_decimal(char out[FMT_MAX], const char *num);
/* RFC 7231 / RFC 822 date in GMT: "Tue, 03 Mar 2026 10:00:00 GMT". */
const char *fmt_http_date(char out[FMT_MAX], time_t t);
/* "2 décembre 2026 à 10 h 15" from an ISO 8601 timestamp as PostgreSQL writes it (JSON or
 * text, with its offset), "2 décembre 2026" from an ISO date; NULL when s is neither. */
const char *fmt_iso_text(char out[FMT_MAX], const char *s);
/* French weekday and month names, 0 = Monday / 0 = January. */
extern const char *const fmt_weekday_names[7];
extern const char *const fmt_month_names[12];
#endif
