/*
 * --import FILE and --import-stap FILE: text traces people already have
 * (perf script, trace-cmd report, tracefs trace, stap/kvmboot.stp) become
 * boots, decoded as in live collection, all in one transaction. Every
 * process that was exec'd in the trace and ran a vCPU or wrote a port is a
 * VMM; events are tied to it by the process id the line gives, by fork
 * events, or, failing both, by the latest exec of a process of the same
 * name (with a warning).
 */
#include "collect.h"
#include "collect_boot.h"
#include "import_parse.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct task_root {
	pid_t task, root;
};

struct import {
	struct collector *c;
	struct trace_line *lines;
	size_t n, cap;
	struct task_root *map;	/* thread or child -> the exec'd process it belongs to */
	size_t nmap, mapcap;
	size_t by_name;		/* events tied to a process by its name only */
};

static int lines_add(struct import *im, const struct trace_line *l)
{
	if (im->n == im->cap) {
		size_t cap = im->cap ? im->cap * 2 : 1024;
		struct trace_line *lines = realloc(im->lines, cap * sizeof(*lines));

		if (!lines)
			return -ENOMEM;
		im->lines = lines;
		im->cap = cap;
	}
	im->lines[im->n] = *l;
	im->lines[im->n].ev.order = (uint32_t)im->n;
	im->n++;
	return 0;
}

