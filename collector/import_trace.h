/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An imported trace's events, and the VMMs found in them (pure, no
 * kernel, no database). Every process exec'd in the trace that ran a
 * vCPU or wrote a port is a VMM; events are tied to it by the process id
 * the trace gives, by fork events, or, failing both, by the latest exec
 * of a process of the same name. In linear time after one sort by time.
 */
#ifndef KVMBOOT_IMPORT_TRACE_H
#define KVMBOOT_IMPORT_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode.h"

struct import_event {
	struct raw_event ev;	/* exec, exit: pid = the process named; fork: pid = the child */
	pid_t tid;		/* the thread that recorded it */
	pid_t pid;		/* its process when the trace says, else -1 */
	uint32_t comm;		/* the recording task's name: an index in the names */
	uint32_t file;		/* RAW_EXEC: the file it ran, an index in the names */
};

struct import_names {
	char **text;
	size_t n, cap;
	uint32_t *slot;		/* hash slots: index + 1, 0 empty */
	size_t nslots;
};

struct import_trace {
	struct import_event *ev;	/* in the order added */
	size_t n, cap;
	struct import_names names;
};

/*
 * Adds an event recorded by thread TID (of process PID, or -1) named
 * COMM; FILE is an exec's file name (else NULL). E->order is set to the
 * arrival order. 0 or -ENOMEM.
 */
int import_trace_add(struct import_trace *t, const struct raw_event *e, pid_t tid, pid_t pid,
		     const char *comm, const char *file);

void import_trace_release(struct import_trace *t);

struct import_boot {
	pid_t root;		/* the VMM process */
	const char *file;	/* what its first exec ran (owned by the trace) */
	uint64_t exec_ts;	/* its first exec, trace clock */
	struct raw_event *ev;	/* its events, in time order (in the boots' array) */
	size_t n;
};

struct import_boots {
	struct import_boot *boot;	/* in the order of their execs */
	size_t n;
	size_t by_name;		/* events tied to a process by its name only */
	struct raw_event *ev;
};

/*
 * Sorts T by time, ties each event to its process and gathers the events
 * of each VMM into OUT (which refers to T's names: release it first).
 * 0 or -ENOMEM. Free OUT with import_boots_release().
 */
int import_boots_find(struct import_trace *t, struct import_boots *out);

void import_boots_release(struct import_boots *b);

#endif
