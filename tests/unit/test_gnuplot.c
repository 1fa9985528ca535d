/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Quoting text from the database for a gnuplot script. */
#include "unit.h"
#include "reporter/charts/gnuplot.h"

#include <stdlib.h>

static void check_quote(const char *text, const char *want)
{
	char *got = gp_quote(text);

	CHECK_STR(got, want);
	free(got);
}

/* What gp_put writes: the text as a terminal shows it, quoted. */
static void check_put(const char *text, const char *want)
{
	char *got = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&got, &len);

	gp_put(out, text);
	fclose(out);
	CHECK_STR(got, want);
	free(got);
}

static void test_gnuplot__plain_text(void)
{
	check_quote("linux_start_kernel", "'linux_start_kernel'");
	check_quote("", "''");
}

static void test_gnuplot__quotes_are_pieces_of_their_own(void)
{
	/* gnuplot reads '' inside single quotes only after another character:
	 * '''a' and 'a''''' do not parse. A quote is "\047", joined with '.'. */
	check_quote("it's", "'it'.\"\\047\".'s'");
	check_quote("'", "\"\\047\"");
	check_quote("'abc", "\"\\047\".'abc'");
	check_quote("a''", "'a'.\"\\047\".\"\\047\"");
	check_quote("a \"b\"", "'a \"b\"'");	/* double quotes mean nothing inside single ones */
}

static void test_gnuplot__hostile_text_stays_text(void)
{
	/* In single quotes: no backslash escapes, no backquote command
	 * substitution, no @macro expansion. */
	check_quote("back\\slash\\n", "'back\\slash\\n'");
	check_quote("`touch /tmp/x`", "'`touch /tmp/x`'");
	check_quote("system(\"rm -rf /\")", "'system(\"rm -rf /\")'");
	check_quote("@macro $x", "'@macro $x'");
	check_quote("x'; system('id'); print '",
		    "'x'.\"\\047\".'; system('.\"\\047\".'id'.\"\\047\".'); print '.\"\\047\"");
	/* No quote character inside double quotes: gnuplot's macro expansion
	 * would take the piece after it for unquoted and expand @GPVAL_PWD. */
	check_quote("'@GPVAL_PWD", "\"\\047\".'@GPVAL_PWD'");
}

static void test_gnuplot__control_characters_cannot_end_the_command(void)
{
	/* A newline would end the command and start another one: exactly, as
	 * an octal escape (file names), or blanked (everything drawn). */
	check_quote("line1\nset output '/etc/passwd'",
		    "'line1'.\"\\012\".'set output '.\"\\047\".'/etc/passwd'.\"\\047\"");
	check_quote("a\x7f", "'a'.\"\\177\"");
	check_put("line1\nset output '/etc/passwd'",
		  "'line1 set output '.\"\\047\".'/etc/passwd'.\"\\047\"");
	check_put("a\rb\tc\x1b[0m\x7f\x9b\xc2\x85", "'a b c [0m   '");
}

static void test_gnuplot__utf8_kept(void)
{
	check_quote("d\xc3\xa9mo \xe2\x9c\x93", "'d\xc3\xa9mo \xe2\x9c\x93'");
	check_put("d\xc3\xa9mo \xe2\x9c\x93", "'d\xc3\xa9mo \xe2\x9c\x93'");
	/* A file name that is not UTF-8 stays as it is; drawn text gets U+FFFD. */
	check_quote("chart-\xe9t\xe9.png", "'chart-\xe9t\xe9.png'");
	check_put("\xe9t\xe9", "'\xef\xbf\xbdt\xef\xbf\xbd'");
}

UNIT_MAIN(
	TEST(test_gnuplot__plain_text),
	TEST(test_gnuplot__quotes_are_pieces_of_their_own),
	TEST(test_gnuplot__hostile_text_stays_text),
	TEST(test_gnuplot__control_characters_cannot_end_the_command),
	TEST(test_gnuplot__utf8_kept),
)
