/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --import FILE and --import-stap FILE: traces people already have (a
 * trace.dat of trace-cmd; the text of perf script, trace-cmd report, a
 * tracefs trace, stap/kvmboot.stp) become boots, decoded as in live
 * collection, all in one transaction: a bad line, a signal or a failed
 * write stores nothing. import_trace.c finds the VMMs.
 */
#include "collect.h"
#include "collect_boot.h"
#include "import_input.h"
#include "import_parse.h"
#include "import_trace.h"
#include "import_tracedat.h"
#include "wallclock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIGNAL_EVERY 4096	/* lines read between looks for a signal */
#define QUOTED_MAX 100		/* characters of a bad line quoted */

struct import {
	struct collector *c;
	const char *path, *name;	/* name: for messages ("<stdin>" for "-") */
	bool stap;
	struct import_input in;
	struct import_trace trace;
	struct import_boots boots;
};

/* Has a terminating signal arrived? Then c->signo says which. */
static bool interrupted(struct collector *c)
{
	if (!c->signo)
		c->signo = signals_pending(c->signal_fd);
	return c->signo != 0;
}

static int interrupted_cb(void *data)
{
	return interrupted(data);
}

static void line_error(const struct import *im, const char *why, const char *line)
{
	size_t len = strlen(line);

	fprintf(stderr, "kvmboot-collect: %s:%zu: %s: '%.*s%s'\n", im->name, im->in.lineno, why,
		(int)(len > QUOTED_MAX ? QUOTED_MAX : len), line, len > QUOTED_MAX ? "..." : "");
}

/* One line into the trace; -1 with the message printed. */
static int line_take(struct import *im, const char *line)
{
	struct trace_line l;
	enum line_kind k = im->stap ? stap_line_parse(line, &l) : trace_line_parse(line, &l);

	if (k == LINE_BAD) {
		line_error(im, l.why, line);
		return -1;
	}
	if (k == LINE_EVENT && import_trace_add(&im->trace, &l.ev, l.tid, l.pid, l.comm,
						 l.ev.kind == RAW_EXEC ? l.filename : NULL) < 0) {
		fprintf(stderr, "kvmboot-collect: out of memory\n");
		return -1;
	}
	return 0;
}

/* A text trace, line by line; -1 with the message printed, or on a signal. */
static int text_read(struct import *im)
{
	char *line;
	int rc;

	while ((rc = import_input_line(&im->in, &line)) > 0) {
		if (im->in.lineno % SIGNAL_EVERY == 0 && interrupted(im->c))
			return -1;
		if (line_take(im, line) < 0)
			return -1;
	}
	if (rc == -E2BIG)
		fprintf(stderr, "kvmboot-collect: %s:%zu: a line longer than %d KiB: not a "
			"trace\n", im->name, im->in.lineno + 1, IMPORT_LINE_MAX / 1024);
	else if (rc < 0)
		fprintf(stderr, "kvmboot-collect: cannot read '%s': %s\n", im->name, strerror(-rc));
	return rc < 0 ? -1 : 0;
}

static int tracedat_take(struct import *im)
{
	char err[512];
	int fd = import_input_fd(&im->in), rc;

	if (fd < 0) {
		fprintf(stderr, "kvmboot-collect: cannot keep '%s' in a temporary file: %s\n",
			im->name, strerror(-fd));
		return -1;
	}
	rc = tracedat_read(fd, &im->trace, interrupted_cb, im->c, err, sizeof(err));
	if (rc < 0 && rc != -EINTR)
		fprintf(stderr, "kvmboot-collect: '%s' is a trace.dat, but %s\n", im->name, err);
	return rc < 0 ? -1 : 0;
}

/* Reads what PATH holds, by what it is; -1 with the message printed. */
static int input_read(struct import *im)
{
	int rc;

	/* Under sudo, only what the caller could read: the lines are quoted in errors. */
	caller_enter(&im->c->caller);
	rc = import_input_open(&im->in, im->path);
	caller_leave(&im->c->caller);
	if (rc < 0) {
		fprintf(stderr, "kvmboot-collect: cannot read '%s': %s\n", im->name, strerror(-rc));
		return -1;
	}
	switch (import_input_format(&im->in)) {
	case IMPORT_TRACE_DAT:
		if (!im->stap)
			return tracedat_take(im);
		fprintf(stderr, "kvmboot-collect: '%s' is a trace.dat of trace-cmd, not the "
			"output of kvmboot.stp: import it with --import\n", im->name);
		return -1;
	case IMPORT_PERF_DATA:
		fprintf(stderr, "kvmboot-collect: '%s' is a perf.data file (binary): import its "
			"text, made with: perf script -F comm,pid,tid,cpu,time,event,trace --ns "
			"-i %s > boots.txt\n", im->name, im->in.is_stdin ? "perf.data" : im->path);
		return -1;
	case IMPORT_BINARY:
		fprintf(stderr, "kvmboot-collect: '%s' is a binary file, not a text trace: give "
			"perf script or trace-cmd report output, a tracefs trace file or a "
			"trace.dat\n", im->name);
		return -1;
	default:
		return text_read(im);
	}
}

