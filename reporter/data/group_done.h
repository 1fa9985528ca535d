/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which groups of a grouping have every boot below a run id: boots read
 * in id order, a group's statistics can be made and its values freed as
 * soon as no boot of its sessions is left to read. Library-style.
 */
#ifndef KVMBOOT_GROUP_DONE_H
#define KVMBOOT_GROUP_DONE_H

#include <stdbool.h>
#include <sqlite3.h>

#include "grouping.h"

struct group_done {
	sqlite3_stmt *last_run;	/* a session's highest run id */
	size_t *start;		/* group k's sessions: sessions[start[k] .. start[k + 1]] */
	int64_t *sessions;	/* by group, the highest id first */
};

/* Lists G's sessions by group, to be checked on DB. 0, or -ENOMEM or -EIO. */
int group_done_init(struct group_done *d, sqlite3 *db, const struct grouping *g);

/*
 * Is every boot of group K's sessions (whatever its status) below run id
 * READ_BELOW? False too when the database cannot say: the group then
 * waits, which costs memory, never a result.
 */
bool group_done_below(struct group_done *d, size_t k, int64_t read_below);

void group_done_release(struct group_done *d);

#endif
