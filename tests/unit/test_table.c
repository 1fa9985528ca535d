/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The four output formats, compared whole. */
#include "unit.h"
#include "reporter/rendering/table.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

static char *render(const struct table *t, enum format f)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK_INT(table_print(out, t, f), 0);
	fclose(out);
	return text;
}

static void check_render(const struct table *t, enum format f, const char *want)
{
	char *got = render(t, f);

	CHECK_STR(got, want);
	free(got);
}

static struct table *sample_table(void)
{
	static const struct column cols[] = {
		{ "name", COL_TEXT, SHOW_ALL, 20 },
		{ "n", COL_INT, SHOW_ALL, 0 },
		{ "median", COL_TIME, SHOW_ALL, 0 },
		{ "change", COL_RATIO, SHOW_ALL, 0 },
		{ "p", COL_PVALUE, SHOW_DATA, 0 },
	};
	struct table *t = table_new(cols, 5);
	long r;

	table_title_set(t, "times in ms");
	r = table_row_add(t);
	table_text_set(t, r, 0, "fw_start");
	table_int_set(t, r, 1, 20);
	table_real_set(t, r, 2, 42449999.5);
	table_real_set(t, r, 3, 0.0512);
	table_real_set(t, r, 4, 0.000123);
	r = table_row_add(t);
	table_text_set(t, r, 0, "linux_start_kernel..linux_start_user");
	table_int_set(t, r, 1, 3);
	table_int_set(t, r, 2, 10400);
	table_real_set(t, r, 3, -0.25);
	return t;
}

static void test_table__text_format_aligned_and_wrapped(void)
{
	struct table *t = sample_table();

	check_render(t, FORMAT_TABLE,
		"times in ms\n"
		"\n"
		"name                   n  median  change\n"
		"fw_start              20  42.450   +5.1%\n"
		"linux_start_kernel..   3   0.010  -25.0%\n"
		"  linux_start_user\n");
	table_free(t);
}

static void test_table__markdown(void)
{
	struct table *t = sample_table();

	check_render(t, FORMAT_MARKDOWN,
		"times in ms\n"
		"\n"
		"| name | n | median | change |\n"
		"| --- | ---: | ---: | ---: |\n"
		"| fw_start | 20 | 42.450 | +5.1% |\n"
		"| linux_start_kernel..linux_start_user | 3 | 0.010 | -25.0% |\n");
	table_free(t);
}

static void test_table__csv_in_ns(void)
{
	struct table *t = sample_table();

	check_render(t, FORMAT_CSV,
		"name,n,median_ns,change,p\n"
		"fw_start,20,42450000,0.0512,0.000123\n"
		"linux_start_kernel..linux_start_user,3,10400,-0.25,\n");
	table_free(t);
}

static void test_table__json_in_ns(void)
{
	struct table *t = sample_table();

	check_render(t, FORMAT_JSON,
		"[\n"
		"  {\"name\": \"fw_start\", \"n\": 20, \"median_ns\": 42450000, \"change\": 0.0512, \"p\": 0.000123},\n"
		"  {\"name\": \"linux_start_kernel..linux_start_user\", \"n\": 3, \"median_ns\": 10400, \"change\": -0.25, \"p\": null}\n"
		"]\n");
	table_free(t);
}

static void test_table__hostile_text(void)
{
	static const struct column cols[] = { { "label", COL_TEXT, SHOW_ALL, 0 } };
	struct table *t = table_new(cols, 1);
	long r = table_row_add(t);

	table_text_set(t, r, 0, "a \"b\", c|d\ne\xff");
	check_render(t, FORMAT_CSV, "label\n\"a \"\"b\"\", c|d\ne\xff\"\n");
	check_render(t, FORMAT_JSON, "[\n  {\"label\": \"a \\\"b\\\", c|d\\u000ae\\ufffd\"}\n]\n");
	check_render(t, FORMAT_MARKDOWN, "| label |\n| --- |\n| a \"b\", c\\|d e\xef\xbf\xbd |\n");
	check_render(t, FORMAT_TABLE, "label\na \"b\", c|d e\xef\xbf\xbd\n");
	table_free(t);
}

