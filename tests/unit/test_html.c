/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text and tables as HTML: reporter/rendering/html.c. */
#include "unit.h"
#include "reporter/rendering/html.h"

#include <stdlib.h>
#include <string.h>

static char *escaped(const char *text)
{
	return html_dup(text);
}

static void check_escaped(const char *text, const char *want)
{
	char *got = escaped(text);

	CHECK_STR(got, want);
	free(got);
}

static void test_html__markup_is_text(void)
{
	check_escaped("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
	check_escaped("a & b", "a &amp; b");
	check_escaped("\"><img src=x onerror=alert(1)>", "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
	check_escaped("it's", "it&#39;s");
	check_escaped("&amp;", "&amp;amp;");	/* an entity stays what was written */
	check_escaped("", "");
}

static void test_html__controls_and_bad_bytes_as_on_a_terminal(void)
{
	check_escaped("a\nb\tc\x1b[31m", "a b c [31m");
	check_escaped("\xc2\x9b" "x", " x");	/* U+009B, a C1 control */
	check_escaped("\xff<", "\xef\xbf\xbd&lt;");	/* not UTF-8: U+FFFD */
	check_escaped("caf\xc3\xa9 \xe2\x82\xac", "caf\xc3\xa9 \xe2\x82\xac");
	check_escaped("a\0b", "a");	/* a C string ends at NUL */
}

static void test_html__put_stops_at_n(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	html_putn(f, "<ab>", 2);
	html_put(f, NULL);
	fclose(f);
	CHECK_STR(buf, "&lt;a");
	free(buf);
}

static const struct column columns[] = {
	{ "name", COL_TEXT, SHOW_ALL, 0, true },
	{ "hidden", COL_TEXT, SHOW_DATA, 0, false },
	{ "median", COL_TIME, SHOW_ALL, 0, false },
	{ "change", COL_RATIO, SHOW_TEXT, 0, false },
};

static void test_html__table_as_the_text_formats_show_it(void)
{
	struct table *t = table_new(columns, 4);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	table_title_set(t, "times in ms");
	table_row_add(t);
	table_group_set(t, 0, "label <b>");
	table_text_set(t, 0, 0, "fw<i>");
	table_text_set(t, 0, 1, "not shown");
	table_int_set(t, 0, 2, 1234567);
	table_real_set(t, 0, 3, 0.051);
	table_row_add(t);	/* all NULL */
	CHECK_INT(html_table(f, t), 0);
	fclose(f);
	CHECK_STR(buf, "<table>\n<caption>times in ms</caption>\n"
		  "<thead><tr><th>name</th><th class=\"num\">median</th>"
		  "<th class=\"num\">change</th></tr></thead>\n<tbody>\n"
		  "<tr class=\"group\"><th colspan=\"3\">label &lt;b&gt;</th></tr>\n"
		  "<tr><td>fw&lt;i&gt;</td><td class=\"num\">1.235</td>"
		  "<td class=\"num\">+5.1%</td></tr>\n"
		  "<tr><td>-</td><td class=\"num\">-</td><td class=\"num\">-</td></tr>\n"
		  "</tbody></table>\n");
	free(buf);
	table_free(t);
}

/* A table of N rows under two groups, spooled to a file when SPOOL. */
static struct table *big_table(size_t n, bool spool)
{
	static const struct column cols[] = {
		{ "name", COL_TEXT, SHOW_ALL, 0, true },
		{ "median", COL_TIME, SHOW_ALL, 0, false },
		{ "empty", COL_TEXT, SHOW_NONE, 0, false },
	};
	struct table *t = table_new(cols, 3);
	size_t i;

	t->no_spool = !spool;
	for (i = 0; i < n; i++) {
		long r = table_row_add(t);

		if (i == 0 || i == n / 2)
			table_group_set(t, (size_t)r, "group %zu", i);
		table_textf_set(t, (size_t)r, 0, "row <%zu>", i);
		table_int_set(t, (size_t)r, 1, (int64_t)i * 1000003);
		table_text_set(t, (size_t)r, 2, "hidden");
	}
	return t;
}

static char *html_of(const struct table *t)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK_INT(html_table(f, t), 0);
	fclose(f);
	return buf;
}

/*
 * A big table's older rows are in its spool, not in t->cells: the page
 * shows them as the same table held in memory, hidden columns left out.
 */
static void test_html__spooled_table_as_in_memory(void)
{
	size_t n = 3 * TABLE_WINDOW + 5;
	struct table *spooled = big_table(n, true), *held = big_table(n, false);
	char *a = html_of(spooled), *b = html_of(held);

	CHECK(spooled->base > 0 && held->base == 0);
	CHECK_STR(a, b);
	CHECK(strstr(a, "<tr><td>row &lt;0&gt;</td><td class=\"num\">0.000</td></tr>") != NULL);
	CHECK(strstr(a, "<th colspan=\"2\">group 0</th>") != NULL);
	CHECK(strstr(a, "hidden") == NULL && strstr(a, "empty") == NULL);
	free(a);
	free(b);
	table_free(spooled);
	table_free(held);
}

UNIT_MAIN(TEST(test_html__markup_is_text),
	  TEST(test_html__controls_and_bad_bytes_as_on_a_terminal),
	  TEST(test_html__put_stops_at_n),
	  TEST(test_html__table_as_the_text_formats_show_it),
	  TEST(test_html__spooled_table_as_in_memory))
