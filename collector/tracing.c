/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The collector's private tracefs instance (libtracefs, libtraceevent). */
#include "../common/message.h"
#include "event_fields.h"
#include "tracing.h"
#include "uprobes.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event-parse.h>
#include <tracefs.h>

#define KVM_RUN_IOCTL 44672	/* 0xae80; the filter parser takes decimal only */
#define DEFAULT_BUFFER_KB 4096

struct tracer {
	struct tracefs_instance *instance;
	struct tep_handle *tep;
	struct event_fields fields;	/* our events, their fields */
	int ncpus;
	int marker_fd;		/* the instance's trace_marker, for the VMMs */
	pid_t self_pid;		/* our pid as the kernel's events give it */
	uint64_t missed;	/* records flagged with missed events */
	uint32_t order;
	const char *uprobe_system;
	struct tep_event *uprobe[UPROBES_MAX];	/* the VMM's functions */
	size_t nuprobes, uprobes_enabled;
};

const char *tracer_name(const struct tracer *t)
{
	return tracefs_instance_get_name(t->instance);
}

static int filter_apply(struct tracer *t, struct traced_event *te, const char *filter,
			char *err, size_t errlen)
{
	char *reason;

	if (tracefs_event_filter_apply(t->instance, te->event, filter) >= 0)
		return 0;
	reason = tracefs_error_last(t->instance);
	msg_fail(err, errlen, "the kernel refused the filter '%s' on %s:%s%s%s", filter,
	     te->system, te->name, reason ? ": " : "", reason ? reason : "");
	free(reason);
	return -1;
}

/*
 * A filter "TEST && (FIELD == V1 || FIELD == V2 ...)", built value by
 * value: the kernel's filter parser takes decimal only.
 */
struct any_of_filter {
	char text[1024];
	size_t len;
};

static void any_of_init(struct any_of_filter *f, const char *test)
{
	f->len = (size_t)snprintf(f->text, sizeof(f->text), "%s && (", test);
}

static void any_of_add(struct any_of_filter *f, const char *field, uint64_t value, bool first)
{
	if (f->len < sizeof(f->text))
		f->len += (size_t)snprintf(f->text + f->len, sizeof(f->text) - f->len, "%s%s == %llu",
					   first ? "" : " || ", field, (unsigned long long)value);
}

/* Closes F and applies it to TE; TOO_LONG is the message when it overflowed. */
static int any_of_apply(struct tracer *t, struct traced_event *te, struct any_of_filter *f,
			const char *too_long, char *err, size_t errlen)
{
	if (f->len + 2 > sizeof(f->text))
		return msg_fail(err, errlen, "%s", too_long);
	strcat(f->text, ")");
	return filter_apply(t, te, f->text, err, errlen);
}

/* "rw == 1 && (port == 244 || port == 245)": writes to the points' ports. */
static int pio_filter_apply(struct tracer *t, const struct tracer_config *cfg,
			    char *err, size_t errlen)
{
	struct any_of_filter f;
	size_t i;

	any_of_init(&f, "rw == 1");
	for (i = 0; i < cfg->nports; i++)
		any_of_add(&f, "port", cfg->ports[i], i == 0);
	return any_of_apply(t, &t->fields.ev[EV_PIO], &f, "too many trace-point ports", err, errlen);
}

/* "type == 2 && (gpa == 3221225472)": MMIO writes to the points' addresses. */
static int mmio_filter_apply(struct tracer *t, const struct tracer_config *cfg,
			     char *err, size_t errlen)
{
	struct any_of_filter f;
	size_t i;

	any_of_init(&f, "type == 2");
	for (i = 0; i < cfg->naddresses; i++)
		any_of_add(&f, "gpa", cfg->addresses[i], i == 0);
	return any_of_apply(t, &t->fields.ev[EV_MMIO], &f, "too many MMIO addresses", err, errlen);
}

/* Which events this configuration needs (kvm_entry only where the kernel has it). */
static bool event_wanted(const struct tracer *t, const struct tracer_config *cfg, int i)
{
	if (!t->fields.ev[i].event || i == EV_PRINT)	/* print is always on: no enable file */
		return false;
	if (i == EV_PIO)
		return cfg->nports > 0;
	if (i == EV_MMIO)
		return cfg->naddresses > 0;
	/* Forks too: they tie threads and children to their boot (--watch,
	 * -j) and tell whether a boot's whole tree exited (decoder_tree_gone). */
	return true;
}

