/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMM's output: read from a pipe as it comes, its last part kept. */
#include "vmm_output.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define PIPE_SIZE (1024 * 1024)	/* room while the collector drains the trace */

int vmm_output_open(struct vmm_output *o)
{
	int fds[2];

	memset(o, 0, sizeof(*o));
	o->read_fd = o->write_fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	o->read_fd = fds[0];
	o->write_fd = fds[1];
	/* A larger pipe: a VMM must not wait for us to print (best effort:
	 * the default, 64 KiB, serves where the limit is lower). */
	fcntl(o->write_fd, F_SETPIPE_SZ, PIPE_SIZE);
	if (fcntl(o->read_fd, F_SETFL, O_NONBLOCK) < 0) {
		vmm_output_close(o);
		return -errno;
	}
	return 0;
}

/* Appends N bytes of DATA to the ring, dropping its oldest bytes. */
static void keep(struct vmm_output *o, const char *data, size_t n)
{
	size_t i;

	if (n >= sizeof(o->buf)) {
		data += n - sizeof(o->buf);
		n = sizeof(o->buf);
	}
	for (i = 0; i < n; i++) {
		o->buf[(o->start + o->len) % sizeof(o->buf)] = data[i];
		if (o->len < sizeof(o->buf))
			o->len++;
		else
			o->start = (o->start + 1) % sizeof(o->buf);
	}
}

void vmm_output_read(struct vmm_output *o)
{
	char chunk[16384];
	ssize_t n;

	while ((n = read(o->read_fd, chunk, sizeof(chunk))) > 0 || (n < 0 && errno == EINTR)) {
		if (n <= 0)
			continue;
		keep(o, chunk, (size_t)n);
		o->total += (uint64_t)n;
		if (o->echo)
			fwrite(chunk, 1, (size_t)n, o->echo);
	}
}

void vmm_output_reset(struct vmm_output *o)
{
	FILE *echo = o->echo;

	o->echo = NULL;
	vmm_output_read(o);	/* whatever a late writer left */
	o->echo = echo;
	o->start = o->len = 0;
	o->total = 0;
}

void vmm_output_last_line(const struct vmm_output *o, char *out, size_t len)
{
	size_t end = o->len, begin, i;

	out[0] = '\0';
	while (end > 0 && strchr("\r\n", o->buf[(o->start + end - 1) % sizeof(o->buf)]))
		end--;
	for (begin = end; begin > 0 && o->buf[(o->start + begin - 1) % sizeof(o->buf)] != '\n';)
		begin--;
	if (len == 0)
		return;
	if (end - begin >= len)
		end = begin + len - 1;
	for (i = begin; i < end; i++)
		out[i - begin] = o->buf[(o->start + i) % sizeof(o->buf)];
	out[end - begin] = '\0';
}

void vmm_output_close(struct vmm_output *o)
{
	if (o->read_fd >= 0)
		close(o->read_fd);
	if (o->write_fd >= 0)
		close(o->write_fd);
	o->read_fd = o->write_fd = -1;
}
