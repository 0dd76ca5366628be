/* arena.c: per-request bump allocator. */
#include "arena.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_BLOCK 16384

struct arena_block {
	struct arena_block *next;
	size_t cap, used;
	_Alignas(max_align_t) unsigned char data[];
};

static struct arena_block *block_new(size_t cap)
{
	struct arena_block *b = malloc(sizeof *b + cap);
	if (!b) {
		fputs("fontaine: out of memory\n", stderr);
		abort();
	}
	b->next = NULL;
	b->cap = cap;
	b->used = 0;
	return b;
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t align = _Alignof(max_align_t);
	if (size > SIZE_MAX / 2) {
		fputs("fontaine: allocation too large\n", stderr);
		abort();
	}
	size = (size + align - 1) & ~(align - 1);
	if (size == 0)
		size = align;
	struct arena_block *b = a->head;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		struct arena_block *nb = block_new(cap);
		if (b && size > ARENA_BLOCK) {
			/* Large allocation: keep the current block in front. */
			nb->next = b->next;
			b->next = nb;
			b = nb;
		} else {
			nb->next = b;
			a->head = nb;
			b = nb;
		}
	}
	void *p = b->data + b->used;
	b->used += size;
	a->used_total += size;
	memset(p, 0, size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_reset(struct arena *a)
{
	/* The oldest ordinary block (the last of the list) is kept for the next request. */
	struct arena_block *b, *keep = NULL;
	for (b = a->head; b; b = b->next)
		if (b->cap == ARENA_BLOCK)
			keep = b;
	b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		if (b != keep)
			free(b);
		b = next;
	}
	if (keep)
		keep->next = NULL;
	if (keep)
		keep->used = 0;
	a->head = keep;
	a->used_total = 0;
}

void arena_free(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}
