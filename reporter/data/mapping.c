/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How the reporter's connections read the database: mapped, or not. */
#include "mapping.h"

#include <stdio.h>
#include <stdlib.h>

#define MAPPING_DEFAULT 4294967296LL	/* 4 GiB: SQLite caps it at its own maximum */

long long mapping_size(void)
{
	const char *env = getenv("KVMBOOT_MMAP_SIZE");
	char *end;
	long long size;

	if (!env || !*env)
		return MAPPING_DEFAULT;
	size = strtoll(env, &end, 10);
	return *end || size < 0 ? MAPPING_DEFAULT : size;
}

void mapping_apply(sqlite3 *db)
{
	char sql[96];

	/* A read hint: SQLite falls back to reads where mmap is unavailable. */
	snprintf(sql, sizeof(sql), "PRAGMA query_only = 1; PRAGMA mmap_size = %lld",
		 mapping_size());
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}

void mapping_drop(sqlite3 *db)
{
	char sql[128];

	if (mapping_size() == 0)
		return;
	/* A new limit unmaps the file; the old one back maps it again as pages are read */
	snprintf(sql, sizeof(sql), "PRAGMA mmap_size = 0; PRAGMA mmap_size = %lld", mapping_size());
	sqlite3_exec(db, sql, NULL, NULL, NULL);
}
