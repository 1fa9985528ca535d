/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decoding one boot's raw trace events into milestones (pure, no kernel). */
#include "decode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int event_cmp(const void *a, const void *b)
{
	const struct raw_event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

void decoder_init(struct boot_decoder *d, const struct decode_config *cfg, pid_t vmm_pid,
		  pid_t marker_pid)
{
	memset(d, 0, sizeof(*d));
	d->cfg = cfg;
	d->vmm_pid = vmm_pid;
	d->marker_pid = vmm_pid ? 0 : marker_pid;
	console_init(&d->bt.console, cfg->console_ports, cfg->nconsole);
}

void decoder_tree_only(struct boot_decoder *d)
{
	d->tree = true;
}

static bool tree_has(const struct boot_decoder *d, pid_t pid)
{
	size_t i;

	for (i = 0; i < d->npids; i++)
		if (d->pids[i] == pid)
			return true;
	return false;
}

static int tree_add(struct boot_decoder *d, pid_t pid)
{
	if (d->npids == d->pids_cap) {
		size_t cap = d->pids_cap ? d->pids_cap * 2 : 16;
		pid_t *pids = realloc(d->pids, cap * sizeof(*pids));

		if (!pids)
			return d->error = -ENOMEM;
		d->pids = pids;
		d->pids_cap = cap;
	}
	d->pids[d->npids++] = pid;
	return 0;
}

/* A task of the tree exited: its pid may be another's soon. */
static void tree_remove(struct boot_decoder *d, pid_t pid)
{
	size_t i;

	for (i = 0; i < d->npids; i++)
		if (d->pids[i] == pid) {
			d->pids[i] = d->pids[--d->npids];
			return;
		}
}

/*
 * Follows the VMM's tree through forks and exits (every task of it is
 * traced: event-fork); is E of the tree? A fork is never decoded.
 */
static bool tree_takes(struct boot_decoder *d, const struct raw_event *e)
{
	if (e->kind == RAW_FORK) {
		if (tree_has(d, (pid_t)e->value))
			tree_add(d, e->pid);
		else
			d->tree_unsure = true;
		return false;
	}
	if (!tree_has(d, e->pid))
		return false;
	if (e->kind == RAW_EXIT && e->pid != d->vmm_pid)
		tree_remove(d, e->pid);	/* the VMM's own exit is its boot's end */
	return true;
}

bool decoder_tree_gone(const struct boot_decoder *d)
{
	return d->bt.have_exec && d->bt.have_exit && !d->error && !d->tree_unsure &&
	       d->npids == 1;
}

pid_t decoder_vmm_pid(const struct boot_decoder *d)
{
	return d->vmm_pid;
}

static int64_t since_zero(const struct boot_decoder *d, uint64_t ts)
{
	return (int64_t)(ts - d->bt.exec_ts);
}

/* A new milestone at TS (ORDER breaks ties), or NULL when there is no room. */
static struct milestone *milestone_add(struct boot_decoder *d, const char *name,
				       const char *source, int64_t time_ns, uint64_t order)
{
	struct boot_trace *bt = &d->bt;
	struct milestone *m;

	if (bt->n == DECODE_POINTS_MAX) {
		bt->dropped_points++;
		return NULL;
	}
	if (bt->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 32;

		m = realloc(bt->ms, cap * sizeof(*m));
		if (!m) {
			d->error = -ENOMEM;
			return NULL;
		}
		bt->ms = m;
		d->cap = cap;
	}
	m = &bt->ms[bt->n++];
	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->source = source;
	m->time_ns = time_ns;
	m->order = (uint32_t)order;
	return m;
}

static void write_decode(struct boot_decoder *d, const struct raw_event *e)
{
	bool mmio = e->kind == RAW_MMIO;
	char buf[POINT_NAME_MAX];
	const char *name;
	struct milestone *m;

	if (!e->write)
		return;
	name = point_map_name(d->cfg->map, mmio ? POINT_MMIO : POINT_PIO,
			      mmio ? e->address : e->port, e->value, buf, sizeof(buf));
	if (!name)
		return;
	if (!mmio && e->count > 1)
		d->bt.string_writes++;
	m = milestone_add(d, name, mmio ? "mmio" : "pio", since_zero(d, e->ts), d->seq);
	if (!m)
		return;
	m->has_port = !mmio;
	m->has_address = mmio;
	m->port = e->port;
	m->address = e->address;
	m->value = e->value;
}

/* The earliest of a kind wins: a later batch may hold an earlier event. */
static void first_keep(bool *have, uint64_t *ts, uint64_t *seq, const struct raw_event *e,
		       uint64_t at)
{
	if (*have && *ts <= e->ts)
		return;
	*have = true;
	*ts = e->ts;
	*seq = at;
}

static int event_decode(struct boot_decoder *d, const struct raw_event *e)
{
	struct boot_trace *bt = &d->bt;
	uint32_t u = e->value;

	switch (e->kind) {
	case RAW_KVM_ENTRY:
		first_keep(&d->have_entry, &d->entry_ts, &d->entry_seq, e, d->seq);
		break;
	case RAW_KVM_RUN:
		first_keep(&d->have_run, &d->run_ts, &d->run_seq, e, d->seq);
		break;
	case RAW_PIO:
		if (e->write && console_wants(&bt->console, e->port))
			return console_feed(&bt->console, e->port, e->value, e->count,
					    since_zero(d, e->ts));
		write_decode(d, e);
		break;
	case RAW_MMIO:
		write_decode(d, e);
		break;
	case RAW_EXIT:
		if (e->pid == d->vmm_pid)
			first_keep(&bt->have_exit, &d->exit_ts, &d->exit_seq, e, d->seq);
		break;
	case RAW_UPROBE:
		/* A function's first call is the milestone (kvm_cpu_exec runs often). */
		if (u < d->cfg->nuprobes && u < 32) {
			bool seen = bt->uprobes_seen & (1u << u);

			first_keep(&seen, &d->uprobe_ts[u], &d->uprobe_seq[u], e, d->seq);
			bt->uprobes_seen |= 1u << u;
		}
		break;
	default:
		break;
	}
	return d->error;
}

/* Before the VMM's exec: its marker line (naming its pid), then the exec. */
static void start_watch(struct boot_decoder *d, const struct raw_event *e)
{
	if (!d->vmm_pid && e->kind == RAW_MARK && (pid_t)e->value == d->marker_pid)
		d->vmm_pid = e->pid;
	else if (d->vmm_pid && e->kind == RAW_EXEC && e->pid == d->vmm_pid) {
		d->bt.have_exec = true;
		d->bt.exec_ts = e->ts;
		milestone_add(d, "vmm_exec", "exec", 0, d->seq);
		if (!tree_has(d, d->vmm_pid))
			tree_add(d, d->vmm_pid);
	}
}

int decoder_feed_sorted(struct boot_decoder *d, const struct raw_event *ev, size_t n)
{
	size_t i;

	for (i = 0; i < n && !d->error; i++, d->seq++) {
		if (!d->bt.have_exec)
			start_watch(d, &ev[i]);
		else if (ev[i].ts >= d->bt.exec_ts && (tree_takes(d, &ev[i]) || !d->tree) &&
			 event_decode(d, &ev[i]) < 0)
			return d->error;
	}
	return d->error;
}

void decode_sort(struct raw_event *ev, size_t n)
{
	if (n > 1)
		qsort(ev, n, sizeof(*ev), event_cmp);
}

int decoder_feed(struct boot_decoder *d, struct raw_event *ev, size_t n)
{
	decode_sort(ev, n);
	return decoder_feed_sorted(d, ev, n);
}

static bool console_named(const struct boot_trace *bt, const char *name)
{
	size_t i;

	for (i = 0; i < bt->n; i++)
		if (strcmp(bt->ms[i].source, "console") == 0 && strcmp(bt->ms[i].name, name) == 0)
			return true;
	return false;
}

/*
 * Milestones from the console lines that a rule names: the first line
 * wins (SeaBIOS prints its banner twice, systemd reaches many targets);
 * every line stays in console_lines.
 */
static void console_milestones(struct boot_decoder *d, const struct text_rules *rules)
{
	struct boot_trace *bt = &d->bt;
	size_t i;

	for (i = 0; rules && i < bt->console.nlines; i++) {
		const struct console_line *l = &bt->console.lines[i];
		const char *name = text_rules_match(rules, l->text);
		struct milestone *m;

		if (!name || console_named(bt, name))
			continue;
		m = milestone_add(d, name, "console", l->time_ns, d->seq + i);
		if (!m)
			return;
		m->has_port = true;
		m->port = l->port;
	}
}

static int milestone_cmp(const void *a, const void *b)
{
	const struct milestone *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The milestones kept as "first of" while decoding. */
static void firsts_add(struct boot_decoder *d)
{
	size_t i;

	if (d->have_entry || d->have_run) {
		d->bt.init_end_source = d->have_entry ? "kvm_entry" : "kvm_run_ioctl";
		milestone_add(d, "vmm_init_end", d->bt.init_end_source,
			      since_zero(d, d->have_entry ? d->entry_ts : d->run_ts),
			      d->have_entry ? d->entry_seq : d->run_seq);
	}
	for (i = 0; i < d->cfg->nuprobes && i < 32; i++)
		if (d->bt.uprobes_seen & (1u << i))
			milestone_add(d, d->cfg->uprobe_names[i], "uprobe",
				      since_zero(d, d->uprobe_ts[i]), d->uprobe_seq[i]);
	if (d->bt.have_exit)
		milestone_add(d, "vmm_exit", "exit", since_zero(d, d->exit_ts), d->exit_seq);
}

int decoder_finish(struct boot_decoder *d, struct boot_trace *out)
{
	int rc = d->error;

	memset(out, 0, sizeof(*out));
	if (rc == 0 && d->bt.have_exec) {
		firsts_add(d);
		rc = console_finish(&d->bt.console);
		if (rc == 0)
			console_milestones(d, d->cfg->rules);
		rc = rc ? rc : d->error;
		if (d->bt.n)
			qsort(d->bt.ms, d->bt.n, sizeof(*d->bt.ms), milestone_cmp);
	} else if (rc == 0) {
		console_release(&d->bt.console);	/* nothing before the exec counts */
		console_init(&d->bt.console, d->cfg->console_ports, d->cfg->nconsole);
	}
	if (rc < 0) {
		decoder_release(d);
		return rc;
	}
	*out = d->bt;
	memset(&d->bt, 0, sizeof(d->bt));
	decoder_release(d);	/* the tree */
	return 0;
}

void decoder_release(struct boot_decoder *d)
{
	boot_trace_release(&d->bt);
	free(d->pids);
	d->pids = NULL;
	d->npids = d->pids_cap = 0;
}

int decode_boot(struct raw_event *ev, size_t n, pid_t vmm_pid,
		const struct decode_config *cfg, struct boot_trace *out)
{
	struct boot_decoder d;

	decoder_init(&d, cfg, vmm_pid, 0);
	decoder_feed(&d, ev, n);
	return decoder_finish(&d, out);
}

void boot_trace_release(struct boot_trace *bt)
{
	console_release(&bt->console);
	free(bt->ms);
	memset(bt, 0, sizeof(*bt));
}

const struct milestone *boot_trace_find(const struct boot_trace *bt, const char *name)
{
	size_t i;

	for (i = 0; i < bt->n; i++)
		if (strcmp(bt->ms[i].name, name) == 0)
			return &bt->ms[i];
	return NULL;
}
