/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A boot as a waterfall, the way systemd-analyze plot draws a host's
 * boot: one row per phase (consecutive milestones), a bar from its start
 * to its end, its name on the left and its duration after the bar (room
 * is kept on the right for the widest duration, so none is ever cut).
 */
#include "svg_charts.h"
#include "palette.h"
#include "svg.h"
#include "../rendering/time_line.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROW 20.0
#define BAR 13.0
#define AXIS_H 40.0
#define RIGHT 10.0

struct wf {
	const struct svg_phase *p;
	size_t n;
	double width, label_w, dur_w;
	struct svg_axis a;
	char (*name)[300];
	char (*dur)[32];
};

static void texts_make(struct wf *w)
{
	size_t i;

	w->label_w = 0;
	w->dur_w = 0;
	for (i = 0; i < w->n; i++) {
		snprintf(w->name[i], sizeof(w->name[i]), "%s..%s", w->p[i].from, w->p[i].to);
		duration_text((double)(w->p[i].end - w->p[i].start), w->dur[i], sizeof(w->dur[i]));
		w->label_w = fmax(w->label_w, svg_text_width(w->name[i], SVG_FONT_SMALL));
		w->dur_w = fmax(w->dur_w, svg_text_width(w->dur[i], SVG_FONT_SMALL));
	}
	w->label_w = fmin(w->label_w, w->width * 0.4) + 10;
	w->dur_w += 8;
}

static void axis_draw(FILE *out, const struct wf *w, double y)
{
	char num[32], buf[48];
	size_t t;

	for (t = 0; t < w->a.nticks; t++) {
		double x = svg_axis_px(&w->a, svg_axis_tick(&w->a, t));

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
			x, x, y);
		svg_axis_tick_text(&w->a, t, num, sizeof(num));
		snprintf(buf, sizeof(buf), "%s %s", num, w->a.unit->name);
		svg_text(out, x, y + 13, t == 0 ? "start" : "middle", "s", 0, buf);
	}
	fprintf(out, "<line class=\"axis\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
		w->a.px0, y, w->a.px1, y);
	svg_text(out, w->a.px0 + (w->a.px1 - w->a.px0) / 2, y + 30, "middle", "s", 0,
		 "time since the VMM's exec");
}

static void row_draw(FILE *out, const struct wf *w, size_t i)
{
	double y = (double)i * ROW + ROW / 2, x0 = svg_axis_px(&w->a, (double)w->p[i].start);
	double x1 = fmax(svg_axis_px(&w->a, (double)w->p[i].end), x0 + 1);
	char hover[512], from[32], to[32];

	duration_text((double)w->p[i].start, from, sizeof(from));
	duration_text((double)w->p[i].end, to, sizeof(to));
	snprintf(hover, sizeof(hover), "%s: %s (%.3f ms), from %s to %s since the exec", w->name[i],
		 w->dur[i], (double)(w->p[i].end - w->p[i].start) / 1e6, from, to);
	svg_text(out, 0, y + 3.5, "start", "s", w->label_w - 10, w->name[i]);
	fprintf(out, "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\">", x0,
		y - BAR / 2, x1 - x0, BAR, palette_colour(i));
	svg_title(out, hover);
	fputs("</rect>\n", out);
	svg_text(out, x1 + 4, y + 3.5, "start", "s", 0, w->dur[i]);
}

void svg_waterfall(FILE *out, const struct svg_phase *p, size_t n, double width,
		   const char *label)
{
	struct wf w = { p, n, width, 0, 0, { 0 }, NULL, NULL };
	double end = 0, start = 0;
	size_t i;

	w.name = calloc(n + 1, sizeof(*w.name));
	w.dur = calloc(n + 1, sizeof(*w.dur));
	if (!w.name || !w.dur) {
		free(w.name);
		free(w.dur);
		return;
	}
	texts_make(&w);
	for (i = 0; i < n; i++) {
		end = fmax(end, (double)p[i].end);
		start = fmin(start, (double)p[i].start);
	}
	svg_axis_init(&w.a, start, end, 8, w.label_w, width - RIGHT - w.dur_w);
	svg_open(out, width, (double)n * ROW + AXIS_H, label);
	axis_draw(out, &w, (double)n * ROW);
	for (i = 0; i < n; i++)
		row_draw(out, &w, i);
	svg_close(out);
	free(w.name);
	free(w.dur);
}
