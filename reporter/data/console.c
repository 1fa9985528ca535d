/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A boot's console lines as a table. */
#include "console.h"
#include "../../common/message.h"

static const struct column columns[] = {
	{ "run", COL_INT, SHOW_DATA, 0, false },
	{ "line", COL_INT, SHOW_DATA, 0, false },
	{ "time", COL_TIME, SHOW_ALL, 0, true },
	{ "delta", COL_TIME, SHOW_ALL, 0, false },
	{ "port", COL_TEXT, SHOW_ALL, 0, false },
	{ "text", COL_TEXT, SHOW_ALL, 0, false },
};

/* -1: out of memory, -2: SQLite failed. */
static int lines_read(sqlite3_stmt *stmt, struct table *t, int64_t run_id)
{
	int64_t previous = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);
		int64_t time_ns = sqlite3_column_int64(stmt, 2);

		if (row < 0)
			return -1;
		table_int_set(t, (size_t)row, 0, run_id);
		table_int_set(t, (size_t)row, 1, sqlite3_column_int64(stmt, 0));
		table_int_set(t, (size_t)row, 2, time_ns);
		if (row > 0)
			table_int_set(t, (size_t)row, 3, time_ns - previous);
		table_textf_set(t, (size_t)row, 4, "%#llx", (unsigned long long)sqlite3_column_int64(stmt, 1));
		table_text_set(t, (size_t)row, 5, (const char *)sqlite3_column_text(stmt, 3));
		previous = time_ns;
	}
	return rc == SQLITE_DONE ? 0 : -2;
}

int console_table_load(sqlite3 *db, int64_t run_id, struct table **out, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	struct table *t;
	int rc;

	*out = NULL;
	if (sqlite3_prepare_v2(db, "SELECT seq, port, time_ns, text FROM console_lines"
			       " WHERE run_id = ?1 ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot read the console lines: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(stmt, 1, run_id);
	t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	rc = t ? lines_read(stmt, t, run_id) : -1;
	if (rc == -2)
		msg_fail(err, errlen, "cannot read the console lines: %s", sqlite3_errmsg(db));
	else if (rc == -1)
		msg_fail(err, errlen, "out of memory");
	sqlite3_finalize(stmt);
	if (rc < 0) {
		table_free(t);
		return -1;
	}
	table_title_set(t, "console of run %lld: ms since the VMM's exec, and since the line before",
			(long long)run_id);
	*out = t;
	return 0;
}
