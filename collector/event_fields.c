/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Our trace events and the fields read from them (libtraceevent). */
#include "../common/message.h"
#include "event_fields.h"
#include "launch.h"

#include <stdlib.h>
#include <string.h>

#define KVM_RUN_IOCTL 0xae80
#define KVM_TRACE_MMIO_WRITE 2

static const struct traced_event event_table[EV_COUNT] = {
	[EV_EXEC] = { "sched", "sched_process_exec", { "pid" }, false, NULL, { NULL } },
	[EV_EXIT] = { "sched", "sched_process_exit", { "pid" }, false, NULL, { NULL } },
	[EV_ENTRY] = { "kvm", "kvm_entry", { NULL }, true, NULL, { NULL } },
	[EV_IOCTL] = { "syscalls", "sys_enter_ioctl", { "cmd" }, false, NULL, { NULL } },
	[EV_PIO] = { "kvm", "kvm_pio", { "rw", "port", "val", "count" }, false, NULL, { NULL } },
	[EV_MMIO] = { "kvm", "kvm_mmio", { "type", "gpa", "val" }, false, NULL, { NULL } },
	[EV_FORK] = { "sched", "sched_process_fork", { "parent_pid", "child_pid" }, false, NULL,
		      { NULL } },
	/* trace_marker's lines: each launched VMM says its pid there before exec */
	[EV_PRINT] = { "ftrace", "print", { "buf" }, false, NULL, { NULL } },
};

const char *event_fields_system(int id)
{
	return event_table[id].system;
}

const char *event_fields_name(int id)
{
	return event_table[id].name;
}

int event_fields_marker(const struct event_fields *f, struct tep_record *rec,
			const char *prefix, long *pid)
{
	const struct tep_format_field *field = f->ev[EV_PRINT].field[0];
	size_t len = strlen(prefix);
	const char *text;
	char *end;

	if (!field || (size_t)field->offset + len + 2 > (size_t)rec->size)
		return -1;
	text = (const char *)rec->data + field->offset;
	if (strncmp(text, prefix, len) != 0 || text[len] < '1' || text[len] > '9')
		return -1;
	*pid = strtol(text + len, &end, 10);
	return *pid > 0 && (*end == '\n' || *end == '\0') ? 0 : -1;
}

static int event_resolve(struct traced_event *te, struct tep_handle *tep, bool all_optional,
			 char *err, size_t errlen)
{
	size_t i;

	te->event = tep_find_event_by_name(tep, te->system, te->name);
	if (!te->event) {
		if (te->optional || all_optional)
			return 0;
		return msg_fail(err, errlen, "the kernel has no tracepoint %s:%s%s", te->system,
				te->name, strcmp(te->system, "kvm") == 0 ?
				" (is the kvm module loaded?)" : "");
	}
	for (i = 0; i < 4 && te->fields[i]; i++) {
		te->field[i] = tep_find_field(te->event, te->fields[i]);
		if (!te->field[i])
			return msg_fail(err, errlen, "tracepoint %s:%s has no field '%s'",
					te->system, te->name, te->fields[i]);
	}
	return 0;
}

int event_fields_resolve(struct event_fields *f, struct tep_handle *tep, bool all_optional,
			 char *err, size_t errlen)
{
	int i;

	for (i = 0; i < EV_COUNT; i++) {
		f->ev[i] = event_table[i];
		if (event_resolve(&f->ev[i], tep, all_optional, err, errlen) < 0)
			return -1;
	}
	return 0;
}

int event_fields_which(const struct event_fields *f, const struct tep_event *event)
{
	int id;

	for (id = 0; id < EV_COUNT; id++)
		if (f->ev[id].event && f->ev[id].event->id == event->id)
			break;
	return id;
}

static unsigned long long field_read(const struct traced_event *te, int i, struct tep_record *rec)
{
	unsigned long long value = 0;

	tep_read_number_field(te->field[i], rec->data, &value);
	return value;
}

bool event_fields_read(const struct event_fields *f, struct tep_handle *tep, int id,
		       struct tep_record *rec, struct raw_event *e)
{
	const struct traced_event *te = &f->ev[id];

	e->pid = tep_data_pid(tep, rec);
	switch (id) {
	case EV_EXEC:
	case EV_EXIT:
		e->kind = id == EV_EXEC ? RAW_EXEC : RAW_EXIT;
		e->pid = (pid_t)field_read(te, 0, rec);
		break;
	case EV_ENTRY:
		e->kind = RAW_KVM_ENTRY;
		break;
	case EV_IOCTL:
		e->kind = RAW_KVM_RUN;
		return field_read(te, 0, rec) == KVM_RUN_IOCTL;
	case EV_PRINT: {
		long pid;

		e->kind = RAW_MARK;
		if (event_fields_marker(f, rec, LAUNCH_MARK_PREFIX, &pid) < 0)
			return false;	/* someone else's line */
		e->value = (uint32_t)pid;	/* the VMM's pid in the collector's namespace */
		break;
	}
	case EV_FORK:
		e->kind = RAW_FORK;
		e->value = (uint32_t)field_read(te, 0, rec);	/* the parent */
		e->pid = (pid_t)field_read(te, 1, rec);		/* the child */
		break;
	case EV_MMIO:
		e->kind = RAW_MMIO;
		e->write = field_read(te, 0, rec) == KVM_TRACE_MMIO_WRITE;
		e->address = field_read(te, 1, rec);
		e->value = (uint32_t)field_read(te, 2, rec);
		break;
	default:
		e->kind = RAW_PIO;
		e->write = field_read(te, 0, rec) == 1;
		e->port = (uint16_t)field_read(te, 1, rec);
		e->value = (uint32_t)field_read(te, 2, rec);
		e->count = (uint32_t)field_read(te, 3, rec);
	}
	return true;
}
