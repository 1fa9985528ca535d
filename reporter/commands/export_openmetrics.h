/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report export -f openmetrics: the latest figures, for Prometheus. */
#ifndef KVMBOOT_EXPORT_OPENMETRICS_H
#define KVMBOOT_EXPORT_OPENMETRICS_H

#include "../report.h"

/*
 * Writes the newest session of each series (host, label) that SEL
 * selects as OpenMetrics text: to -o FILE, whole (a temporary file renamed
 * into place), else to standard output. The exit status (0, or 2 with
 * r->err).
 */
int export_openmetrics(struct report *r, const struct selection *sel);

#endif
