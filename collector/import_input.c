/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What --import reads: a file or standard input, as lines, and what it is. */
#include "import_input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 65536
#define TRACE_DAT_MAGIC "\027\010\104tracing"
#define PERF_DATA_MAGIC "PERFILE2"

int import_input_open(struct import_input *in, const char *path)
{
	memset(in, 0, sizeof(*in));
	in->is_stdin = strcmp(path, "-") == 0;
	in->f = in->is_stdin ? stdin : fopen(path, "re");
	if (!in->f)
		return -errno;
	in->cap = IMPORT_LINE_MAX + BLOCK + 1;
	in->buf = malloc(in->cap);
	if (!in->buf) {
		import_input_close(in);
		return -ENOMEM;
	}
	return 0;
}

/* Reads more after what is unread (moved to the front); 0 or -errno. */
static int input_fill(struct import_input *in)
{
	size_t n;

	if (in->start) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	n = fread(in->buf + in->end, 1, in->cap - 1 - in->end, in->f);
	in->end += n;
	if (n == 0 && ferror(in->f))
		return errno ? -errno : -EIO;
	if (n == 0)
		in->eof = true;
	return 0;
}

enum import_format import_input_format(struct import_input *in)
{
	size_t len;

	while (!in->eof && in->end - in->start < BLOCK)
		if (input_fill(in) < 0)
			return IMPORT_TEXT;	/* the read error shows at the first line */
	len = in->end - in->start;
	if (len >= 10 && memcmp(in->buf + in->start, TRACE_DAT_MAGIC, 10) == 0)
		return IMPORT_TRACE_DAT;
	if (len >= 8 && memcmp(in->buf + in->start, PERF_DATA_MAGIC, 8) == 0)
		return IMPORT_PERF_DATA;
	if (memchr(in->buf + in->start, '\0', len))
		return IMPORT_BINARY;
	return IMPORT_TEXT;
}

int import_input_line(struct import_input *in, char **line)
{
	char *nl;
	int rc;

	for (;;) {
		nl = memchr(in->buf + in->start, '\n', in->end - in->start);
		if (nl || (in->eof && in->end > in->start))
			break;
		if (in->eof)
			return 0;
		if (in->end - in->start > IMPORT_LINE_MAX)
			return -E2BIG;
		if ((rc = input_fill(in)) < 0)
			return rc;
	}
	if (!nl)
		nl = in->buf + in->end;	/* the last line, without its newline */
	if ((size_t)(nl - (in->buf + in->start)) > IMPORT_LINE_MAX)
		return -E2BIG;
	*nl = '\0';
	*line = in->buf + in->start;
	in->start = (size_t)(nl - in->buf) + (nl < in->buf + in->end);
	if (in->start > in->end)
		in->start = in->end;
	if (nl > *line && nl[-1] == '\r')
		nl[-1] = '\0';
	in->lineno++;
	return 1;
}

/* Copies standard input, what was read of it first, to an unlinked file. */
static int stdin_spool(struct import_input *in)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/kvmboot-import-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unlink(path);
	do {
		size_t len = in->end - in->start;

		if (len && write(fd, in->buf + in->start, len) != (ssize_t)len)
			rc = errno ? -errno : -EIO;
		in->start = in->end;
	} while (rc == 0 && !in->eof && (rc = input_fill(in)) == 0);
	if (rc == 0 && lseek(fd, 0, SEEK_SET) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

int import_input_fd(struct import_input *in)
{
	int fd;

	if (!in->is_stdin) {	/* from its start: the first block was read */
		fd = fileno(in->f);
		return lseek(fd, 0, SEEK_SET) < 0 ? -errno : fd;
	}
	fd = stdin_spool(in);
	if (fd < 0)
		return fd;
	in->f = fdopen(fd, "r");	/* stdin itself is not ours to close */
	in->is_stdin = false;
	if (!in->f) {
		close(fd);
		return -ENOMEM;
	}
	return fd;
}

void import_input_close(struct import_input *in)
{
	if (in->f && !in->is_stdin)
		fclose(in->f);
	free(in->buf);
	memset(in, 0, sizeof(*in));
}
