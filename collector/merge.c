/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Merging a kvmboot database into another. The source is attached
 * read-only as "src" and copied with INSERT ... SELECT, so that a file of
 * a thousand boots takes one pass per table. Work tables in temp map the
 * source's ids to the target's and hold each row's state:
 *   0 new, 1 the same content is there already, 2+ a conflict (why below).
 * Columns a source of an older schema lacks are copied as NULL and left
 * out of every comparison.
 */
#include "merge.h"
#include "../common/message.h"
#include "../schema/db.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SRC "src"

enum { ROW_NEW, ROW_SAME, ROW_OTHER_FIELDS, ROW_OTHER_TAGS, ROW_OTHER_SESSION,
       ROW_OTHER_POINTS, ROW_OTHER_CONSOLE, ROW_SEQ_TAKEN };

static const char *const conflict_why[] = {
	[ROW_OTHER_FIELDS] = "other values",
	[ROW_OTHER_TAGS] = "other tags",
	[ROW_OTHER_SESSION] = "in another session",
	[ROW_OTHER_POINTS] = "other points",
	[ROW_OTHER_CONSOLE] = "other console lines",
	[ROW_SEQ_TAKEN] = "its session has another boot with its number",
};

/* The columns copied and compared (ids and session ids are mapped). */
static const char *const session_cols[] = {
	"started_at", "host", "host_kernel", "cpu_model", "kvmboot_version", "label",
	"vmm_command", "vmm_binary", "vmm_version", "vmm_user", "point_table", "trace_clock",
	"runs_requested", "warmup", "timeout_ns", NULL };
static const char *const run_cols[] = {
	"seq", "status", "status_detail", "started_at", "exit_code", "exit_signal",
	"exec_mono_ns", "wall_ns", "lost_events", "cpu_user_ns", "cpu_sys_ns", "max_rss_kb",
	"batch", NULL };
static const char *const point_cols[] = {
	"seq", "source", "port", "address", "value", "time_ns", NULL };
static const char *const console_cols[] = { "seq", "port", "time_ns", "text", NULL };

#define COLS_MAX 16

/* One table of the source: which of our columns it has. */
struct src_table {
	const char *name;
	const char *const *cols;
	bool has[COLS_MAX];
	bool exists;
};

struct merge {
	sqlite3 *db;
	struct src_table sessions, runs, points, console;
	char *err;
	size_t errlen;
};

static int exec(struct merge *m, const char *sql)
{
	char why[512];

	if (db_exec(m->db, sql, why, sizeof(why)) == 0)
		return 0;
	return msg_fail(m->err, m->errlen, "cannot merge: %s", why);
}

/* exec() of a statement built with sqlite3_str (finished and freed here). */
static int exec_str(struct merge *m, sqlite3_str *s)
{
	char *sql = sqlite3_str_finish(s);
	int rc;

	if (!sql)
		return msg_fail(m->err, m->errlen, "out of memory");
	rc = exec(m, sql);
	sqlite3_free(sql);
	return rc;
}

static int table_inspect(struct merge *m, struct src_table *t, const char *name,
			 const char *const *cols)
{
	sqlite3_stmt *stmt;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->name = name;
	t->cols = cols;
	if (sqlite3_prepare_v2(m->db, "SELECT name FROM pragma_table_info(?1, '" SRC "')", -1,
			       &stmt, NULL) != SQLITE_OK)
		return msg_fail(m->err, m->errlen, "cannot read the source: %s",
				sqlite3_errmsg(m->db));
	sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(stmt, 0);

		t->exists = true;
		for (i = 0; cols[i]; i++)
			if (col && strcmp(col, cols[i]) == 0)
				t->has[i] = true;
	}
	return sqlite3_finalize(stmt) == SQLITE_OK ? 0 :
	       msg_fail(m->err, m->errlen, "cannot read the source: %s", sqlite3_errmsg(m->db));
}

/* "c1, c2, ...": every column of T, for an INSERT's column list. */
static void names_add(sqlite3_str *s, const struct src_table *t)
{
	size_t i;

	for (i = 0; t->cols[i]; i++)
		sqlite3_str_appendf(s, ", %s", t->cols[i]);
}

