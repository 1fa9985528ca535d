/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The collector's private tracefs instance: the events of one VMM process
 * tree at a time, drained into raw events after (and during) each boot.
 */
#ifndef KVMBOOT_TRACING_H
#define KVMBOOT_TRACING_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode.h"
#include "launch.h"

struct tracer;

struct tracer_config {
	const uint16_t *ports;	/* kvm_pio writes to these ports are recorded */
	size_t nports;
	const uint64_t *addresses;	/* kvm_mmio writes to these addresses too */
	size_t naddresses;
	const char *exec_filter;	/* --watch: which execs (a kernel filter), or NULL */
	const char *uprobe_system;	/* dynamic events to enable, or NULL */
	const char (*uprobe_events)[64];
	size_t nuprobes;
	size_t buffer_kb;	/* ring buffer per CPU; 0 for the default */
};

/* Raw events of one boot, as drained. */
struct event_buf {
	struct raw_event *ev;
	size_t n, cap;
	int error;		/* -ENOMEM once an event could not be kept */
};

/*
 * Sets up the instance NAME (made by instance_claim(); uprobes made too):
 * mono clock, event-fork, filtered events, our own pid as the kernel sees
 * it; tracing off. Returns 0 or -1 with ERR. Free with tracer_close().
 */
int tracer_open(struct tracer **out, const char *name, const struct tracer_config *cfg,
		char *err, size_t errlen);

/* The instance's name (for messages and tests). */
const char *tracer_name(const struct tracer *t);

/*
 * Turns tracing on for the session: for our own process and everything it
 * forks from now on (set_event_pid and event-fork, set once), or with
 * EVERYONE for every process (--watch: the events' filters and the caller
 * pick what matters). 0 or -1 with ERR.
 */
int tracer_start(struct tracer *t, bool everyone, char *err, size_t errlen);

/* Turns tracing off. */
void tracer_stop(struct tracer *t);

/*
 * The instance's trace_marker, open for writing: a launched VMM writes
 * LAUNCH_MARK_PREFIX and its pid there before exec, which ties its pid in
 * the events (the kernel's) to ours (they differ in a PID namespace).
 */
int tracer_marker_fd(const struct tracer *t);

/* Moves what the buffer holds now into BUF (appending); 0 or -errno. */
int tracer_drain(struct tracer *t, struct event_buf *buf);

/*
 * Events lost so far (overruns, drops, missed-event marks): a boot lost
 * the difference of two counts taken around it.
 */
uint64_t tracer_lost_count(struct tracer *t);

/* Turns tracing off and disables the uprobes, which may go then; accepts NULL. */
void tracer_events_off(struct tracer *t);

/* Disables everything and removes the instance; accepts NULL. */
void tracer_close(struct tracer *t);

/* Appends a copy of E; 0 or -ENOMEM. */
int event_buf_push(struct event_buf *buf, const struct raw_event *e);

void event_buf_reset(struct event_buf *buf);
void event_buf_release(struct event_buf *buf);

#endif
