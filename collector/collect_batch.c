/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Boots side by side: K VMMs launched together (K = 1 but with -j), each
 * with its own output pipe, decoder and timeout, waited for in one loop
 * that drains the trace on time and feeds every decoder; with K > 1 each
 * decoder keeps only its own VMM's process tree.
 */
#include "collect_boot.h"
#include "orphans.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DRAIN_TICK_NS 250000000LL	/* keeps long boots from overrunning */

struct batch {
	struct collector *c;
	struct boot_outcome *o;
	struct vmm_proc proc[JOBS_MAX];
	bool running[JOBS_MAX];
	int64_t start[JOBS_MAX];
	bool strays_pending[JOBS_MAX];	/* reaped, not yet looked for what it left */
	size_t k, nrunning;
	int error;		/* a drain failed: -errno */
};

/* What the trace holds now, once in time order, into every boot's decoder. */
static int batch_drain(struct batch *b)
{
	struct collector *c = b->c;
	int rc = tracer_drain(c->tracer, &c->events);
	size_t i;

	if (rc == 0)
		decode_sort(c->events.ev, c->events.n);
	for (i = 0; rc == 0 && i < b->k; i++)
		rc = decoder_feed_sorted(&c->decoders[i], c->events.ev, c->events.n);
	event_buf_reset(&c->events);
	return rc;
}

/*
 * Boot I is over (exited, or killed): reap it and its group. What a lone
 * boot that exited left outside its group is looked for once its trace is
 * read (slot_strays_settle), and only when the trace does not show that its
 * whole tree exited: looking costs a read of /proc, as our janitor always
 * counts as a live child.
 */
static void slot_end(struct batch *b, size_t i, enum wait_result why)
{
	struct collector *c = b->c;
	struct boot_outcome *o = &b->o[i];

	orphans_unspare(b->proc[i].pid);
	janitor_unwatch(&c->janitor, b->proc[i].pid);
	b->strays_pending[i] = b->k == 1 && why == WAIT_EXITED;
	if (b->strays_pending[i])
		vmm_reap(&b->proc[i], &o->exit);
	else
		vmm_kill(&b->proc[i], &o->exit);	/* its group and orphans; reaped */
	o->wait = why;
	o->wall_ns = clock_mono_ns() - b->start[i];
	vmm_output_read(&c->outputs[i]);	/* its last words */
	vmm_proc_release(&b->proc[i]);
	b->running[i] = false;
	b->nrunning--;
}

static void slots_kill(struct batch *b, enum wait_result why)
{
	size_t i;

	for (i = 0; i < b->k; i++)
		if (b->running[i])
			slot_end(b, i, why);
}

/*
 * One boot starts at once; several are forked (waiting in front of exec),
 * then let go together.
 */
static int slots_launch(struct batch *b)
{
	struct collector *c = b->c;
	struct launch_spec spec = c->spec;
	size_t i;

	for (i = 0; i < b->k; i++) {
		struct boot_outcome *o = &b->o[i];
		int rc;

		vmm_output_reset(&c->outputs[i]);
		spec.out_fd = c->outputs[i].write_fd;
		utc_now_text(o->started_at);
		b->start[i] = clock_mono_ns();
		if (b->k == 1)
			rc = vmm_start(&spec, &b->proc[i], o->detail, sizeof(o->detail));
		else
			rc = vmm_spawn(&spec, &b->proc[i], o->detail, sizeof(o->detail));
		if (rc < 0)
			goto err;
		o->vmm_pid = b->proc[i].pid;
		decoder_init(&c->decoders[i], &c->decode, 0, o->vmm_pid);	/* its marker names it */
		if (b->k > 1)
			decoder_tree_only(&c->decoders[i]);
		b->running[i] = true;
		b->nrunning++;
		orphans_spare(o->vmm_pid);	/* another boot's end must not kill it */
		janitor_watch(&c->janitor, o->vmm_pid);	/* its process group */
	}
	for (i = 0; b->k > 1 && i < b->k; i++) {
		b->start[i] = clock_mono_ns();
		if (vmm_release(&b->proc[i], b->o[i].detail, sizeof(b->o[i].detail)) < 0) {
			b->running[i] = false;	/* reaped by vmm_release */
			b->nrunning--;
			orphans_unspare(b->o[i].vmm_pid);
			janitor_unwatch(&c->janitor, b->o[i].vmm_pid);
			vmm_proc_release(&b->proc[i]);
			if (i)
				memcpy(b->o[0].detail, b->o[i].detail, sizeof(b->o[0].detail));
			goto err;
		}
	}
	return 0;
err:
	slots_kill(b, WAIT_SIGNAL);
	for (i = 0; i < b->k; i++)
		decoder_release(&c->decoders[i]);
	return -1;
}

