/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The user who invoked kvmboot. Under sudo (or pkexec) we run as root but
 * act for someone else: every file kvmboot creates, opens for writing or
 * removes, it does with that caller's rights, never root's, so that a
 * symbolic link planted by the caller cannot point root at a file the
 * caller could not write. Tracing keeps root's rights.
 */
#ifndef KVMBOOT_CALLER_H
#define KVMBOOT_CALLER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct caller {
	bool other;		/* we are root acting for another user */
	uid_t uid;
	gid_t gid;
	char name[64];
	gid_t *groups;		/* the caller's supplementary groups */
	int ngroups;
	gid_t *own_groups;	/* ours, restored by caller_leave() */
	int nown;
	int depth;		/* caller_enter() nesting */
};

/*
 * Finds the caller: the user named by SUDO_UID (or PKEXEC_UID) when we are
 * root, else ourselves. 0, or -1 with ERR. Free with caller_release().
 */
int caller_identify(struct caller *c, char *err, size_t errlen);

/*
 * Switches the file-system credentials (fsuid, fsgid, groups) to the
 * caller's until the matching caller_leave(); calls nest. A no-op when
 * the caller is ourselves. 0, or -errno (nothing changed).
 */
int caller_enter(struct caller *c);
void caller_leave(struct caller *c);

/* Becomes the caller for good (a process that needs no root). 0 or -errno. */
int caller_become(const struct caller *c);

void caller_release(struct caller *c);

/*
 * A malloc'd copy of USER's group list, GID first (USER NULL: GID alone),
 * into *OUT and *N. 0 or -errno.
 */
int user_groups_find(const char *user, gid_t gid, gid_t **out, int *n);

#endif
