/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which group each selected session's boots belong to, for --by label,
 * session, day, host or tag:KEY (or one group of all boots), in the order the
 * groups' first sessions started.
 */
#ifndef KVMBOOT_GROUPING_H
#define KVMBOOT_GROUPING_H

#include <stddef.h>
#include <stdint.h>

#include "../report.h"

struct grouping {
	char **names;		/* captions: "label base", "session 3", "tag commit=abc" */
	char **values;		/* the raw value, for csv/json: "base", "3", "abc" */
	char **ticks;		/* short axis labels: "base", "#3 nightly", "abc" */
	size_t n;
	int64_t *session_ids;	/* sorted */
	size_t *group_of;
	size_t nsessions;
	const char *by;		/* "label", "session", "day", "host", "tag:KEY", or NULL */
};

/* Groups the sessions SEL selects by BY (NULL: one group). 0, or 2 with r->err. */
int grouping_load(struct report *r, const struct selection *sel, const char *by,
		  struct grouping *g);

/* The group of a session of the selection. */
size_t grouping_of_session(const struct grouping *g, int64_t session_id);

void grouping_release(struct grouping *g);

#endif