/* ", a.c1, NULL, ...": the source's values, NULL where it lacks the column. */
static void values_add(sqlite3_str *s, const struct src_table *t, const char *alias)
{
	size_t i;

	for (i = 0; t->cols[i]; i++)
		if (t->has[i])
			sqlite3_str_appendf(s, ", %s.%s", alias, t->cols[i]);
		else
			sqlite3_str_appendall(s, ", NULL");
}

/* " AND a.c IS b.c" for each column the source has. */
static void equal_add(sqlite3_str *s, const struct src_table *t, const char *a, const char *b)
{
	size_t i;

	for (i = 0; t->cols[i]; i++)
		if (t->has[i])
			sqlite3_str_appendf(s, " AND %s.%s IS %s.%s", a, t->cols[i], b, t->cols[i]);
}

static int work_tables_create(struct merge *m)
{
	return exec(m, "DROP TABLE IF EXISTS temp.m_sessions; DROP TABLE IF EXISTS temp.m_runs;"
		    " DROP TABLE IF EXISTS temp.m_milestones;"
		    " CREATE TEMP TABLE m_sessions (src_id INTEGER PRIMARY KEY, uuid TEXT,"
		    "   dst_id INTEGER, state INTEGER);"
		    " CREATE TEMP TABLE m_runs (src_id INTEGER PRIMARY KEY, uuid TEXT,"
		    "   dst_session INTEGER, dst_id INTEGER, state INTEGER);"
		    " CREATE TEMP TABLE m_milestones (src_id INTEGER PRIMARY KEY, dst_id INTEGER)");
}

static int work_tables_drop(struct merge *m)
{
	return exec(m, "DROP TABLE temp.m_sessions; DROP TABLE temp.m_runs;"
		    " DROP TABLE temp.m_milestones");
}

/* Each source session: new, the same, or a conflict (other values, other tags). */
static int sessions_classify(struct merge *m)
{
	sqlite3_str *s;

	if (exec(m, "INSERT INTO temp.m_sessions SELECT s.id, s.uuid, d.id,"
		 " CASE WHEN d.id IS NULL THEN 0 ELSE 1 END"
		 " FROM " SRC ".sessions s LEFT JOIN main.sessions d ON d.uuid = s.uuid") < 0)
		return -1;
	s = sqlite3_str_new(m->db);
	sqlite3_str_appendf(s, "UPDATE temp.m_sessions SET state = %d WHERE state = 1 AND NOT EXISTS"
			    " (SELECT 1 FROM " SRC ".sessions s, main.sessions d WHERE s.id = src_id"
			    " AND d.id = dst_id", ROW_OTHER_FIELDS);
	equal_add(s, &m->sessions, "s", "d");
	sqlite3_str_appendall(s, ")");
	if (exec_str(m, s) < 0)
		return -1;
	s = sqlite3_str_new(m->db);
	sqlite3_str_appendf(s, "UPDATE temp.m_sessions SET state = %d WHERE state = 1 AND ("
			    "EXISTS (SELECT key, value FROM " SRC ".session_tags WHERE session_id = src_id"
			    " EXCEPT SELECT key, value FROM main.session_tags WHERE session_id = dst_id)"
			    " OR EXISTS (SELECT key, value FROM main.session_tags WHERE session_id = dst_id"
			    " EXCEPT SELECT key, value FROM " SRC ".session_tags WHERE session_id = src_id))",
			    ROW_OTHER_TAGS);
	return exec_str(m, s);
}