/* The boot's start: the import's time, or --started-at plus its offset in the trace. */
static void boot_started_at(const struct import *im, const struct import_boot *b, char *out)
{
	const struct collect_options *o = im->c->opts;

	if (o->started_at_given)
		wallclock_text(o->started_at_ns + (int64_t)(b->exec_ts - im->boots.boot[0].exec_ts), out);
	else
		utc_now_text(out);
}

static int boot_import(struct import *im, const struct import_boot *b, unsigned seq)
{
	struct collector *c = im->c;
	struct boot_outcome o;
	int rc;

	memset(&o, 0, sizeof(o));
	boot_started_at(im, b, o.started_at);
	if (decode_boot(b->ev, b->n, b->root, &c->decode, &o.trace) < 0) {
		fprintf(stderr, "kvmboot-collect: out of memory\n");
		return -1;
	}
	o.status = "ok";
	o.exit.exited = true;
	o.exit.exit_code = -1;
	o.vmm_pid = b->root;
	if (o.trace.n)
		o.wall_ns = o.trace.ms[o.trace.n - 1].time_ns;
	rc = boot_watched_store(c, seq, &o);
	boot_outcome_release(&o);
	return rc;
}

/* Every VMM, in the order of their execs; -1 on a failure (printed) or a signal. */
static int boots_store(struct import *im)
{
	struct collector *c = im->c;
	size_t i;

	c->side->vmm_path = strdup(im->boots.boot[0].file ? im->boots.boot[0].file : "(unknown)");
	c->side->info.vmm_binary = c->side->vmm_path;	/* written with the first boot */
	for (i = 0; i < im->boots.n; i++)
		if (interrupted(c) || boot_import(im, &im->boots.boot[i], (unsigned)i + 1) < 0)
			return -1;
	return 0;
}

/* All or nothing: commits when RC is 0 and no signal came, else rolls back. */
static int batch_end(struct import *im, int rc)
{
	struct collector *c = im->c;
	char err[512];

	if (rc == 0 && !interrupted(c) && store_batch_end(c->side->store, true, err, sizeof(err)) == 0)
		return 0;
	if (rc == 0 && !c->signo)
		fprintf(stderr, "kvmboot-collect: %s\n", err);
	store_batch_end(c->side->store, false, err, sizeof(err));
	c->side->stored = c->side->stored_ok = 0;
	return -1;
}

static int boots_import(struct import *im)
{
	struct collector *c = im->c;
	char err[512];

	if (import_boots_find(&im->trace, &im->boots) < 0) {
		fprintf(stderr, "kvmboot-collect: out of memory\n");
		return -1;
	}
	if (im->boots.n == 0) {
		fprintf(stderr, "kvmboot-collect: no VMM in '%s': no process that was exec'd in the "
			"trace ran a vCPU or wrote a port (record sched:sched_process_exec and the "
			"kvm events)\n", im->name);
		return -1;
	}
	if (store_batch_begin(c->side->store, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", err);
		return -1;
	}
	return batch_end(im, boots_store(im));
}

int collector_import(struct collector *c)
{
	const struct collect_options *o = c->opts;
	struct import im = { .c = c };
	int rc = 2;

	im.stap = o->import_stap != NULL;
	im.path = im.stap ? o->import_stap : o->import_path;
	im.name = strcmp(im.path, "-") == 0 ? "<stdin>" : im.path;
	if (input_read(&im) < 0 || boots_import(&im) < 0)
		goto out;
	if (im.boots.by_name && o->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: warning: %zu events tied to a process by its name "
			"only (no pid in the lines, no fork events): record sched:sched_process_fork, "
			"or use perf script -F comm,pid,tid,cpu,time,event,trace\n", im.boots.by_name);
	rc = collector_finish(c, false);
out:
	if (c->signo && o->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: interrupted by signal %d (%s): nothing imported\n",
			c->signo, strsignal(c->signo));
	import_boots_release(&im.boots);
	import_trace_release(&im.trace);
	import_input_close(&im.in);
	return rc;
}