/* One round of waiting: until something happens or the next tick is due. */
static void batch_poll(struct batch *b, int64_t until)
{
	struct collector *c = b->c;
	struct pollfd fds[1 + 2 * JOBS_MAX];
	size_t slot_of[1 + 2 * JOBS_MAX], n = 1, i, j;
	int64_t now = clock_mono_ns();

	fds[0] = (struct pollfd){ c->signal_fd, POLLIN, 0 };
	for (i = 0; i < b->k; i++) {
		if (!b->running[i])
			continue;
		slot_of[n] = i;
		fds[n++] = (struct pollfd){ b->proc[i].pidfd, POLLIN, 0 };
		slot_of[n] = i;
		fds[n++] = (struct pollfd){ c->outputs[i].read_fd, POLLIN, 0 };
	}
	if (poll(fds, (nfds_t)n, until > now ? (int)((until - now + 999999) / 1000000) : 0) <= 0)
		return;
	if ((fds[0].revents & POLLIN) && (c->signo = signals_pending(c->signal_fd)) != 0) {
		slots_kill(b, WAIT_SIGNAL);
		return;
	}
	for (j = 2; j < n; j += 2)	/* output first: a boot's last words before its end */
		if (fds[j].revents & (POLLIN | POLLHUP))
			vmm_output_read(&c->outputs[slot_of[j]]);
	for (j = 1; j < n; j += 2)
		if ((fds[j].revents & POLLIN) && b->running[slot_of[j]])
			slot_end(b, slot_of[j], WAIT_EXITED);
}

/* Until every boot has ended: timeouts, drains on time, a signal. */
static void batch_wait(struct batch *b)
{
	struct collector *c = b->c;
	int64_t next_tick = clock_mono_ns() + DRAIN_TICK_NS;

	while (b->nrunning && !c->signo) {
		int64_t until = next_tick, now;
		size_t i;

		for (i = 0; i < b->k; i++)
			if (b->running[i] && b->start[i] + c->opts->timeout_ns < until)
				until = b->start[i] + c->opts->timeout_ns;
		batch_poll(b, until);
		now = clock_mono_ns();
		for (i = 0; i < b->k; i++)
			if (b->running[i] && now >= b->start[i] + c->opts->timeout_ns)
				slot_end(b, i, WAIT_TIMEOUT);
		if (now >= next_tick) {	/* on time even while output keeps coming */
			if (!b->error)
				b->error = batch_drain(b);
			next_tick += DRAIN_TICK_NS;
		}
	}
}

/*
 * What boot I left behind: killed, unless its trace saw its whole tree
 * exit; then only what exited of it is reaped.
 */
static void slot_strays_settle(struct batch *b, size_t i, bool tree_gone)
{
	if (!b->strays_pending[i])
		return;
	if (tree_gone)
		orphans_reap();
	else
		b->o[i].exit.strays = orphans_kill(b->o[i].vmm_pid);
	b->strays_pending[i] = false;
}

/* After the boots: the last events, then each boot's milestones. */
static int batch_decode(struct batch *b)
{
	struct collector *c = b->c;
	int rc = b->error ? b->error : batch_drain(b);
	/* After the last read: a loss found by it counts too. */
	uint64_t lost = tracer_lost_count(c->tracer) - b->o[0].lost_before;
	size_t i;

	for (i = 0; i < b->k; i++) {
		struct boot_outcome *o = &b->o[i];

		o->reaped_ns = clock_mono_ns();
		o->lost = lost;	/* a loss while they ran side by side counts for each */
		o->traced_pid = decoder_vmm_pid(&c->decoders[i]);
		slot_strays_settle(b, i, rc == 0 && lost == 0 && decoder_tree_gone(&c->decoders[i]));
		if (rc < 0)
			decoder_release(&c->decoders[i]);
		else
			rc = decoder_finish(&c->decoders[i], &o->trace);
		o->decoded_ns = clock_mono_ns();
	}
	if (rc < 0)
		snprintf(b->o[0].detail, sizeof(b->o[0].detail), "cannot read the trace events: %s",
			 strerror(-rc));
	return rc;
}

int batch_run(struct collector *c, struct boot_outcome *o, size_t k)
{
	struct batch b;
	size_t i;

	memset(&b, 0, sizeof(b));
	memset(o, 0, k * sizeof(*o));
	b.c = c;
	b.o = o;
	b.k = k;
	event_buf_reset(&c->events);
	o[0].lost_before = tracer_lost_count(c->tracer);
	if (slots_launch(&b) < 0)
		return -1;
	batch_wait(&b);
	if (c->signo) {
		for (i = 0; i < k; i++) {
			slot_strays_settle(&b, i, false);
			decoder_release(&c->decoders[i]);
		}
		return 0;	/* every o[i].wait is WAIT_SIGNAL */
	}
	if (batch_decode(&b) < 0)
		return -1;
	for (i = 0; i < k; i++)
		boot_judge(c, &o[i], &c->outputs[i]);
	return 0;
}
