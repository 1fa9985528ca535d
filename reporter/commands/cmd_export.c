/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report export: one row per boot and trace point, for other
 * tools, each with its session's tags and its own start time; or, with
 * -f openmetrics, the latest figures for Prometheus.
 */
#include "export_openmetrics.h"
#include "../../common/message.h"
#include "../../common/outfile.h"

static const struct column columns[] = {
	{ "session", COL_INT, SHOW_ALL, 0, true },
	{ "session_uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "label", COL_TEXT, SHOW_ALL, 0, false },
	{ "host", COL_TEXT, SHOW_DATA, 0, false },
	{ "tags", COL_TEXT, SHOW_NOT_JSON, 0, false },
	{ "tags", COL_JSON, SHOW_JSON, 0, false },
	{ "run", COL_INT, SHOW_ALL, 0, false },
	{ "run_uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "boot", COL_INT, SHOW_ALL, 0, false },
	{ "started_at", COL_TEXT, SHOW_DATA, 0, false },
	{ "status", COL_TEXT, SHOW_ALL, 0, false },
	{ "point", COL_INT, SHOW_ALL, 0, false },
	{ "milestone", COL_TEXT, SHOW_ALL, 0, false },
	{ "source", COL_TEXT, SHOW_DATA, 0, false },
	{ "port", COL_INT, SHOW_DATA, 0, false },
	{ "value", COL_INT, SHOW_DATA, 0, false },
	{ "time", COL_TIME, SHOW_ALL, 0, false },
};
#define NCOLS (sizeof(columns) / sizeof(columns[0]))

static void row_fill(struct table *t, size_t row, sqlite3_stmt *stmt)
{
	size_t c;

	for (c = 0; c < NCOLS; c++) {
		int type = sqlite3_column_type(stmt, (int)c);

		if (type == SQLITE_INTEGER)
			table_int_set(t, row, c, sqlite3_column_int64(stmt, (int)c));
		else if (type != SQLITE_NULL)
			table_text_set(t, row, c, (const char *)sqlite3_column_text(stmt, (int)c));
	}
}

/* The rows in the chosen format, to -o FILE (whole) or standard output. */
static int rows_output(struct report *r, struct table *t)
{
	struct outfile o;
	FILE *stdout_was = r->out;
	int rc;

	if (!r->args->output)
		return report_table_print(r, t);
	if (outfile_open(&o, r->args->output, r->err, sizeof(r->err)) < 0) {
		table_free(t);
		return 2;
	}
	r->out = o.f;
	rc = report_table_print(r, t);
	r->out = stdout_was;
	if (rc) {
		outfile_abort(&o);
		return rc;
	}
	return outfile_commit(&o, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}

int cmd_export(struct report *r)
{
	struct selection sel;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	struct table *t;
	int rc = SQLITE_DONE;

	if (report_selection(r, &r->args->select, &sel))
		return 2;
	if (r->args->openmetrics)
		return export_openmetrics(r, &sel);
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, s.uuid, s.label, s.host, o.tags, " TAGS_JSON("s.id") ","
		   " r.id, r.uuid, r.seq, r.started_at, r.status, p.seq,"
		   " p.name, p.source, p.port, p.value, p.time_ns"
		   " FROM runs r JOIN sessions s ON s.id = r.session_id"
		   " JOIN session_overview o ON o.session_id = s.id"
		   " JOIN run_points p ON p.run_id = r.id WHERE 1");
	selection_where(&sel, &q, false);
	sqlbuf_add(&q, " ORDER BY r.id, p.seq");
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	t = table_new(columns, NCOLS);
	while (t && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);

		if (row < 0)
			break;
		row_fill(t, (size_t)row, stmt);
	}
	sqlite3_finalize(stmt);
	if (!t || rc != SQLITE_DONE) {
		table_free(t);
		if (!t || rc == SQLITE_ROW)
			return report_oom(r);
		return msg_fail(r->err, sizeof(r->err), "cannot read the boots: %s",
				sqlite3_errmsg(r->db)), 2;
	}
	if (t->nrows == 0)
		report_empty_note(r, &sel);
	return rows_output(r, t);
}
