/* room.c: booking the conference room (anyone, members or not): the form with its price,
 * the booking (instant or request, per room) or a numbered quote, the confirmation mail with
 * its .ics, the secret manage link (cancel or change within the terms) and the printable quote. */
#include "booking.h"
#include "escape.h"
#include "fmt.h"
#include "ical.h"
#include "mail.h"
#include "session.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

enum room_field {
	RF_DAY, RF_SLOT, RF_START, RF_END, RF_ATTENDEES,
	RF_COMPANY, RF_SIREN, RF_STREET, RF_POSTCODE, RF_CITY, RF_CONTACT, RF_EMAIL, RF_PHONE, RF_PURPOSE,
	RF_FOR, RF__MAX
};
static const char *const slot_choices[] = {"am", "pm", "day", "hours", NULL};
/* Who the booking is for: a company (its name, SIREN and billing address, invoiced to it) or,
 * for a logged-in member, the member as a person (a salaried teleworker, a freelancer without
 * SIREN: no company fields, invoiced to the member). */
static const char *const for_choices[] = {"entreprise", "personne", NULL};
enum { FOR_COMPANY, FOR_PERSON };
static const struct field_def room_fields[RF__MAX] = {
	[RF_DAY] = {"jour", FIELD_DATE, true, 0, 0, NULL},
	[RF_SLOT] = {"creneau", FIELD_CHOICE, true, 0, 0, slot_choices},
	[RF_START] = {"debut", FIELD_LINE, false, 0, 5, NULL},
	[RF_END] = {"fin", FIELD_LINE, false, 0, 5, NULL},
	[RF_ATTENDEES] = {"participants", FIELD_INT, true, 1, 500, NULL},
	[RF_COMPANY] = {"entreprise", FIELD_LINE, true, 1, 200, NULL},
	[RF_SIREN] = {"siren", FIELD_SIREN, true, 0, 0, NULL},
	[RF_STREET] = {"adresse", FIELD_LINE, true, 1, 200, NULL},
	[RF_POSTCODE] = {"code_postal", FIELD_POSTCODE, true, 0, 0, NULL},
	[RF_CITY] = {"ville", FIELD_LINE, true, 1, 100, NULL},
	[RF_CONTACT] = {"contact", FIELD_LINE, true, 1, 120, NULL},
	[RF_EMAIL] = {"email", FIELD_EMAIL, true, 0, 254, NULL},
	[RF_PHONE] = {"telephone", FIELD_PHONE, true, 0, 30, NULL},
	[RF_PURPOSE] = {"objet", FIELD_TEXT, false, 0, 500, NULL},
	[RF_FOR] = {"pour", FIELD_CHOICE, false, 0, 0, for_choices},
};
static const struct field_ui room_ui[RF__MAX] = {
	[RF_COMPANY] = {"Entreprise ou organisme", "text", "organization", NULL},
	[RF_SIREN] = {"SIREN", "text", NULL, "Les 9 chiffres du numéro SIREN, pour la facture."},
	[RF_STREET] = {"Adresse de facturation", "text", "address-line1", NULL},
	[RF_POSTCODE] = {"Code postal", "text", "postal-code", NULL},
	[RF_CITY] = {"Ville", "text", "address-level2", NULL},
	[RF_CONTACT] = {"Personne à contacter", "text", "name", NULL},
	[RF_EMAIL] = {"Adresse e-mail", "email", "email",
		      "Nous y envoyons la confirmation, l’invitation pour votre agenda et le lien pour gérer la réservation."},
	[RF_PHONE] = {"Téléphone", "tel", "tel", NULL},
	[RF_PURPOSE] = {"Objet de la réunion", "textarea", NULL, "Facultatif : réunion, entretiens, formation, lancement…"},
};
/* Variables of the fields written in booking_room.tpl itself (not with field.tpl). */
static const struct form_vars room_vars[RF__MAX] = {
	[RF_DAY] = {"DAY_VALUE", "DAY_ERROR", "DAY_INVALID"},
	[RF_SLOT] = {NULL, "SLOT_ERROR", "SLOT_INVALID"},
	[RF_START] = {"START_VALUE", "START_ERROR", "START_INVALID"},
	[RF_END] = {"END_VALUE", "END_ERROR", "END_INVALID"},
	[RF_ATTENDEES] = {"ATTENDEES_VALUE", "ATTENDEES_ERROR", "ATTENDEES_INVALID"},
};
enum { MAX_OPTIONS = 16 };

/* What the form asked, read and checked. */
struct room_form {
	struct field_value v[RF__MAX];
	size_t errors;
	const char *options[MAX_OPTIONS];
	size_t n_options;
	int start_min, end_min;
	const char *notice;
	bool as_person; /* a logged-in member booking as a person (no company fields) */
};

/* Loads the room of ?salle= (or the first meeting room). Returns 0 with *out, or 404. */
static int load_room(struct request *req, const char *slug, PGresult **out)
{
	const char *state;
	if (!slug || !*slug) {
		PGresult *r = req_exec(req, SQL_ROOM, NULL, &state);
		if (!r)
			return req_db_error(state);
		if (PQntuples(r) != 1)
			return 404;
		slug = PQgetvalue(r, 0, 0);
	}
	const char *params[1] = {slug};
	PGresult *r = req_exec(req, SQL_RESOURCE, params, &state);
	if (!r)
		return req_db_error(state);
	if (PQntuples(r) != 1 || strcmp(PQgetvalue(r, 0, 3), "meeting_room") != 0)
		return 404;
	*out = r;
	return 0;
}