/* The new sessions and their tags, in the order they started. */
static int sessions_copy(struct merge *m)
{
	sqlite3_str *s = sqlite3_str_new(m->db);

	sqlite3_str_appendall(s, "INSERT INTO main.sessions (uuid");
	names_add(s, &m->sessions);
	sqlite3_str_appendall(s, ") SELECT s.uuid");
	values_add(s, &m->sessions, "s");
	sqlite3_str_appendall(s, " FROM temp.m_sessions w JOIN " SRC ".sessions s ON s.id = w.src_id"
			      " WHERE w.state = 0 ORDER BY s.started_at, s.id");
	if (exec_str(m, s) < 0)
		return -1;
	return exec(m, "UPDATE temp.m_sessions SET dst_id = (SELECT id FROM main.sessions d"
		    " WHERE d.uuid = m_sessions.uuid) WHERE state = 0;"
		    " INSERT INTO main.session_tags (session_id, key, value)"
		    " SELECT w.dst_id, t.key, t.value FROM " SRC ".session_tags t"
		    " JOIN temp.m_sessions w ON w.src_id = t.session_id WHERE w.state = 0");
}

/*
 * Conflicts in the rows of T (points: NAMED, their milestones mapped) of
 * the boots found so far the same: a row of the source the target lacks
 * at its (boot, seq) or holds with other values, or another number of rows.
 * One lookup per row by primary key, no per-boot set operations.
 */
static void rows_differ(sqlite3_str *s, const struct src_table *t, bool named, int state)
{
	size_t i;

	sqlite3_str_appendf(s, "; UPDATE temp.m_runs SET state = %d WHERE state = 1 AND src_id IN"
			    " (SELECT w.src_id FROM temp.m_runs w JOIN " SRC ".%s x"
			    " ON x.run_id = w.src_id", state, t->name);
	if (named)
		sqlite3_str_appendall(s, " LEFT JOIN temp.m_milestones n ON n.src_id = x.milestone_id");
	sqlite3_str_appendf(s, " LEFT JOIN main.%s d ON d.run_id = w.dst_id AND d.seq = x.seq"
			    " WHERE w.state = 1 AND (d.run_id IS NULL", t->name);
	if (named)
		sqlite3_str_appendall(s, " OR d.milestone_id IS NOT n.dst_id");
	for (i = 0; t->cols[i]; i++)
		if (t->has[i])
			sqlite3_str_appendf(s, " OR d.%s IS NOT x.%s", t->cols[i], t->cols[i]);
	sqlite3_str_appendf(s, "));"
			    " UPDATE temp.m_runs SET state = %d WHERE state = 1 AND"
			    " (SELECT count(*) FROM " SRC ".%s WHERE run_id = src_id) <>"
			    " (SELECT count(*) FROM main.%s WHERE run_id = dst_id)",
			    state, t->name, t->name);
}

/* Each boot of a session that is not a conflict: new, the same, or a conflict. */
static int runs_classify(struct merge *m)
{
	sqlite3_str *s;

	if (exec(m, "INSERT INTO temp.m_runs SELECT r.id, r.uuid, w.dst_id, d.id,"
		 " CASE WHEN d.id IS NULL THEN 0 ELSE 1 END"
		 " FROM " SRC ".runs r JOIN temp.m_sessions w ON w.src_id = r.session_id"
		 " AND w.state <= 1 LEFT JOIN main.runs d ON d.uuid = r.uuid") < 0)
		return -1;
	s = sqlite3_str_new(m->db);
	sqlite3_str_appendf(s, "UPDATE temp.m_runs SET state = %d WHERE state = 1 AND"
			    " (SELECT session_id FROM main.runs WHERE id = dst_id) IS NOT dst_session;"
			    " UPDATE temp.m_runs SET state = %d WHERE state = 1 AND NOT EXISTS"
			    " (SELECT 1 FROM " SRC ".runs s, main.runs d WHERE s.id = src_id"
			    " AND d.id = dst_id", ROW_OTHER_SESSION, ROW_OTHER_FIELDS);
	equal_add(s, &m->runs, "s", "d");
	sqlite3_str_appendall(s, ")");
	rows_differ(s, &m->points, true, ROW_OTHER_POINTS);
	if (m->console.exists)
		rows_differ(s, &m->console, false, ROW_OTHER_CONSOLE);
	sqlite3_str_appendf(s, "; UPDATE temp.m_runs SET state = %d WHERE state = 0 AND EXISTS"
			    " (SELECT 1 FROM main.runs d, " SRC ".runs r WHERE r.id = src_id"
			    " AND d.session_id = dst_session AND d.seq = r.seq)", ROW_SEQ_TAKEN);
	return exec_str(m, s);
}

