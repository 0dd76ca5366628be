/* test_textarea.c: multi-line text survives a round trip through a form (issue 12: saving a
 * page unchanged turned its line breaks into spaces). A value is rendered into the real
 * templates (field.tpl through page_fields, contact.tpl), read back out of the <textarea> as
 * a browser does (one newline right after the start tag dropped, entities decoded, line ends
 * sent as CR LF), posted through parse_urlencoded and form_read, and must come back the same
 * bytes. */
#include "page.h"
#include "tap.h"
#include "tpl.h"
#include <stdlib.h>
#include <string.h>

#ifndef UNIT_SRC_DIR
#error "UNIT_SRC_DIR must name the source tree"
#endif

/* What a browser submits for the first <textarea> of html: its text, decoded, with LF made
 * CR LF, percent-encoded as name=... Returns a malloc'ed body, or NULL. */
static char *browser_submit(const char *html, const char *name)
{
	const char *t = strstr(html, "<textarea");
	if (!t || !(t = strchr(t, '>')))
		return NULL;
	t++;
	const char *end = strstr(t, "</textarea>");
	if (!end)
		return NULL;
	if (*t == '\n') /* HTML: a newline right after the start tag is not content */
		t++;
	struct buf text = {0};
	static const struct {
		const char *ent, *ch;
	} ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"},
		    {"&#34;", "\""}, {"&#x27;", "'"}, {"&#10;", "\n"}, {"&#13;", "\r"}};
	for (const char *p = t; p < end;) {
		bool done = false;
		for (size_t i = 0; !done && i < sizeof ents / sizeof ents[0]; i++)
			if (strncmp(p, ents[i].ent, strlen(ents[i].ent)) == 0) {
				buf_puts(&text, ents[i].ch);
				p += strlen(ents[i].ent);
				done = true;
			}
		if (!done)
			buf_putc(&text, *p++);
	}
	/* The form data set: every line end as CR LF, then application/x-www-form-urlencoded. */
	struct buf body = {0};
	buf_printf(&body, "%s=", name);
	const char *s = buf_cstr(&text);
	for (size_t i = 0; i < text.len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r' && s[i + 1] == '\n')
			continue;
		if (c == '\n' || c == '\r')
			buf_puts(&body, "%0D%0A");
		else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			 strchr("*-._", c))
			buf_putc(&body, (char)c);
		else if (c == ' ')
			buf_putc(&body, '+');
		else
			buf_printf(&body, "%%%02X", c);
	}
	buf_free(&text);
	char *out = strdup(buf_cstr(&body));
	buf_free(&body);
	return out;
}

static const char *read_back(struct arena *a, const char *body, const struct field_def *def)
{
	struct kvlist form = {0};
	if (parse_urlencoded(a, body, strlen(body), &form) < 0)
		return NULL;
	struct field_value v;
	form_read(a, &form, def, 1, &v);
	return v.present ? v.str : "";
}

/* Markdown as the back office stores it (LF line ends). */
static const char *const values[] = {
	"## Un intertitre\n\nUn paragraphe,\nsur deux lignes.\n\n- un\n- deux\n  - trois\n\n1. premier\n2. second\n",
	"\nCommence par une ligne vide",
	"\n\n\nTrois lignes vides avant, deux après\n\n",
	"    du code indenté\n\ttabulé\nfin avec un saut forcé  \nsuite",
	"Des <balises>, des \"guillemets\", l'apostrophe & l’esperluette &amp; déjà échappée",
	"Pas de saut de ligne final",
	"### Titre\r\n\r\nAvec des CR LF venus d’un navigateur\r\n",
};

int main(void)
{
	static const char *const names[] = {"field.tpl", "admin_content_page.tpl", "contact.tpl"};
	char err[512] = "";
	if (!is_int(tpl_init(UNIT_SRC_DIR "/templates", names, 3, err, sizeof err), 0,
		    "tpl_init loads field.tpl, admin_content_page.tpl and contact.tpl"))
		diag("%s", err);
	static const struct field_def def = {"contenu", FIELD_TEXT, true, 1, 100000, NULL};
	static const struct field_ui ui = {"Contenu", "textarea", NULL, NULL};
	static const struct field_def contact_def = {"message", FIELD_TEXT, true, 10, 5000, NULL};
	struct arena a = {0};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		/* What the database holds after a save: line ends made LF. */
		struct kvlist once = {0};
		kv_add(&a, &once, "contenu", values[i], strlen(values[i]));
		struct field_value stored;
		form_read(&a, &once, &def, 1, &stored);
		ok(!strchr(stored.str, '\r'), "value %zu: stored with LF line ends", i);

		struct request req = {0};
		struct tpl_dict *d = tpl_dict_new();
		page_fields(&req, d, "FIELDS", &def, &ui, &stored, 0, 1);
		struct buf out = {0};
		is_int(tpl_expand("admin_content_page.tpl", d, &out), 0, "value %zu: the page form expands", i);
		char *body = browser_submit(buf_cstr(&out), "contenu");
		ok(body != NULL, "value %zu: a textarea is rendered", i);
		is_str(body ? read_back(&a, body, &def) : NULL, stored.str,
		       "value %zu: page form, opened and saved unchanged, gives the same bytes", i);
		free(body);
		buf_free(&out);
		tpl_dict_free(d);
		arena_free(&req.arena);

		d = tpl_dict_new();
		tpl_set(d, "MESSAGE_VALUE", stored.str);
		out = (struct buf){0};
		is_int(tpl_expand("contact.tpl", d, &out), 0, "value %zu: the contact form expands", i);
		body = browser_submit(buf_cstr(&out), "message");
		is_str(body ? read_back(&a, body, &contact_def) : NULL, stored.str,
		       "value %zu: contact form redisplayed and sent again gives the same bytes", i);
		free(body);
		buf_free(&out);
		tpl_dict_free(d);
	}
	arena_free(&a);
	return done_testing();
}
