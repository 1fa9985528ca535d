/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SVG drawn directly: axes, units, text that fits. */
#include "svg.h"
#include "../rendering/html.h"
#include "../../common/text.h"

#include <math.h>
#include <string.h>

/* DejaVu Sans' advances of ASCII 32..126, in thousandths of an em (its hmtx). */
static const unsigned short advance[95] = {
	318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
	636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
	1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
	603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
	500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
	635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
};
#define ADVANCE_OTHER 1000	/* any other character: an em (CJK, most symbols) */
#define ELLIPSIS "\xe2\x80\xa6"
#define WIDTH_MARGIN 1.06	/* hinting, kerning, another font: err on the wide side */

static const struct svg_unit units[] = { { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };

const struct svg_unit *svg_unit_for(double max_ns)
{
	if (max_ns < 1e6)
		return &units[0];
	return max_ns < 2e9 ? &units[1] : &units[2];
}

/* 1, 2 or 5 times a power of ten, the smallest at least RAW. */
static double nice_step(double raw)
{
	double p = pow(10, floor(log10(raw))), m = raw / p;

	return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

void svg_axis_init(struct svg_axis *a, double min, double max, size_t max_ticks,
		   double px0, double px1)
{
	double u;

	if (!(max > min)) {	/* flat (or no) data: a range around it */
		double pad = fabs(min) > 0 ? fabs(min) * 0.1 : 1e6;

		min = min > 0 && min - pad < 0 ? 0 : min - pad;
		max += pad;
	}
	a->unit = svg_unit_for(fmax(fabs(min), fabs(max)));
	u = a->unit->ns;
	a->step = nice_step((max - min) / u / (double)(max_ticks > 1 ? max_ticks - 1 : 1)) * u;
	a->lo = floor(min / a->step) * a->step;
	a->hi = ceil(max / a->step) * a->step;
	if (a->hi <= a->lo)
		a->hi = a->lo + a->step;
	a->nticks = (size_t)llround((a->hi - a->lo) / a->step) + 1;
	a->px0 = px0;
	a->px1 = px1;
}

double svg_axis_px(const struct svg_axis *a, double v)
{
	return a->px0 + (v - a->lo) / (a->hi - a->lo) * (a->px1 - a->px0);
}

double svg_axis_tick(const struct svg_axis *a, size_t k)
{
	return a->lo + (double)k * a->step;
}

void svg_axis_tick_text(const struct svg_axis *a, size_t k, char *buf, size_t len)
{
	double step = a->step / a->unit->ns, v = svg_axis_tick(a, k) / a->unit->ns;
	int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);

	if (fabs(v) < step / 2)
		v = 0;	/* not "-0" */
	snprintf(buf, len, "%.*f", decimals, v);
}

/* Width of the character at S (N bytes) in thousandths of an em; *USED its bytes. */
static unsigned char_advance(const char *s, size_t n, size_t *used)
{
	const char *show;
	size_t show_len;

	*used = text_show_next(s, n, &show, &show_len);
	if (show_len == 1 && (unsigned char)*show >= 32 && (unsigned char)*show < 127)
		return advance[(unsigned char)*show - 32];
	return ADVANCE_OTHER;
}

double svg_text_width(const char *text, double size)
{
	size_t n = strlen(text), used;
	double em = 0;

	while (n > 0) {
		em += char_advance(text, n, &used);
		text += used;
		n -= used;
	}
	return em / 1000 * size * WIDTH_MARGIN;
}

size_t svg_text_fit(const char *text, double size, double max_px)
{
	size_t n = strlen(text), at = 0, used;
	double room = max_px / size / WIDTH_MARGIN * 1000 - ADVANCE_OTHER, em = 0;

	if (svg_text_width(text, size) <= max_px)
		return n;
	while (at < n) {
		unsigned w = char_advance(text + at, n - at, &used);

		if (em + w > room)
			break;
		em += w;
		at += used;
	}
	return at;
}

void svg_open(FILE *out, double w, double h, const char *label)
{
	fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
		"viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"", w, h, w, h);
	html_put(out, label);
	fputs("\">\n", out);
}

void svg_close(FILE *out)
{
	fputs("</svg>\n", out);
}

void svg_title(FILE *out, const char *text)
{
	fputs("<title>", out);
	html_put(out, text);
	fputs("</title>", out);
}

void svg_text(FILE *out, double x, double y, const char *anchor, const char *cls,
	      double max_px, const char *text)
{
	double size = strcmp(cls, "s") == 0 ? SVG_FONT_SMALL : SVG_FONT;
	size_t fit = max_px > 0 ? svg_text_fit(text, size, max_px) : strlen(text);

	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y,
		anchor, cls);
	html_putn(out, text, fit);
	if (fit < strlen(text)) {
		fputs(ELLIPSIS, out);
		svg_title(out, text);
	}
	fputs("</text>\n", out);
}
