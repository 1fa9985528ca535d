/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Reading one line of a text trace (pure): `perf script` (default fields,
 * or -F comm,pid,tid,cpu,time,event,trace, with or without --ns),
 * `trace-cmd report` (with or without an instance prefix) and tracefs
 * `trace` files; and the line format of stap/kvmboot.stp. Every number
 * read is checked whole and for its range: a line with a number out of
 * range or trailing text is bad, with the reason.
 */
#ifndef KVMBOOT_IMPORT_PARSE_H
#define KVMBOOT_IMPORT_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode.h"

/* The kernel's largest pid (PID_MAX_LIMIT): pid_max cannot go past it. */
#define IMPORT_PID_MAX 4194304

enum line_kind {
	LINE_SKIP,	/* blank, a comment, a header, or an event we do not use */
	LINE_EVENT,	/* an event of ours: see ev */
	LINE_BAD,	/* not a trace line, or a wrong one: see why */
};

struct trace_line {
	/* kind, ts; pid: exec and exit: the process named; fork: the child */
	struct raw_event ev;
	pid_t tid;		/* the thread that recorded it */
	pid_t pid;		/* its process when the line says (perf -F pid,tid), else -1 */
	char comm[32];
	char filename[256];	/* RAW_EXEC */
	char why[160];		/* LINE_BAD: what is wrong, e.g. "port '0x100f4' is past 0xffff" */
};

/* Parses a perf / trace-cmd / tracefs line into OUT. */
enum line_kind trace_line_parse(const char *line, struct trace_line *out);

/*
 * Parses a line of stap/kvmboot.stp's output:
 *   kvmboot-stap <pid> <t_ns since exec> exec <filename>
 *   kvmboot-stap <pid> <t_ns> kvm_entry
 *   kvmboot-stap <pid> <t_ns> pio <port> <value>     (hex with 0x, or decimal)
 *   kvmboot-stap <pid> <t_ns> exit
 * Lines not starting with "kvmboot-stap " are skipped (stap's own output).
 */
enum line_kind stap_line_parse(const char *line, struct trace_line *out);

#endif