static void test_table__groups_nulls_and_empty(void)
{
	static const struct column cols[] = {
		{ "milestone", COL_TEXT, SHOW_ALL, 0 },
		{ "time", COL_TIME, SHOW_ALL, 0 },
	};
	struct table *t = table_new(cols, 2);
	long r;

	check_render(t, FORMAT_TABLE, "milestone  time\n");
	check_render(t, FORMAT_JSON, "[]\n");
	r = table_row_add(t);
	table_group_set(t, r, "run 1");
	table_text_set(t, r, 0, "fw_start");
	table_int_set(t, r, 1, 1500000);
	r = table_row_add(t);
	table_group_set(t, r, "run 2");
	table_text_set(t, r, 0, "fw_start");
	check_render(t, FORMAT_TABLE,
		"run 1\n"
		"milestone   time\n"
		"fw_start   1.500\n"
		"\n"
		"run 2\n"
		"milestone   time\n"
		"fw_start       -\n");
	check_render(t, FORMAT_CSV, "milestone,time_ns\nfw_start,1500000\nfw_start,\n");
	table_free(t);
}

static void test_table__wide_table_folds_with_key_columns(void)
{
	static const struct column cols[] = {
		{ "name", COL_TEXT, SHOW_ALL, 0, true },
		{ "aaaaaaaaaa", COL_INT, SHOW_ALL, 0, false },
		{ "bbbbbbbbbb", COL_INT, SHOW_ALL, 0, false },
		{ "cccccccccc", COL_INT, SHOW_ALL, 0, false },
	};
	struct table *t = table_new(cols, 4);
	long r = table_row_add(t);

	t->width = 30;
	table_text_set(t, r, 0, "x");
	table_int_set(t, r, 1, 1);
	table_int_set(t, r, 2, 2);
	table_int_set(t, r, 3, 3);
	check_render(t, FORMAT_TABLE,
		"name  aaaaaaaaaa  bbbbbbbbbb\n"
		"x              1           2\n"
		"\n"
		"name  cccccccccc\n"
		"x              3\n");
	check_render(t, FORMAT_CSV, "name,aaaaaaaaaa,bbbbbbbbbb,cccccccccc\nx,1,2,3\n");
	table_free(t);
}

/* Column names as hostile as values: -p NAME and SQL aliases are text. */
static struct table *hostile_names_table(void)
{
	static const struct column cols[] = {
		{ "a\"b", COL_TEXT, SHOW_ALL, 0 },
		{ "c,d|e", COL_TIME, SHOW_ALL, 0 },
		{ "=cmd|' /C calc'!A0", COL_INT, SHOW_ALL, 0 },
		{ "x\x1b]0;pwn\x07y", COL_ANY, SHOW_ALL, 0 },
	};
	struct table *t = table_new(cols, 4);
	long r = table_row_add(t);

	table_text_set(t, r, 0, "v\x9b" "1m");
	table_int_set(t, r, 1, -1500000);
	table_int_set(t, r, 2, -7);
	table_real_set(t, r, 3, -0.5);
	return t;
}

static void test_table__names_escaped_in_every_format(void)
{
	struct table *t = hostile_names_table();

	check_render(t, FORMAT_CSV,
		"\"a\"\"b\",\"c,d|e_ns\",'=cmd|' /C calc'!A0,x\x1b]0;pwn\x07y\n"
		"v\x9b" "1m,-1500000,-7,-0.5\n");
	check_render(t, FORMAT_JSON,
		"[\n  {\"a\\\"b\": \"v\\ufffd1m\", \"c,d|e_ns\": -1500000, "
		"\"=cmd|' /C calc'!A0\": -7, \"x\\u001b]0;pwn\\u0007y\": -0.5}\n]\n");
	check_render(t, FORMAT_MARKDOWN,
		"| a\"b | c,d\\|e | =cmd\\|' /C calc'!A0 | x ]0;pwn y |\n"
		"| --- | ---: | ---: | --- |\n"
		"| v 1m | -1.500 | -7 | -0.5 |\n");
	check_render(t, FORMAT_TABLE,
		"a\"b    c,d|e  =cmd|' /C calc'!A0  x ]0;pwn y\n"
		"v 1m  -1.500                  -7        -0.5\n");
	table_free(t);
}

