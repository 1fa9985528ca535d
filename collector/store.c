/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing sessions and boots to the database, one transaction per boot. */
#include "store.h"
#include "sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	SQL_BEGIN, SQL_COMMIT, SQL_ROLLBACK, SQL_SESSION, SQL_TAG, SQL_RUN,
	SQL_POINT, SQL_MILESTONE, SQL_MILESTONE_ID, SQL_CONSOLE, SQL_VERSION, SQL_COUNT
};

static const char *const sql_text[SQL_COUNT] = {
	[SQL_BEGIN] = "BEGIN IMMEDIATE",
	[SQL_COMMIT] = "COMMIT",
	[SQL_ROLLBACK] = "ROLLBACK",
	[SQL_SESSION] =
		"INSERT INTO sessions (uuid, started_at, host, host_kernel, cpu_model,"
		" kvmboot_version, label, vmm_command, vmm_binary, vmm_version, vmm_user,"
		" point_table, trace_clock, runs_requested, warmup, timeout_ns)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
	[SQL_TAG] = "INSERT INTO session_tags (session_id, key, value) VALUES (?1, ?2, ?3)",
	[SQL_RUN] =
		"INSERT INTO runs (uuid, session_id, seq, status, status_detail, started_at,"
		" exit_code, exit_signal, exec_mono_ns, wall_ns, lost_events, cpu_user_ns,"
		" cpu_sys_ns, max_rss_kb, batch)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[SQL_POINT] =
		"INSERT INTO points (run_id, seq, milestone_id, source, port, address, value, time_ns)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* New names go after the built-in ones, before vmm_exit. */
	[SQL_MILESTONE] =
		"INSERT OR IGNORE INTO milestones (name, ord)"
		" SELECT ?1, max(1000, coalesce(max(ord), 0) + 1) FROM milestones"
		" WHERE ord < 1000000",
	[SQL_MILESTONE_ID] = "SELECT id FROM milestones WHERE name = ?1",
	[SQL_CONSOLE] = "INSERT INTO console_lines (run_id, seq, port, time_ns, text)"
			" VALUES (?1, ?2, ?3, ?4, ?5)",
	[SQL_VERSION] = "UPDATE sessions SET vmm_version = ?1 WHERE id = ?2",
};

/* Milestone names seen, with their ids: most boots name no new one. */
#define KNOWN_MAX 64

struct known_milestone {
	char *name;
	int64_t id;
};

struct store {
	sqlite3 *db;
	sqlite3_stmt *stmt[SQL_COUNT];
	const struct session_info *session;
	int64_t session_id;
	bool batch;		/* inside one transaction for many boots */
	struct known_milestone known[KNOWN_MAX];
	size_t nknown;
};

static int fail(struct store *s, char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "cannot %s in the database: %s", what, sqlite3_errmsg(s->db));
	return -1;
}

int store_open(struct store **out, sqlite3 *db, const struct session_info *session,
	       char *err, size_t errlen)
{
	struct store *s = calloc(1, sizeof(*s));
	int i;

	*out = NULL;
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->db = db;
	s->session = session;
	for (i = 0; i < SQL_COUNT; i++) {
		if (sqlite3_prepare_v3(db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->stmt[i], NULL) != SQLITE_OK) {
			fail(s, err, errlen, "prepare a statement");
			store_close(s, NULL, 0);
			return -1;
		}
	}
	*out = s;
	return 0;
}

