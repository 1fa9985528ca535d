/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the reporter's connections read the database: mapped into memory
 * (PRAGMA mmap_size) rather than copied page by page, unless
 * $KVMBOOT_MMAP_SIZE says otherwise (0: no mapping, so that a measure of
 * the reporter's resident memory is its heap alone).
 */
#ifndef KVMBOOT_MAPPING_H
#define KVMBOOT_MAPPING_H

#include <sqlite3.h>

/* The mapping's size in bytes: $KVMBOOT_MMAP_SIZE when it is a number, else 4 GiB. */
long long mapping_size(void);

/* Makes DB read-only (query_only) and maps up to mapping_size() bytes of it. */
void mapping_apply(sqlite3 *db);

/*
 * Unmaps what DB mapped of the file, to be mapped again as it reads on:
 * the pages stay in the page cache, but no longer count in this
 * process's resident size. Between statements only.
 */
void mapping_drop(sqlite3 *db);

#endif
