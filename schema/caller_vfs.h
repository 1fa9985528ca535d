/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An SQLite VFS that touches files with the calling user's rights. */
#ifndef KVMBOOT_CALLER_VFS_H
#define KVMBOOT_CALLER_VFS_H

#include <sqlite3.h>

#include "../common/caller.h"

#define CALLER_VFS_NAME "kvmboot-caller"

/*
 * Registers CALLER_VFS_NAME: the default VFS, with every open, create,
 * remove and path lookup done with C's file-system rights (C must outlive
 * every connection that uses it). SQLITE_OK or an SQLite error code.
 */
int caller_vfs_register(struct caller *c);

#endif
