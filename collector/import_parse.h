/*
 * Reading one line of a text trace (pure): `perf script` (default fields,
 * or -F comm,pid,tid,cpu,time,event,trace, with or without --ns),
 * `trace-cmd report` (with or without an instance prefix) and tracefs
 * `trace` files; and the line format of stap/kvmboot.stp.
 */
#ifndef KVMBOOT_IMPORT_PARSE_H
#define KVMBOOT_IMPORT_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "decode.h"

enum line_kind {
	LINE_SKIP,	/* blank, a comment, a header, or an event we do not use */
	LINE_EVENT,	/* an event of ours: see ev */
	LINE_BAD,	/* not a trace line */
};

struct trace_line {
	struct raw_event ev;	/* kind, ts; pid: the process the event names (exec, exit) */
	pid_t tid;		/* the thread that recorded it */
	pid_t pid;		/* its process when the line says (perf -F pid,tid), else -1 */
	pid_t child;		/* RAW_FORK: the new task (ev.pid holds it too) */
	char comm[32];
	char filename[256];	/* RAW_EXEC */
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
