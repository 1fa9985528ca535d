/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A trend as small multiples: one panel per stage, each on its own scale
 * (a 16 us loader and a 2.6 s kernel cannot share an axis), over the same
 * sessions: the median of each as a line and points, p25..p75 as a band,
 * and the change points as dashed lines labelled with their change.
 */
#include "svg_charts.h"
#include "palette.h"
#include "svg.h"
#include "../rendering/html.h"
#include "../rendering/time_line.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RIGHT 14.0
#define TITLE_H 18.0
#define MARK_ROW 13.0
#define PLOT_H 110.0
#define GAP 12.0
#define XTICKS_H 18.0
#define XTITLE_H 18.0
#define YTICKS 5

struct layout {
	double width, left, plot_w;
	size_t n;
};

static double x_of(const struct layout *l, size_t i)
{
	return l->left + ((double)i + 0.5) * l->plot_w / (double)l->n;
}

/* The range of a panel's band and medians. */
static void panel_range(const struct svg_panel *p, size_t n, double *lo, double *hi)
{
	size_t i;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (i = 0; i < n; i++) {
		double a = isfinite(p->p25[i]) ? p->p25[i] : p->median[i];
		double b = isfinite(p->p75[i]) ? p->p75[i] : p->median[i];

		if (isfinite(a))
			*lo = fmin(*lo, a);
		if (isfinite(b))
			*hi = fmax(*hi, b);
	}
	if (!isfinite(*lo))
		*lo = *hi = 0;
}

static void tick_label(const struct svg_axis *a, size_t k, char *buf, size_t len)
{
	char num[32];

	svg_axis_tick_text(a, k, num, sizeof(num));
	snprintf(buf, len, "%s %s", num, a->unit->name);
}

/* Room the y tick labels of every panel need on the left. */
static double left_margin(const struct svg_panel *p, size_t np, size_t n)
{
	double w = 40;
	struct svg_axis a;
	char buf[48];
	size_t i, k;

	for (i = 0; i < np; i++) {
		double lo, hi;

		panel_range(&p[i], n, &lo, &hi);
		svg_axis_init(&a, lo, hi, YTICKS, 0, 1);
		for (k = 0; k < a.nticks; k++) {
			tick_label(&a, k, buf, sizeof(buf));
			w = fmax(w, svg_text_width(buf, SVG_FONT_SMALL));
		}
	}
	return w + 10;
}

static double marks_height(const struct svg_panel *p)
{
	return p->nmarks ? 2 * MARK_ROW : 0;
}

static void y_axis(FILE *out, const struct layout *l, const struct svg_axis *a)
{
	char buf[48];
	size_t k;

	for (k = 0; k < a->nticks; k++) {
		double y = svg_axis_px(a, svg_axis_tick(a, k));

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			l->left, y, l->width - RIGHT, y);
		tick_label(a, k, buf, sizeof(buf));
		svg_text(out, l->left - 6, y + 3.5, "end", "s", 0, buf);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		l->left, a->px0, l->left, a->px1);
}

/* The p25..p75 band, a polygon per run of sessions that have it. */
static void band(FILE *out, const struct layout *l, const struct svg_panel *p,
		 const struct svg_axis *a)
{
	size_t from = 0, to, i;

	while (from < l->n) {
		if (!isfinite(p->p25[from]) || !isfinite(p->p75[from])) {
			from++;
			continue;
		}
		for (to = from; to < l->n && isfinite(p->p25[to]) && isfinite(p->p75[to]); to++)
			;
		fprintf(out, "<polygon fill=\"%s\" fill-opacity=\"0.18\" points=\"", p->colour);
		for (i = from; i < to; i++)
			fprintf(out, "%.1f,%.1f ", x_of(l, i), svg_axis_px(a, p->p75[i]));
		for (i = to; i-- > from;)
			fprintf(out, "%.1f,%.1f ", x_of(l, i), svg_axis_px(a, p->p25[i]));
		fputs("\"/>\n", out);
		from = to;
	}
}

static void median_line(FILE *out, const struct layout *l, const struct svg_panel *p,
			const struct svg_axis *a)
{
	bool open = false;
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!isfinite(p->median[i])) {
			if (open)
				fputs("\"/>\n", out);
			open = false;
			continue;
		}
		if (!open)
			fprintf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
				p->colour);
		fprintf(out, "%.1f,%.1f ", x_of(l, i), svg_axis_px(a, p->median[i]));
		open = true;
	}
	if (open)
		fputs("\"/>\n", out);
}

/* "session 12 ...: firmware median 60.2 ms (p25 59.1 ms, p75 61.2 ms), 20 boots" */
static void point_hover(char *buf, size_t len, const struct svg_x *x, const struct svg_panel *p,
			size_t i)
{
	char med[32], lo[32], hi[32];

	duration_text(p->median[i], med, sizeof(med));
	duration_text(p->p25[i], lo, sizeof(lo));
	duration_text(p->p75[i], hi, sizeof(hi));
	snprintf(buf, len, "%s: %s median %s (%.3f ms; p25 %s, p75 %s), %zu boot%s", x[i].hover,
		 p->name, med, p->median[i] / 1e6, lo, hi, p->n[i], p->n[i] == 1 ? "" : "s");
}

