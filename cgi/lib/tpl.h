/* tpl.h: C API over ctemplate; every template auto-escapes, all are loaded at start-up. */
#ifndef FT_TPL_H
#define FT_TPL_H
#include <stddef.h>
#include "buf.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tpl_dict;

/* Loads and parses every named template under dir. Returns 0, or -1 with a message in err
 * naming the template that failed (start-up then exits). */
int tpl_init(const char *dir, const char *const *names, size_t n, char *err, size_t errlen);
/* Returns a new root dictionary (free it with tpl_dict_free). */
struct tpl_dict *tpl_dict_new(void);
void tpl_dict_free(struct tpl_dict *d);
/* Variable and section names must be string literals: ctemplate interns them forever. */
void tpl_set(struct tpl_dict *d, const char *var, const char *value);
void tpl_set_len(struct tpl_dict *d, const char *var, const char *value, size_t len);
void tpl_set_int(struct tpl_dict *d, const char *var, long long value);
void tpl_show(struct tpl_dict *d, const char *section);
/* Sets var for every dictionary (a dictionary's own value wins): what every template of the
 * request shares, such as {{BASE}}, the space's path prefix. var must be a literal. */
void tpl_set_global(const char *var, const char *value);
/* Adds one repetition of a section and returns its dictionary. */
struct tpl_dict *tpl_section(struct tpl_dict *d, const char *section);
/* Fills the include marker {{>name}} with the template file and returns its dictionary. */
struct tpl_dict *tpl_include(struct tpl_dict *d, const char *name, const char *file);
/* Expands file with d and appends it to out. Returns 0, or -1 when expansion failed. */
int tpl_expand(const char *file, struct tpl_dict *d, struct buf *out);

#ifdef __cplusplus
}
#endif
#endif