/* Parses one event's format into TEP; 0, or -1 when it has none. */
static int format_parse(struct tep_handle *tep, const char *system, const char *name)
{
	char file[256], *text;
	int len = 0, rc;

	snprintf(file, sizeof(file), "events/%s/%s/format", system, name);
	text = tracefs_instance_file_read(NULL, file, &len);
	if (!text)
		return -1;
	rc = tep_parse_event(tep, text, (unsigned long)len, system) == 0 ? 0 : -1;
	free(text);
	return rc;
}

/*
 * The formats of the events we read, and no others: every format of a
 * system (syscalls has some 700) takes a good part of a second to parse.
 */
static struct tep_handle *formats_load(const struct tracer *t, const struct tracer_config *cfg)
{
	struct tep_handle *tep = tep_alloc();
	char *header;
	int len = 0;
	size_t i;

	if (!tep)
		return NULL;
	header = tracefs_instance_file_read(NULL, "events/header_page", &len);
	if (!header) {
		tep_free(tep);
		return NULL;
	}
	tep_parse_header_page(tep, header, (unsigned long)len, sizeof(long));
	free(header);
	for (i = 0; i < EV_COUNT; i++)
		format_parse(tep, event_fields_system((int)i), event_fields_name((int)i));	/* checked later */
	for (i = 0; i < cfg->nuprobes; i++)
		format_parse(tep, cfg->uprobe_system, cfg->uprobe_events[i]);
	tep_set_cpus(tep, t->ncpus);
	tep_set_long_size(tep, tep_get_header_page_size(tep));
	return tep;
}

/* The uprobes' events: found in the formats, enabled in our instance. */
static int uprobes_setup(struct tracer *t, const struct tracer_config *cfg,
			 char *err, size_t errlen)
{
	size_t i;

	t->uprobe_system = cfg->uprobe_system;
	for (i = 0; i < cfg->nuprobes && i < UPROBES_MAX; i++) {
		t->uprobe[i] = tep_find_event_by_name(t->tep, cfg->uprobe_system, cfg->uprobe_events[i]);
		if (!t->uprobe[i])
			return msg_fail(err, errlen, "the uprobe %s:%s is not in tracefs",
					cfg->uprobe_system, cfg->uprobe_events[i]);
		t->nuprobes++;
		if (tracefs_event_enable(t->instance, cfg->uprobe_system, cfg->uprobe_events[i]) < 0)
			return msg_fail(err, errlen, "cannot enable the uprobe %s:%s: %s",
					cfg->uprobe_system, cfg->uprobe_events[i], strerror(errno));
		t->uprobes_enabled++;
	}
	return 0;
}

static int events_setup(struct tracer *t, const struct tracer_config *cfg,
			char *err, size_t errlen)
{
	char filter[64];
	int i;

	t->tep = formats_load(t, cfg);
	if (!t->tep)
		return msg_fail(err, errlen, "cannot read the event formats from tracefs");
	if (event_fields_resolve(&t->fields, t->tep, false, err, errlen) < 0)
		return -1;
	snprintf(filter, sizeof(filter), "cmd == %d", KVM_RUN_IOCTL);
	if ((cfg->exec_filter && filter_apply(t, &t->fields.ev[EV_EXEC], cfg->exec_filter, err, errlen) < 0) ||
	    filter_apply(t, &t->fields.ev[EV_IOCTL], filter, err, errlen) < 0 ||
	    (cfg->nports && pio_filter_apply(t, cfg, err, errlen) < 0) ||
	    (cfg->naddresses && mmio_filter_apply(t, cfg, err, errlen) < 0))
		return -1;
	for (i = 0; i < EV_COUNT; i++) {
		if (!event_wanted(t, cfg, i))
			continue;
		if (tracefs_event_enable(t->instance, t->fields.ev[i].system, t->fields.ev[i].name) < 0)
			return msg_fail(err, errlen, "cannot enable %s:%s: %s", t->fields.ev[i].system,
				    t->fields.ev[i].name, strerror(errno));
	}
	return cfg->nuprobes ? uprobes_setup(t, cfg, err, errlen) : 0;
}

