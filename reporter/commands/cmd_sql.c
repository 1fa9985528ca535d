/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report sql: an ad-hoc query, printed in the chosen format. The
 * connection is read-only and query_only; a statement that would write
 * (or attach, or vacuum into a file) is refused before it runs. A query
 * is bounded: in time (--timeout, through SQLite's progress handler), in
 * SQLite's memory (its hard heap limit) and in what we buffer of the
 * result (--max-memory both); past a bound nothing is printed.
 */
#include "../report.h"
#include "../../common/message.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PROGRESS_STEPS 1000	/* VM instructions between two looks at the clock */
#define SQL_TEXT_MAX (1 << 20)	/* a query read from a file or standard input */

/* What a query may use, and what stopped it. */
struct bounds {
	struct timespec end;	/* tv_sec 0: no time limit */
	size_t max_bytes;	/* of the buffered result; 0: no limit */
	size_t bytes;
	bool timed_out;
};

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

/* Fills ROW; returns the bytes it holds (cells and their text). */
static size_t row_fill(struct table *t, size_t row, sqlite3_stmt *stmt)
{
	size_t c, bytes = t->ncols * sizeof(struct cell);

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
			bytes += (size_t)sqlite3_column_bytes(stmt, (int)c) + 1;
		}
	}
	return bytes;
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

/* SQLite's progress handler: non-zero interrupts the statement. */
static int past_deadline(void *data)
{
	struct bounds *b = data;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > b->end.tv_sec || (now.tv_sec == b->end.tv_sec && now.tv_nsec >= b->end.tv_nsec))
		b->timed_out = true;
	return b->timed_out;
}

static void bounds_set(struct report *r, struct bounds *b)
{
	const struct report_args *a = r->args;

	memset(b, 0, sizeof(*b));
	b->max_bytes = (size_t)a->max_memory << 20;
	sqlite3_hard_heap_limit64(a->max_memory << 20);	/* 0: none */
	if (a->timeout <= 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &b->end);
	b->end.tv_sec += (time_t)a->timeout;
	b->end.tv_nsec += (long)((a->timeout - (double)(time_t)a->timeout) * 1e9);
	if (b->end.tv_nsec >= 1000000000L) {
		b->end.tv_sec++;
		b->end.tv_nsec -= 1000000000L;
	}
	sqlite3_progress_handler(r->db, PROGRESS_STEPS, past_deadline, b);
}

/* Steps STMT into T until done or a bound is crossed: the last step's code. */
static int rows_read(sqlite3_stmt *stmt, struct table *t, struct bounds *b)
{
	int rc;

	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		long row = table_row_add(t);

		if (row < 0)
			return SQLITE_NOMEM;
		b->bytes += row_fill(t, (size_t)row, stmt);
		if (b->max_bytes && b->bytes > b->max_bytes)
			break;
	}
	return rc;
}

/* The message for a query that did not finish; always 2. */
static int failure(struct report *r, const struct bounds *b, int rc)
{
	const struct report_args *a = r->args;

	if (b->timed_out)
		msg_fail(r->err, sizeof(r->err), "the query ran longer than --timeout %g s and was "
			 "stopped (give a larger --timeout SEC, or 0 for no limit)", a->timeout);
	else if (rc == SQLITE_ROW)
		msg_fail(r->err, sizeof(r->err), "the result grew past --max-memory %lld MiB and was "
			 "not printed (narrow the query, e.g. with LIMIT, or give a larger "
			 "--max-memory MB)", a->max_memory);
	else if (rc == SQLITE_NOMEM && a->max_memory)
		msg_fail(r->err, sizeof(r->err), "the query needed more than --max-memory %lld MiB "
			 "and was stopped (give a larger --max-memory MB, or 0 for no limit)",
			 a->max_memory);
	else
		msg_fail(r->err, sizeof(r->err), "%s%s", sqlite3_errmsg(r->db),
			 rc == SQLITE_READONLY ? " (the database is open read-only)" : "");
	return 2;
}

/* The whole of FILE ("-": standard input) as a string, or NULL with r->err. */
static char *query_read(struct report *r, const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *text = NULL;
	size_t len = 0;
	int failed;

	if (!f)
		return msg_fail(r->err, sizeof(r->err), "cannot read the query from '%s': %s",
				path, strerror(errno)), NULL;
	text = malloc(SQL_TEXT_MAX + 1);
	if (text)
		len = fread(text, 1, SQL_TEXT_MAX + 1, f);
	failed = ferror(f);
	if (f != stdin)
		fclose(f);
	if (!text || failed || len > SQL_TEXT_MAX || memchr(text, '\0', len)) {
		msg_fail(r->err, sizeof(r->err), !text ? "out of memory" : failed ?
			 "cannot read the query from '%s'" : len > SQL_TEXT_MAX ?
			 "the query in '%s' is longer than 1 MiB" : "'%s' is not SQL text",
			 strcmp(path, "-") == 0 ? "standard input" : path);
		free(text);
		return NULL;
	}
	text[len] = '\0';
	return text;
}

/* The query: the argument, or --file's, or standard input's ("-"). */
static char *query_get(struct report *r)
{
	const struct report_args *a = r->args;

	if ((a->npos == 1) == (a->sql_file != NULL))
		return msg_fail(r->err, sizeof(r->err), "usage: kvmboot-report sql 'SELECT ...'|-|"
				"--file FILE (one of them)"), NULL;
	if (a->sql_file)
		return query_read(r, a->sql_file);
	if (strcmp(a->pos[0], "-") == 0)
		return query_read(r, "-");
	return strdup(a->pos[0]);
}

int cmd_sql(struct report *r)
{
	struct bounds b;
	sqlite3_stmt *stmt = NULL;
	struct table *t;
	char *query = query_get(r);
	int rc;

	if (!query)
		return r->err[0] ? 2 : report_oom(r);
	rc = statement_prepare(r, query, &stmt);
	free(query);
	if (rc < 0) {
		sqlite3_finalize(stmt);
		return 2;
	}
	t = table_for(stmt);
	if (!t) {
		sqlite3_finalize(stmt);
		return report_oom(r);
	}
	bounds_set(r, &b);
	rc = rows_read(stmt, t, &b);
	sqlite3_progress_handler(r->db, 0, NULL, NULL);
	if (rc != SQLITE_DONE) {
		rc = failure(r, &b, rc);
		sqlite3_finalize(stmt);
		table_free(t);
		return rc;
	}
	rc = report_table_print(r, t);	/* before finalizing: the names are the statement's */
	sqlite3_finalize(stmt);
	return rc;
}