/*
 * Milestones by name: the source's ids mapped to the target's, names the
 * target lacks added after its custom ones (as the collector adds them),
 * in the source's order.
 */
static int milestones_map(struct merge *m)
{
	return exec(m, "INSERT INTO main.milestones (name, ord, builtin, description)"
		    " SELECT n.name, (SELECT max(1000, coalesce(max(ord), 0)) FROM main.milestones"
		    "   WHERE ord < 1000000) + row_number() OVER (ORDER BY n.ord, n.id),"
		    "   0, n.description"
		    " FROM " SRC ".milestones n WHERE n.name NOT IN (SELECT name FROM main.milestones)"
		    "   AND n.id IN (SELECT milestone_id FROM " SRC ".points);"
		    " INSERT INTO temp.m_milestones SELECT n.id, d.id FROM " SRC ".milestones n"
		    " JOIN main.milestones d ON d.name = n.name");
}

/*
 * The new boots with their points and console lines. A point whose
 * milestone the source lacks (a broken file) is not dropped: its NULL
 * milestone fails the insert, and the whole source with it. The joins walk the
 * work table in the source's order and each boot's rows by primary key,
 * so rows arrive in the target's key order without a sort.
 */
static int runs_copy(struct merge *m)
{
	sqlite3_str *s = sqlite3_str_new(m->db);

	sqlite3_str_appendall(s, "INSERT INTO main.runs (uuid, session_id");
	names_add(s, &m->runs);
	sqlite3_str_appendall(s, ") SELECT r.uuid, w.dst_session");
	values_add(s, &m->runs, "r");
	sqlite3_str_appendall(s, " FROM temp.m_runs w JOIN " SRC ".runs r ON r.id = w.src_id"
			      " WHERE w.state = 0 ORDER BY w.src_id;"
			      " UPDATE temp.m_runs SET dst_id = (SELECT id FROM main.runs d"
			      " WHERE d.uuid = m_runs.uuid) WHERE state = 0;"
			      " INSERT INTO main.points (run_id, milestone_id");
	names_add(s, &m->points);
	sqlite3_str_appendall(s, ") SELECT w.dst_id, n.dst_id");
	values_add(s, &m->points, "p");
	sqlite3_str_appendall(s, " FROM temp.m_runs w JOIN " SRC ".points p ON p.run_id = w.src_id"
			      " LEFT JOIN temp.m_milestones n ON n.src_id = p.milestone_id"
			      " WHERE w.state = 0");
	if (m->console.exists) {
		sqlite3_str_appendall(s, "; INSERT INTO main.console_lines (run_id");
		names_add(s, &m->console);
		sqlite3_str_appendall(s, ") SELECT w.dst_id");
		values_add(s, &m->console, "c");
		sqlite3_str_appendall(s, " FROM temp.m_runs w JOIN " SRC ".console_lines c"
				      " ON c.run_id = w.src_id WHERE w.state = 0");
	}
	return exec_str(m, s);
}

static int conflict_add(struct merge_result *res, const char *what, const char *uuid, int state)
{
	struct merge_conflict *grown, *c;

	grown = realloc(res->conflicts, (res->nconflicts + 1) * sizeof(*grown));
	if (!grown)
		return -1;
	res->conflicts = grown;
	c = &res->conflicts[res->nconflicts++];
	snprintf(c->what, sizeof(c->what), "%s", what);
	snprintf(c->uuid, sizeof(c->uuid), "%s", uuid ? uuid : "");
	c->why = state > ROW_SAME && state <= ROW_SEQ_TAKEN ? conflict_why[state] : "other content";
	return 0;
}

