/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The collector's tracefs instance "kvmboot-PID-NS" and its uprobe system
 * "kvmboot_PID_NS" (PID in the collector's PID namespace, NS that
 * namespace's inode: unique across containers). A live collector holds an
 * flock on its instance directory; a collector that was killed (kill -9,
 * OOM) releases it by dying, and the next collector to start removes what
 * it left. Claiming and sweeping happen under an flock on tracefs's
 * instances directory, so that no instance is ever seen unlocked.
 */
#ifndef KVMBOOT_INSTANCE_H
#define KVMBOOT_INSTANCE_H

#include <stddef.h>

#define INSTANCE_PREFIX "kvmboot-"
#define UPROBE_SYSTEM_PREFIX "kvmboot_"

struct instance_claim {
	char name[64];		/* kvmboot-PID-NS */
	char uprobe_system[64];	/* kvmboot_PID_NS */
	int lock_fd;		/* the instance directory, flocked; -1 when none */
};

/* What a sweep removed, one line each ("the tracefs instance 'x'"). */
typedef void (*instance_said_fn)(const char *what, void *ctx);

/*
 * Removes instances and uprobe systems of collectors that are gone (and
 * only those), then creates and locks our own instance. 0, or -errno with
 * ERR (nothing created).
 */
int instance_claim(struct instance_claim *claim, instance_said_fn said, void *ctx,
		   char *err, size_t errlen);

/* Removes the instance (and nothing else); accepts an unclaimed one. */
void instance_release(struct instance_claim *claim);

/*
 * Removes every uprobe event of SYSTEM from tracefs (events enabled in
 * a removed instance are free by then). 0 or -errno.
 */
int uprobe_system_remove(const char *system);

#endif
