/* test_tap.c: checks tap.h itself: failures print "not ok", TODO does not fail, the exit
 * status of done_testing() reports failures and plan mismatches. */
#include "tap.h"
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn in a child with a fresh TAP state and stdout into a pipe. Fills out with what it
 * printed and returns its exit status (-1 when it did not exit normally). */
static int run_child(void (*fn)(void), char *out, size_t cap)
{
	int fds[2];
	fflush(stdout);
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		tap_state.run = 0, tap_state.failed = 0, tap_state.planned = -1, tap_state.todo = NULL;
		fn();
		int rc = done_testing();
		fflush(stdout);
		_exit(rc);
	}
	close(fds[1]);
	size_t len = 0;
	ssize_t n;
	while (len + 1 < cap && (n = read(fds[0], out + len, cap - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	close(fds[0]);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void all_pass(void)
{
	ok(true, "true");
	is_str("abc", "abc", "same string");
	is_str(NULL, NULL, "NULL and NULL");
	is_int(-5, -5, "same int");
	is_mem("a\0b", 3, "a\0b", 3, "same bytes");
	contains("hello world", "lo w", "substring");
	lacks("hello", "xyz", "no substring");
}

static void str_fails(void)
{
	is_str("caf\xc3\xa9", "cafe", "differs");
}

static void null_str_fails(void)
{
	is_str(NULL, "", "NULL is not empty");
}

static void int_fails(void)
{
	is_int(404, 405, "status");
}

static void mem_fails(void)
{
	is_mem("a\0b", 3, "a\0c", 3, "bytes after a NUL differ");
}

static void contains_fails(void)
{
	contains("abc", "zz", "not in it");
}

static void lacks_fails(void)
{
	lacks("<script>", "<script", "present");
}

static void todo_does_not_fail(void)
{
	todo_start("known bug");
	ok(false, "shows the bug");
	todo_end();
	ok(true, "after the todo");
}

static void plan_mismatch(void)
{
	plan(3);
	ok(true, "only one of three");
}

static void nothing(void)
{
}

static void hash_in_name(void)
{
	ok(true, "item # TODO not a directive");
}

int main(void)
{
	char out[4096];

	is_int(run_child(all_pass, out, sizeof out), 0, "passing assertions exit 0");
	contains(out, "ok 1 - true\n", "result line is numbered");
	contains(out, "\n1..7\n", "done_testing prints the late plan");
	lacks(out, "not ok", "no failure printed");

	is_int(run_child(str_fails, out, sizeof out), 1, "is_str mismatch exits 1");
	contains(out, "not ok 1 - differs\n", "is_str mismatch prints not ok");
	contains(out, "#      got: \"caf\\xc3\\xa9\"", "diagnostic shows bytes escaped");
	contains(out, "# expected: \"cafe\"", "diagnostic shows the expected value");

	is_int(run_child(null_str_fails, out, sizeof out), 1, "is_str(NULL, \"\") fails");
	is_int(run_child(int_fails, out, sizeof out), 1, "is_int mismatch exits 1");
	contains(out, "#      got: 404\n# expected: 405", "is_int diagnostic");
	is_int(run_child(mem_fails, out, sizeof out), 1, "is_mem compares past a NUL");
	is_int(run_child(contains_fails, out, sizeof out), 1, "contains fails when absent");
	is_int(run_child(lacks_fails, out, sizeof out), 1, "lacks fails when present");

	is_int(run_child(todo_does_not_fail, out, sizeof out), 0, "a failing TODO exits 0");
	contains(out, "not ok 1 - shows the bug # TODO known bug\n", "TODO directive printed");
	contains(out, "ok 2 - after the todo\n", "todo_end ends the TODO block");
	lacks(out, "after the todo # TODO", "no TODO after todo_end");

	is_int(run_child(plan_mismatch, out, sizeof out), 1, "ran fewer than planned exits 1");
	contains(out, "1..3\n", "plan printed first");
	is_int(run_child(nothing, out, sizeof out), 1, "no assertion at all exits 1");

	is_int(run_child(hash_in_name, out, sizeof out), 0, "hash in a name");
	contains(out, "item \\# TODO not a directive", "'#' in a description is escaped");
	return done_testing();
}
