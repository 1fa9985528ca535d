/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How wide the terminal a table goes to is, if it goes to one. */
#ifndef KVMBOOT_TERMINAL_H
#define KVMBOOT_TERMINAL_H

#include <stddef.h>
#include <stdio.h>

/*
 * The width tables printed to OUT may take: SIZE_MAX (never fold) when OUT
 * is not a terminal (a pipe to grep gets one line per row); else $COLUMNS
 * when it is a number, else the terminal's own width, else 80.
 */
size_t terminal_width(FILE *out);

#endif
