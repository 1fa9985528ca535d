/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SVG drawn directly, for the report page's charts: time axes with nice
 * ticks and a unit, text escaped (rendering/html.h), and text widths
 * estimated from DejaVu Sans' advances (Debian's default sans serif, the
 * font the page asks for; most others are narrower), so that a label is
 * placed where it fits, or cut with an ellipsis and its whole text given
 * as hover text. Pure: writes to a FILE, reads nothing.
 */
#ifndef KVMBOOT_SVG_H
#define KVMBOOT_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Font sizes of the page's chart text (px): the CSS classes t and s. */
#define SVG_FONT 12.0
#define SVG_FONT_SMALL 10.0

/* A unit of time: "us", "ms" or "s", and how many ns it is. */
struct svg_unit {
	const char *name;
	double ns;
};

/* The unit in which MAX_NS reads best (us below 1 ms, ms below 2 s, else s). */
const struct svg_unit *svg_unit_for(double max_ns);

/* A linear axis over [lo, hi] ns, its ticks at nice numbers of its unit. */
struct svg_axis {
	double lo, hi;		/* ns: the whole axis, from tick to tick */
	double step;		/* ns between ticks */
	size_t nticks;
	const struct svg_unit *unit;
	double px0, px1;	/* where lo and hi are drawn */
};

/*
 * An axis covering MIN..MAX ns (MIN may be above 0; a flat range is
 * widened) with at most MAX_TICKS ticks of 1, 2 or 5 times a power of ten
 * of the unit, drawn from PX0 to PX1.
 */
void svg_axis_init(struct svg_axis *a, double min, double max, size_t max_ticks,
		   double px0, double px1);

/* Where V ns is drawn. */
double svg_axis_px(const struct svg_axis *a, double v);

/* Tick K's value in ns, and its text in the axis' unit ("120", "2.5"). */
double svg_axis_tick(const struct svg_axis *a, size_t k);
void svg_axis_tick_text(const struct svg_axis *a, size_t k, char *buf, size_t len);

/* The width TEXT takes at SIZE px, estimated on the wide side. */
double svg_text_width(const char *text, double size);

/*
 * How many bytes of TEXT fit in MAX_PX at SIZE with an ellipsis after
 * them (whole UTF-8 characters); strlen(TEXT) when all of it fits.
 */
size_t svg_text_fit(const char *text, double size, double max_px);

/* <svg> of W x H px, labelled LABEL for assistive technology (escaped). */
void svg_open(FILE *out, double w, double h, const char *label);
void svg_close(FILE *out);

/*
 * TEXT at X, Y (baseline), ANCHOR start|middle|end, class CLS (t or s),
 * cut to MAX_PX (0: no limit) with an ellipsis and the whole text as its
 * hover text when it does not fit. Escaped.
 */
void svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
	      double max_px, const char *text);

/* <title>TEXT</title>, escaped: the hover text of the element it is in. */
void svg_title(FILE *out, const char *text);

#endif
