/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --watch: every VMM that others start (whose exec the kernel filter
 * lets through) is a boot, followed through its process tree by the fork
 * events, from its exec to its exit. The VMMs are never touched: one that
 * outlives -T seconds or the watch is recorded up to then.
 */
#include "collect.h"
#include "collect_boot.h"
#include "wallclock.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define TICK_NS 50000000LL	/* drains this often */
#define SETTLE_NS 200000000LL	/* older events are in order across the CPUs */

struct watched {
	pid_t root;
	uint64_t exec_ts;
	uint64_t last_ts;
	pid_t *pids;		/* the tree: the root, its threads and children */
	size_t npids, cap;
	struct boot_decoder decoder;
	uint64_t lost_base;
};

struct watch {
	struct collector *c;
	struct watched *boots;	/* in flight */
	size_t n;
	struct event_buf pending;	/* drained, not yet in order */
	unsigned started, seq;
	unsigned no_vcpu;	/* watched processes that never ran a vCPU: no boots */
	bool full;		/* -n boots started: no new ones */
};

static int pids_add(struct watched *b, pid_t pid)
{
	if (b->npids == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		pid_t *pids = realloc(b->pids, cap * sizeof(*pids));

		if (!pids)
			return -ENOMEM;
		b->pids = pids;
		b->cap = cap;
	}
	b->pids[b->npids++] = pid;
	return 0;
}

static struct watched *boot_of(struct watch *w, pid_t pid)
{
	size_t i, j;

	for (i = 0; i < w->n; i++)
		for (j = 0; j < w->boots[i].npids; j++)
			if (w->boots[i].pids[j] == pid)
				return &w->boots[i];
	return NULL;
}

/* The wall clock (--started-at moves it) at a mono timestamp, as text. */
static void started_text(uint64_t mono_ts, char out[TIME_TEXT_LEN])
{
	wallclock_text(wallclock_now() - (clock_mono_ns() - (int64_t)mono_ts), out);
}

static void boot_release(struct watched *b)
{
	free(b->pids);
	decoder_release(&b->decoder);
}

/* Stores boot I (ended by its exit, or STILL running) and forgets it. */
static int boot_finish(struct watch *w, size_t i, bool still_running)
{
	struct collector *c = w->c;
	struct watched *b = &w->boots[i];
	struct boot_outcome o;
	int rc;

	memset(&o, 0, sizeof(o));
	started_text(b->exec_ts, o.started_at);
	o.vmm_pid = b->root;
	o.lost = tracer_lost_count(c->tracer) - b->lost_base;
	o.wall_ns = (int64_t)(b->last_ts - b->exec_ts);
	rc = decoder_finish(&b->decoder, &o.trace);
	if (rc == 0 && !still_running && !o.trace.init_end_source) {
		/* qemu -version, a capability probe (libvirt): no boot */
		w->no_vcpu++;
		goto out;
	}
	o.status = o.lost ? "lost_events" : "ok";
	if (o.lost)
		snprintf(o.detail, sizeof(o.detail), "%llu trace events were lost on the host "
			 "while it ran", (unsigned long long)o.lost);
	else if (still_running)
		snprintf(o.detail, sizeof(o.detail), "still running when recording stopped "
			 "(-T or the end of the watch): recorded until then");
	trace_notes(&o.trace, o.detail, sizeof(o.detail));
	o.exit.exited = true;
	o.exit.exit_code = -1;	/* not our child: its exit status is not ours to know */
	if (rc == 0)
		rc = boot_watched_store(c, ++w->seq, &o);
out:
	boot_outcome_release(&o);
	boot_release(b);
	w->boots[i] = w->boots[--w->n];
	return rc;
}

