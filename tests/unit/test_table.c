/* The four output formats, compared whole. */
#include "unit.h"
#include "reporter/table.h"

#include <stdlib.h>

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
	check_render(t, FORMAT_MARKDOWN, "| label |\n| --- |\n| a \"b\", c\\|d e\xff |\n");
	check_render(t, FORMAT_TABLE, "label\na \"b\", c|d e\xff\n");
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

static void test_table__format_names(void)
{
	CHECK_INT(format_parse("table"), FORMAT_TABLE);
	CHECK_INT(format_parse("csv"), FORMAT_CSV);
	CHECK_INT(format_parse("json"), FORMAT_JSON);
	CHECK_INT(format_parse("markdown"), FORMAT_MARKDOWN);
	CHECK_INT(format_parse("xml"), -1);
}

UNIT_MAIN(
	TEST(test_table__text_format_aligned_and_wrapped),
	TEST(test_table__markdown),
	TEST(test_table__csv_in_ns),
	TEST(test_table__json_in_ns),
	TEST(test_table__hostile_text),
	TEST(test_table__groups_nulls_and_empty),
	TEST(test_table__wide_table_folds_with_key_columns),
	TEST(test_table__format_names),
)