static void points(FILE *out, const struct layout *l, const struct svg_x *x,
		   const struct svg_panel *p, const struct svg_axis *a)
{
	double r = fmin(3, fmax(1.2, l->plot_w / (double)l->n / 2.5));
	char hover[1024];
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (!isfinite(p->median[i]))
			continue;
		if (x[i].href) {
			fputs("<a href=\"", out);
			html_put(out, x[i].href);
			fputs("\">", out);
		}
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\">", x_of(l, i),
			svg_axis_px(a, p->median[i]), r, p->colour);
		point_hover(hover, sizeof(hover), x, p, i);
		svg_title(out, hover);
		fputs(x[i].href ? "</circle></a>\n" : "</circle>\n", out);
	}
}

/* Change point M: a dashed line, its label in the first of two rows with room. */
static void mark_draw(FILE *out, const struct layout *l, const struct svg_mark *m,
		      double top, double bottom, double row_end[2])
{
	double x = m->at < l->n ? (x_of(l, m->at) + x_of(l, m->at ? m->at - 1 : 0)) / 2 : l->left;
	double w = svg_text_width(m->text, SVG_FONT_SMALL);
	double start = fmin(fmax(x - w / 2, l->left), l->width - RIGHT - w);
	int row = start > row_end[0] + 4 ? 0 : start > row_end[1] + 4 ? 1 : -1;

	if (m->href) {
		fputs("<a href=\"", out);
		html_put(out, m->href);
		fputs("\">", out);
	}
	fputs("<g>", out);
	svg_title(out, m->hover);
	fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
		"stroke-width=\"1.5\" stroke-dasharray=\"4,3\"/>\n", x, top - 2 * MARK_ROW, x, bottom,
		m->up ? PALETTE_BAD : PALETTE_GOOD);
	if (row >= 0) {
		svg_text(out, start, top - 2 * MARK_ROW + MARK_ROW * (row + 1) - 3, "start", "s mark",
			 0, m->text);
		row_end[row] = start + w;
	}
	fputs(m->href ? "</g></a>\n" : "</g>\n", out);
}

/* One panel from TOP; returns its height. */
static double panel_draw(FILE *out, const struct layout *l, const struct svg_x *x,
			 const struct svg_panel *p, double top)
{
	double lo, hi, plot_top = top + TITLE_H + marks_height(p), row_end[2] = { -1e9, -1e9 };
	struct svg_axis a;
	char title[300];
	size_t i;

	panel_range(p, l->n, &lo, &hi);
	svg_axis_init(&a, lo, hi, YTICKS, plot_top + PLOT_H, plot_top);
	snprintf(title, sizeof(title), "%s: median per session, band p25..p75 (%s)", p->name,
		 a.unit->name);
	svg_text(out, l->left, top + 13, "start", "t head", l->width - RIGHT - l->left, title);
	y_axis(out, l, &a);
	band(out, l, p, &a);
	median_line(out, l, p, &a);
	points(out, l, x, p, &a);
	for (i = 0; i < p->nmarks; i++)
		mark_draw(out, l, &p->marks[i], plot_top, plot_top + PLOT_H, row_end);
	return TITLE_H + marks_height(p) + PLOT_H + GAP;
}

void svg_x_ticks(FILE *out, const struct svg_x *x, size_t n, double left_px, double plot_w,
		 double width, double y)
{
	struct layout lay = { width, left_px, plot_w, n ? n : 1 }, *l = &lay;
	double widest = 0, room = l->plot_w / (double)l->n, last_left = l->width + 1e9;
	size_t i, every;

	for (i = 0; i < n; i++)
		widest = fmax(widest, svg_text_width(x[i].tick, SVG_FONT_SMALL));
	every = (size_t)ceil((widest + 12) / room);
	for (i = n; i-- > 0;) {
		double cx = x_of(l, i), w = svg_text_width(x[i].tick, SVG_FONT_SMALL);
		double left = fmin(fmax(cx - w / 2, 0), l->width - w);

		if ((l->n - 1 - i) % (every ? every : 1) != 0 || left + w > last_left - 6)
			continue;
		fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			cx, y - 4, cx, y);
		svg_text(out, left, y + 11, "start", "s", 0, x[i].tick);
		last_left = left;
	}
}

void svg_trend(FILE *out, const struct svg_x *x, size_t n, const struct svg_panel *p,
	       size_t np, double width, const char *label)
{
	struct layout l = { width, 0, 0, n ? n : 1 };
	double height = XTICKS_H + XTITLE_H, top = 0;
	size_t i;

	l.left = left_margin(p, np, n);
	l.plot_w = width - l.left - RIGHT;
	for (i = 0; i < np; i++)
		height += TITLE_H + marks_height(&p[i]) + PLOT_H + GAP;
	svg_open(out, width, height, label);
	for (i = 0; i < np; i++)
		top += panel_draw(out, &l, x, &p[i], top);
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		l.left, top - GAP, width - RIGHT, top - GAP);
	svg_x_ticks(out, x, n, l.left, l.plot_w, width, top - GAP + 4);
	svg_text(out, l.left + l.plot_w / 2, height - 4, "middle", "s", 0,
		 "sessions in the order they started (UTC); hover a point for its figures");
	svg_close(out);
}
