/* test_arena.c: unit tests of arena.c (per-request allocator) and buf.c (growable buffer). */
#include "arena.h"
#include "buf.h"
#include "tap.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static bool all_bytes(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void test_arena(void)
{
	struct arena a = {0};
	unsigned char *p = arena_alloc(&a, 10);
	ok(p != NULL, "arena_alloc(10)");
	ok(all_bytes(p, 10, 0), "memory is zeroed");
	ok((uintptr_t)p % _Alignof(max_align_t) == 0, "memory is aligned for max_align_t");
	unsigned char *q = arena_alloc(&a, 1);
	ok((uintptr_t)q % _Alignof(max_align_t) == 0, "next allocation aligned too");
	ok(q >= p + 10 || q + 1 <= p, "allocations do not overlap");
	ok(arena_alloc(&a, 0) != NULL, "arena_alloc(0) returns a pointer");
	memset(p, 0xAB, 10);
	ok(all_bytes(q, 1, 0), "writing one allocation leaves the other alone");

	/* Many small allocations across blocks, each keeping its contents. */
	char *strs[2000];
	for (int i = 0; i < 2000; i++)
		strs[i] = arena_printf(&a, "item %d", i);
	bool same = true;
	for (int i = 0; i < 2000; i++) {
		char want[32];
		snprintf(want, sizeof want, "item %d", i);
		same = same && strcmp(strs[i], want) == 0;
	}
	ok(same, "2000 arena_printf strings across blocks keep their contents");

	/* Large allocations (over one block), then small ones again. */
	size_t big = 1 << 20;
	unsigned char *l1 = arena_alloc(&a, big);
	ok(l1 && all_bytes(l1, big, 0), "1 MiB allocation, zeroed");
	memset(l1, 0x11, big);
	unsigned char *s1 = arena_alloc(&a, 100);
	ok(all_bytes(s1, 100, 0), "small allocation after a large one is zeroed");
	memset(s1, 0x22, 100);
	unsigned char *l2 = arena_alloc(&a, 3 * big);
	memset(l2, 0x33, 3 * big);
	unsigned char *l3 = arena_alloc(&a, 16385);
	memset(l3, 0x44, 16385);
	unsigned char *l4 = arena_alloc(&a, 16384);
	memset(l4, 0x55, 16384);
	ok(all_bytes(l1, big, 0x11) && all_bytes(s1, 100, 0x22) && all_bytes(l2, 3 * big, 0x33) &&
		   all_bytes(l3, 16385, 0x44) && all_bytes(l4, 16384, 0x55),
	   "large and small allocations keep their contents");
	ok(strcmp(strs[0], "item 0") == 0 && strcmp(strs[1999], "item 1999") == 0,
	   "earlier strings survive large allocations");
	ok(a.used_total >= 4 * big + 16385 + 16384 + 100, "used_total counts every allocation");

	/* Reset keeps working, many times over. */
	bool fine = true;
	for (int round = 0; round < 50; round++) {
		arena_reset(&a);
		fine = fine && a.used_total == 0;
		char *s = arena_strdup(&a, "après reset");
		unsigned char *b = arena_alloc(&a, round % 2 ? 40000 : 16000);
		fine = fine && all_bytes(b, round % 2 ? 40000 : 16000, 0);
		memset(b, 0x66, round % 2 ? 40000 : 16000);
		char *t = arena_printf(&a, "round %d", round);
		char want[32];
		snprintf(want, sizeof want, "round %d", round);
		fine = fine && strcmp(s, "après reset") == 0 && strcmp(t, want) == 0;
	}
	ok(fine, "50 reset rounds with small and large allocations");
	arena_reset(&a);
	unsigned char *after = arena_alloc(&a, 64);
	ok(all_bytes(after, 64, 0), "memory reused after reset is zeroed again");

	/* arena.h: reset keeps the first block for the next request. */
	struct arena r = {0};
	void *r1 = arena_alloc(&r, 100);
	for (int i = 0; i < 100; i++)
		arena_alloc(&r, 1000); /* more blocks */
	arena_reset(&r);
	void *r2 = arena_alloc(&r, 100);
	ok(r1 == r2, "after reset, the first block is reused from its start");
	arena_reset(&r);
	ok(r.head != NULL && r.used_total == 0, "reset keeps a block");
	/* Regression test (once a bug in cgi/lib/arena.c, arena_alloc/arena_reset): a large allocation is linked after the
	 * head; when the head is the only ordinary block, the large block becomes the last one and
	 * arena_reset, which keeps only a last block of ARENA_BLOCK bytes, frees both. Every
	 * request with one allocation over 16 KiB then costs a new block on the next request. */
	arena_alloc(&r, 50000);
	arena_reset(&r);
	ok(r.head != NULL, "reset keeps the first block after a large allocation");
	ok(arena_alloc(&r, 100) != NULL, "the arena still works");
	arena_free(&r);

	/* Large first allocation on an empty arena, then reset. */
	arena_free(&a);
	ok(a.head == NULL && a.used_total == 0, "arena_free empties the arena");
	unsigned char *first = arena_alloc(&a, 100000);
	ok(first && all_bytes(first, 100000, 0), "large first allocation on an empty arena");
	arena_alloc(&a, 8);
	arena_reset(&a);
	ok(arena_strdup(&a, "x")[0] == 'x', "arena usable after reset of a large-first arena");

	/* strdup, strndup, printf. */
	is_str(arena_strdup(&a, ""), "", "arena_strdup(\"\")");
	is_str(arena_strdup(&a, "caf\xc3\xa9"), "caf\xc3\xa9", "arena_strdup copies");
	is_str(arena_strndup(&a, "abcdef", 3), "abc", "arena_strndup cuts and terminates");
	is_str(arena_strndup(&a, "ab\0cd", 5), "ab", "arena_strndup copies n bytes");
	is_str(arena_printf(&a, "%s=%d;%05.1f", "n", -42, 3.14159), "n=-42;003.1", "arena_printf");
	is_str(arena_printf(&a, "%s", ""), "", "arena_printf of an empty string");
	char *longs = arena_printf(&a, "%40000d|", 7);
	ok(strlen(longs) == 40001 && longs[39999] == '7' && longs[40000] == '|',
	   "arena_printf of 40001 characters (larger than a block)");
	arena_free(&a);
	arena_free(&a);
	ok(a.head == NULL, "arena_free twice is harmless");
}

