/* Quoting text from the database for a gnuplot script. */
#include "unit.h"
#include "reporter/gnuplot.h"

#include <stdlib.h>

static void check_quote(const char *text, const char *want)
{
	char *got = gp_quote(text);

	CHECK_STR(got, want);
	free(got);
}

static void test_gnuplot__plain_text(void)
{
	check_quote("linux_start_kernel", "'linux_start_kernel'");
	check_quote("", "''");
}

static void test_gnuplot__quotes_are_doubled(void)
{
	check_quote("it's", "'it''s'");
	check_quote("'", "''''");
	check_quote("a \"b\"", "'a \"b\"'");	/* double quotes mean nothing inside single ones */
}

static void test_gnuplot__hostile_text_stays_text(void)
{
	/* In single quotes: no backslash escapes, no backquote command
	 * substitution, no @macro expansion. Only the quote needs doubling. */
	check_quote("back\\slash\\n", "'back\\slash\\n'");
	check_quote("`touch /tmp/x`", "'`touch /tmp/x`'");
	check_quote("system(\"rm -rf /\")", "'system(\"rm -rf /\")'");
	check_quote("@macro", "'@macro'");
	check_quote("x'; system('id'); print '", "'x''; system(''id''); print '''");
}

static void test_gnuplot__control_characters_cannot_end_the_command(void)
{
	/* A newline would end the command and start another one. */
	check_quote("line1\nset output '/etc/passwd'", "'line1 set output ''/etc/passwd'''");
	check_quote("a\rb\tc\x1b[0m\x7f", "'a b c [0m '");
}

static void test_gnuplot__utf8_kept(void)
{
	check_quote("d\xc3\xa9mo \xe2\x9c\x93", "'d\xc3\xa9mo \xe2\x9c\x93'");
}

UNIT_MAIN(
	TEST(test_gnuplot__plain_text),
	TEST(test_gnuplot__quotes_are_doubled),
	TEST(test_gnuplot__hostile_text_stays_text),
	TEST(test_gnuplot__control_characters_cannot_end_the_command),
	TEST(test_gnuplot__utf8_kept),
)
