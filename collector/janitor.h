/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A small process that outlives a collector killed without warning (kill
 * -9, the OOM killer): when the collector's end of a pipe closes without a
 * goodbye, it kills the process group of the boot in flight (a wrapper
 * script's children too) and removes the collector's tracefs instance and
 * uprobes at once. Signals the collector handles itself (Ctrl-C) leave it
 * waiting for the goodbye. If it dies with the collector, the VMM still
 * dies by its parent-death signal and the next collector sweeps the rest.
 */
#ifndef KVMBOOT_JANITOR_H
#define KVMBOOT_JANITOR_H

#include <stdbool.h>
#include <sys/types.h>

#include "instance.h"

struct janitor {
	pid_t pid;	/* 0: none */
	int fd;		/* our end of the pipe */
};

/*
 * Starts the janitor of CLAIM's instance (and its uprobe system, when
 * WITH_UPROBES). 0, or -errno (then there is none; collecting goes on
 * without it).
 */
int janitor_start(struct janitor *j, const struct instance_claim *claim, bool with_uprobes);

/* A boot's process group to kill should we die; and, once it ended, not. */
void janitor_watch(struct janitor *j, pid_t pgid);
void janitor_unwatch(struct janitor *j, pid_t pgid);

/* Says goodbye and reaps it; accepts a janitor that never started. */
void janitor_stop(struct janitor *j);

#endif