/* OWASP's CSV injection rule: text starting with = + - @ tab or CR gets a
 * leading quote; numbers (negative ones too) stay numbers. */
static void test_table__csv_formulas_defused(void)
{
	static const struct column cols[] = { { "v", COL_ANY, SHOW_ALL, 0 } };
	static const char *const texts[] = {
		"=1+2", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a=b", "'quoted", "",
	};
	struct table *t = table_new(cols, 1);
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		table_text_set(t, (size_t)table_row_add(t), 0, texts[i]);
	table_int_set(t, (size_t)table_row_add(t), 0, -3);
	table_real_set(t, (size_t)table_row_add(t), 0, -2.5);
	check_render(t, FORMAT_CSV,
		"v\n'=1+2\n'+1\n'-2\n'@SUM(A1)\n'\tx\n\"'\rx\"\na=b\n'quoted\n\n-3\n-2.5\n");
	table_free(t);
}

/* Does S hold anything a terminal would act on? Checks the bytes: C0 but
 * the newline, DEL, and C1 raw or in UTF-8; and that S is UTF-8. */
static bool terminal_safe(const char *s)
{
	size_t n = strlen(s), len;
	uint32_t cp;

	for (; n > 0; s += len, n -= len) {
		len = utf8_decode(s, n, &cp);
		if (len == 0 || (text_is_control(cp) && cp != '\n'))
			return false;
	}
	return true;
}

static void test_table__terminal_gets_no_control_character(void)
{
	static const struct column cols[] = {
		{ "name\x1b[2J", COL_TEXT, SHOW_ALL, 0 },
		{ "t\xc2\x9b" "5m", COL_TIME, SHOW_ALL, 0 },
	};
	const char *hostile = "\x1b]52;c;cHduZWQ=\x07|\x9b" "31m\xc2\x9d" "0;x\x07\x7f\t\r\x08\xff";
	struct table *t = table_new(cols, 2);
	enum format f;
	long r;

	table_title_set(t, "title %s", hostile);
	r = table_row_add(t);
	table_group_set(t, r, "group %s", hostile);
	t->group[r][5] = '\n';	/* a newline from the database does not break a caption */
	table_text_set(t, r, 0, hostile);
	table_int_set(t, r, 1, 1000000);
	for (f = FORMAT_TABLE; f <= FORMAT_MARKDOWN; f += FORMAT_MARKDOWN - FORMAT_TABLE) {
		char *out = render(t, f);

		CHECK(terminal_safe(out));
		free(out);
	}
	/* Each blanked or replaced byte takes one column: the columns align. */
	check_render(t, FORMAT_TABLE,
		"title  ]52;c;cHduZWQ= | 31m 0;x     \xef\xbf\xbd\n"
		"\n"
		"group  ]52;c;cHduZWQ= | 31m 0;x     \xef\xbf\xbd\n"
		"name [2J                          t 5m\n"
		" ]52;c;cHduZWQ= | 31m 0;x     \xef\xbf\xbd  1.000\n");
	table_free(t);
}

static void test_table__title_lines(void)
{
	static const struct column cols[] = { { "a", COL_TEXT, SHOW_ALL, 0 } };
	struct table *t = table_new(cols, 1);

	table_title_set(t, "line 1\nline\x1b 2");
	check_render(t, FORMAT_TABLE, "line 1\nline  2\n\na\n");
	check_render(t, FORMAT_MARKDOWN, "line 1\nline  2\n\n| a |\n| --- |\n");
	table_free(t);
}

/* Valid UTF-8 is text, whatever its bytes (0x80-0x9f inside characters). */
static void test_table__utf8_kept(void)
{
	static const struct column cols[] = { { "n\xc3\xa4me", COL_TEXT, SHOW_ALL, 0 } };
	struct table *t = table_new(cols, 1);

	table_text_set(t, (size_t)table_row_add(t), 0, "\xe2\x82\xac \xe2\x9c\x93 \xc3\xa9");
	check_render(t, FORMAT_TABLE, "n\xc3\xa4me\n\xe2\x82\xac \xe2\x9c\x93 \xc3\xa9\n");
	check_render(t, FORMAT_JSON, "[\n  {\"n\xc3\xa4me\": \"\xe2\x82\xac \xe2\x9c\x93 \xc3\xa9\"}\n]\n");
	check_render(t, FORMAT_CSV, "n\xc3\xa4me\n\xe2\x82\xac \xe2\x9c\x93 \xc3\xa9\n");
	table_free(t);
}

