/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * trace.dat files of trace-cmd (record, or extract of an instance), read
 * with libtracecmd; the events' fields are read as in live collection.
 */
#ifndef KVMBOOT_IMPORT_TRACEDAT_H
#define KVMBOOT_IMPORT_TRACEDAT_H

#include <stddef.h>

#include "import_trace.h"

/* Asked every few thousand records: non-zero stops the reading. */
typedef int (*tracedat_stop_fn)(void *data);

/*
 * Adds the events of the trace.dat at FD (every buffer of it, the
 * instances' too) to T. Returns 0, -EINTR when STOP said so, or -1 with
 * ERR. FD stays open.
 */
int tracedat_read(int fd, struct import_trace *t, tracedat_stop_fn stop, void *data,
		  char *err, size_t errlen);

#endif
