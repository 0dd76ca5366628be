# tests/unit/local.mk: C unit tests, run by `make check` through automake's TAP driver.
#
# Each program prints TAP (see tests/unit/tap.h). Under valgrind:
#   make check LOG_COMPILER='valgrind --error-exitcode=99 --leak-check=full -q'
# LOG_COMPILER wraps every test of TESTS (they have no extension), and the TAP driver
# reports a non-zero exit status (99 for a valgrind error or a definite leak) as an ERROR.

LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh

unit_tests = \
	tests/unit/test_tap \
	tests/unit/test_parse \
	tests/unit/test_fields \
	tests/unit/test_fmt \
	tests/unit/test_escape \
	tests/unit/test_markdown \
	tests/unit/test_xmlout \
	tests/unit/test_arena \
	tests/unit/test_csrf \
	tests/unit/test_request \
	tests/unit/test_tpl_bad \
	tests/unit/test_tpl

check_PROGRAMS = $(unit_tests)
TESTS = $(unit_tests)

UNIT_CPPFLAGS = $(AM_CPPFLAGS) $(DEP_CFLAGS) -I$(srcdir)/tests/unit \
	-DUNIT_TEMPLATE_DIR='"$(abs_top_srcdir)/tests/unit/templates"'
UNIT_LDADD = cgi/lib/libfontaine.a $(DEP_LIBS)

# tap.h checks itself first: a helper that could not fail would make every test pass.
tests_unit_test_tap_SOURCES = tests/unit/test_tap.c tests/unit/tap.h
tests_unit_test_tap_CPPFLAGS = $(UNIT_CPPFLAGS)

tests_unit_test_parse_SOURCES = tests/unit/test_parse.c tests/unit/tap.h
tests_unit_test_parse_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_parse_LDADD = $(UNIT_LDADD)

tests_unit_test_fields_SOURCES = tests/unit/test_fields.c tests/unit/tap.h
tests_unit_test_fields_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fields_LDADD = $(UNIT_LDADD)

tests_unit_test_fmt_SOURCES = tests/unit/test_fmt.c tests/unit/tap.h
tests_unit_test_fmt_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_fmt_LDADD = $(UNIT_LDADD)

tests_unit_test_escape_SOURCES = tests/unit/test_escape.c tests/unit/tap.h
tests_unit_test_escape_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_escape_LDADD = $(UNIT_LDADD)

tests_unit_test_markdown_SOURCES = tests/unit/test_markdown.c tests/unit/tap.h
tests_unit_test_markdown_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_markdown_LDADD = $(UNIT_LDADD)

tests_unit_test_xmlout_SOURCES = tests/unit/test_xmlout.c tests/unit/tap.h
tests_unit_test_xmlout_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_xmlout_LDADD = $(UNIT_LDADD)

tests_unit_test_arena_SOURCES = tests/unit/test_arena.c tests/unit/tap.h
tests_unit_test_arena_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_arena_LDADD = $(UNIT_LDADD)

tests_unit_test_csrf_SOURCES = tests/unit/test_csrf.c tests/unit/tap.h
tests_unit_test_csrf_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_csrf_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_csrf_SOURCES = dummy.cxx

tests_unit_test_request_SOURCES = tests/unit/test_request.c tests/unit/tap.h
tests_unit_test_request_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_request_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_request_SOURCES = dummy.cxx

# The ctemplate wrapper is C++: link with the C++ driver.
tests_unit_test_tpl_SOURCES = tests/unit/test_tpl.c tests/unit/tap.h
tests_unit_test_tpl_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_tpl_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_tpl_SOURCES = dummy.cxx

tests_unit_test_tpl_bad_SOURCES = tests/unit/test_tpl_bad.c tests/unit/tap.h
tests_unit_test_tpl_bad_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_tpl_bad_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_tpl_bad_SOURCES = dummy.cxx

# Template fixtures read by test_tpl and test_tpl_bad from the source tree (listed here so
# that they are distributed without claiming EXTRA_DIST, which the top Makefile.am may own).
EXTRA_tests_unit_test_tpl_SOURCES = \
	tests/unit/templates/escape.tpl \
	tests/unit/templates/inc.tpl \
	tests/unit/templates/unclosed.tpl \
	tests/unit/templates/badmod.tpl \
	tests/unit/templates/unquoted.tpl

# `make check-valgrind`: the same tests, each under valgrind (errors and leaks fail them).
VALGRIND = valgrind
check-valgrind:
	$(MAKE) $(AM_MAKEFLAGS) check \
		LOG_COMPILER='$(VALGRIND) --error-exitcode=99 --leak-check=full -q'
.PHONY: check-valgrind

# parse_euros and FIELD_MONEY (admin events work).
check_PROGRAMS += tests/unit/test_money
TESTS += tests/unit/test_money
tests_unit_test_money_SOURCES = tests/unit/test_money.c tests/unit/tap.h
tests_unit_test_money_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_money_LDADD = $(UNIT_LDADD)

# chart.c: SVG charts, their tables and CSV (staff dashboard). With CHART_DEMO_HTML=FILE set,
# the test also writes an HTML5 page with the charts, for the Nu checker and a screenshot.
check_PROGRAMS += tests/unit/test_chart
TESTS += tests/unit/test_chart
tests_unit_test_chart_SOURCES = tests/unit/test_chart.c tests/unit/tap.h
tests_unit_test_chart_CPPFLAGS = $(UNIT_CPPFLAGS)
tests_unit_test_chart_LDADD = $(UNIT_LDADD) -lm

# http_status_text (page.c): the reason phrase of every status the programs' sources answer.
check_PROGRAMS += tests/unit/test_status
TESTS += tests/unit/test_status
tests_unit_test_status_SOURCES = tests/unit/test_status.c tests/unit/tap.h
tests_unit_test_status_CPPFLAGS = $(UNIT_CPPFLAGS) -DUNIT_SRC_DIR='"$(abs_top_srcdir)"'
tests_unit_test_status_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_status_SOURCES = dummy.cxx

# Multi-line text through the real templates and back (field.tpl, contact.tpl, FIELD_TEXT).
check_PROGRAMS += tests/unit/test_textarea
TESTS += tests/unit/test_textarea
tests_unit_test_textarea_SOURCES = tests/unit/test_textarea.c tests/unit/tap.h
tests_unit_test_textarea_CPPFLAGS = $(UNIT_CPPFLAGS) -DUNIT_SRC_DIR='"$(abs_top_srcdir)"'
tests_unit_test_textarea_LDADD = $(UNIT_LDADD)
nodist_EXTRA_tests_unit_test_textarea_SOURCES = dummy.cxx
