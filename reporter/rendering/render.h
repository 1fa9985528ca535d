/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The renderers behind table_print(). */
#ifndef KVMBOOT_RENDER_H
#define KVMBOOT_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "table.h"

void render_text(FILE *out, const struct table *t, bool markdown);
void render_data(FILE *out, const struct table *t, bool json);

/* A cell as the text formats show it; may point into BUF. */
const char *cell_text(const struct column *col, const struct cell *c, char *buf, size_t len);

#endif
