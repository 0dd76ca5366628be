/* mail.h: French emails composed once as plain text and HTML (queued through the outbox). */
#ifndef FT_MAIL_H
#define FT_MAIL_H
#include "http.h"

enum { MAIL_MAX_PARAGRAPHS = 8 };

struct mail {
	const char *subject;
	const char *greeting;                           /* "Bonjour Marie," */
	const char *paragraphs[MAIL_MAX_PARAGRAPHS];    /* NULL-terminated when fewer */
	const char *action_url, *action_label;          /* the one button/link, optional */
	const char *after[MAIL_MAX_PARAGRAPHS];         /* paragraphs after the link */
	const char *body_html; /* safe HTML (markdown_html) shown instead of the paragraphs in the
				* HTML part (the text part keeps the paragraphs), or NULL */
};

/* Renders m as plain text and HTML (templates/mail.tpl). Returns 0, or 500 when the
 * template failed. The strings live in the request's arena. */
int mail_render(struct request *req, const struct mail *m, const char **text, const char **html);
#endif
