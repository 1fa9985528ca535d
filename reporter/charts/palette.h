/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The colours of every chart, gnuplot's and the report page's: 20 that
 * are told apart on a white page (tab10, then ten more chosen to be as
 * far as possible from them and from each other in CIELAB), so that a
 * legend of up to 20 entries never repeats a colour.
 */
#ifndef KVMBOOT_PALETTE_H
#define KVMBOOT_PALETTE_H

#include <stddef.h>

#define PALETTE_SIZE 20

/* Colour I as "#rrggbb"; past PALETTE_SIZE the colours come round again. */
const char *palette_colour(size_t i);

/* The colour of a regression, a failure: the same everywhere. */
#define PALETTE_BAD "#d62728"
#define PALETTE_GOOD "#2ca02c"

#endif
