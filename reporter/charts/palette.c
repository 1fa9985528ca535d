/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The colours of every chart. */
#include "palette.h"

/*
 * tab10 first (the colours people know from matplotlib), then ten more
 * picked greedily for the largest CIEDE2000 distance to those before
 * them and to white: no two are closer than tab10's own closest pair.
 */
static const char *const colours[PALETTE_SIZE] = {
	"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
	"#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
	"#334400", "#1100cc", "#005555", "#771155", "#886600",
	"#99aaff", "#444455", "#ff8888", "#99aa88", "#ccaa88",
};

const char *palette_colour(size_t i)
{
	return colours[i % PALETTE_SIZE];
}
