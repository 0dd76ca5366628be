/* slug.c: URL names of events from their titles (ASCII, accents folded). */
#include "admin.h"
#include <string.h>

/* ASCII for the letters of U+00C0..U+00FF (Latin-1 Supplement), lowercase; NULL: a separator. */
static const char *const latin1_fold[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",   /* À Á Â Ã Ä Å Æ Ç */
	"e", "e", "e", "e", "i", "i", "i", "i",    /* È É Ê Ë Ì Í Î Ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,   /* Ð Ñ Ò Ó Ô Õ Ö × */
	"o", "u", "u", "u", "u", "y", "th", "ss",  /* Ø Ù Ú Û Ü Ý Þ ß */
	"a", "a", "a", "a", "a", "a", "ae", "c",   /* à á â ã ä å æ ç */
	"e", "e", "e", "e", "i", "i", "i", "i",    /* è é ê ë ì í î ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,   /* ð ñ ò ó ô õ ö ÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",   /* ø ù ú û ü ý þ ÿ */
};

/* The ASCII letters for the code point at s (whose UTF-8 length goes to *len), or NULL. */
static const char *fold(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		static char one[2];
		if ((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')) {
			one[0] = (char)s[0];
			return one;
		}
		if (s[0] >= 'A' && s[0] <= 'Z') {
			one[0] = (char)(s[0] - 'A' + 'a');
			return one;
		}
		return NULL;
	}
	*len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	for (size_t i = 1; i < *len; i++)
		if (!s[i]) { /* truncated sequence: stop at the end */
			*len = i;
			return NULL;
		}
	if (s[0] == 0xC3)
		return latin1_fold[s[1] - 0x80 < 64 ? s[1] - 0x80 : 0x17];
	if (s[0] == 0xC5 && (s[1] == 0x92 || s[1] == 0x93)) /* Œ œ, frequent in French */
		return "oe";
	return NULL;
}

const char *slugify(struct arena *a, const char *text, size_t max)
{
	char *out = arena_alloc(a, max + 1);
	size_t n = 0, last_cut = 0;
	bool pending_hyphen = false;
	for (const unsigned char *p = (const unsigned char *)text; *p;) {
		size_t len;
		const char *ascii = fold(p, &len);
		p += len;
		/* an apostrophe joins: "l'atelier" and "l’atelier" give "latelier", not "l-atelier" */
		if (!ascii) {
			const unsigned char *q = p - len;
			bool apostrophe = *q == '\'' || (q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x99);
			if (!apostrophe && n)
				pending_hyphen = true;
			continue;
		}
		size_t add = strlen(ascii) + (pending_hyphen ? 1 : 0);
		if (n + add > max) {
			if (last_cut) /* cut at the last hyphen rather than inside a word */
				n = last_cut;
			break;
		}
		if (pending_hyphen) {
			last_cut = n;
			out[n++] = '-';
			pending_hyphen = false;
		}
		memcpy(out + n, ascii, strlen(ascii));
		n += strlen(ascii);
	}
	out[n] = '\0';
	return out;
}
