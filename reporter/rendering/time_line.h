/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boot in one line, the way systemd-analyze time says it:
 *   Boot: 37.1 ms (vmm) + 2.10 s (firmware) + ... = 2.20 s
 * shared by kvmboot-report time and the report page. Pure.
 */
#ifndef KVMBOOT_TIME_LINE_H
#define KVMBOOT_TIME_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../analysis/span.h"

/* A duration for people: "412 us", "37.1 ms", "2.10 s". */
void duration_text(double ns, char *buf, size_t len);

/*
 * Writes the line for the spans of L, span I measured where HAVE[I] with
 * the (median) value VALUE[I]; the stage named "total" goes after the
 * '='. BOOTS > 1 adds "(medians of N boots)". Names as a terminal shows
 * them (common/text.h).
 */
void time_line_print(FILE *out, const struct span_list *l, const double *value,
		     const bool *have, size_t boots);

#endif
