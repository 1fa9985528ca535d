/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report plot trend|timeline|dist: charts drawn with gnuplot. */
#include "../charts/plot.h"
#include "../../common/message.h"

#include <string.h>

int cmd_plot(struct report *r)
{
	const char *kind = r->args->pos[0];

	if (strcmp(kind, "timeline") != 0 && r->args->npos > 1)
		return msg_fail(r->err, sizeof(r->err), "usage: kvmboot-report plot %s [SELECT] ... "
				"-o FILE (only timeline takes a RUN)", kind), 2;
	if (strcmp(kind, "trend") == 0)
		return plot_trend(r);
	if (strcmp(kind, "timeline") == 0)
		return plot_timeline(r);
	if (strcmp(kind, "dist") == 0)
		return plot_dist(r);
	return msg_fail(r->err, sizeof(r->err), "plot: '%s' is not trend, timeline or dist", kind), 2;
}