/* Clock first: setting trace_clock empties the buffer. */
static int instance_setup(struct tracer *t, const struct tracer_config *cfg,
			  char *err, size_t errlen)
{
	size_t kb = cfg->buffer_kb ? cfg->buffer_kb : DEFAULT_BUFFER_KB;

	if (tracefs_trace_off(t->instance) < 0 ||
	    tracefs_instance_file_write(t->instance, "trace_clock", "mono") < 0)
		return msg_fail(err, errlen, "cannot set the 'mono' trace clock: %s", strerror(errno));
	if (tracefs_option_enable(t->instance, TRACEFS_OPTION_EVENT_FORK) < 0)
		return msg_fail(err, errlen, "cannot enable the event-fork option: %s", strerror(errno));
	if (tracefs_instance_set_buffer_size(t->instance, kb, -1) < 0)
		return msg_fail(err, errlen, "cannot set the buffer size to %zu KiB: %s", kb,
			    strerror(errno));
	t->marker_fd = tracefs_instance_file_open(t->instance, "trace_marker", O_WRONLY | O_CLOEXEC);
	if (t->marker_fd < 0)
		return msg_fail(err, errlen, "cannot open the instance's trace_marker: %s",
				strerror(errno));
	return events_setup(t, cfg, err, errlen);
}

struct self_find {
	struct tracer *t;
	pid_t pid;
};

static int on_self_marker(struct tep_event *event, struct tep_record *rec, int cpu, void *data)
{
	struct self_find *f = data;
	long pid;

	(void)cpu;
	if (event->id == f->t->fields.ev[EV_PRINT].event->id &&
	    event_fields_marker(&f->t->fields, rec, "kvmboot-self ", &pid) == 0 &&
	    pid == (long)getpid())
		f->pid = tep_data_pid(f->t->tep, rec);
	return 0;
}

/*
 * Our pid as the kernel's events give it, which differs from getpid() in a
 * PID namespace (a container): a line we write to trace_marker comes back
 * with it. Runs before any event is enabled, so the buffer holds only that.
 */
static int self_pid_find(struct tracer *t, char *err, size_t errlen)
{
	struct self_find f = { t, 0 };
	char line[64];
	int n = snprintf(line, sizeof(line), "kvmboot-self %d\n", (int)getpid());

	if (tracefs_trace_on(t->instance) < 0 || write(t->marker_fd, line, (size_t)n) != n) {
		tracefs_trace_off(t->instance);
		return msg_fail(err, errlen, "cannot write to the instance's trace_marker: %s",
				strerror(errno));
	}
	tracefs_trace_off(t->instance);
	tracefs_iterate_raw_events(t->tep, t->instance, NULL, 0, on_self_marker, &f);
	if (!f.pid)
		return msg_fail(err, errlen, "cannot find our own pid in the trace (trace_marker "
				"line not seen)");
	t->self_pid = f.pid;
	return 0;
}

int tracer_open(struct tracer **out, const char *name, const struct tracer_config *cfg,
		char *err, size_t errlen)
{
	struct tracer *t;

	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return msg_fail(err, errlen, "out of memory");
	t->marker_fd = -1;
	t->ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	t->instance = tracefs_instance_create(name);	/* made by instance_claim() */
	if (!t->instance) {
		msg_fail(err, errlen, "cannot open the tracefs instance '%s': %s", name,
			 strerror(errno));
		free(t);
		return -1;
	}
	if (instance_setup(t, cfg, err, errlen) < 0 || self_pid_find(t, err, errlen) < 0) {
		tracer_close(t);
		return -1;
	}
	*out = t;
	return 0;
}

/* Sums "overrun" and "dropped events" over the per-CPU stats files. */
static uint64_t lost_counters(struct tracer *t)
{
	uint64_t total = 0;
	int cpu;

	for (cpu = 0; cpu < t->ncpus; cpu++) {
		char file[64], *text, *line;

		snprintf(file, sizeof(file), "per_cpu/cpu%d/stats", cpu);
		text = tracefs_instance_file_read(t->instance, file, NULL);
		if (!text)
			continue;
		for (line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
			uint64_t value;

			if (sscanf(line, "overrun: %" SCNu64, &value) == 1 ||
			    sscanf(line, "dropped events: %" SCNu64, &value) == 1)
				total += value;
		}
		free(text);
	}
	return total;
}

