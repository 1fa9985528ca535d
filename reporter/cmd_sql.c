/*
 * kvmboot-report sql: an ad-hoc query, printed in the chosen format. The
 * connection is read-only and query_only; a statement that would write
 * (or attach, or vacuum into a file) is refused before it runs.
 */
#include "report.h"
#include "../common/message.h"

#include <ctype.h>
#include <stdlib.h>

static struct table *table_for(sqlite3_stmt *stmt)
{
	int n = sqlite3_column_count(stmt), i;
	struct column cols[256];

	if (n > 256)
		n = 256;
	for (i = 0; i < n; i++)
		cols[i] = (struct column){ sqlite3_column_name(stmt, i), COL_ANY, SHOW_ALL, 0, false };
	return table_new(cols, (size_t)n);
}

static void row_fill(struct table *t, size_t row, sqlite3_stmt *stmt)
{
	size_t c;

	for (c = 0; c < t->ncols; c++) {
		switch (sqlite3_column_type(stmt, (int)c)) {
		case SQLITE_INTEGER:
			table_int_set(t, row, c, sqlite3_column_int64(stmt, (int)c));
			break;
		case SQLITE_FLOAT:
			table_real_set(t, row, c, sqlite3_column_double(stmt, (int)c));
			break;
		case SQLITE_NULL:
			break;
		default:	/* text, and blobs as text */
			table_text_set(t, row, c, (const char *)sqlite3_column_text(stmt, (int)c));
		}
	}
}

static bool only_blanks(const char *s)
{
	while (*s && (isspace((unsigned char)*s) || *s == ';'))
		s++;
	return *s == '\0';
}

static int statement_prepare(struct report *r, const char *sql, sqlite3_stmt **stmt)
{
	const char *tail = NULL;

	if (sqlite3_prepare_v2(r->db, sql, -1, stmt, &tail) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "%s", sqlite3_errmsg(r->db));
	if (!*stmt)
		return msg_fail(r->err, sizeof(r->err), "no statement given");
	if (tail && !only_blanks(tail))
		return msg_fail(r->err, sizeof(r->err), "give one statement at a time");
	if (!sqlite3_stmt_readonly(*stmt))
		return msg_fail(r->err, sizeof(r->err), "refused: the statement would write, and "
				"kvmboot-report opens the database read-only (use sqlite3 for that)");
	return 0;
}

int cmd_sql(struct report *r)
{
	sqlite3_stmt *stmt = NULL;
	struct table *t;
	int rc = SQLITE_DONE;

	if (statement_prepare(r, r->args->pos[0], &stmt) < 0) {
		sqlite3_finalize(stmt);
		return 2;
	}
	t = table_for(stmt);
	while (t && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);

		if (row < 0)
			break;
		row_fill(t, (size_t)row, stmt);
	}
	if (!t || rc == SQLITE_ROW) {
		sqlite3_finalize(stmt);
		table_free(t);
		return report_oom(r);
	}
	if (rc != SQLITE_DONE) {
		msg_fail(r->err, sizeof(r->err), "%s%s", sqlite3_errmsg(r->db),
			 rc == SQLITE_READONLY ? " (the database is open read-only)" : "");
		sqlite3_finalize(stmt);
		table_free(t);
		return 2;
	}
	rc = report_table_print(r, t);	/* before finalizing: the names are the statement's */
	sqlite3_finalize(stmt);
	return rc;
}
