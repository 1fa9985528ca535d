/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The charts' colours: reporter/charts/palette.c. */
#include "unit.h"
#include "reporter/charts/palette.h"

#include <math.h>
#include <stdlib.h>

/* sRGB "#rrggbb" to CIELAB (D65). */
static void lab_of(const char *hex, double lab[3])
{
	double c[3], xyz[3], f[3];
	int i;

	for (i = 0; i < 3; i++) {
		char byte[3] = { hex[1 + 2 * i], hex[2 + 2 * i], 0 };
		double v = (double)strtol(byte, NULL, 16) / 255;

		c[i] = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
	}
	xyz[0] = (0.4124 * c[0] + 0.3576 * c[1] + 0.1805 * c[2]) / 0.95047;
	xyz[1] = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	xyz[2] = (0.0193 * c[0] + 0.1192 * c[1] + 0.9505 * c[2]) / 1.08883;
	for (i = 0; i < 3; i++)
		f[i] = xyz[i] > 0.008856 ? cbrt(xyz[i]) : 7.787 * xyz[i] + 16.0 / 116;
	lab[0] = 116 * f[1] - 16;
	lab[1] = 500 * (f[0] - f[1]);
	lab[2] = 200 * (f[1] - f[2]);
}

static double delta_e(const char *a, const char *b)
{
	double x[3], y[3];

	lab_of(a, x);
	lab_of(b, y);
	return sqrt((x[0] - y[0]) * (x[0] - y[0]) + (x[1] - y[1]) * (x[1] - y[1]) +
		    (x[2] - y[2]) * (x[2] - y[2]));
}

/* 20 colours, each far from every other (CIE76 >= 20: plainly different hues
 * or shades side by side) and from the white page (>= 30). */
static void test_palette__twenty_distinct_colours(void)
{
	size_t i, j;

	for (i = 0; i < PALETTE_SIZE; i++) {
		const char *c = palette_colour(i);

		CHECK(strlen(c) == 7 && c[0] == '#');
		CHECK(delta_e(c, "#ffffff") >= 30);
		for (j = 0; j < i; j++)
			if (delta_e(c, palette_colour(j)) < 20) {
				printf("#   colours %zu %s and %zu %s are too alike: %.1f\n", j,
				       palette_colour(j), i, c, delta_e(c, palette_colour(j)));
				unit_failed = 1;
			}
	}
}

static void test_palette__comes_round_past_the_end(void)
{
	CHECK_STR(palette_colour(PALETTE_SIZE), palette_colour(0));
	CHECK_STR(palette_colour(PALETTE_SIZE + 3), palette_colour(3));
	CHECK_STR(palette_colour(0), "#1f77b4");	/* tab10 first, as before */
}

UNIT_MAIN(TEST(test_palette__twenty_distinct_colours),
	  TEST(test_palette__comes_round_past_the_end))
