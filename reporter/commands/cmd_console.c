/*
 * kvmboot-report console RUN: what the guest wrote as text during one
 * boot, line by line, with the time since the exec and since the line
 * before, so that a person can see where the time went between two lines.
 */
#include "../report.h"
#include "../../common/message.h"

#include <stdint.h>

static const struct column columns[] = {
	{ "run", COL_INT, SHOW_DATA, 0, false },
	{ "line", COL_INT, SHOW_DATA, 0, false },
	{ "time", COL_TIME, SHOW_ALL, 0, true },
	{ "delta", COL_TIME, SHOW_ALL, 0, false },
	{ "port", COL_TEXT, SHOW_ALL, 0, false },
	{ "text", COL_TEXT, SHOW_ALL, 0, false },
};

static int lines_read(struct report *r, sqlite3_stmt *stmt, struct table *t, int64_t run_id)
{
	int64_t previous = 0;
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);
		int64_t time_ns = sqlite3_column_int64(stmt, 2);

		if (row < 0)
			return report_oom(r);
		table_int_set(t, (size_t)row, 0, run_id);
		table_int_set(t, (size_t)row, 1, sqlite3_column_int64(stmt, 0));
		table_int_set(t, (size_t)row, 2, time_ns);
		if (row > 0)
			table_int_set(t, (size_t)row, 3, time_ns - previous);
		table_textf_set(t, (size_t)row, 4, "%#llx", (unsigned long long)sqlite3_column_int64(stmt, 1));
		table_text_set(t, (size_t)row, 5, (const char *)sqlite3_column_text(stmt, 3));
		previous = time_ns;
	}
	if (rc != SQLITE_DONE)
		return msg_fail(r->err, sizeof(r->err), "cannot read the console lines: %s",
				sqlite3_errmsg(r->db)), 2;
	return 0;
}

int cmd_console(struct report *r)
{
	sqlite3_stmt *stmt;
	struct table *t;
	int64_t run_id;
	int rc;

	if (run_resolve(r->db, r->args->pos[0], &run_id, r->err, sizeof(r->err)) < 0)
		return 2;
	if (sqlite3_prepare_v2(r->db, "SELECT seq, port, time_ns, text FROM console_lines"
			       " WHERE run_id = ?1 ORDER BY seq", -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "cannot read the console lines: %s",
				sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, run_id);
	t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!t) {
		sqlite3_finalize(stmt);
		return report_oom(r);
	}
	table_title_set(t, "console of run %lld: ms since the VMM's exec, and since the line before",
			(long long)run_id);
	t->width = SIZE_MAX;	/* free text: long lines run on rather than fold */
	rc = lines_read(r, stmt, t, run_id);
	sqlite3_finalize(stmt);
	if (rc) {
		table_free(t);
		return rc;
	}
	if (t->nrows == 0 && r->args->format == FORMAT_TABLE)
		table_title_set(t, "run %lld has no console text (kvmboot-collect --console chooses "
				"the ports; SeaBIOS writes its log to 0x402 with QEMU's "
				"-device isa-debugcon,iobase=0x402)", (long long)run_id);
	return report_table_print(r, t);
}
