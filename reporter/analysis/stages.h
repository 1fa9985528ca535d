/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stages: named spans that split a boot the way systemd-analyze splits a
 * host's (firmware, loader, kernel, user space), defined as data. The
 * built-in table is below in stages.c; a file or --stage NAME=A..B
 * replaces or adds stages. Pure: no database, no printing.
 */
#ifndef KVMBOOT_STAGES_H
#define KVMBOOT_STAGES_H

#include <stddef.h>

#include "span.h"

/* The built-in stages, in boot order, into L (emptied first). 0 or -ENOMEM. */
int stages_builtin(struct span_list *l);

/*
 * Reads stage definitions from TEXT, one per line: "NAME = A|B .. C|D";
 * blank lines and lines starting with '#' are skipped. The stages replace
 * L's. 0, or -EINVAL/-E2BIG with *LINE the 1-based line at fault, or
 * -ENOMEM.
 */
int stages_parse(const char *text, struct span_list *l, size_t *line);

/* The name of the stage that measures the whole boot. */
#define STAGES_TOTAL "total"

#endif
