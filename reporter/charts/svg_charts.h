/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's charts, as SVG written directly (charts/svg.h): every
 * axis says its unit, every label is placed where it fits or is cut with
 * its whole text as hover text, every point, bar and box has its exact
 * values as hover text, and what has a page links to it. Pure: the
 * callers give the numbers (ns) and the words.
 */
#ifndef KVMBOOT_SVG_CHARTS_H
#define KVMBOOT_SVG_CHARTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Per x position (a session, in time order): what it is called and where it links. */
struct svg_x {
	const char *tick;	/* an axis label: "2026-01-05" */
	const char *hover;	/* "session 12, 2026-01-05 02:00, commit=abc" */
	const char *href;	/* its page, or NULL */
};

/* A change point: before x position AT. */
struct svg_mark {
	size_t at;
	bool up;		/* a rise: drawn red, a drop green */
	const char *text;	/* "+20.3%" */
	const char *hover;	/* what it is, in words */
	const char *href;	/* the session after it, or NULL */
};

/*
 * The labels of N x positions (centred in slots of PLOT_W / N from
 * LEFT), as many as fit without touching, the newest (rightmost) first,
 * with their baseline at Y + 11: for charts over sessions.
 */
void svg_x_ticks(FILE *out, const struct svg_x *x, size_t n, double left, double plot_w,
		 double width, double y);

/*
 * A small trend for a table row: V (N values, NAN for none) as a line,
 * its last value as a dot, MARKS as ticks; its hover text HOVER.
 */
void svg_spark(FILE *out, const double *v, size_t n, const size_t *marks, size_t nmarks,
	       double w, double h, const char *hover);

/* One panel of a trend: one stage. */
struct svg_panel {
	const char *name;
	const char *colour;
	const double *median, *p25, *p75;	/* per x (ns), NAN: none */
	const size_t *n;			/* boots per x */
	const struct svg_mark *marks;
	size_t nmarks;
};

/*
 * Panels one above the other (small multiples: each stage on its own
 * scale) over the same N x positions: median line and points, p25..p75
 * band, change points as dashed lines labelled with their change.
 */
void svg_trend(FILE *out, const struct svg_x *x, size_t n, const struct svg_panel *p,
	       size_t np, double width, const char *label);

/*
 * Stacked bars: per x position, the K segments V[x * K + i] (ns, NAN:
 * none) one on another, coloured COLOURS[i], named NAMES[i] in a legend.
 */
void svg_bars(FILE *out, const struct svg_x *x, size_t n, const double *v, size_t k,
	      const char *const *names, const char *const *colours, double width,
	      const char *label);

/* One row of a distribution: every value, as a box and points. */
struct svg_dist_row {
	const char *name;
	const char *href;	/* the row's page, or NULL */
	const int64_t *v;	/* ns, any order (not changed) */
	size_t n;
	const char *colour;
};

/*
 * A row per distribution: a box from p25 to p75 with the median, whiskers
 * to min and max (nearest-rank), every value as a point. SHARED: one
 * scale for all rows (an axis below them), else each row on its own.
 */
void svg_dist(FILE *out, const struct svg_dist_row *rows, size_t n, bool shared,
	      double width, const char *label);

/* One phase of a boot: from milestone FROM at START to TO at END (ns since exec). */
struct svg_phase {
	const char *from, *to;
	int64_t start, end;
};

/* A boot's phases as a waterfall, one row each, as systemd-analyze plot draws a boot. */
void svg_waterfall(FILE *out, const struct svg_phase *p, size_t n, double width,
		   const char *label);

#endif
