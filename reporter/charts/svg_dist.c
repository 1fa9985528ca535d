/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Distributions, a row each: a box from p25 to p75 with the median,
 * whiskers to min and max (nearest-rank, as summary computes them), and
 * every value as a point, so that a second mode or a long tail shows.
 */
#include "svg_charts.h"
#include "svg.h"
#include "../analysis/stats.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RIGHT 18.0
#define ROW_SHARED 28.0
#define ROW_OWN 48.0
#define BOX_H 12.0
#define AXIS_H 34.0

static double label_width(const struct svg_dist_row *rows, size_t n, double width)
{
	double w = 0;
	size_t i;

	for (i = 0; i < n; i++)
		w = fmax(w, svg_text_width(rows[i].name, SVG_FONT));
	return fmin(w, width * 0.3) + 12;
}

/* An axis below Y (ticks with the unit), across the plot. */
static void axis_below(FILE *out, const struct svg_axis *a, double y)
{
	char num[32], buf[48];
	size_t t;

	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		a->px0, y, a->px1, y);
	for (t = 0; t < a->nticks; t++) {
		double x = svg_axis_px(a, svg_axis_tick(a, t));

		svg_axis_tick_text(a, t, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s %s", num, a->unit->name);
		fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			x, y, x, y + 3);
		svg_text(out, x, y + 13, t == 0 ? "start" : t + 1 == a->nticks ? "end" : "middle", "s",
			 0, buf);
	}
}

static void range_of(const int64_t *v, size_t n, double *lo, double *hi)
{
	size_t i;

	for (i = 0; i < n; i++) {
		*lo = fmin(*lo, (double)v[i]);
		*hi = fmax(*hi, (double)v[i]);
	}
}

static void box_hover(char *buf, size_t len, const struct svg_dist_row *row, const struct stats *st)
{
	char med[32], lo[32], hi[32], min[32], max[32];

	duration_text(st->median, med, sizeof(med));
	duration_text((double)st->p25, lo, sizeof(lo));
	duration_text((double)st->p75, hi, sizeof(hi));
	duration_text((double)st->min, min, sizeof(min));
	duration_text((double)st->max, max, sizeof(max));
	snprintf(buf, len, "%s: %zu value%s, median %s (%.3f ms), p25 %s, p75 %s, min %s, max %s",
		 row->name, st->n, st->n == 1 ? "" : "s", med, st->median / 1e6, lo, hi, min, max);
}

static void box(FILE *out, const struct svg_axis *a, const struct svg_dist_row *row,
		const struct stats *st, double y)
{
	double x25 = svg_axis_px(a, (double)st->p25), x75 = svg_axis_px(a, (double)st->p75);
	double xmin = svg_axis_px(a, (double)st->min), xmax = svg_axis_px(a, (double)st->max);
	double xm = svg_axis_px(a, st->median);
	char hover[512];

	box_hover(hover, sizeof(hover), row, st);
	fputs("<g class=\"box\">", out);
	svg_title(out, hover);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
		"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" "
		"fill-opacity=\"0.25\"/>"
		"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke-width=\"2\"/></g>\n",
		xmin, y, x25, y, x75, y, xmax, y, xmin, y - 4, xmin, y + 4, xmax, y - 4, xmax, y + 4,
		x25, y - BOX_H / 2, fmax(x75 - x25, 1), BOX_H, row->colour, xm, y - BOX_H / 2 - 2, xm,
		y + BOX_H / 2 + 2);
}

/* Every value as a point, spread a little up and down so that equal ones show. */
static void dots(FILE *out, const struct svg_axis *a, const struct svg_dist_row *row, double y)
{
	char hover[128], text[32];
	size_t i;

	for (i = 0; i < row->n; i++) {
		duration_text((double)row->v[i], text, sizeof(text));
		snprintf(hover, sizeof(hover), "%s (%.3f ms)", text, (double)row->v[i] / 1e6);
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"%s\" fill-opacity=\"0.7\">",
			svg_axis_px(a, (double)row->v[i]), y + (double)((int)(i % 7) - 3) * 1.4,
			row->colour);
		svg_title(out, hover);
		fputs("</circle>\n", out);
	}
}

static void row_label(FILE *out, const struct svg_dist_row *row, double y, double w)
{
	if (row->href) {
		fputs("<a href=\"", out);
		html_put(out, row->href);
		fputs("\">", out);
	}
	svg_text(out, 0, y + 4, "start", "t", w - 10, row->name);
	if (row->href)
		fputs("</a>", out);
}

/* Row I at Y: its label, box and points on axis A. */
static void row_draw(FILE *out, const struct svg_axis *a, const struct svg_dist_row *row,
		     double y, double label_w)
{
	int64_t *copy = row->n ? malloc(row->n * sizeof(*copy)) : NULL;
	struct stats st;

	row_label(out, row, y, label_w);
	if (!copy)
		return;
	memcpy(copy, row->v, row->n * sizeof(*copy));
	stats_compute(copy, row->n, &st);
	free(copy);
	box(out, a, row, &st, y);
	dots(out, a, row, y);
}

void svg_dist(FILE *out, const struct svg_dist_row *rows, size_t n, bool shared,
	      double width, const char *label)
{
	double label_w = label_width(rows, n, width), lo = INFINITY, hi = -INFINITY, y;
	double height = shared ? (double)n * ROW_SHARED + AXIS_H : (double)n * ROW_OWN + 8;
	struct svg_axis a;
	size_t i;

	for (i = 0; shared && i < n; i++)
		range_of(rows[i].v, rows[i].n, &lo, &hi);
	svg_axis_init(&a, isfinite(lo) ? lo : 0, isfinite(hi) ? hi : 0, 6, label_w, width - RIGHT);
	svg_open(out, width, height, label);
	for (i = 0; i < n; i++) {
		y = shared ? ((double)i + 0.5) * ROW_SHARED : (double)i * ROW_OWN + 14;
		if (!shared) {
			lo = INFINITY;
			hi = -INFINITY;
			range_of(rows[i].v, rows[i].n, &lo, &hi);
			svg_axis_init(&a, isfinite(lo) ? lo : 0, isfinite(hi) ? hi : 0, 5, label_w,
				      width - RIGHT);
			axis_below(out, &a, y + BOX_H / 2 + 6);
		}
		row_draw(out, &a, &rows[i], y, label_w);
	}
	if (shared)
		axis_below(out, &a, (double)n * ROW_SHARED + 4);
	svg_close(out);
}