int tracer_start(struct tracer *t, bool everyone, char *err, size_t errlen)
{
	char text[32];

	snprintf(text, sizeof(text), "%d", (int)t->self_pid);
	/* Once per session: writing set_event_pid makes the kernel synchronize. */
	if (!everyone && tracefs_instance_file_write(t->instance, "set_event_pid", text) < 0)
		return msg_fail(err, errlen, "cannot set set_event_pid: %s", strerror(errno));
	if (tracefs_trace_on(t->instance) < 0)
		return msg_fail(err, errlen, "cannot turn tracing on: %s", strerror(errno));
	return 0;
}

void tracer_stop(struct tracer *t)
{
	tracefs_trace_off(t->instance);
}

int tracer_marker_fd(const struct tracer *t)
{
	return t->marker_fd;
}

struct drain_ctx {
	struct tracer *t;
	struct event_buf *buf;
};

static int event_buf_grow(struct event_buf *buf)
{
	size_t cap = buf->cap ? buf->cap * 2 : 1024;
	struct raw_event *ev = realloc(buf->ev, cap * sizeof(*ev));

	if (!ev)
		return -ENOMEM;
	buf->ev = ev;
	buf->cap = cap;
	return 0;
}

/* Which of our uprobes EVENT is, or -1. */
static int uprobe_index(const struct tracer *t, const struct tep_event *event)
{
	size_t i;

	for (i = 0; i < t->nuprobes; i++)
		if (t->uprobe[i]->id == event->id)
			return (int)i;
	return -1;
}

static int on_record(struct tep_event *event, struct tep_record *rec, int cpu, void *data)
{
	struct drain_ctx *ctx = data;
	struct tracer *t = ctx->t;
	struct raw_event e;
	int id, probe = -1;

	(void)cpu;
	if (rec->missed_events)
		t->missed++;
	id = event_fields_which(&t->fields, event);
	if (id == EV_COUNT && (probe = uprobe_index(t, event)) < 0)
		return 0;
	memset(&e, 0, sizeof(e));
	e.ts = rec->ts;
	if (id < EV_COUNT) {
		if (!event_fields_read(&t->fields, t->tep, id, rec, &e))
			return 0;	/* an ioctl or a marker line not ours */
	} else {
		e.kind = RAW_UPROBE;
		e.pid = tep_data_pid(t->tep, rec);
		e.value = (uint32_t)probe;
	}
	e.order = t->order++;
	if (ctx->buf->n == ctx->buf->cap && event_buf_grow(ctx->buf) < 0) {
		ctx->buf->error = -ENOMEM;
		return 0;
	}
	ctx->buf->ev[ctx->buf->n++] = e;
	return 0;
}

int tracer_drain(struct tracer *t, struct event_buf *buf)
{
	struct drain_ctx ctx = { t, buf };

	if (tracefs_iterate_raw_events(t->tep, t->instance, NULL, 0, on_record, &ctx) < 0)
		return -errno ? -errno : -EIO;
	return buf->error;
}

uint64_t tracer_lost_count(struct tracer *t)
{
	return lost_counters(t) + t->missed;
}


/*
 * Removing the instance disables its events; only uprobes must be off
 * before it, to be removed themselves (each disable costs milliseconds).
 */
void tracer_events_off(struct tracer *t)
{
	int i;

	if (!t || !t->instance)
		return;
	tracefs_trace_off(t->instance);
	for (i = 0; i < (int)t->uprobes_enabled; i++)
		tracefs_event_disable(t->instance, t->uprobe_system, t->uprobe[i]->name);
	t->uprobes_enabled = 0;
}

void tracer_close(struct tracer *t)
{
	if (!t)
		return;
	if (t->marker_fd >= 0)
		close(t->marker_fd);
	if (t->instance) {
		tracer_events_off(t);
		tracefs_instance_destroy(t->instance);
		tracefs_instance_free(t->instance);
	}
	tep_free(t->tep);
	free(t);
}

int event_buf_push(struct event_buf *buf, const struct raw_event *e)
{
	if (buf->n == buf->cap && event_buf_grow(buf) < 0)
		return -ENOMEM;
	buf->ev[buf->n++] = *e;
	return 0;
}

void event_buf_reset(struct event_buf *buf)
{
	buf->n = 0;
	buf->error = 0;
}

void event_buf_release(struct event_buf *buf)
{
	free(buf->ev);
	memset(buf, 0, sizeof(*buf));
}
