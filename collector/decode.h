/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decoding one boot's raw trace events into milestones (pure, no kernel). */
#ifndef KVMBOOT_DECODE_H
#define KVMBOOT_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "console.h"
#include "points.h"
#include "textrules.h"

enum raw_kind {
	RAW_EXEC,	/* sched_process_exec: pid = the process */
	RAW_EXIT,	/* sched_process_exit: pid = the task */
	RAW_KVM_ENTRY,	/* kvm_entry */
	RAW_KVM_RUN,	/* sys_enter_ioctl with cmd KVM_RUN */
	RAW_PIO,	/* kvm_pio */
	RAW_MMIO,	/* kvm_mmio */
	RAW_UPROBE,	/* a uprobe on the VMM: value = its index */
	RAW_FORK,	/* sched_process_fork: pid = the child, value = the parent */
	RAW_MARK,	/* a launched VMM's trace_marker line: pid = the kernel's pid,
			   value = its pid in the collector's PID namespace */
};

struct raw_event {
	uint64_t ts;		/* trace clock, ns */
	uint32_t order;		/* arrival order, breaks ties in ts */
	enum raw_kind kind;
	pid_t pid;
	bool write;		/* RAW_PIO, RAW_MMIO: a write, not a read */
	uint16_t port;		/* RAW_PIO */
	uint64_t address;	/* RAW_MMIO: guest physical address */
	uint32_t value;
	uint32_t count;		/* RAW_PIO: > 1 for string I/O */
};

struct milestone {
	char name[POINT_NAME_MAX];
	const char *source;	/* "exec", "kvm_entry", "kvm_run_ioctl", "pio", "mmio", "exit" */
	bool has_port;		/* pio: port and value */
	bool has_address;	/* mmio: address and value */
	uint16_t port;
	uint64_t address;
	uint32_t value;
	int64_t time_ns;	/* since time zero */
	uint32_t order;		/* breaks ties in time */
};

/* Beyond this many points a boot's further points are dropped and counted. */
#define DECODE_POINTS_MAX 100000

struct boot_trace {
	bool have_exec;
	uint64_t exec_ts;	/* time zero, trace clock */
	const char *init_end_source;	/* NULL when no vCPU ever ran */
	bool have_exit;
	size_t string_writes;	/* trace-port writes with count > 1 (first value kept) */
	uint64_t dropped_points;	/* past DECODE_POINTS_MAX */
	struct milestone *ms;	/* in time order */
	size_t n;
	struct console console;	/* the text lines, times since time zero */
	uint32_t uprobes_seen;	/* bit i: uprobe i has its milestone */
};

/* What to make of the events. */
struct decode_config {
	const struct point_map *map;
	const uint16_t *console_ports;	/* text ports (and their UART control) */
	size_t nconsole;
	const struct text_rules *rules;	/* console lines to milestones; may be NULL */
	const char (*uprobe_names)[64];	/* milestone of uprobe i: "fn:qemu_init" */
	size_t nuprobes;
};

/*
 * A boot decoded as its events come, batch by batch while it runs, so
 * that memory follows what is kept (milestones, capped console text), not
 * what the guest does: the thousandth KVM_RUN, a console flood or a
 * function called in a loop cost nothing once seen.
 */
struct boot_decoder {
	const struct decode_config *cfg;
	pid_t vmm_pid;		/* the VMM in the events; 0 until its marker names it */
	pid_t marker_pid;	/* the pid its trace_marker line gives (0: VMM_PID is known) */
	struct boot_trace bt;
	size_t cap;		/* of bt.ms */
	uint64_t seq;		/* events decoded: ties in time keep this order */
	bool have_entry, have_run;	/* first kvm_entry, first KVM_RUN: time and seq */
	uint64_t entry_ts, run_ts, entry_seq, run_seq;
	uint64_t uprobe_ts[32], uprobe_seq[32];
	uint64_t exit_ts, exit_seq;
	bool tree;		/* only events of the VMM's process tree (boot storms) */
	pid_t *pids;		/* that tree: the VMM, its threads and children */
	size_t npids, pids_cap;
	bool tree_unsure;	/* a fork of a task not (yet) in it was seen */
	int error;		/* -ENOMEM once something could not be kept */
};

/*
 * Starts decoding a boot of the process VMM_PID, or, with VMM_PID 0, of
 * the process whose RAW_MARK line names MARKER_PID (the VMM we launched).
 */
void decoder_init(struct boot_decoder *d, const struct decode_config *cfg, pid_t vmm_pid,
		  pid_t marker_pid);

/*
 * Keeps only the events of the VMM's own process tree, followed through
 * RAW_FORK events (threads too; followed in every mode): for boots that
 * run side by side in one trace. Call after decoder_init().
 */
void decoder_tree_only(struct boot_decoder *d);

/* Puts EV in time order (arrival order breaks ties). */
void decode_sort(struct raw_event *ev, size_t n);

/* decoder_feed() of events already in time order (one batch for many decoders). */
int decoder_feed_sorted(struct boot_decoder *d, const struct raw_event *ev, size_t n);

/*
 * Decodes N more events (sorted in place by time; a later batch may still
 * hold an earlier event: each CPU's buffer is read in turn). Time zero is the VMM's first exec; vmm_init_end the first
 * kvm_entry, else the first KVM_RUN ioctl; writes to console ports become
 * text lines. 0 or -ENOMEM.
 */
int decoder_feed(struct boot_decoder *d, struct raw_event *ev, size_t n);

/* The VMM's pid in the events, once known (0 before). */
pid_t decoder_vmm_pid(const struct boot_decoder *d);

/*
 * Did every task of the VMM's tree (the VMM, its threads and children,
 * followed through forks) exit in the events fed so far? Then none is
 * left for orphans_kill() to find, unless events were lost. For a lone
 * boot only: every fork it sees must be of the tree, and one whose parent
 * it does not know (its own fork may come in a later batch) says "no".
 */
bool decoder_tree_gone(const struct boot_decoder *d);

/*
 * Ends the boot: console lines a rule names become milestones, all in time
 * order, moved to OUT (free with boot_trace_release()). 0 or -ENOMEM; the
 * decoder is released either way.
 */
int decoder_finish(struct boot_decoder *d, struct boot_trace *out);

void decoder_release(struct boot_decoder *d);

/* The whole boot at once: decoder_init(), decoder_feed(), decoder_finish(). */
int decode_boot(struct raw_event *ev, size_t n, pid_t vmm_pid,
		const struct decode_config *cfg, struct boot_trace *out);

void boot_trace_release(struct boot_trace *bt);

/* The first milestone named NAME, or NULL. */
const struct milestone *boot_trace_find(const struct boot_trace *bt, const char *name);

#endif
