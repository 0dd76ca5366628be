/* when.c: days, ISO weeks, slots and the booking program's small shared helpers. */
#include "booking.h"
#include "fmt.h"
#include "session.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Howard Hinnant's days_from_civil: proleptic Gregorian calendar. */
long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
static int iso_weekday(long day)
{
	long w = (day + 3) % 7;
	return (int)(w < 0 ? w + 7 : w) + 1;
}

const char *day_iso(struct arena *a, long day)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	return arena_printf(a, "%04d-%02d-%02d", y, m, d);
}

bool day_parse(const char *s, long *day)
{
	int y, m, d;
	if (!s || valid_date(s, &y, &m, &d) != NULL)
		return false;
	*day = days_from_civil(y, m, d);
	return true;
}

/* Monday of ISO week 1 of year y. */
static long week1_monday(int y)
{
	long jan4 = days_from_civil(y, 1, 4);
	return jan4 - (iso_weekday(jan4) - 1);
}

bool week_parse(const char *s, long *monday)
{
	if (!s || strlen(s) != 8 || s[4] != '-' || s[5] != 'W')
		return false;
	for (int i = 0; i < 8; i++)
		if (i != 4 && i != 5 && !isdigit((unsigned char)s[i]))
			return false;
	int y = atoi(s), w = atoi(s + 6);
	if (y < 2000 || y > 2100 || w < 1)
		return false;
	long mon = week1_monday(y) + 7L * (w - 1);
	if (mon >= week1_monday(y + 1))
		return false; /* week 53 of a year that has 52 */
	*monday = mon;
	return true;
}

const char *week_name(struct arena *a, long day)
{
	long thursday = day - (iso_weekday(day) - 1) + 3;
	int y, m, d;
	civil_from_days(thursday, &y, &m, &d);
	return arena_printf(a, "%04d-W%02ld", y, (thursday - week1_monday(y)) / 7 + 1);
}

long today(void)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm); /* TZ is Europe/Paris (fmt_init_timezone) */
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

const char *day_long(char out[64], long day)
{
	/* Noon UTC of the day is the same date in Paris. */
	return fmt_date_long(out, (time_t)(day * 86400 + 12 * 3600));
}

const char *name_in_sentence(struct arena *a, const char *name)
{
	static const char *const articles[] = {"La ", "Le ", "Les ", "L’", "L'", NULL};
	for (int i = 0; articles[i]; i++)
		if (strncmp(name, articles[i], strlen(articles[i])) == 0)
			return arena_printf(a, "l%s", name + 1);
	return name;
}

const char *slot_label(const char *slot)
{
	if (!slot)
		return "";
	if (strcmp(slot, "am") == 0)
		return "Matin";
	if (strcmp(slot, "pm") == 0)
		return "Après-midi";
	if (strcmp(slot, "day") == 0)
		return "Journée";
	if (strcmp(slot, "hours") == 0)
		return "Horaires";
	return "";
}

bool hhmm_parse(const char *s, int *minutes)
{
	if (!s)
		return false;
	size_t n = strlen(s);
	if (n != 5 || !isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) ||
	    (s[2] != ':' && s[2] != 'h') || !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]))
		return false;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || m > 59)
		return false;
	*minutes = h * 60 + m;
	return true;
}

const struct booking_space *booking_space(struct request *req, const char **state)
{
	PGresult *r = req_exec(req, SQL_SPACE, NULL, state);
	if (!r)
		return NULL;
	struct booking_space *sp = arena_alloc(&req->arena, sizeof *sp);
	if (PQntuples(r) != 1) {
		sp->name = "l’espace";
		sp->city = sp->email = "";
		return sp;
	}
	sp->name = PQgetvalue(r, 0, 0);
	sp->city = PQgetvalue(r, 0, 1);
	sp->email = PQgetvalue(r, 0, 2);
	return sp;
}

const char *price_kind_label(const char *kind)
{
	if (kind && strcmp(kind, "network") == 0)
		return "tarif réseau";
	if (kind && strcmp(kind, "member") == 0)
		return "tarif membre";
	return "tarif non-membre";
}

const char *booking_error(struct request *req, const char *state, enum booking_field_hint *field, int *status)
{
	static const struct {
		const char *state;
		enum booking_field_hint field;
		int status;
		const char *text;
	} map[] = {
		{"FTB01", HINT_DAY, 422, "Cette date est passée : choisissez un jour à venir."},
		{"FTB02", HINT_END, 422, "L’heure de fin doit être après l’heure de début."},
		{"FTB03", HINT_SLOT, 422, "Ce créneau est en dehors des heures d’ouverture de %s."},
		{"FTB04", HINT_DAY, 422, "%s est fermée ce jour-là (fermeture exceptionnelle ou congés)."},
		{"FTB05", HINT_DAY, 422, "Ce jour est férié : %s est fermée."},
		{"FTB06", HINT_END, 422, "Durée trop longue : une réservation tient dans une seule journée."},
		{"FTB07", HINT_ATTENDEES, 422, "Il y a plus de participants que de places dans la salle."},
		{"FTB08", HINT_FORM, 409, "Le tarif a changé entre-temps : vérifiez le nouveau prix et validez à nouveau."},
		{"FTB09", HINT_FORM, 409, "Le délai d’annulation ou de modification gratuite est dépassé : contactez-nous."},
		{"FTB11", HINT_DAY, 422, "Cette date est trop lointaine : les réservations ne sont pas encore ouvertes pour ce jour."},
		{"FTB12", HINT_FORM, 429, "Trop de réservations attendent déjà leur confirmation depuis votre connexion : confirmez-les ou attendez qu’elles expirent."},
		{"FTB13", HINT_FORM, 429, "Cette adresse e-mail a déjà le nombre maximal de réservations à venir : écrivez-nous pour en ajouter."},
		{"FT409", HINT_SLOT, 409, "Ce créneau est déjà pris : il n’y a plus de place. Choisissez un autre créneau."},
		{"23P01", HINT_SLOT, 409, "Ce créneau est déjà pris : la salle vient d’être réservée. Choisissez un autre créneau."},
		{"23505", HINT_SLOT, 409, "Vous avez déjà réservé ce créneau."},
		{"23514", HINT_FORM, 422, "Une valeur n’est pas acceptée : vérifiez le formulaire."},
	};
	for (size_t i = 0; state && i < sizeof map / sizeof map[0]; i++)
		if (strcmp(state, map[i].state) == 0) {
			*field = map[i].field;
			*status = map[i].status;
			const char *at = strstr(map[i].text, "%s");
			if (!at)
				return map[i].text;
			/* The space's name, "La Fontaine" in a single-space install. */
			const char *ignored;
			const struct booking_space *sp = booking_space(req, &ignored);
			const char *name = sp ? sp->name : "l’espace";
			return arena_printf(&req->arena, "%.*s%s%s", (int)(at - map[i].text), map[i].text, name, at + 2);
		}
	return NULL;
}

int maybe_session(struct request *req)
{
	if (!req->user && kv_get(&req->cookies, "session"))
		return session_load(req);
	return 0;
}

struct tpl_dict *staff_start(struct request *req, const char *content_tpl, const char *title)
{
	struct tpl_dict *d = page_start(req, content_tpl, title, title);
	tpl_show(req->dict, "NOINDEX");
	tpl_set(d, "CSRF", csrf_token(req));
	return d;
}
