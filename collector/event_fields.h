/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Our trace events and the fields read from them, found by name in
 * libtraceevent's parsed formats (no fixed offsets): one reading for a
 * live trace and for a trace.dat, so both decode alike.
 */
#ifndef KVMBOOT_EVENT_FIELDS_H
#define KVMBOOT_EVENT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

#include <event-parse.h>

#include "decode.h"

enum { EV_EXEC, EV_EXIT, EV_ENTRY, EV_IOCTL, EV_PIO, EV_MMIO, EV_FORK, EV_PRINT, EV_COUNT };

/* An event we use, and the fields we read from it. */
struct traced_event {
	const char *system, *name;
	const char *fields[4];
	bool optional;		/* kvm_entry: absent on some hosts */
	struct tep_event *event;	/* NULL when absent */
	struct tep_format_field *field[4];
};

struct event_fields {
	struct traced_event ev[EV_COUNT];
};

/*
 * Finds our events and their fields in TEP. An absent event is an error
 * unless it is optional, or ALL_OPTIONAL (a trace.dat holds the events
 * it recorded); an event without a field we read is always one.
 * Returns 0, or -1 with ERR.
 */
int event_fields_resolve(struct event_fields *f, struct tep_handle *tep, bool all_optional,
			 char *err, size_t errlen);

/* Which of our events EVENT is (EV_*), or EV_COUNT. */
int event_fields_which(const struct event_fields *f, const struct tep_event *event);

/* The system and name of event ID (EV_*), for the formats to parse. */
const char *event_fields_system(int id);
const char *event_fields_name(int id);

/*
 * A trace_marker line (EV_PRINT record REC) that reads PREFIX then a pid:
 * the pid in *PID, 0; -1 for any other line.
 */
int event_fields_marker(const struct event_fields *f, struct tep_record *rec,
			const char *prefix, long *pid);

/*
 * Fills E's kind, pid and fields from REC, a record of our event ID.
 * False when the record is none of ours after all (an ioctl other than
 * KVM_RUN, which live collection filters out in the kernel; a marker line
 * that is not a VMM's LAUNCH_MARK_PREFIX line).
 */
bool event_fields_read(const struct event_fields *f, struct tep_handle *tep, int id,
		       struct tep_record *rec, struct raw_event *e);

#endif