static int boot_start(struct watch *w, const struct raw_event *e)
{
	struct collector *c = w->c;
	struct watched *grown, *b;

	if (w->full)
		return 0;
	grown = realloc(w->boots, (w->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	w->boots = grown;
	b = &w->boots[w->n++];
	memset(b, 0, sizeof(*b));
	b->root = e->pid;
	b->exec_ts = b->last_ts = e->ts;
	b->lost_base = tracer_lost_count(c->tracer);
	decoder_init(&b->decoder, &c->decode, e->pid, 0);
	w->full = c->opts->runs && ++w->started >= c->opts->runs;
	return pids_add(b, e->pid);
}

static int event_process(struct watch *w, const struct raw_event *e)
{
	struct watched *b = boot_of(w, e->kind == RAW_FORK ? (pid_t)e->value : e->pid);
	struct raw_event copy;
	int rc = 0;

	if (!b && e->kind == RAW_EXEC) {	/* the kernel let only watched names through */
		rc = boot_start(w, e);
		b = rc == 0 && w->n && w->boots[w->n - 1].root == e->pid ? &w->boots[w->n - 1] : NULL;
	}
	if (rc || !b)
		return rc;
	if (e->kind == RAW_FORK)
		return pids_add(b, e->pid);
	b->last_ts = e->ts;
	copy = *e;
	rc = decoder_feed(&b->decoder, &copy, 1);
	if (rc == 0 && e->kind == RAW_EXIT && e->pid == b->root)
		rc = boot_finish(w, (size_t)(b - w->boots), false);
	return rc;
}

static int event_cmp(const void *a, const void *b)
{
	const struct raw_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Processes the pending events older than UNTIL (all with UNTIL 0). */
static int pending_process(struct watch *w, uint64_t until)
{
	struct event_buf *p = &w->pending;
	size_t i;
	int rc = 0;

	if (p->n == 0)
		return 0;	/* p->ev may be NULL: qsort and memmove want a buffer */
	qsort(p->ev, p->n, sizeof(*p->ev), event_cmp);
	for (i = 0; i < p->n && (!until || p->ev[i].ts <= until) && rc == 0; i++)
		rc = event_process(w, &p->ev[i]);
	memmove(p->ev, p->ev + i, (p->n - i) * sizeof(*p->ev));
	p->n -= i;
	return rc;
}

/* Boots past -T seconds are recorded up to now; the VMMs go on. */
static int timeouts_check(struct watch *w, int64_t now)
{
	size_t i = 0;
	int rc = 0;

	while (i < w->n && rc == 0) {
		if (now - (int64_t)w->boots[i].exec_ts > w->c->opts->timeout_ns)
			rc = boot_finish(w, i, true);
		else
			i++;
	}
	return rc;
}

static bool window_over(struct watch *w, int64_t end)
{
	const struct collect_options *o = w->c->opts;

	if (o->runs && w->seq >= o->runs)
		return true;
	return end && clock_mono_ns() >= end;
}

static void progress_show(struct watch *w)
{
	if (w->c->progress)
		fprintf(stderr, "\r\033[Kwatching: %u boot%s stored, %zu running", w->seq,
			w->seq == 1 ? "" : "s", w->n);
}

/* Until the window closes: drain, put in order, follow the trees. */
static int watch_loop(struct watch *w, int64_t end)
{
	struct collector *c = w->c;
	int rc = 0;

	while (rc == 0 && !window_over(w, end)) {
		struct pollfd pfd = { c->signal_fd, POLLIN, 0 };

		if (poll(&pfd, 1, (int)(TICK_NS / 1000000)) > 0 && signals_pending(c->signal_fd))
			break;	/* Ctrl-C ends the watch, as --duration would */
		rc = tracer_drain(c->tracer, &w->pending);
		if (rc == 0)
			rc = pending_process(w, (uint64_t)(clock_mono_ns() - SETTLE_NS));
		if (rc == 0)
			rc = timeouts_check(w, clock_mono_ns());
		progress_show(w);
	}
	return rc;
}

int collector_watch(struct collector *c)
{
	struct watch w = { .c = c };
	int64_t end = c->opts->duration_ns ? clock_mono_ns() + c->opts->duration_ns : 0;
	int rc;

	/* Tracing is on since set-up: nothing is missed; say so, for people and scripts. */
	if (c->opts->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: watching for VMMs %s %s (Ctrl-C ends the watch)\n",
			c->opts->watch_exe ? "run from" : "named",
			c->opts->watch_exe ? c->opts->watch_exe : c->opts->watch_comm);
	rc = watch_loop(&w, end);
	if (rc == 0)
		rc = tracer_drain(c->tracer, &w.pending);
	tracer_stop(c->tracer);
	if (rc == 0)
		rc = pending_process(&w, 0);
	while (rc == 0 && w.n)	/* still running at the end of the watch */
		rc = boot_finish(&w, 0, true);
	if (c->progress)
		fprintf(stderr, "\r\033[K");
	while (w.n)
		boot_release(&w.boots[--w.n]);
	free(w.boots);
	event_buf_release(&w.pending);
	if (rc < 0) {
		fprintf(stderr, "kvmboot-collect: the watch stopped: %s\n", strerror(-rc));
		return 2;
	}
	if (w.no_vcpu && c->opts->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: %u process%s matching %s ran no vCPU (a version "
			"or capability probe?): not stored as boots\n", w.no_vcpu,
			w.no_vcpu == 1 ? "" : "es", c->side->command);
	session_version_note(c);
	return collector_finish(c, w.seq == 0);
}
