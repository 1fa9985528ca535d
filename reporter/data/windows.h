/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading many boots window by window: the run ids are cut into windows,
 * each read whole by whichever reader thread is free (on a connection of
 * its own, kept from window to window), and merged in id order by the
 * caller's thread, at most a few windows behind the readers, so that the
 * caller can use and free what it has while the next windows are read.
 */
#ifndef KVMBOOT_WINDOWS_H
#define KVMBOOT_WINDOWS_H

#include "parallel.h"

/*
 * Called when every boot SEL selects below run id READ_BELOW is in the
 * set (INT64_MAX: every boot); non-zero stops the reading and is returned.
 */
typedef int (*window_fn)(int64_t read_below, void *ctx);

/*
 * Run ids per window. summary --by session over the benchmark's million
 * boots holds a few windows' series at once (read, being merged and
 * split); many more, smaller windows cost time.
 */
#define WINDOW_RUNS 16384

/* Windows read and not merged yet, at most: how far readers run ahead. */
#define WINDOWS_AHEAD 3

/*
 * Adds the boots SEL selects to SET (and SPANS, one side per group, unless
 * NULL), each to group GROUP_OF(session), window after window in id order,
 * calling DONE after each (with INT64_MAX after the last, or alone when
 * there is none). Returns 0, DONE's non-zero value, or 2 with r->err.
 */
int series_spans_load_windows(struct report *r, const struct selection *sel, group_fn group_of,
			      const void *group_ctx, struct series_set *set,
			      struct span_samples *spans, window_fn done, void *done_ctx);

#endif
