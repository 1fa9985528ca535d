/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report sessions: one line per session. */
#include "../report.h"
#include "../data/dates.h"
#include "../../common/message.h"

#include <string.h>
#include <time.h>

static const struct column columns[] = {
	{ "id", COL_INT, SHOW_ALL, 0, true },
	{ "start UTC", COL_TEXT, SHOW_TEXT, 0, false },	/* "start local" with --local */
	{ "started_at", COL_TEXT, SHOW_DATA, 0, false },
	{ "label", COL_TEXT, SHOW_ALL, 0, false },
	{ "tags", COL_TEXT, SHOW_NOT_JSON, 0, false },	/* key=value key=value */
	{ "tags", COL_JSON, SHOW_JSON, 0, false },	/* {"key": "value", ...} */
	{ "boots", COL_INT, SHOW_ALL, 0, false },
	{ "ok", COL_INT, SHOW_ALL, 0, false },
	{ "uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "host", COL_TEXT, SHOW_DATA, 0, false },
	{ "vmm_version", COL_TEXT, SHOW_DATA, 0, false },
};

static void row_fill(struct table *t, long row, sqlite3_stmt *stmt, bool local)
{
	const char *started = (const char *)sqlite3_column_text(stmt, 1);
	char start[24];
	int c;

	table_int_set(t, (size_t)row, 0, sqlite3_column_int64(stmt, 0));
	date_show(started, local, start, sizeof(start));
	table_text_set(t, (size_t)row, 1, start);
	table_text_set(t, (size_t)row, 2, started);
	/* Columns from the label on: the query's, the json tags beside the text ones. */
	for (c = 2; c <= 9; c++) {
		size_t col = (size_t)c + 1;

		if (sqlite3_column_type(stmt, c) == SQLITE_INTEGER)
			table_int_set(t, (size_t)row, col, sqlite3_column_int64(stmt, c));
		else
			table_text_set(t, (size_t)row, col, (const char *)sqlite3_column_text(stmt, c));
	}
}

int cmd_sessions(struct report *r)
{
	struct column cols[sizeof(columns) / sizeof(columns[0])];
	struct selection sel;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	struct table *t;
	int rc;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT o.session_id, o.started_at, o.label, o.tags, " TAGS_JSON("s.id") ","
		   " o.boots, o.boots_ok, o.uuid, o.host, o.vmm_version FROM session_overview o"
		   " JOIN sessions s ON s.id = o.session_id WHERE 1");
	selection_where(&sel, &q, true);
	sqlbuf_add(&q, " ORDER BY s.started_at, s.id");
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	memcpy(cols, columns, sizeof(cols));
	if (r->args->local)
		cols[1].name = "start local";
	t = table_new(cols, sizeof(cols) / sizeof(cols[0]));
	while (t && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);

		if (row < 0)
			break;
		row_fill(t, row, stmt, r->args->local);
	}
	sqlite3_finalize(stmt);
	if (!t || rc != SQLITE_DONE) {
		table_free(t);
		return t ? msg_fail(r->err, sizeof(r->err), "cannot read the sessions: %s",
				    sqlite3_errmsg(r->db)), 2 : report_oom(r);
	}
	return report_table_print(r, t);
}