static void test_table__format_names(void)
{
	CHECK_INT(format_parse("table"), FORMAT_TABLE);
	CHECK_INT(format_parse("csv"), FORMAT_CSV);
	CHECK_INT(format_parse("json"), FORMAT_JSON);
	CHECK_INT(format_parse("markdown"), FORMAT_MARKDOWN);
	CHECK_INT(format_parse("xml"), -1);
}

/* A table of N rows under two groups; the widest name is in row 0. */
static struct table *big_table(size_t n, bool spool)
{
	static const struct column cols[] = {
		{ "name", COL_TEXT, SHOW_ALL, 0, true },
		{ "n", COL_INT, SHOW_ALL, 0 },
		{ "median", COL_TIME, SHOW_ALL, 0 },
		{ "ratio", COL_RATIO, SHOW_DATA, 0 },
		{ "empty", COL_TEXT, SHOW_NONE, 0 },
	};
	struct table *t = table_new(cols, 5);
	size_t i;

	t->no_spool = !spool;
	table_title_set(t, "big");
	for (i = 0; i < n; i++) {
		long r = table_row_add(t);

		if (i == 0 || i == n / 2)
			table_group_set(t, (size_t)r, "group %zu", i);
		table_textf_set(t, (size_t)r, 0, i ? "row %zu" : "the widest name, row %zu", i);
		if (i % 3)
			table_int_set(t, (size_t)r, 1, (int64_t)i * 7);
		table_int_set(t, (size_t)r, 2, (int64_t)i * 1000003);
		table_real_set(t, (size_t)r, 3, (double)i / 3);
		table_text_set(t, (size_t)r, 4, "hidden");
	}
	return t;
}

/*
 * A big table spools its older rows to a file and prints them back: every
 * format prints exactly what the same table held in memory prints (the
 * widths come from spooled rows too), and SHOW_NONE columns never print.
 */
static void test_table__spooled_prints_as_in_memory(void)
{
	size_t n = 3 * TABLE_WINDOW + 7;
	struct table *spooled = big_table(n, true), *held = big_table(n, false);
	enum format f;

	CHECK(spooled->base > 0 && spooled->spool != NULL);
	CHECK(spooled->nrows - spooled->base <= 2 * TABLE_WINDOW);
	CHECK(held->base == 0);
	for (f = FORMAT_TABLE; f <= FORMAT_MARKDOWN; f++) {
		char *a = render(spooled, f), *b = render(held, f);

		CHECK_STR(a, b);
		CHECK(strstr(a, "hidden") == NULL && strstr(a, "the widest name") != NULL);
		free(a);
		free(b);
	}
	table_free(spooled);
	table_free(held);
}

/* Setting a row after it was spooled is a bug that printing reports. */
static void test_table__set_after_spool_fails_print(void)
{
	struct table *t = big_table(3 * TABLE_WINDOW, true);
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	table_int_set(t, 0, 1, 5);
	CHECK(table_print(out, t, FORMAT_CSV) < 0);
	fclose(out);
	free(text);
	table_free(t);
}

UNIT_MAIN(
	TEST(test_table__text_format_aligned_and_wrapped),
	TEST(test_table__markdown),
	TEST(test_table__csv_in_ns),
	TEST(test_table__json_in_ns),
	TEST(test_table__hostile_text),
	TEST(test_table__groups_nulls_and_empty),
	TEST(test_table__wide_table_folds_with_key_columns),
	TEST(test_table__names_escaped_in_every_format),
	TEST(test_table__csv_formulas_defused),
	TEST(test_table__terminal_gets_no_control_character),
	TEST(test_table__title_lines),
	TEST(test_table__utf8_kept),
	TEST(test_table__format_names),
	TEST(test_table__spooled_prints_as_in_memory),
	TEST(test_table__set_after_spool_fails_print),
)
