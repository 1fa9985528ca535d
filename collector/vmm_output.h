/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the VMM prints, kept for the reason of a failure: its stdout and
 * stderr go to a pipe that the collector reads while the boot runs, and
 * only the last VMM_OUTPUT_KEEP bytes are kept (where the error is). No
 * file is written: a chatty or runaway VMM costs the host nothing.
 */
#ifndef KVMBOOT_VMM_OUTPUT_H
#define KVMBOOT_VMM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VMM_OUTPUT_KEEP 65536

struct vmm_output {
	int read_fd;		/* ours, non-blocking */
	int write_fd;		/* the VMM's stdout and stderr */
	char buf[VMM_OUTPUT_KEEP];
	size_t start, len;	/* the kept tail, as a ring */
	uint64_t total;		/* bytes printed this boot */
	FILE *echo;		/* -vv: copied here as it comes; NULL: not */
};

/* Opens the pipe. 0 or -errno. Release with vmm_output_close(). */
int vmm_output_open(struct vmm_output *o);

/* Forgets the last boot's output (what it left in the pipe too). */
void vmm_output_reset(struct vmm_output *o);

/* Reads what the pipe holds now. */
void vmm_output_read(struct vmm_output *o);

/* The last non-empty line kept, cut to LEN. */
void vmm_output_last_line(const struct vmm_output *o, char *out, size_t len);

void vmm_output_close(struct vmm_output *o);

#endif
