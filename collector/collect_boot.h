/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One boot: launch under tracing, wait, drain, decode, judge. */
#ifndef KVMBOOT_COLLECT_BOOT_H
#define KVMBOOT_COLLECT_BOOT_H

#include <stdio.h>

#include "collect.h"

struct boot_outcome {
	char started_at[TIME_TEXT_LEN];
	pid_t vmm_pid;		/* in our PID namespace */
	pid_t traced_pid;	/* in the events (the kernel's); 0: unknown */
	uint64_t lost_before;	/* tracer_lost_count() before the boot */
	enum wait_result wait;	/* WAIT_SIGNAL: interrupted, c->signo says by what */
	struct vmm_exit exit;
	int64_t wall_ns;
	int64_t reaped_ns, decoded_ns;	/* CLOCK_MONOTONIC: VMM gone; events decoded */
	uint64_t lost;
	struct boot_trace trace;
	const char *status;	/* "ok", "failed", "timeout", "lost_events" */
	char detail[512];	/* why, when not ok; or a note */
};

/*
 * Runs K boots side by side (K = 1 without -j) and judges them into
 * O[0..K-1]. Returns 0, or -1 when they could not happen at all, with the
 * reason in O[0].detail. After a signal (c->signo) the batch is not judged
 * and must not be stored. Release each O with boot_outcome_release().
 */
int batch_run(struct collector *c, struct boot_outcome *o, size_t k);

/* Decides a boot's status and detail; the first reason that applies wins. */
void boot_judge(struct collector *c, struct boot_outcome *o, const struct vmm_output *output);

void boot_outcome_release(struct boot_outcome *o);

int64_t boot_total_ns(const struct boot_outcome *o);

/*
 * Runs CMD through /bin/sh -c as the VMM would run (its user, its
 * output pipe, -T), waiting for it to end. 0, or -1 with DETAIL.
 */
int hook_command(struct collector *c, const char *cmd, char *detail, size_t len);

/* Appends "; " and a note to DETAIL (LEN bytes), or the note alone. */
void detail_note(char *detail, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Notes on what a trace could not keep (string I/O, floods), into DETAIL. */
void trace_notes(const struct boot_trace *t, char *detail, size_t len);

/* --watch: reports and stores a boot that ended (as SEQ); 0 or -1. */
int boot_watched_store(struct collector *c, unsigned seq, struct boot_outcome *o);

/*
 * Boots I .. I+K-1 of TOTAL (warm-ups first) of the session booting now,
 * side by side (K = 1 without -j), each with its --prepare before and
 * --cleanup after. Returns -1 to stop the session (error printed), -2
 * when a hook failed, 0 to go on.
 */
int batch_one(struct collector *c, unsigned i, unsigned k, unsigned total);

/* The end-of-session lines of the session booting now; 0, or -1 (output). */
int summary_show(struct collector *c);

/* Clears the terminal's progress line, if there is one. */
void progress_clear(struct collector *c);

/* --ab: the two sessions in turn, then their comparison; the exit status. */
int collector_ab(struct collector *c);

/* After the boots: the VMM's version into the session, unless --vmm-version gave it. */
void session_version_note(struct collector *c);

/* The summary and exit status at the end of a watch (1 when NONE_SEEN). */
int collector_finish(struct collector *c, bool none_seen);

#endif