/* Returns true when arena_alloc(size) in a child process dies instead of returning. */
static bool alloc_dies(size_t size)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct arena a = {0};
		void *p = arena_alloc(&a, size);
		arena_free(&a);
		_exit(p ? 0 : 3);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return false;
	return !(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void test_arena_overflow(void)
{
	/* arena.h: "aborts on out-of-memory". A size that cannot be honoured must not return a
	 * tiny block. Regression test (once a bug in cgi/lib/arena.c, arena_alloc): the round-up to the alignment
	 * overflows for size > SIZE_MAX - 15 and gives 0, then 16: a 16-byte block is returned
	 * for a request of SIZE_MAX - 5 bytes. */
	ok(!alloc_dies(16), "control: arena_alloc(16) in a child process returns");
	ok(alloc_dies(SIZE_MAX - 5), "arena_alloc(SIZE_MAX - 5) aborts instead of returning 16 bytes");
}

static void test_buf(void)
{
	struct buf b = {0};
	is_str(buf_cstr(&b), "", "buf_cstr of an empty buffer");
	buf_puts(&b, "Bonjour");
	buf_putc(&b, ' ');
	buf_append(&b, "le monde!!", 8);
	is_str(buf_cstr(&b), "Bonjour le monde", "puts, putc, append");
	is_int((long long)b.len, 16, "len");
	buf_append(&b, "", 0);
	is_int((long long)b.len, 16, "appending nothing");
	buf_printf(&b, " %d%s", 2026, "!");
	is_str(buf_cstr(&b), "Bonjour le monde 2026!", "buf_printf appends");
	buf_printf(&b, "%s", "");
	is_int((long long)b.len, 22, "buf_printf of nothing");

	/* Large contents through growth. */
	buf_reset(&b);
	is_str(buf_cstr(&b), "", "buf_reset empties");
	size_t cap = b.cap;
	ok(cap > 0, "buf_reset keeps the memory");
	for (int i = 0; i < 100000; i++)
		buf_printf(&b, "%05d", i % 100000);
	is_int((long long)b.len, 500000, "500000 bytes through buf_printf");
	ok(strncmp(b.data + 5 * 12345, "12345", 5) == 0 && b.data[b.len] == '\0',
	   "contents kept through growth, NUL-terminated");
	char big[70000];
	memset(big, 'z', sizeof big);
	buf_reset(&b);
	buf_append(&b, big, sizeof big);
	buf_printf(&b, "%.*s", 70000, big);
	ok(b.len == 140000 && b.data[139999] == 'z' && b.data[140000] == '\0',
	   "buf_printf larger than the free space");
	buf_reset(&b);
	buf_append(&b, "a\0b", 3);
	is_mem(b.data, b.len, "a\0b", 3, "buf_append keeps NUL bytes");

	/* Exact fits: the terminating NUL always has room. */
	struct buf e = {0};
	char k[1024];
	memset(k, 'k', sizeof k);
	buf_append(&e, k, 1023);
	buf_putc(&e, 'k');
	ok(e.len == 1024 && e.cap > 1024 && e.data[1024] == '\0', "NUL after 1024 bytes");
	buf_free(&e);
	ok(e.data == NULL && e.len == 0 && e.cap == 0, "buf_free empties");
	buf_printf(&e, "%s", "after free");
	is_str(buf_cstr(&e), "after free", "usable after buf_free");
	buf_free(&e);
	buf_free(&b);
}

int main(void)
{
	test_arena();
	test_arena_overflow();
	test_buf();
	return done_testing();
}
