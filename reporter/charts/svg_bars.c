/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stacked bars: per session, where the time goes (each stage's median on
 * the one before), so that a stage that grows shows as its band growing.
 */
#include "svg_charts.h"
#include "svg.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <math.h>
#include <string.h>

#define RIGHT 14.0
#define LEGEND_ROW 18.0
#define PLOT_H 220.0
#define BOTTOM 40.0

/* The legend's rows, laid out in WIDTH; returns its height (draws when OUT). */
static double legend(FILE *out, const char *const *names, const char *const *colours, size_t k,
		     double left, double width)
{
	double x = left, y = 0;
	size_t i;

	for (i = 0; i < k; i++) {
		double w = 14 + svg_text_width(names[i], SVG_FONT) + 18;

		if (x + w > width && x > left) {
			x = left;
			y += LEGEND_ROW;
		}
		if (out) {
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>\n",
				x, y + 4, colours[i]);
			svg_text(out, x + 14, y + 13, "start", "t", width - x - 14, names[i]);
		}
		x += w;
	}
	return y + LEGEND_ROW + 6;
}

static double stack_max(const double *v, size_t n, size_t k)
{
	double max = 0;
	size_t i, j;

	for (i = 0; i < n; i++) {
		double sum = 0;

		for (j = 0; j < k; j++)
			sum += isfinite(v[i * k + j]) ? v[i * k + j] : 0;
		max = fmax(max, sum);
	}
	return max;
}

static void y_axis(FILE *out, const struct svg_axis *a, double left, double right)
{
	char num[32], buf[48];
	size_t t;

	for (t = 0; t < a->nticks; t++) {
		double y = svg_axis_px(a, svg_axis_tick(a, t));

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			left, y, right, y);
		svg_axis_tick_text(a, t, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s %s", num, a->unit->name);
		svg_text(out, left - 6, y + 3.5, "end", "s", 0, buf);
	}
}

/* Bar I: its segments from the axis up, each with its figures as hover text. */
static void bar(FILE *out, const struct svg_x *x, size_t i, const double *v, size_t k,
		const char *const *names, const char *const *colours, const struct svg_axis *a,
		double cx, double w)
{
	char hover[1024], text[32];
	double base = 0;
	size_t j;

	if (x[i].href) {
		fputs("<a href=\"", out);
		html_put(out, x[i].href);
		fputs("\">", out);
	}
	fputs("<g>", out);
	for (j = 0; j < k; j++) {
		double val = v[i * k + j], y0, y1;

		if (!isfinite(val) || val <= 0)
			continue;
		y0 = svg_axis_px(a, base);
		y1 = svg_axis_px(a, base + val);
		fprintf(out, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\">",
			cx - w / 2, y1, w, fmax(y0 - y1, 0.01), colours[j]);
		duration_text(val, text, sizeof(text));
		snprintf(hover, sizeof(hover), "%s: %s median %s (%.3f ms)", x[i].hover, names[j],
			 text, val / 1e6);
		svg_title(out, hover);
		fputs("</rect>", out);
		base += val;
	}
	fputs(x[i].href ? "</g></a>\n" : "</g>\n", out);
}

void svg_bars(FILE *out, const struct svg_x *x, size_t n, const double *v, size_t k,
	      const char *const *names, const char *const *colours, double width,
	      const char *label)
{
	double legend_h = legend(NULL, names, colours, k, 0, width), left, plot_w, slot;
	struct svg_axis a;
	char buf[48], num[32];
	size_t i, t;

	svg_axis_init(&a, 0, stack_max(v, n, k), 5, 0, 1);
	for (left = 40, t = 0; t < a.nticks; t++) {
		svg_axis_tick_text(&a, t, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s %s", num, a.unit->name);
		left = fmax(left, svg_text_width(buf, SVG_FONT_SMALL) + 10);
	}
	plot_w = width - left - RIGHT;
	slot = plot_w / (double)(n ? n : 1);
	a.px0 = legend_h + PLOT_H;
	a.px1 = legend_h;
	svg_open(out, width, legend_h + PLOT_H + BOTTOM, label);
	legend(out, names, colours, k, left, width);
	y_axis(out, &a, left, width - RIGHT);
	for (i = 0; i < n; i++)
		bar(out, x, i, v, k, names, colours, &a, left + ((double)i + 0.5) * slot,
		    fmax(slot * 0.75, 0.5));
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		left, a.px0, width - RIGHT, a.px0);
	svg_x_ticks(out, x, n, left, plot_w, width, a.px0 + 4);
	svg_text(out, left + plot_w / 2, legend_h + PLOT_H + BOTTOM - 4, "middle", "s", 0,
		 "sessions in the order they started (UTC); each stage's median, stacked");
	svg_close(out);
}