/* Steps a statement whose values are bound, and resets it. */
static int step(struct store *s, int which)
{
	sqlite3_stmt *stmt = s->stmt[which];
	int rc = sqlite3_step(stmt);

	sqlite3_reset(stmt);
	sqlite3_clear_bindings(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

static void bind_text(sqlite3_stmt *stmt, int i, const char *text)
{
	if (text)
		sqlite3_bind_text(stmt, i, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(stmt, i);
}

static void bind_optional(sqlite3_stmt *stmt, int i, int64_t value, int64_t none)
{
	if (value == none)
		sqlite3_bind_null(stmt, i);
	else
		sqlite3_bind_int64(stmt, i, value);
}

static int session_insert(struct store *s)
{
	const struct session_info *si = s->session;
	sqlite3_stmt *st = s->stmt[SQL_SESSION], *tag = s->stmt[SQL_TAG];
	const char *texts[] = { si->uuid, si->started_at, si->host, si->host_kernel,
		si->cpu_model, si->kvmboot_version, si->label, si->vmm_command,
		si->vmm_binary, si->vmm_version, si->vmm_user, si->point_table,
		si->trace_clock };
	size_t i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		bind_text(st, (int)i + 1, texts[i]);
	sqlite3_bind_int64(st, 14, si->runs_requested);
	sqlite3_bind_int64(st, 15, si->warmup);
	sqlite3_bind_int64(st, 16, si->timeout_ns);
	if (step(s, SQL_SESSION) < 0)
		return -1;
	s->session_id = sqlite3_last_insert_rowid(s->db);
	for (i = 0; i < si->ntags; i++) {
		sqlite3_bind_int64(tag, 1, s->session_id);
		bind_text(tag, 2, si->tags[i].key);
		bind_text(tag, 3, si->tags[i].value);
		if (step(s, SQL_TAG) < 0)
			return -1;
	}
	return 0;
}

static int run_insert(struct store *s, const struct run_record *run, int64_t *run_id)
{
	sqlite3_stmt *st = s->stmt[SQL_RUN];
	char uuid[UUID_TEXT_LEN];

	if (uuid_text(uuid) < 0)
		return -1;
	bind_text(st, 1, uuid);
	sqlite3_bind_int64(st, 2, s->session_id);
	sqlite3_bind_int64(st, 3, run->seq);
	bind_text(st, 4, run->status);
	bind_text(st, 5, run->status_detail);
	bind_text(st, 6, run->started_at);
	bind_optional(st, 7, run->exit_code, -1);
	bind_optional(st, 8, run->exit_signal, -1);
	bind_optional(st, 9, run->exec_mono_ns, -1);
	sqlite3_bind_int64(st, 10, run->wall_ns);
	sqlite3_bind_int64(st, 11, (int64_t)run->lost_events);
	bind_optional(st, 12, run->cpu_user_ns, -1);
	bind_optional(st, 13, run->cpu_sys_ns, -1);
	bind_optional(st, 14, run->max_rss_kb, -1);
	bind_optional(st, 15, run->batch, 0);
	if (step(s, SQL_RUN) < 0)
		return -1;
	*run_id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static bool milestone_known(const struct store *s, const char *name, int64_t *id)
{
	size_t i;

	for (i = 0; i < s->nknown; i++)
		if (strcmp(s->known[i].name, name) == 0) {
			*id = s->known[i].id;
			return true;
		}
	return false;
}

static void milestone_remember(struct store *s, const char *name, int64_t id)
{
	char *copy;

	if (s->nknown == KNOWN_MAX || !(copy = strdup(name)))
		return;	/* asked from the database again next time */
	s->known[s->nknown++] = (struct known_milestone){ copy, id };
}

/* A rolled-back transaction may have taken back ids handed out in it. */
static void milestones_forget(struct store *s)
{
	while (s->nknown)
		free(s->known[--s->nknown].name);
}

/* The id of milestone NAME, added to the milestones table when new. */
static int milestone_id(struct store *s, const char *name, int64_t *id)
{
	sqlite3_stmt *get = s->stmt[SQL_MILESTONE_ID];
	int rc;

	if (milestone_known(s, name, id))
		return 0;
	bind_text(s->stmt[SQL_MILESTONE], 1, name);
	if (step(s, SQL_MILESTONE) < 0)
		return -1;
	bind_text(get, 1, name);
	rc = sqlite3_step(get);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(get, 0);
	sqlite3_reset(get);
	sqlite3_clear_bindings(get);
	if (rc != SQLITE_ROW)
		return -1;
	milestone_remember(s, name, *id);
	return 0;
}

static int point_insert(struct store *s, int64_t run_id, size_t seq, const struct milestone *m)
{
	sqlite3_stmt *st = s->stmt[SQL_POINT];
	int64_t id;

	if (milestone_id(s, m->name, &id) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, run_id);
	sqlite3_bind_int64(st, 2, (int64_t)seq);
	sqlite3_bind_int64(st, 3, id);
	bind_text(st, 4, m->source);
	bind_optional(st, 5, m->has_port ? m->port : -1, -1);
	bind_optional(st, 6, m->has_address ? (int64_t)m->address : -1, -1);
	bind_optional(st, 7, m->has_port || m->has_address ? (int64_t)m->value : -1, -1);
	sqlite3_bind_int64(st, 8, m->time_ns);
	return step(s, SQL_POINT);
}

static int console_insert(struct store *s, int64_t run_id, const struct console *con)
{
	sqlite3_stmt *st = s->stmt[SQL_CONSOLE];
	size_t i;

	for (i = 0; i < con->nlines; i++) {
		sqlite3_bind_int64(st, 1, run_id);
		sqlite3_bind_int64(st, 2, (int64_t)i + 1);
		sqlite3_bind_int64(st, 3, con->lines[i].port);
		sqlite3_bind_int64(st, 4, con->lines[i].time_ns);
		bind_text(st, 5, con->lines[i].text);
		if (step(s, SQL_CONSOLE) < 0)
			return -1;
	}
	return 0;
}

static int run_write(struct store *s, const struct run_record *run)
{
	int64_t run_id;
	size_t i;

	if (!s->session_id && session_insert(s) < 0)
		return -1;
	if (run_insert(s, run, &run_id) < 0)
		return -1;
	for (i = 0; run->trace && i < run->trace->n; i++)
		if (point_insert(s, run_id, i + 1, &run->trace->ms[i]) < 0)
			return -1;
	if (run->trace && console_insert(s, run_id, &run->trace->console) < 0)
		return -1;
	return s->batch ? 0 : step(s, SQL_COMMIT);
}

int store_batch_begin(struct store *s, char *err, size_t errlen)
{
	if (step(s, SQL_BEGIN) < 0)
		return fail(s, err, errlen, "start a transaction");
	s->batch = true;
	return 0;
}

int store_batch_end(struct store *s, bool commit, char *err, size_t errlen)
{
	s->batch = false;
	if (commit && step(s, SQL_COMMIT) == 0)
		return 0;
	if (commit)
		fail(s, err, errlen, "commit the import");
	step(s, SQL_ROLLBACK);
	milestones_forget(s);
	s->session_id = 0;
	return commit ? -1 : 0;
}

int store_run(struct store *s, const struct run_record *run, char *err, size_t errlen)
{
	int64_t session_id = s->session_id;

	if (s->batch)
		return run_write(s, run) == 0 ? 0 : fail(s, err, errlen, "store the boot");
	if (step(s, SQL_BEGIN) < 0)
		return fail(s, err, errlen, "start a transaction");
	if (run_write(s, run) == 0)
		return 0;
	fail(s, err, errlen, "store the boot");
	step(s, SQL_ROLLBACK);
	milestones_forget(s);
	s->session_id = session_id;	/* a rolled-back session row is gone */
	return -1;
}

int store_vmm_version(struct store *s, const char *version, char *err, size_t errlen)
{
	if (!s->session_id)
		return 0;
	if (step(s, SQL_BEGIN) < 0)
		return fail(s, err, errlen, "start a transaction");
	bind_text(s->stmt[SQL_VERSION], 1, version);
	sqlite3_bind_int64(s->stmt[SQL_VERSION], 2, s->session_id);
	if (step(s, SQL_VERSION) == 0 && step(s, SQL_COMMIT) == 0)
		return 0;
	fail(s, err, errlen, "store the VMM's version");
	step(s, SQL_ROLLBACK);
	return -1;
}

int64_t store_session_id(const struct store *s)
{
	return s->session_id;
}

int store_close(struct store *s, char *err, size_t errlen)
{
	int i, rc = 0;

	if (!s)
		return 0;
	for (i = 0; i < SQL_COUNT; i++) {
		if (sqlite3_finalize(s->stmt[i]) != SQLITE_OK && rc == 0) {
			if (err)
				fail(s, err, errlen, "finish a statement");
			rc = -1;
		}
	}
	milestones_forget(s);
	free(s);
	return rc;
}

