/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which groups of a grouping have every boot below a run id: boots read
 * in id order, a group's statistics can be made and its values freed as
 * soon as no boot of its sessions is left to read. Library-style.
 */
#ifndef KVMBOOT_GROUP_DONE_H
#define KVMBOOT_GROUP_DONE_H

#include <sqlite3.h>

#include "grouping.h"

struct group_done {
	sqlite3 *db;
	sqlite3_stmt *last_run;	/* a session's highest run id */
	size_t *start;		/* group k's sessions: sessions[start[k] .. start[k + 1]] */
	int64_t *sessions;	/* by group, the highest id first */
	size_t *done_to;	/* per group: its sessions before this one are read */
};

/* Lists G's sessions by group, to be checked on DB. 0, or -ENOMEM or -EIO. */
int group_done_init(struct group_done *d, sqlite3 *db, const struct grouping *g);

/*
 * The first group from FROM on (of N) that may still have a boot (whatever
 * its status) at or above run id READ_BELOW; N when none has. A group the
 * database cannot answer for counts as not read: it then waits, which
 * costs memory, never a result. READ_BELOW only grows from call to call:
 * a session found read is not asked about again.
 */
size_t group_done_upto(struct group_done *d, size_t from, size_t n, int64_t read_below);

void group_done_release(struct group_done *d);

#endif