/* Counts each state of TABLE (m_sessions or m_runs) and lists its conflicts. */
static int states_read(struct merge *m, const char *table, const char *what,
		       unsigned *new_, unsigned *same, unsigned *conflict, struct merge_result *res)
{
	char sql[128];
	sqlite3_stmt *stmt;
	int rc;

	snprintf(sql, sizeof(sql), "SELECT state, uuid FROM temp.%s ORDER BY src_id", table);
	if (sqlite3_prepare_v2(m->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(m->err, m->errlen, "cannot merge: %s", sqlite3_errmsg(m->db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		int state = sqlite3_column_int(stmt, 0);

		if (state == ROW_NEW)
			(*new_)++;
		else if (state == ROW_SAME)
			(*same)++;
		else if ((*conflict)++, conflict_add(res, what,
						     (const char *)sqlite3_column_text(stmt, 1), state) < 0)
			break;
	}
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return msg_fail(m->err, m->errlen, "cannot merge: %s", rc == SQLITE_ROW ?
				"out of memory" : sqlite3_errmsg(m->db));
	return 0;
}

static int skipped_count(struct merge *m, unsigned *n)
{
	sqlite3_stmt *stmt;

	if (sqlite3_prepare_v2(m->db, "SELECT count(*) FROM " SRC ".runs WHERE session_id IN"
			       " (SELECT src_id FROM temp.m_sessions WHERE state > 1)", -1,
			       &stmt, NULL) != SQLITE_OK)
		return msg_fail(m->err, m->errlen, "cannot merge: %s", sqlite3_errmsg(m->db));
	if (sqlite3_step(stmt) == SQLITE_ROW)
		*n = (unsigned)sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return 0;
}

static int results_read(struct merge *m, struct merge_result *res)
{
	if (states_read(m, "m_sessions", "session", &res->sessions_new, &res->sessions_same,
			&res->sessions_conflict, res) < 0 ||
	    states_read(m, "m_runs", "boot", &res->runs_new, &res->runs_same,
			&res->runs_conflict, res) < 0)
		return -1;
	return skipped_count(m, &res->runs_skipped);
}

static int source_inspect(struct merge *m)
{
	if (table_inspect(m, &m->sessions, "sessions", session_cols) < 0 ||
	    table_inspect(m, &m->runs, "runs", run_cols) < 0 ||
	    table_inspect(m, &m->points, "points", point_cols) < 0 ||
	    table_inspect(m, &m->console, "console_lines", console_cols) < 0)
		return -1;
	if (!m->sessions.exists || !m->runs.exists || !m->points.exists)
		return msg_fail(m->err, m->errlen, "the source lacks the sessions, runs or "
				"points table");
	return 0;
}

/* Everything of one source, inside the transaction. */
static int merge_steps(struct merge *m, struct merge_result *res)
{
	if (source_inspect(m) < 0 || work_tables_create(m) < 0 || sessions_classify(m) < 0 ||
	    sessions_copy(m) < 0 || milestones_map(m) < 0 || runs_classify(m) < 0 ||
	    runs_copy(m) < 0 || results_read(m, res) < 0)
		return -1;
	return work_tables_drop(m);
}

int merge_source(sqlite3 *db, const char *src, struct merge_result *res,
		 char *err, size_t errlen)
{
	struct merge m = { .db = db, .err = err, .errlen = errlen };
	char why[1024];
	int rc;

	memset(res, 0, sizeof(*res));
	if (db_attach_readonly(db, src, SRC, &res->source_version, why, sizeof(why)) < 0)
		return msg_fail(err, errlen, "%s", why);
	rc = exec(&m, "BEGIN IMMEDIATE");
	if (rc == 0 && merge_steps(&m, res) == 0)
		rc = exec(&m, "COMMIT");
	else
		rc = -1;
	if (rc < 0) {
		snprintf(why, sizeof(why), "%s", err);
		msg_fail(err, errlen, "'%s': %s (nothing of it was merged)", src, why);
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		merge_result_release(res);
	}
	sqlite3_exec(db, "DETACH " SRC, NULL, NULL, NULL);
	return rc;
}

void merge_result_release(struct merge_result *res)
{
	free(res->conflicts);
	res->conflicts = NULL;
	res->nconflicts = 0;
}
