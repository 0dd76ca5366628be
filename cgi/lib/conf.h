/* conf.h: the one configuration file ("key = value" lines, '#' comments). */
#ifndef FT_CONF_H
#define FT_CONF_H

/* Loads path. Returns 0, or -1 with a message on stderr (start-up then exits). */
int config_load(const char *path);
/* Returns the value for key, or def when the file does not set it. */
const char *config_get(const char *key, const char *def);
#endif
