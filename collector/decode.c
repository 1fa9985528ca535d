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

static struct milestone *milestone_add(struct boot_trace *bt, const char *name,
				       const char *source, int64_t time_ns)
{
	struct milestone *m = &bt->ms[bt->n];

	memset(m, 0, sizeof(*m));
	snprintf(m->name, sizeof(m->name), "%s", name);
	m->source = source;
	m->time_ns = time_ns;
	m->order = (uint32_t)bt->n++;
	return m;
}

static int64_t since_zero(const struct boot_trace *bt, uint64_t ts)
{
	return (int64_t)(ts - bt->exec_ts);
}

/* Which event kind gives vmm_init_end: kvm_entry where the host has it. */
static enum raw_kind init_kind(const struct raw_event *ev, size_t n, size_t from)
{
	size_t i;

	for (i = from; i < n; i++)
		if (ev[i].kind == RAW_KVM_ENTRY)
			return RAW_KVM_ENTRY;
	return RAW_KVM_RUN;
}

static void write_decode(struct boot_trace *bt, const struct raw_event *e,
			 const struct point_map *map)
{
	bool mmio = e->kind == RAW_MMIO;
	char buf[POINT_NAME_MAX];
	const char *name;
	struct milestone *m;

	if (!e->write)
		return;
	name = point_map_name(map, mmio ? POINT_MMIO : POINT_PIO, mmio ? e->address : e->port,
			      e->value, buf, sizeof(buf));
	if (!name)
		return;
	if (!mmio && e->count > 1)
		bt->string_writes++;
	m = milestone_add(bt, name, mmio ? "mmio" : "pio", since_zero(bt, e->ts));
	m->has_port = !mmio;
	m->has_address = mmio;
	m->port = e->port;
	m->address = e->address;
	m->value = e->value;
}

static int event_decode(struct boot_trace *bt, const struct raw_event *e,
			enum raw_kind init, pid_t vmm_pid, const struct decode_config *cfg)
{
	if (e->kind == init && !bt->init_end_source) {
		bt->init_end_source = init == RAW_KVM_ENTRY ? "kvm_entry" : "kvm_run_ioctl";
		milestone_add(bt, "vmm_init_end", bt->init_end_source, since_zero(bt, e->ts));
	} else if (e->kind == RAW_PIO && e->write && console_wants(&bt->console, e->port)) {
		return console_feed(&bt->console, e->port, e->value, e->count, since_zero(bt, e->ts));
	} else if (e->kind == RAW_PIO || e->kind == RAW_MMIO) {
		write_decode(bt, e, cfg->map);
	} else if (e->kind == RAW_EXIT && e->pid == vmm_pid && !bt->have_exit) {
		bt->have_exit = true;
		milestone_add(bt, "vmm_exit", "exit", since_zero(bt, e->ts));
	} else if (e->kind == RAW_UPROBE && e->value < cfg->nuprobes && e->value < 32 &&
		   !(bt->uprobes_seen & (1u << e->value))) {
		/* A function's first call is the milestone (kvm_cpu_exec runs often). */
		bt->uprobes_seen |= 1u << e->value;
		milestone_add(bt, cfg->uprobe_names[e->value], "uprobe", since_zero(bt, e->ts));
	}
	return 0;
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
static void console_milestones(struct boot_trace *bt, const struct text_rules *rules)
{
	size_t i;

	for (i = 0; rules && i < bt->console.nlines; i++) {
		const struct console_line *l = &bt->console.lines[i];
		const char *name = text_rules_match(rules, l->text);
		struct milestone *m;

		if (!name || console_named(bt, name))
			continue;
		m = milestone_add(bt, name, "console", l->time_ns);
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

int decode_boot(struct raw_event *ev, size_t n, pid_t vmm_pid,
		const struct decode_config *cfg, struct boot_trace *out)
{
	size_t i, start;
	enum raw_kind init;

	memset(out, 0, sizeof(*out));
	console_init(&out->console, cfg->console_ports, cfg->nconsole);
	if (n == 0)
		return 0;
	qsort(ev, n, sizeof(*ev), event_cmp);
	for (start = 0; start < n; start++)
		if (ev[start].kind == RAW_EXEC && ev[start].pid == vmm_pid)
			break;
	if (start == n)
		return 0;
	/* At most one milestone per event, plus vmm_exec. */
	out->ms = calloc(n - start + 1, sizeof(*out->ms));
	if (!out->ms)
		return -ENOMEM;
	out->have_exec = true;
	out->exec_ts = ev[start].ts;
	milestone_add(out, "vmm_exec", "exec", 0);
	init = init_kind(ev, n, start);
	for (i = start + 1; i < n; i++)
		if (event_decode(out, &ev[i], init, vmm_pid, cfg) < 0)
			return -ENOMEM;
	if (console_finish(&out->console) < 0)
		return -ENOMEM;
	/* Each console line came from one event at least: still room. */
	console_milestones(out, cfg->rules);
	qsort(out->ms, out->n, sizeof(*out->ms), milestone_cmp);
	return 0;
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
