/* arena.h: per-request bump allocator; everything a request allocates is freed at once. */
#ifndef FT_ARENA_H
#define FT_ARENA_H
#include <stddef.h>
#include <stdarg.h>

struct arena_block;
struct arena {
	struct arena_block *head;
	size_t used_total;
};

/* Returns zeroed memory owned by the arena; aborts on out-of-memory (start-up style). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Frees every block but the first, which is kept for the next request. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);
#endif
