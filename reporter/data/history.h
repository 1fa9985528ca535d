/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The boots of a selection as histories, for change points and the trend
 * chart: per group (--by) and measure, the sessions in the order they
 * started (then by id), each with the values of all its boots. Read on
 * every core; the order of sessions is kept, the order of boots within a
 * session is not.
 */
#ifndef KVMBOOT_HISTORY_H
#define KVMBOOT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "../analysis/changepoint.h"
#include "grouping.h"
#include "measure.h"
#include "../report.h"

struct history_session {
	int64_t id;
	char started_at[32];
	char *label;		/* or NULL */
	size_t group;
};

struct history {
	size_t group, measure;
	struct cp_history h;	/* its sessions: those with a value, in time order */
	int64_t *v;
	size_t *first;
	size_t *session;	/* per session of H: its index in the set's sessions */
};

struct history_set {
	struct grouping g;
	struct measures measures;
	struct history_session *sessions;	/* every selected session, in time order */
	size_t nsessions;
	struct history *v;	/* [group * measures.n + measure] */
	size_t n;
	size_t boots;		/* boots read */
};

/*
 * Reads the boots SEL selects into SET, grouped by BY (NULL: one group),
 * measured by M (taken over: released with SET). 0, or 2 with r->err.
 */
int history_load(struct report *r, const struct selection *sel, const char *by,
		 struct measures *m, struct history_set *set);

void history_set_release(struct history_set *set);

/* The change points of one history, and its drift when asked for. */
struct history_changes {
	struct cp_changes cps;
	struct cp_drift drift;
	bool have_drift;
};

/*
 * The change-point parameters the arguments give: --alpha, --min-change,
 * and the gate's --min-change-ms (a change of a few microseconds in a
 * stage of microseconds is no finding, whatever its share).
 */
void history_cp_params(const struct report_args *a, struct cp_params *p);

/*
 * The change points (with DRIFT: and the drift) of every history of SET
 * with P, on every core, into OUT[SET->n] (release with
 * history_changes_release). 0, or -ENOMEM.
 */
int history_changes_find(const struct history_set *set, const struct cp_params *p, bool drift,
			 struct history_changes *out);

void history_changes_release(struct history_changes *c, size_t n);

/*
 * Calls FN(k, CTX) for k = 0 .. N - 1 on every core (in no order; FN must
 * not share what it writes). 0, or the last negative value FN returned.
 */
int history_each_parallel(size_t n, int (*fn)(size_t k, void *ctx), void *ctx);

#endif