static bool option_chosen(const struct room_form *f, const char *code)
{
	for (size_t i = 0; f && i < f->n_options; i++)
		if (strcmp(f->options[i], code) == 0)
			return true;
	return false;
}

/* The options as a PostgreSQL array literal (codes are checked to be [a-z0-9_]+). */
static const char *options_array(struct request *req, const struct room_form *f)
{
	struct buf b = {0};
	buf_putc(&b, '{');
	for (size_t i = 0; i < f->n_options; i++)
		buf_printf(&b, "%s%s", i ? "," : "", f->options[i]);
	buf_putc(&b, '}');
	const char *s = arena_strdup(&req->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void read_form(struct request *req, struct room_form *f)
{
	memset(f, 0, sizeof *f);
	f->errors = form_read(&req->arena, &req->form, room_fields, RF__MAX, f->v);
	for (size_t i = 0; i < req->form.n && f->n_options < MAX_OPTIONS; i++) {
		const struct kv *kv = &req->form.items[i];
		if (strcmp(kv->key, "option") == 0 && *kv->value && strlen(kv->value) <= 40 &&
		    strspn(kv->value, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(kv->value) &&
		    !option_chosen(f, kv->value))
			f->options[f->n_options++] = kv->value;
	}
	struct field_value *who = &f->v[RF_FOR];
	f->as_person = req->user && who->valid && who->present && who->num == FOR_PERSON;
	if (f->as_person)
		for (int i = RF_COMPANY; i <= RF_CITY; i++) {
			/* Not asked of a person: whatever was typed there is left out. */
			if (!f->v[i].valid)
				f->errors--;
			f->v[i] = (struct field_value){.valid = true, .str = ""};
		}
	struct field_value *slot = &f->v[RF_SLOT];
	if (slot->valid && slot->present && strcmp(slot_choices[slot->num], "hours") == 0) {
		struct field_value *s = &f->v[RF_START], *e = &f->v[RF_END];
		if (!s->present || !hhmm_parse(s->str, &f->start_min)) {
			if (s->valid)
				f->errors++;
			s->valid = false;
			s->error = s->present ? "Indiquez l’heure au format 14:30." : "Indiquez l’heure de début.";
		}
		if (!e->present || !hhmm_parse(e->str, &f->end_min)) {
			if (e->valid)
				f->errors++;
			e->valid = false;
			e->error = e->present ? "Indiquez l’heure au format 14:30." : "Indiquez l’heure de fin.";
		}
	}
}

/* Marks field i invalid with text (counted once). */
static void field_fail(struct room_form *f, int i, const char *text)
{
	if (f->v[i].valid)
		f->errors++;
	f->v[i].valid = false;
	f->v[i].error = text;
}

static const char *slot_of(const struct room_form *f)
{
	return f->v[RF_SLOT].valid && f->v[RF_SLOT].present ? slot_choices[f->v[RF_SLOT].num] : NULL;
}

/* The price of what the form asks (NULL when the slot is not complete yet). */
static PGresult *form_price(struct request *req, PGresult *room, const struct room_form *f,
			    const char **sqlstate)
{
	const char *slot = slot_of(f);
	*sqlstate = NULL;
	if (!slot || !f->v[RF_DAY].valid || !f->v[RF_DAY].present || !f->v[RF_ATTENDEES].valid ||
	    !f->v[RF_START].valid || !f->v[RF_END].valid)
		return NULL;
	bool hours = strcmp(slot, "hours") == 0;
	const char *params[9] = {
		PQgetvalue(room, 0, 0), f->v[RF_DAY].str, slot,
		arena_printf(&req->arena, "%d", hours ? f->end_min - f->start_min : 0),
		req->user ? arena_printf(&req->arena, "%lld", (long long)req->user->person_id) : NULL,
		options_array(req, f),
		arena_printf(&req->arena, "%lld", (long long)(f->v[RF_ATTENDEES].present ? f->v[RF_ATTENDEES].num : 1)),
		hours ? f->v[RF_START].str : NULL, hours ? f->v[RF_END].str : NULL,
	};
	return req_exec(req, SQL_ROOM_PRICE, params, sqlstate);
}

static int render_room(struct request *req, int status, PGresult *room, struct room_form *f,
		       PGresult *price)
{
	const char *state;
	PGresult *opts = req_exec(req, SQL_OPTIONS, NULL, &state);
	if (!opts)
		return req_db_error(state);
	PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
	if (!settings)
		return req_db_error(state);
	const char *name = PQgetvalue(room, 0, 2);
	struct tpl_dict *d = page_start(req, "booking_room.tpl", arena_printf(&req->arena, "Réserver %s",
		name_in_sentence(&req->arena, name)),
		arena_printf(&req->arena, "Réservez la salle de conférence de %s%s%s : prix immédiat, confirmation "
			     "et devis en ligne.", space_name(req), *space_city(req) ? " à " : "", space_city(req)));
	tpl_set(d, "CSRF", csrf_token(req));
	tpl_set(d, "ROOM_SLUG", PQgetvalue(room, 0, 1));
	tpl_set(d, "ROOM_NAME", name);
	tpl_set(d, "CAPACITY", PQgetvalue(room, 0, 4));
	tpl_set(d, "EQUIPMENT", PQgetvalue(room, 0, 6));
	tpl_set(d, "FREE_HOURS", PQgetvalue(settings, 0, SET_FREE_CANCEL_HOURS));
	tpl_set(d, "HORIZON_MONTHS", PQgetvalue(settings, 0, SET_HORIZON_MONTHS));
	tpl_set(d, "DAY_MIN", PQgetvalue(settings, 0, SET_FIRST_DAY));
	tpl_set(d, "DAY_MAX", PQgetvalue(settings, 0, SET_LAST_DAY));
	/* Only a logged-in member booking under the account's address skips the mail. */
	struct tpl_dict *hold = tpl_section(d, req->user ? "MEMBER_INFO" : "HOLD_INFO");
	tpl_set(hold, "HOLD_MINUTES", PQgetvalue(settings, 0, SET_HOLD_MINUTES));
	if (req->user)
		tpl_set(hold, "MEMBER_EMAIL", req->user->email ? req->user->email : "");
	if (strcmp(PQgetvalue(room, 0, 5), "request") == 0)
		tpl_show(d, "REQUEST_MODE");
	char money[FMT_MAX];
	struct field_value pre[RF__MAX];
	if (!f) {
		/* A first visit: the calendar's link may name the day and the slot. */
		memset(pre, 0, sizeof pre);
		for (int i = 0; i < RF__MAX; i++)
			pre[i] = (struct field_value){.valid = true, .str = ""};
		const char *day = kv_get(&req->query, "jour"), *slot = kv_get(&req->query, "creneau");
		long dn;
		if (day && day_parse(day, &dn))
			pre[RF_DAY].str = day;
		for (int i = 0; slot && slot_choices[i]; i++)
			if (strcmp(slot, slot_choices[i]) == 0) {
				pre[RF_SLOT].present = true;
				pre[RF_SLOT].num = i;
			}
		pre[RF_ATTENDEES].str = "1";
		if (req->user) {
			pre[RF_CONTACT].str = arena_printf(&req->arena, "%s %s", req->user->first_name,
							   req->user->last_name);
			pre[RF_EMAIL].str = req->user->email;
		}
	}
	const struct field_value *v = f ? f->v : pre;
	page_form(d, room_fields, room_vars, v, RF_COMPANY, f ? f->errors : 0);
	for (int i = 0; slot_choices[i]; i++) {
		struct tpl_dict *c = tpl_section(d, "SLOT_CHOICE");
		tpl_set(c, "SLOT_VALUE", slot_choices[i]);
		tpl_set(c, "SLOT_ID", arena_printf(&req->arena, "f-creneau-%s", slot_choices[i]));
		static const char *const labels[] = {"Matin (8 h 30 – 12 h 30)", "Après-midi (13 h 30 – 18 h 30)",
						     "Journée (8 h 30 – 18 h 30)", "Horaires précis (dans la journée)"};
		tpl_set(c, "SLOT_TEXT", labels[i]);
		if (v[RF_SLOT].present && v[RF_SLOT].valid && v[RF_SLOT].num == i)
			tpl_show(c, "SLOT_CHECKED");
	}
	for (int i = 0; i < PQntuples(opts); i++) {
		struct tpl_dict *o = tpl_section(d, "OPTION");
		tpl_set(o, "OPT_CODE", PQgetvalue(opts, i, 0));
		tpl_set(o, "OPT_LABEL", PQgetvalue(opts, i, 1));
		tpl_set(o, "OPT_PRICE", arena_printf(&req->arena, "%s%s",
			fmt_money(money, strtoll(PQgetvalue(opts, i, 2), NULL, 10)),
			strcmp(PQgetvalue(opts, i, 3), "t") == 0 ? " par participant" : ""));
		if (option_chosen(f, PQgetvalue(opts, i, 0)))
			tpl_show(o, "OPT_CHECKED");
	}
	if (req->user) {
		/* A member chooses; a member's first visit books as a person. */
		struct tpl_dict *c = tpl_section(d, "FOR_CHOICE");
		bool person = f ? f->as_person : true;
		tpl_show(c, person ? "FOR_PERSON" : "FOR_COMPANY");
		tpl_show(d, "COMPANY_HINT");
	}
	page_fields(req, d, "COMPANY_FIELDS", room_fields, room_ui, v, RF_COMPANY, RF_CITY + 1);
	page_fields(req, d, "FIELDS", room_fields, room_ui, v, RF_CONTACT, RF_FOR);
	if (price && PQntuples(price) == 1) {
		struct tpl_dict *p = tpl_section(d, "PRICE");
		tpl_set(p, "TOTAL", fmt_money(money, strtoll(PQgetvalue(price, 0, 0), NULL, 10)));
		const char *kind = PQgetvalue(price, 0, 6);
		tpl_set(p, "PRICE_BASIS", arena_printf(&req->arena, "Tarif %s, %s%s.",
			strcmp(kind, "member") == 0 ? "membre de l’association"
			: strcmp(kind, "network") == 0 ? "réseau (membre d’une autre association du réseau)" : "non-membre",
			strcmp(PQgetvalue(price, 0, 7), "t") == 0 ? "journée" : "demi-journée",
			f && f->n_options ? ", options comprises" : ""));
		tpl_set(p, "PRICE_CENTS", PQgetvalue(price, 0, 0));
	}
	if (f && f->notice) {
		tpl_set(d, "NOTICE", f->notice);
		tpl_show(d, "HAS_NOTICE");
	}
	return page_finish(req, status);
}

/* "14:30" (Paris time) from epoch seconds, for the form's time fields. */
static const char *clock_value(struct request *req, const char *epoch)
{
	time_t t = (time_t)strtoll(epoch, NULL, 10);
	struct tm tm;
	localtime_r(&t, &tm);
	return arena_printf(&req->arena, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

/* "Réserver ce créneau" on a quote (?jeton= the quote's link): the form filled with what the
 * quote says (day, slot, hours, attendees, options, the client's details). Returns 0 and fills
 * f, or 404 when the link names no quote. */
static int form_from_quote(struct request *req, const char *token, struct room_form *f)
{
	PGresult *q;
	int rc = booking_load_link(req, SQL_BY_TOKEN, token, &q);
	if (rc)
		return rc;
	if (strcmp(PQgetvalue(q, 0, BK_STATUS), "quote") != 0)
		return 404;
	memset(f, 0, sizeof *f);
	static const int cols[RF__MAX] = {
		[RF_DAY] = BK_DAY, [RF_ATTENDEES] = BK_ATTENDEES, [RF_COMPANY] = BK_COMPANY,
		[RF_SIREN] = BK_SIREN, [RF_STREET] = BK_STREET, [RF_POSTCODE] = BK_POSTCODE,
		[RF_CITY] = BK_CITY, [RF_CONTACT] = BK_CONTACT, [RF_EMAIL] = BK_EMAIL,
		[RF_PHONE] = BK_PHONE, [RF_PURPOSE] = BK_PURPOSE,
	};
	for (int i = 0; i < RF__MAX; i++) {
		const char *s = i == RF_SLOT || i == RF_START || i == RF_END ? "" : PQgetvalue(q, 0, cols[i]);
		f->v[i] = (struct field_value){.present = *s != '\0', .valid = true, .str = s};
	}
	f->v[RF_ATTENDEES].num = strtoll(f->v[RF_ATTENDEES].str, NULL, 10);
	const char *slot = PQgetvalue(q, 0, BK_SLOT);
	for (int i = 0; slot_choices[i]; i++)
		if (strcmp(slot, slot_choices[i]) == 0)
			f->v[RF_SLOT] = (struct field_value){.present = true, .valid = true, .str = slot, .num = i};
	if (strcmp(slot, "hours") == 0) {
		f->v[RF_START].str = clock_value(req, PQgetvalue(q, 0, BK_START));
		f->v[RF_END].str = clock_value(req, PQgetvalue(q, 0, BK_END));
		f->v[RF_START].present = f->v[RF_END].present = true;
	}
	/* The quote keeps its options' labels: the codes are those of the options offered today. */
	const char *state;
	PGresult *lines = req_exec(req, SQL_OPTION_LINES, (const char *const[]){PQgetvalue(q, 0, BK_ID)}, &state);
	PGresult *opts = lines ? req_exec(req, SQL_OPTIONS, NULL, &state) : NULL;
	if (!opts)
		return req_db_error(state);
	for (int i = 0; i < PQntuples(lines); i++)
		for (int k = 0; k < PQntuples(opts) && f->n_options < MAX_OPTIONS; k++)
			if (strcmp(PQgetvalue(lines, i, 0), PQgetvalue(opts, k, 1)) == 0)
				f->options[f->n_options++] = PQgetvalue(opts, k, 0);
	f->notice = arena_printf(&req->arena, "Le formulaire reprend votre devis n° %s : vérifiez-le, "
				 "puis réservez.", PQgetvalue(q, 0, BK_QUOTE));
	return 0;
}

int page_room(struct request *req)
{
	int rc = maybe_session(req);
	if (rc)
		return rc;
	PGresult *room;
	if ((rc = load_room(req, kv_get(&req->query, "salle"), &room)))
		return rc;
	const char *token = link_token(&req->query);
	if (token) {
		struct room_form *f = arena_alloc(&req->arena, sizeof *f);
		if ((rc = form_from_quote(req, token, f)) == 0)
			return render_room(req, 200, room, f, NULL);
		if (rc != 404)
			return rc;
	}
	return render_room(req, 200, room, NULL, NULL);
}

/* Formats "jeudi 5 mars 2026, matin (8 h 30 – 12 h 30)". */
static const char *when_text(struct request *req, time_t start, time_t end, const char *slot)
{
	char d[FMT_MAX], a[FMT_MAX], b[FMT_MAX];
	const char *label = slot_label(slot);
	return arena_printf(&req->arena, "%s, %s%s(%s – %s)", fmt_date_long(d, start),
			    strcmp(slot, "hours") == 0 ? "" : label, strcmp(slot, "hours") == 0 ? "" : " ",
			    fmt_time(a, start), fmt_time(b, end));
}

const char *booking_when(struct request *req, PGresult *r, int row)
{
	const char *slot = PQgetvalue(r, row, BK_SLOT);
	const char *s = when_text(req, (time_t)strtoll(PQgetvalue(r, row, BK_START), NULL, 10),
				  (time_t)strtoll(PQgetvalue(r, row, BK_END), NULL, 10), slot);
	/* "Matin" reads better lower-case inside a sentence. */
	char *out = arena_strdup(&req->arena, s);
	char *p = strstr(out, ", M");
	if (p)
		p[2] = 'm';
	p = strstr(out, ", Apr");
	if (p)
		p[2] = 'a';
	p = strstr(out, ", Jour");
	if (p)
		p[2] = 'j';
	return out;
}

const char *booking_deadline_text(struct request *req, time_t t)
{
	char d[FMT_MAX], h[FMT_MAX];
	return arena_printf(&req->arena, "%s à %s", fmt_date_long(d, t), fmt_time(h, t));
}

/* A random RFC 4122 version 4 UUID. */
const char *booking_new_uuid(struct request *req)
{
	unsigned char b[16];
	randombytes_buf(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	return arena_printf(&req->arena,
		"%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		b[14], b[15]);
}

const char *booking_signature(struct request *req)
{
	const char *city = space_city(req);
	return arena_printf(&req->arena, "%s, espace de coworking coopératif%s%s.", space_name(req),
			    *city ? ", " : "", city);
}

/* "La Fontaine, Agen": where a booking of the space is. */
static const char *space_place(struct request *req, const struct booking_space *sp)
{
	return *sp->city ? arena_printf(&req->arena, "%s, %s", sp->name, sp->city) : sp->name;
}

static const char *ics_of(struct request *req, const char *uid, int sequence, time_t start, time_t end,
			  const char *room, const char *company, size_t *len)
{
	const char *state;
	const struct booking_space *sp = booking_space(req, &state);
	if (!sp)
		return NULL;
	struct ical_event ev = {
		.uid = arena_printf(&req->arena, "%s@fontaine", uid),
		.sequence = sequence,
		.start = start,
		.end = end,
		.stamp = time(NULL),
		.title = arena_printf(&req->arena, "%s – %s", room, company),
		.description = arena_printf(&req->arena, "Réservation à %s.", sp->name),
		.location = space_place(req, sp),
		.url = arena_printf(&req->arena, "%s/disponibilites", space_url(req, "")),
	};
	struct buf out = {0};
	if (ical_calendar(&out, sp->name, &ev, 1) < 0) {
		buf_free(&out);
		return NULL;
	}
	*len = out.len;
	const char *s = arena_strndup(&req->arena, out.data ? out.data : "", out.len);
	buf_free(&out);
	return s;
}

const char *booking_ics(struct request *req, PGresult *r, size_t *len)
{
	return ics_of(req, PQgetvalue(r, 0, BK_UID), atoi(PQgetvalue(r, 0, BK_SEQUENCE)), (time_t)strtoll(PQgetvalue(r, 0, BK_START), NULL, 10),
		      (time_t)strtoll(PQgetvalue(r, 0, BK_END), NULL, 10), PQgetvalue(r, 0, BK_RES_NAME),
		      PQgetvalue(r, 0, BK_COMPANY), len);
}

/* The summary paragraphs shared by the mails. */
struct summary {
	const char *room, *when, *price, *company, *terms;
};

/* Renders the mail of kind (hold: the link to confirm, stating until when the slot is held;
 * confirmed; requested) into out[3] (subject, text, html). link is the confirmation link
 * (MAIL_HOLD) or the manage link. hold_until is the hold's end (MAIL_HOLD only). */
static int compose_mail(struct request *req, enum booking_mail kind, const char *contact,
			const struct summary *s, const char *link, time_t hold_until, long hold_minutes,
			const char *out[3])
{
	static const char *const subjects[] = {
		[MAIL_HOLD] = "Confirmez votre réservation",
		[MAIL_CONFIRMED] = "Réservation confirmée",
		[MAIL_REQUESTED] = "Demande de réservation reçue",
		[MAIL_CHANGED] = "Réservation modifiée",
		[MAIL_CANCELLED] = "Réservation annulée",
	};
	const char *room = name_in_sentence(&req->arena, s->room);
	const char *intro = kind == MAIL_HOLD
		? arena_printf(&req->arena, "Une réservation de %s a été demandée avec votre adresse e-mail. "
			       "Elle n’est pas encore enregistrée : confirmez-la avec le bouton ci-dessous.", room)
		: kind == MAIL_CONFIRMED
		? arena_printf(&req->arena, "Votre réservation de %s est confirmée :", room)
		: kind == MAIL_CHANGED
		? arena_printf(&req->arena, "Votre réservation de %s est modifiée. Voici le nouveau créneau :", room)
		: kind == MAIL_CANCELLED
		? arena_printf(&req->arena, "Votre réservation de %s est annulée, sans frais :", room)
		: arena_printf(&req->arena, "Nous avons bien reçu votre demande de réservation de %s. "
			       "L’équipe vous répond au plus vite par e-mail ; le créneau vous est "
			       "réservé en attendant :", room);
	const char *last = NULL;
	if (kind == MAIL_HOLD)
		last = arena_printf(&req->arena, "Le créneau vous est réservé pendant %ld minutes, jusqu’au %s. "
				    "Sans confirmation d’ici là, il est libéré et rien n’est enregistré ni facturé.",
				    hold_minutes, booking_deadline_text(req, hold_until));
	else if (kind == MAIL_CONFIRMED)
		last = "L’invitation jointe (fichier .ics) ajoute la réservation à votre agenda.";
	else if (kind == MAIL_CHANGED)
		last = "L’invitation jointe (fichier .ics) met à jour la réservation dans votre agenda.";
	else if (kind == MAIL_CANCELLED)
		last = "Le fichier joint (.ics) retire la réservation de votre agenda.";
	bool cancelled = kind == MAIL_CANCELLED;
	struct mail m = {
		.subject = arena_printf(&req->arena, "%s : %s, %s", subjects[kind], s->room, s->when),
		.greeting = arena_printf(&req->arena, "Bonjour %s,", contact),
		.paragraphs = {intro, s->when, cancelled ? s->company : s->price, cancelled ? last : s->company,
			       cancelled ? NULL : s->terms, cancelled ? NULL : last},
		.action_url = link,
		.action_label = !link ? NULL : kind == MAIL_HOLD ? "Confirmer ma réservation" : "Gérer ma réservation",
		.after = {
			kind == MAIL_HOLD ? "Si vous n’avez rien demandé, ignorez ce message : la réservation ne sera pas enregistrée." : NULL,
			kind == MAIL_HOLD ? NULL : booking_signature(req),
		},
	};
	if (kind == MAIL_HOLD)
		m.after[1] = booking_signature(req);
	out[0] = m.subject;
	return mail_render(req, &m, &out[1], &out[2]);
}

int booking_row_mail(struct request *req, PGresult *r, enum booking_mail kind, const char *link,
		     const char *out[3])
{
	char money[FMT_MAX];
	char people[FMT_MAX];
	struct summary s = {
		.room = PQgetvalue(r, 0, BK_RES_NAME),
		.when = booking_when(req, r, 0),
		.price = arena_printf(&req->arena, "Prix : %s TTC.", fmt_money(money, strtoll(PQgetvalue(r, 0, BK_PRICE), NULL, 10))),
		.company = arena_printf(&req->arena, "Au nom de : %s (SIREN %s), %s.",
					PQgetvalue(r, 0, BK_COMPANY), PQgetvalue(r, 0, BK_SIREN),
					fmt_plural(people, strtoll(PQgetvalue(r, 0, BK_ATTENDEES), NULL, 10),
						   "participant", "participants")),
		.terms = arena_printf(&req->arena, "Conditions : annulation ou modification gratuite jusqu’au %s ; au-delà, la réservation est due.",
				      booking_deadline_text(req, (time_t)strtoll(PQgetvalue(r, 0, BK_FREE_UNTIL), NULL, 10))),
	};
	return compose_mail(req, kind, PQgetvalue(r, 0, BK_CONTACT), &s, link, 0, 0, out);
}

int booking_update_mail(struct request *req, PGresult *r, enum booking_mail kind,
			const struct booking_change *ch, const char *link, const char *out[3])
{
	char money[FMT_MAX];
	time_t free_until = ch ? ch->free_until : (time_t)strtoll(PQgetvalue(r, 0, BK_FREE_UNTIL), NULL, 10);
	struct summary s = {
		.room = PQgetvalue(r, 0, BK_RES_NAME),
		.when = ch ? when_text(req, ch->start, ch->end, ch->slot) : booking_when(req, r, 0),
		.price = arena_printf(&req->arena, "Prix : %s TTC.", fmt_money(money, ch ? ch->price_cents
			: strtoll(PQgetvalue(r, 0, BK_PRICE), NULL, 10))),
		.company = arena_printf(&req->arena, "Au nom de : %s (SIREN %s), %s participant(s).",
					PQgetvalue(r, 0, BK_COMPANY), PQgetvalue(r, 0, BK_SIREN), PQgetvalue(r, 0, BK_ATTENDEES)),
		.terms = arena_printf(&req->arena, "Conditions : annulation ou modification gratuite jusqu’au %s ; au-delà, la réservation est due.",
				      booking_deadline_text(req, free_until)),
	};
	if (ch) {
		/* "Matin" reads better lower-case inside a sentence, as booking_when writes it. */
		char *w = arena_strdup(&req->arena, s.when), *p;
		if ((p = strstr(w, ", M")) || (p = strstr(w, ", A")) || (p = strstr(w, ", J")))
			p[2] = (char)(p[2] - 'A' + 'a');
		s.when = w;
	}
	return compose_mail(req, kind, PQgetvalue(r, 0, BK_CONTACT), &s, link, 0, 0, out);
}

const char *booking_ics_invite(struct request *req, PGresult *r, int method, int sequence,
			       const struct booking_change *ch, size_t *len)
{
	const char *org = PQgetvalue(r, 0, BK_ORG_EMAIL);
	const char *state;
	const struct booking_space *sp = booking_space(req, &state);
	if (!sp)
		return NULL;
	struct ical_event ev = {
		.uid = arena_printf(&req->arena, "%s@fontaine", PQgetvalue(r, 0, BK_UID)),
		.sequence = sequence,
		.start = ch ? ch->start : (time_t)strtoll(PQgetvalue(r, 0, BK_START), NULL, 10),
		.end = ch ? ch->end : (time_t)strtoll(PQgetvalue(r, 0, BK_END), NULL, 10),
		.stamp = time(NULL),
		.title = arena_printf(&req->arena, "%s – %s", PQgetvalue(r, 0, BK_RES_NAME), PQgetvalue(r, 0, BK_COMPANY)),
		.description = arena_printf(&req->arena, "Réservation à %s.", sp->name),
		.location = space_place(req, sp),
		.url = arena_printf(&req->arena, "%s/disponibilites", space_url(req, "")),
		.organizer = *org ? org : NULL,
		.organizer_name = sp->name,
		.attendee = *org ? PQgetvalue(r, 0, BK_EMAIL) : NULL,
		.attendee_name = PQgetvalue(r, 0, BK_CONTACT),
	};
	struct buf out = {0};
	if (ical_calendar_method(&out, sp->name, (enum ical_method)method, &ev, 1) < 0) {
		buf_free(&out);
		return NULL;
	}
	*len = out.len;
	const char *s = arena_strndup(&req->arena, out.data ? out.data : "", out.len);
	buf_free(&out);
	return s;
}

int booking_confirmed_mail(struct request *req, PGresult *r, const char *manage_url, const char *out[3])
{
	return booking_row_mail(req, r, MAIL_CONFIRMED, manage_url, out);
}

const char *booking_link_url(struct request *req, const char *path, const char *token)
{
	struct buf b = {0};
	buf_printf(&b, "%s%s?jeton=", space_url(req, ""), path);
	escape_url_component(&b, token);
	const char *s = arena_strdup(&req->arena, buf_cstr(&b));
	buf_free(&b);
	return s;
}

int page_room_post(struct request *req)
{
	int rc = maybe_session(req);
	if (rc)
		return rc;
	PGresult *room;
	if ((rc = load_room(req, kv_get(&req->form, "salle"), &room)))
		return rc;
	struct room_form f;
	read_form(req, &f);
	const char *action = kv_get(&req->form, "action");
	bool quote = action && strcmp(action, "devis") == 0;
	bool book = quote || (action && strcmp(action, "reserver") == 0);
	const char *state;
	PGresult *price = form_price(req, room, &f, &state);
	if (!price && state)
		return req_db_error(state);
	if (!book) {
		/* "Calculer le prix": only the slot's fields matter yet. */
		for (int i = RF_COMPANY; i < RF__MAX; i++)
			if (!f.v[i].valid) {
				f.v[i].valid = true;
				f.errors--;
			}
		return render_room(req, f.errors ? 422 : 200, room, &f, price);
	}
	if (f.errors || !price || PQntuples(price) != 1)
		return render_room(req, 422, room, &f, price);

	PGresult *settings = req_exec(req, SQL_SETTINGS, NULL, &state);
	if (!settings)
		return req_db_error(state);
	long hold_minutes = strtol(PQgetvalue(settings, 0, SET_HOLD_MINUTES), NULL, 10);
	/* A logged-in member booking under the address of their account (proven when they
	 * signed up) is booked at once; anyone else gets a hold and a link to confirm by mail.
	 * room_reserve checks the address against the account itself. */
	bool hold = !quote && !(req->user && req->user->email && strcasecmp(req->user->email, f.v[RF_EMAIL].str) == 0);
	const char *slot = slot_of(&f);
	bool hours_slot = strcmp(slot, "hours") == 0;
	time_t start = (time_t)strtoll(PQgetvalue(price, 0, 3), NULL, 10);
	time_t end = (time_t)strtoll(PQgetvalue(price, 0, 4), NULL, 10);
	long hours = strtol(PQgetvalue(price, 0, 5), NULL, 10);
	const char *token = random_token(&req->arena, 32);
	const char *uid = booking_new_uuid(req);
	bool request_mode = strcmp(PQgetvalue(room, 0, 5), "request") == 0;
	char money[FMT_MAX];
	char people[FMT_MAX];
	struct summary s = {
		.room = PQgetvalue(room, 0, 2),
		.when = when_text(req, start, end, slot),
		.price = arena_printf(&req->arena, "Prix : %s TTC.", fmt_money(money, strtoll(PQgetvalue(price, 0, 0), NULL, 10))),
		.company = f.as_person
			? arena_printf(&req->arena, "Au nom de : %s, à titre personnel, %s.", f.v[RF_CONTACT].str,
				       fmt_plural(people, (long long)f.v[RF_ATTENDEES].num, "participant", "participants"))
			: arena_printf(&req->arena, "Au nom de : %s (SIREN %s), %s.", f.v[RF_COMPANY].str, f.v[RF_SIREN].str,
				       fmt_plural(people, (long long)f.v[RF_ATTENDEES].num, "participant", "participants")),
		.terms = arena_printf(&req->arena, "Conditions : annulation ou modification gratuite jusqu’au %s ; au-delà, la réservation est due.",
				      booking_deadline_text(req, start - hours * 3600)),
	};
	PGresult *res;
	const char *confirm_token = NULL;
	for (;;) {
		const char *mail[3] = {NULL, NULL, NULL};
		const char *ics = NULL;
		size_t ics_len = 0;
		confirm_token = hold ? random_token(&req->arena, 32) : NULL;
		if (hold) {
			if ((rc = compose_mail(req, MAIL_HOLD, f.v[RF_CONTACT].str, &s,
					       booking_link_url(req, "/reservation/confirmer", confirm_token),
					       time(NULL) + hold_minutes * 60, hold_minutes, mail)))
				return rc;
		} else if (!quote) {
			if ((rc = compose_mail(req, request_mode ? MAIL_REQUESTED : MAIL_CONFIRMED, f.v[RF_CONTACT].str, &s,
					       booking_link_url(req, "/reservation/gerer", token), 0, 0, mail)))
				return rc;
			if (!request_mode && !(ics = ics_of(req, uid, 0, start, end, PQgetvalue(room, 0, 2),
							     f.as_person ? f.v[RF_CONTACT].str : f.v[RF_COMPANY].str, &ics_len)))
				return 500;
		}
		const char *params[27] = {
			PQgetvalue(room, 0, 0), f.v[RF_DAY].str, slot,
			hours_slot ? f.v[RF_START].str : NULL, hours_slot ? f.v[RF_END].str : NULL,
			req->user ? arena_printf(&req->arena, "%lld", (long long)req->user->person_id) : NULL,
			f.as_person ? NULL : f.v[RF_COMPANY].str, f.as_person ? NULL : f.v[RF_SIREN].str,
			f.as_person ? NULL : f.v[RF_STREET].str, f.as_person ? NULL : f.v[RF_POSTCODE].str,
			f.as_person ? NULL : f.v[RF_CITY].str, f.v[RF_CONTACT].str, f.v[RF_EMAIL].str, f.v[RF_PHONE].str,
			f.v[RF_PURPOSE].str, arena_printf(&req->arena, "%lld", (long long)f.v[RF_ATTENDEES].num),
			options_array(req, &f), PQgetvalue(price, 0, 0), token_hash_param(&req->arena, token),
			quote ? "true" : "false", hold ? token_hash_param(&req->arena, confirm_token) : NULL,
			req->remote_addr && *req->remote_addr ? req->remote_addr : NULL,
			mail[0], mail[1], mail[2], ics ? bytea_param(&req->arena, ics, ics_len) : NULL, uid,
		};
		res = req_exec(req, SQL_ROOM_RESERVE, params, &state);
		/* The account's address is not verified (yet): the member confirms by mail too. */
		if (!res && !hold && !quote && state && strcmp(state, "FTB14") == 0) {
			hold = true;
			continue;
		}
		break;
	}
	if (!res) {
		enum booking_field_hint hint;
		int status;
		const char *text = booking_error(req, state, &hint, &status);
		if (!text) {
			if (state && strcmp(state, "FTB10") == 0)
				return 404;
			return req_db_error(state);
		}
		static const int field_of[] = {[HINT_DAY] = RF_DAY, [HINT_SLOT] = RF_SLOT,
					       [HINT_END] = RF_END, [HINT_ATTENDEES] = RF_ATTENDEES};
		if (strcmp(state, "FTB11") == 0)
			text = arena_printf(&req->arena, "Cette date est trop lointaine : la salle se réserve au plus %s mois à l’avance.",
					    PQgetvalue(settings, 0, SET_HORIZON_MONTHS));
		else if (strcmp(state, "FTB12") == 0)
			text = arena_printf(&req->arena, "Trop de réservations attendent déjà leur confirmation depuis votre connexion "
					    "(%s au plus) : confirmez-les avec le lien reçu par e-mail, ou attendez qu’elles expirent "
					    "(%ld minutes), puis réessayez.", PQgetvalue(settings, 0, SET_HOLD_MAX_ADDR), hold_minutes);
		else if (strcmp(state, "FTB13") == 0)
			text = arena_printf(&req->arena, "Cette adresse e-mail a déjà %s réservations à venir, le maximum en ligne : "
					    "pour en ajouter, annulez-en une ou écrivez-nous.", PQgetvalue(settings, 0, SET_LIVE_MAX_EMAIL));
		if (hint == HINT_FORM) {
			f.notice = text;
		} else {
			int i = field_of[hint];
			if (i == RF_END && !hours_slot)
				i = RF_SLOT;
			if (i == RF_ATTENDEES)
				text = arena_printf(&req->arena, "La salle accueille au plus %s personnes.",
						    PQgetvalue(room, 0, 4));
			field_fail(&f, i, text);
			if (status == 409)
				f.notice = text;
		}
		/* The price may have changed: show the current one. */
		PGresult *now_price = form_price(req, room, &f, &state);
		return render_room(req, status, room, &f, now_price ? now_price : price);
	}
	/* The manage page says what comes next (for a hold: where the link went, until when). */
	resp_redirect(req, 303, arena_printf(&req->arena, "%s&nouvelle=1",
		booking_link_url(req, quote ? "/reservation/devis" : "/reservation/gerer", token) + strlen(base_url())));
	return 0;
}
