/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SVG drawn directly: reporter/charts/svg.c. */
#include "unit.h"
#include "reporter/charts/svg.h"

#include <math.h>
#include <stdlib.h>

static void test_svg__units(void)
{
	CHECK_STR(svg_unit_for(16e3)->name, "us");
	CHECK_STR(svg_unit_for(999e3)->name, "us");
	CHECK_STR(svg_unit_for(1e6)->name, "ms");
	CHECK_STR(svg_unit_for(1.9e9)->name, "ms");
	CHECK_STR(svg_unit_for(2.75e9)->name, "s");
}

static char *tick(const struct svg_axis *a, size_t k)
{
	static char buf[32];

	svg_axis_tick_text(a, k, buf, sizeof(buf));
	return buf;
}

static void test_svg__axis_ticks_are_nice_and_cover_the_data(void)
{
	struct svg_axis a;

	svg_axis_init(&a, 0, 63.4e6, 6, 0, 100);	/* 0..63.4 ms */
	CHECK_STR(a.unit->name, "ms");
	CHECK(a.lo == 0 && a.hi >= 63.4e6 && a.nticks <= 6);
	CHECK(fabs(a.step - 20e6) < 1);
	CHECK_INT(a.nticks, 5);
	CHECK_STR(tick(&a, 0), "0");
	CHECK_STR(tick(&a, 4), "80");
	CHECK(fabs(svg_axis_px(&a, 40e6) - 50) < 1e-9);

	svg_axis_init(&a, 2.51e9, 2.68e9, 6, 0, 100);	/* seconds, not from 0 */
	CHECK_STR(a.unit->name, "s");
	CHECK(a.lo <= 2.51e9 && a.hi >= 2.68e9 && a.nticks <= 6);
	CHECK_STR(tick(&a, 0), "2.50");
	CHECK_STR(tick(&a, 1), "2.55");

	svg_axis_init(&a, 12e3, 19e3, 5, 0, 100);	/* microseconds */
	CHECK_STR(a.unit->name, "us");
	CHECK(a.lo <= 12e3 && a.hi >= 19e3 && a.nticks >= 2 && a.nticks <= 5);
}

static void test_svg__flat_and_negative_ranges(void)
{
	struct svg_axis a;

	svg_axis_init(&a, 5e6, 5e6, 6, 0, 100);	/* one value */
	CHECK(a.lo < 5e6 && a.hi > 5e6 && a.nticks >= 2);
	svg_axis_init(&a, 0, 0, 6, 0, 100);	/* nothing at all */
	CHECK(a.hi > a.lo && a.nticks >= 2);
	svg_axis_init(&a, -3e6, 2e6, 6, 0, 100);	/* a change can be negative */
	CHECK(a.lo <= -3e6 && a.hi >= 2e6);
	CHECK_STR(tick(&a, (size_t)llround(-a.lo / a.step)), "0");	/* not "-0" */
}

static void test_svg__text_width_and_fit(void)
{
	double w = svg_text_width("0", 10);

	CHECK(w > 6.3 && w < 7);	/* DejaVu Sans digit: 0.636 em */
	CHECK(svg_text_width("mmmm", 10) > svg_text_width("iiii", 10) * 3);
	CHECK(svg_text_width("\xe6\x97\xa5", 10) >= 10);	/* a CJK character: an em */
	CHECK_INT(svg_text_fit("firmware", 12, 1000), 8);
	CHECK_INT(svg_text_fit("firmware", 12, 40), 4);	/* "firm" + ellipsis */
	CHECK(svg_text_width("firm", 12) + 12 * 1.06 <= 40);	/* an ellipsis: an em */
	CHECK(svg_text_width("firmw", 12) + 12 * 1.06 > 40);
	CHECK_INT(svg_text_fit("\xc3\xa9\xc3\xa9\xc3\xa9", 12, 30), 2);	/* whole characters */
}

static void test_svg__text_escaped_and_cut_with_its_whole_text_as_title(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	svg_text(f, 1, 2, "start", "t", 0, "<b>&");
	svg_text(f, 1, 2, "end", "s", 30, "a long label <x>");
	fclose(f);
	CHECK_STR(buf, "<text x=\"1.0\" y=\"2.0\" text-anchor=\"start\" class=\"t\">&lt;b&gt;&amp;</text>\n"
		  "<text x=\"1.0\" y=\"2.0\" text-anchor=\"end\" class=\"s\">a lo\xe2\x80\xa6"
		  "<title>a long label &lt;x&gt;</title></text>\n");
	free(buf);
}

UNIT_MAIN(TEST(test_svg__units),
	  TEST(test_svg__axis_ticks_are_nice_and_cover_the_data),
	  TEST(test_svg__flat_and_negative_ranges),
	  TEST(test_svg__text_width_and_fit),
	  TEST(test_svg__text_escaped_and_cut_with_its_whole_text_as_title))
