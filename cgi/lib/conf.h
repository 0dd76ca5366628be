/* conf.h: the configuration: one main file without secrets ("key = value" lines, '#' comments)
 * and each program's own credential file (its connection string, its SMTP password). */
#ifndef FT_CONF_H
#define FT_CONF_H

/* Loads path, then the credentials of the running program (named after the executable:
 * fontaine-site reads site.conf). Returns 0, or -1 with a message on stderr (start-up then
 * exits). */
int config_load(const char *path);
/* The same for the program called name (NULL: no credentials are read). */
int config_load_as(const char *path, const char *name);
/* Returns the value for key, or def when neither file sets it. */
const char *config_get(const char *key, const char *def);
/* Forgets everything loaded (tests). */
void config_reset(void);
/* True when key may only come from a credential file (db_*, smtp_user, smtp_password). */
int config_is_credential(const char *key);
#endif
