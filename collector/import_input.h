/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What --import reads: a file, or standard input ("-"), as lines; and
 * what it is, from its first bytes (a text trace, a trace.dat, a
 * perf.data, something else binary). Prints nothing.
 */
#ifndef KVMBOOT_IMPORT_INPUT_H
#define KVMBOOT_IMPORT_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define IMPORT_LINE_MAX 65536	/* a longer line is no trace's */

enum import_format {
	IMPORT_TEXT,
	IMPORT_TRACE_DAT,	/* trace-cmd record / extract */
	IMPORT_PERF_DATA,	/* perf record */
	IMPORT_BINARY,		/* a NUL byte in the first block */
};

struct import_input {
	FILE *f;
	bool is_stdin;
	char *buf;
	size_t cap, start, end;	/* unread bytes: buf[start..end) */
	bool eof;
	size_t lineno;		/* of the line last read */
};

/* Opens PATH ("-": standard input); 0 or -errno. */
int import_input_open(struct import_input *in, const char *path);

/* Looks at the first bytes; reads nothing away. */
enum import_format import_input_format(struct import_input *in);

/*
 * The next line, without its end of line, in *LINE (valid until the next
 * call). 1, 0 at the end, -E2BIG for a line past IMPORT_LINE_MAX, or
 * -errno for a read error (a directory: -EISDIR).
 */
int import_input_line(struct import_input *in, char **line);

/*
 * A file descriptor holding the whole input from its start: the file's
 * own, or, for standard input, an unlinked temporary file it is copied
 * to (in $TMPDIR). Closed by import_input_close(). -errno on failure.
 */
int import_input_fd(struct import_input *in);

void import_input_close(struct import_input *in);

#endif
