/* mail.c: French emails as plain text and HTML. */
#include "mail.h"
#include <string.h>

int mail_render(struct request *req, const struct mail *m, const char **text, const char **html)
{
	struct buf t = {0};
	if (m->greeting)
		buf_printf(&t, "%s\n\n", m->greeting);
	for (int i = 0; i < MAIL_MAX_PARAGRAPHS && m->paragraphs[i]; i++)
		buf_printf(&t, "%s\n\n", m->paragraphs[i]);
	if (m->action_url)
		buf_printf(&t, "%s :\n%s\n\n", m->action_label ? m->action_label : "Lien", m->action_url);
	for (int i = 0; i < MAIL_MAX_PARAGRAPHS && m->after[i]; i++)
		buf_printf(&t, "%s\n\n", m->after[i]);
	const char *name = space_name(req), *city = space_city(req);
	buf_printf(&t, "À bientôt à %s !\n-- \n%s, coworking coopératif%s%s\n%s\n", name, name,
		   *city ? " à " : "", city, space_url(req, ""));
	*text = arena_strdup(&req->arena, buf_cstr(&t));
	buf_free(&t);

	struct tpl_dict *d = tpl_dict_new();
	tpl_set(d, "SUBJECT", m->subject);
	if (m->greeting) {
		tpl_set(d, "GREETING", m->greeting);
		tpl_show(d, "GREETING_SEC");
	}
	if (m->body_html)
		tpl_set(tpl_section(d, "BODY_HTML_SEC"), "BODY_HTML", m->body_html);
	for (int i = 0; !m->body_html && i < MAIL_MAX_PARAGRAPHS && m->paragraphs[i]; i++)
		tpl_set(tpl_section(d, "PARAGRAPH"), "TEXT", m->paragraphs[i]);
	if (m->action_url) {
		struct tpl_dict *a = tpl_section(d, "ACTION");
		tpl_set(a, "ACTION_URL", m->action_url);
		tpl_set(a, "ACTION_LABEL", m->action_label ? m->action_label : m->action_url);
	}
	for (int i = 0; i < MAIL_MAX_PARAGRAPHS && m->after[i]; i++)
		tpl_set(tpl_section(d, "AFTER"), "TEXT", m->after[i]);
	tpl_set(d, "BASE_URL", space_url(req, ""));
	tpl_set(d, "SPACE_NAME", name);
	if (*city)
		tpl_set(tpl_section(d, "CITY"), "SPACE_CITY", city);
	struct buf h = {0};
	int rc = tpl_expand("mail.tpl", d, &h);
	tpl_dict_free(d);
	*html = arena_strdup(&req->arena, buf_cstr(&h));
	buf_free(&h);
	return rc < 0 ? 500 : 0;
}
