/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A small trend for a table row: no text, its values as hover text. */
#include "svg_charts.h"
#include "palette.h"
#include "svg.h"

#include <math.h>

#define PAD 3.0

struct spark_scale {
	double lo, hi, w, h;
	size_t n;
};

static double spark_x(const struct spark_scale *s, size_t i)
{
	return s->n > 1 ? PAD + (double)i * (s->w - 2 * PAD) / (double)(s->n - 1) : s->w / 2;
}

static double spark_y(const struct spark_scale *s, double v)
{
	if (s->hi <= s->lo)
		return s->h / 2;
	return s->h - PAD - (v - s->lo) / (s->hi - s->lo) * (s->h - 2 * PAD);
}

/* The line, broken where a value is missing. */
static void spark_line(FILE *out, const struct spark_scale *s, const double *v)
{
	bool open = false;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (!isfinite(v[i])) {
			if (open)
				fputs("\"/>\n", out);
			open = false;
			continue;
		}
		fprintf(out, "%s%.1f,%.1f", open ? " " : "<polyline class=\"spark\" points=\"",
			spark_x(s, i), spark_y(s, v[i]));
		open = true;
	}
	if (open)
		fputs("\"/>\n", out);
}

void svg_spark(FILE *out, const double *v, size_t n, const size_t *marks, size_t nmarks,
	       double w, double h, const char *hover)
{
	struct spark_scale s = { INFINITY, -INFINITY, w, h, n };
	size_t i, last = n;

	for (i = 0; i < n; i++)
		if (isfinite(v[i])) {
			s.lo = fmin(s.lo, v[i]);
			s.hi = fmax(s.hi, v[i]);
			last = i;
		}
	svg_open(out, w, h, hover);
	svg_title(out, hover);
	fputc('\n', out);
	for (i = 0; i < nmarks; i++) {
		double x = marks[i] < n ? (spark_x(&s, marks[i]) + spark_x(&s, marks[i] ? marks[i] - 1 : 0)) / 2
			   : w / 2;

		fprintf(out, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"%s\" "
			"stroke-dasharray=\"2,2\"/>\n", x, x, h, PALETTE_BAD);
	}
	spark_line(out, &s, v);
	if (last < n)
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
			spark_x(&s, last), spark_y(&s, v[last]), palette_colour(0));
	svg_close(out);
}
