/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A boot's console lines (console_lines) as a table: time since the exec,
 * since the line before, the port and the text. Shared by kvmboot-report
 * console and the report page's boot pages.
 */
#ifndef KVMBOOT_CONSOLE_H
#define KVMBOOT_CONSOLE_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "../rendering/table.h"

/* The lines of boot RUN_ID into a new table (*OUT, the caller frees it). 0, or -1 with ERR. */
int console_table_load(sqlite3 *db, int64_t run_id, struct table **out, char *err, size_t errlen);

#endif
