/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trace.dat files of trace-cmd, read with libtracecmd. */
#include "../common/message.h"
#include "event_fields.h"
#include "import_tracedat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd.h>

#define STOP_EVERY 4096

struct tracedat {
	struct import_trace *t;
	struct tep_handle *tep;
	struct event_fields fields;
	struct tep_format_field *filename;	/* sched_process_exec's */
	tracedat_stop_fn stop;
	void *data;
	size_t seen;
	int error;		/* -ENOMEM, or -EINTR when stopped */
};

/* The file an exec ran: its __data_loc "filename" field. */
static void exec_file(struct tracedat *d, struct tep_record *rec, char *out, size_t len)
{
	int size = 0;
	const char *text;

	out[0] = '\0';
	if (!d->filename)
		return;
	text = tep_get_field_raw(NULL, d->fields.ev[EV_EXEC].event, "filename", rec, &size, 0);
	if (text && size > 0)
		snprintf(out, len, "%.*s", size, text);
}

static int on_record(struct tracecmd_input *handle, struct tep_record *rec, int cpu, void *data)
{
	struct tracedat *d = data;
	struct tep_event *event = tep_find_event_by_record(d->tep, rec);
	struct raw_event e;
	char file[256];
	int id;
	pid_t tid;

	(void)handle;
	(void)cpu;
	if (++d->seen % STOP_EVERY == 0 && d->stop && d->stop(d->data)) {
		d->error = -EINTR;
		return -1;
	}
	id = event ? event_fields_which(&d->fields, event) : EV_COUNT;
	if (id == EV_COUNT)
		return 0;
	memset(&e, 0, sizeof(e));
	e.ts = rec->ts;
	if (!event_fields_read(&d->fields, d->tep, id, rec, &e))
		return 0;
	tid = tep_data_pid(d->tep, rec);
	if (id == EV_EXEC)
		exec_file(d, rec, file, sizeof(file));
	if (import_trace_add(d->t, &e, tid, -1, tep_data_comm_from_pid(d->tep, tid),
			     id == EV_EXEC ? file : NULL) < 0) {
		d->error = -ENOMEM;
		return -1;
	}
	return 0;
}

/* The top buffer and every instance's, read together in time order. */
static int buffers_read(struct tracecmd_input *top, struct tracedat *d)
{
	int n = tracecmd_buffer_instances(top), i, count = 1, rc;
	struct tracecmd_input **handles = calloc((size_t)(n > 0 ? n : 0) + 1, sizeof(*handles));

	if (!handles)
		return -ENOMEM;
	handles[0] = top;
	for (i = 0; i < n; i++) {
		handles[count] = tracecmd_buffer_instance_handle(top, i);
		if (handles[count])
			count++;
	}
	rc = tracecmd_iterate_events_multi(handles, count, on_record, d);
	for (i = 1; i < count; i++)
		tracecmd_close(handles[i]);
	free(handles);
	return d->error ? d->error : rc < 0 ? -EIO : 0;
}

int tracedat_read(int fd, struct import_trace *t, tracedat_stop_fn stop, void *data,
		  char *err, size_t errlen)
{
	struct tracedat d = { .t = t, .stop = stop, .data = data };
	struct tracecmd_input *top;
	int rc;

	tracecmd_set_loglevel(TEP_LOG_NONE);
	top = tracecmd_open_fd(dup(fd), TRACECMD_FL_LOAD_NO_PLUGINS);
	if (!top)
		return msg_fail(err, errlen, "cannot read it as a trace.dat (a damaged or "
				"unfinished file?)");
	d.tep = tracecmd_get_tep(top);
	if (event_fields_resolve(&d.fields, d.tep, true, err, errlen) < 0) {
		tracecmd_close(top);
		return -1;
	}
	if (d.fields.ev[EV_EXEC].event)
		d.filename = tep_find_field(d.fields.ev[EV_EXEC].event, "filename");
	rc = buffers_read(top, &d);
	tracecmd_close(top);
	if (rc == -EINTR)
		return rc;
	if (rc < 0)
		return msg_fail(err, errlen, "%s", rc == -ENOMEM ? "out of memory" :
				"cannot read the events (a damaged or unfinished file?)");
	return 0;
}
