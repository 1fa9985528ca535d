/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a VMM leaves behind outside its process group: a daemonizing VMM
 * (qemu -daemonize) forks and calls setsid, so killing the group misses
 * it. As a child subreaper the collector inherits such orphans, and can
 * find and kill them.
 */
#ifndef KVMBOOT_ORPHANS_H
#define KVMBOOT_ORPHANS_H

#include <sys/types.h>

/* Makes the caller inherit its descendants' orphans; 0 or -errno. */
int orphans_adopt(void);

#define ORPHANS_SPARE_MAX 80

/* A child that orphans_kill() leaves alone (the janitor, a boot still running). */
void orphans_spare(pid_t pid);
void orphans_unspare(pid_t pid);

/*
 * Kills and reaps every child of the caller, the orphans they leave
 * included. Returns how many of them had left process group GROUP.
 */
int orphans_kill(pid_t group);

/*
 * Reaps our exited children but the spared ones, without looking for live
 * ones: what a boot whose whole tree was seen to exit left (helpers its VMM
 * never waited for, reparented to us).
 */
void orphans_reap(void);

#endif