/* Reads FILE into IM; -1 with the message printed (line number and text). */
static int file_read(struct import *im, const char *path, bool stap)
{
	FILE *f;
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;

	/* Under sudo, only what the caller could read: the lines are quoted in errors. */
	caller_enter(&im->c->caller);
	f = fopen(path, "re");
	caller_leave(&im->c->caller);
	if (!f) {
		fprintf(stderr, "kvmboot-collect: cannot read '%s': %s\n", path, strerror(errno));
		return -1;
	}
	while (rc == 0 && (len = getline(&line, &cap, f)) >= 0) {
		struct trace_line l;
		enum line_kind k;

		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		k = stap ? stap_line_parse(line, &l) : trace_line_parse(line, &l);
		if (k == LINE_BAD) {
			size_t n = strlen(line);

			fprintf(stderr, "kvmboot-collect: %s:%zu: %s: '%.*s%s'\n", path, lineno, l.why,
				(int)(n > 100 ? 100 : n), line, n > 100 ? "..." : "");
			rc = -1;
		} else if (k == LINE_EVENT && lines_add(im, &l) < 0) {
			fprintf(stderr, "kvmboot-collect: out of memory\n");
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {	/* a directory, or an I/O error: not an empty trace */
		fprintf(stderr, "kvmboot-collect: cannot read '%s': %s\n", path, strerror(errno));
		rc = -1;
	}
	free(line);
	fclose(f);
	return rc;
}

static pid_t root_of(const struct import *im, pid_t task)
{
	size_t i;

	for (i = im->nmap; i-- > 0;)	/* the latest tie wins: pids are reused */
		if (im->map[i].task == task)
			return im->map[i].root;
	return 0;
}

static int tie(struct import *im, pid_t task, pid_t root)
{
	if (im->nmap == im->mapcap) {
		size_t cap = im->mapcap ? im->mapcap * 2 : 256;
		struct task_root *map = realloc(im->map, cap * sizeof(*map));

		if (!map)
			return -ENOMEM;
		im->map = map;
		im->mapcap = cap;
	}
	im->map[im->nmap++] = (struct task_root){ task, root };
	return 0;
}

/* The exec'd process of the same name last seen before line I, or 0. */
static pid_t root_by_name(const struct import *im, size_t i)
{
	const char *comm = im->lines[i].comm;

	while (i-- > 0)
		if (im->lines[i].ev.kind == RAW_EXEC && strcmp(im->lines[i].comm, comm) == 0)
			return im->lines[i].ev.pid;
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	const struct trace_line *x = a, *y = b;

	if (x->ev.ts != y->ev.ts)
		return x->ev.ts < y->ev.ts ? -1 : 1;
	return x->ev.order < y->ev.order ? -1 : x->ev.order > y->ev.order;
}

/*
 * Sets each line's ev.pid to its root process (exec and exit lines keep
 * the process they name). In time order, so that forks come first.
 */
static int roots_assign(struct import *im)
{
	size_t i;

	if (im->n > 1)	/* lines is NULL when empty */
		qsort(im->lines, im->n, sizeof(*im->lines), line_cmp);
	for (i = 0; i < im->n; i++) {
		struct trace_line *l = &im->lines[i];
		pid_t root = root_of(im, l->tid);

		if (!root && l->pid > 0)
			root = root_of(im, l->pid);
		if (l->ev.kind == RAW_EXEC) {
			if (tie(im, l->ev.pid, l->ev.pid) < 0)	/* an exec starts a process of its own */
				return -ENOMEM;
			continue;
		}
		if (l->ev.kind == RAW_FORK) {
			if (root && tie(im, l->ev.pid, root) < 0)
				return -ENOMEM;
			continue;
		}
		if (l->ev.kind == RAW_EXIT)
			continue;	/* decode matches the exit by the pid it names */
		if (!root && (root = root_by_name(im, i)) != 0)
			im->by_name++;
		l->ev.pid = root;
	}
	return 0;
}

/* Did the process ROOT run a vCPU or write a port? Then it is a VMM. */
static bool is_vmm(const struct import *im, pid_t root)
{
	size_t i;

	for (i = 0; i < im->n; i++) {
		const struct raw_event *e = &im->lines[i].ev;

		if (e->pid == root && (e->kind == RAW_KVM_ENTRY || e->kind == RAW_KVM_RUN ||
				       e->kind == RAW_PIO || e->kind == RAW_MMIO))
			return true;
	}
	return false;
}

/* The events of ROOT's boot: from its exec to its exit. */
static int boot_events(const struct import *im, pid_t root, struct event_buf *buf)
{
	size_t i;

	event_buf_reset(buf);
	for (i = 0; i < im->n; i++) {
		const struct raw_event *e = &im->lines[i].ev;

		if (e->pid == root && e->kind != RAW_FORK && event_buf_push(buf, e) < 0)
			return -ENOMEM;
	}
	return 0;
}

static int boot_import(struct import *im, pid_t root, unsigned seq, const char *path)
{
	struct collector *c = im->c;
	struct boot_outcome o;
	int rc;

	memset(&o, 0, sizeof(o));
	utc_now_text(o.started_at);
	if (boot_events(im, root, &c->events) < 0 ||
	    decode_boot(c->events.ev, c->events.n, root, &c->decode, &o.trace) < 0)
		return -ENOMEM;
	o.status = "ok";
	o.exit.exited = true;
	o.exit.exit_code = -1;
	o.vmm_pid = root;
	if (o.trace.n)
		o.wall_ns = o.trace.ms[o.trace.n - 1].time_ns;
	(void)path;	/* the session's vmm_command names the file */
	rc = boot_watched_store(c, seq, &o);
	boot_outcome_release(&o);
	return rc;
}

/* The VMM binary of the session: the first VMM's exec. */
static void binary_note(struct import *im, pid_t root)
{
	size_t i;

	for (i = 0; i < im->n && !im->c->vmm_path; i++)
		if (im->lines[i].ev.kind == RAW_EXEC && im->lines[i].ev.pid == root) {
			im->c->vmm_path = strdup(im->lines[i].filename[0] ? im->lines[i].filename
						 : im->lines[i].comm);
			im->c->info.vmm_binary = im->c->vmm_path;	/* written with the first boot */
		}
}

/* Each VMM of the trace, once, in the order of their execs. */
static int boots_import(struct import *im, const char *path)
{
	unsigned seq = 0;
	size_t i, j;

	for (i = 0; i < im->n; i++) {
		pid_t root = im->lines[i].ev.pid;
		bool seen = false;

		if (im->lines[i].ev.kind != RAW_EXEC || !is_vmm(im, root))
			continue;
		for (j = 0; j < i; j++)
			seen |= im->lines[j].ev.kind == RAW_EXEC && im->lines[j].ev.pid == root;
		if (seen)
			continue;	/* a wrapper that exec'd the VMM: one boot */
		binary_note(im, root);
		if (boot_import(im, root, ++seq, path) < 0)
			return -1;
	}
	return (int)seq;
}

int collector_import(struct collector *c)
{
	const struct collect_options *o = c->opts;
	bool stap = o->import_stap != NULL;
	const char *path = stap ? o->import_stap : o->import_path;
	struct import im = { .c = c };
	char err[512];
	int boots = -1, rc = 2;

	if (file_read(&im, path, stap) < 0)
		goto out;
	if (roots_assign(&im) < 0 || store_batch_begin(c->store, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", im.n ? err : "out of memory");
		goto out;
	}
	boots = boots_import(&im, path);
	if (boots <= 0 || store_batch_end(c->store, true, err, sizeof(err)) < 0) {
		store_batch_end(c->store, false, err, sizeof(err));	/* all or nothing */
		c->stored = c->stored_ok = 0;
		if (boots == 0)
			fprintf(stderr, "kvmboot-collect: no VMM in '%s': no process that was exec'd "
				"in the trace ran a vCPU or wrote a port (record sched:sched_process_exec "
				"and the kvm events)\n", path);
		else if (boots > 0)
			fprintf(stderr, "kvmboot-collect: %s\n", err);
		goto out;
	}
	if (im.by_name && o->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: warning: %zu events tied to a process by its name "
			"only (no pid in the lines, no fork events): record sched:sched_process_fork, "
			"or use perf script -F comm,pid,tid,cpu,time,event,trace\n", im.by_name);
	rc = collector_finish(c, false);
out:
	free(im.lines);
	free(im.map);
	return rc;
}
