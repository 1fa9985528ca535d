/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which boots a command looks at, as one bound SQL condition. */
#include "select.h"
#include "dates.h"
#include "../../common/message.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void sqlbuf_init(struct sqlbuf *q)
{
	memset(q, 0, sizeof(*q));
}

void sqlbuf_add(struct sqlbuf *q, const char *text)
{
	size_t n = strlen(text);

	if (q->len + n >= sizeof(q->text)) {
		q->overflow = true;
		return;
	}
	memcpy(q->text + q->len, text, n + 1);
	q->len += n;
}

static void placeholder(struct sqlbuf *q)
{
	char mark[16];

	snprintf(mark, sizeof(mark), "?%d", q->nbinds + 1);
	sqlbuf_add(q, mark);
}

void sqlbuf_text(struct sqlbuf *q, const char *value)
{
	if (q->nbinds == (int)(sizeof(q->binds) / sizeof(q->binds[0]))) {
		q->overflow = true;
		return;
	}
	placeholder(q);
	q->binds[q->nbinds].is_int = false;
	q->binds[q->nbinds++].s = value;
}

void sqlbuf_int(struct sqlbuf *q, int64_t value)
{
	if (q->nbinds == (int)(sizeof(q->binds) / sizeof(q->binds[0]))) {
		q->overflow = true;
		return;
	}
	placeholder(q);
	q->binds[q->nbinds].is_int = true;
	q->binds[q->nbinds++].i = value;
}

int sqlbuf_prepare(sqlite3 *db, const struct sqlbuf *q, sqlite3_stmt **stmt,
		   char *err, size_t errlen)
{
	int i;

	if (q->overflow)
		return msg_fail(err, errlen, "the selection is too long");
	if (sqlite3_prepare_v2(db, q->text, -1, stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot query the database: %s", sqlite3_errmsg(db));
	for (i = 0; i < q->nbinds; i++) {
		if (q->binds[i].is_int)
			sqlite3_bind_int64(*stmt, i + 1, q->binds[i].i);
		else
			sqlite3_bind_text(*stmt, i + 1, q->binds[i].s, -1, SQLITE_STATIC);
	}
	return 0;
}

/* Runs a prepared one-integer query; returns the value, or -1. */
static int64_t query_count(sqlite3_stmt *stmt)
{
	int64_t n = -1;

	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return n;
}

/* An id in TABLE by number, uuid or uuid prefix; 1 found, 0 none, 2 several, -1 error. */
static int id_resolve(sqlite3 *db, const char *table, const char *text, int64_t *id,
		      char *err, size_t errlen)
{
	char sql[256];
	sqlite3_stmt *stmt;
	char *end;
	long long number = strtoll(text, &end, 10);
	int found = 0;

	snprintf(sql, sizeof(sql), "SELECT id FROM %s WHERE id = ?1 OR uuid = ?2 OR "
		 "(length(?2) >= 4 AND substr(uuid, 1, length(?2)) = ?2) LIMIT 2", table);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot query the database: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(stmt, 1, *text && !*end ? number : -1);
	sqlite3_bind_text(stmt, 2, text, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW && found < 2)
		if (found++ == 0)
			*id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	return found;
}

int run_resolve(sqlite3 *db, const char *text, int64_t *id, char *err, size_t errlen)
{
	int found = id_resolve(db, "runs", text, id, err, errlen);

	if (found == 0)
		return msg_fail(err, errlen, "no boot '%s' in the database (kvmboot-report runs "
				"--status all lists them)", text);
	if (found > 1)
		return msg_fail(err, errlen, "boot '%s' is ambiguous: give more of its uuid", text);
	return found < 0 ? -1 : 0;
}

int session_resolve(sqlite3 *db, const char *text, int64_t *id, char *err, size_t errlen)
{
	int found = id_resolve(db, "sessions", text, id, err, errlen);

	if (found < 0)
		return -1;
	if (found == 0)
		return msg_fail(err, errlen, "no session '%s' in the database "
				"(kvmboot-report sessions lists them)", text);
	if (found > 1)
		return msg_fail(err, errlen, "session '%s' is ambiguous: give more of its uuid", text);
	return 0;
}

/* Does some session have COLUMN (label or host) = VALUE? 0 or -1 with ERR. */
static int session_value_check(sqlite3 *db, const char *column, const char *value,
			       char *err, size_t errlen)
{
	char sql[96];
	sqlite3_stmt *stmt;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM sessions WHERE %s = ?1", column);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot query the database: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, value, -1, SQLITE_STATIC);
	if (query_count(stmt) > 0)
		return 0;
	if (strcmp(column, "host") == 0)
		return msg_fail(err, errlen, "no session was collected on host '%s' "
				"(kvmboot-report summary --by host lists the hosts)", value);
	return msg_fail(err, errlen, "no session has the label '%s'", value);
}

static int tag_check(sqlite3 *db, struct selection *sel, const char *text,
		     char *err, size_t errlen)
{
	size_t i = sel->ntags;
	char *equals;
	sqlite3_stmt *stmt;

	snprintf(sel->tag_text[i], sizeof(sel->tag_text[i]), "%s", text);
	equals = strchr(sel->tag_text[i], '=');
	if (!equals || equals == sel->tag_text[i])
		return msg_fail(err, errlen, "--tag: '%s' is not KEY=VALUE", text);
	*equals = '\0';
	sel->tag_key[i] = sel->tag_text[i];
	sel->tag_value[i] = equals + 1;
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM session_tags WHERE key = ?1 AND value = ?2",
			       -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot query the database: %s", sqlite3_errmsg(db));
	sqlite3_bind_text(stmt, 1, sel->tag_key[i], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, sel->tag_value[i], -1, SQLITE_STATIC);
	if (query_count(stmt) <= 0)
		return msg_fail(err, errlen, "no session has the tag %s", text);
	sel->ntags++;
	return 0;
}

static int dates_build(const struct select_opts *o, struct selection *sel, char *err, size_t errlen)
{
	struct timespec now;
	int64_t now_ms;

	clock_gettime(CLOCK_REALTIME, &now);
	now_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	if (o->since && date_bound_parse(o->since, false, now_ms, o->local, sel->since,
					 sizeof(sel->since)) < 0)
		return msg_fail(err, errlen, "--since: '%s' is not a date (%s)", o->since, DATE_FORMS);
	if (o->until && date_bound_parse(o->until, true, now_ms, o->local, sel->until,
					 sizeof(sel->until)) < 0)
		return msg_fail(err, errlen, "--until: '%s' is not a date (%s)", o->until, DATE_FORMS);
	return 0;
}

int selection_build(sqlite3 *db, const struct select_opts *o, struct selection *sel,
		    char *err, size_t errlen)
{
	size_t i;

	memset(sel, 0, sizeof(*sel));
	if (o->status && strcmp(o->status, "ok") != 0 && strcmp(o->status, "all") != 0)
		return msg_fail(err, errlen, "--status: '%s' is not 'ok' or 'all'", o->status);
	sel->all_status = o->status && strcmp(o->status, "all") == 0;
	sel->last = o->last;
	for (i = 0; i < o->nsessions; i++)
		if (session_resolve(db, o->sessions[i], &sel->session_ids[sel->nsessions++],
				    err, errlen) < 0)
			return -1;
	if (o->label && session_value_check(db, "label", o->label, err, errlen) < 0)
		return -1;
	sel->label = o->label;
	if (o->host && session_value_check(db, "host", o->host, err, errlen) < 0)
		return -1;
	sel->host = o->host;
	for (i = 0; i < o->ntags; i++)
		if (tag_check(db, sel, o->tags[i], err, errlen) < 0)
			return -1;
	return dates_build(o, sel, err, errlen);
}

/* Conditions on the session alone (also used inside --last). */
static void session_where(const struct selection *sel, struct sqlbuf *q, const char *s)
{
	char piece[128];
	size_t i;

	if (sel->nsessions) {
		snprintf(piece, sizeof(piece), " AND %s.id IN (", s);
		sqlbuf_add(q, piece);
		for (i = 0; i < sel->nsessions; i++) {
			sqlbuf_add(q, i ? ", " : "");
			sqlbuf_int(q, sel->session_ids[i]);
		}
		sqlbuf_add(q, ")");
	}
	if (sel->label) {
		snprintf(piece, sizeof(piece), " AND %s.label = ", s);
		sqlbuf_add(q, piece);
		sqlbuf_text(q, sel->label);
	}
	if (sel->host) {
		snprintf(piece, sizeof(piece), " AND %s.host = ", s);
		sqlbuf_add(q, piece);
		sqlbuf_text(q, sel->host);
	}
	for (i = 0; i < sel->ntags; i++) {
		snprintf(piece, sizeof(piece), " AND EXISTS (SELECT 1 FROM session_tags t "
			 "WHERE t.session_id = %s.id AND t.key = ", s);
		sqlbuf_add(q, piece);
		sqlbuf_text(q, sel->tag_key[i]);
		sqlbuf_add(q, " AND t.value = ");
		sqlbuf_text(q, sel->tag_value[i]);
		sqlbuf_add(q, ")");
	}
	if (sel->since[0]) {
		snprintf(piece, sizeof(piece), " AND %s.started_at >= ", s);
		sqlbuf_add(q, piece);
		sqlbuf_text(q, sel->since);
	}
	if (sel->until[0]) {
		snprintf(piece, sizeof(piece), " AND %s.started_at < ", s);
		sqlbuf_add(q, piece);
		sqlbuf_text(q, sel->until);
	}
}

void selection_where(const struct selection *sel, struct sqlbuf *q, bool sessions_only)
{
	session_where(sel, q, "s");
	if (sel->last) {
		sqlbuf_add(q, " AND s.id IN (SELECT s2.id FROM sessions s2 WHERE 1");
		session_where(sel, q, "s2");
		sqlbuf_add(q, " ORDER BY s2.started_at DESC, s2.id DESC LIMIT ");
		sqlbuf_int(q, sel->last);
		sqlbuf_add(q, ")");
	}
	if (!sessions_only && sel->run_from) {
		sqlbuf_add(q, " AND r.id >= ");
		sqlbuf_int(q, sel->run_from);
	}
	if (!sessions_only && sel->run_to) {
		sqlbuf_add(q, " AND r.id < ");
		sqlbuf_int(q, sel->run_to);
	}
	if (!sessions_only && sel->run_id) {
		sqlbuf_add(q, " AND r.id = ");
		sqlbuf_int(q, sel->run_id);
	} else if (!sessions_only && !sel->all_status) {
		sqlbuf_add(q, " AND r.status = 'ok'");
	}
}

int64_t selection_count(sqlite3 *db, const struct selection *sel, bool any_status,
			char *err, size_t errlen)
{
	struct selection wide = *sel;
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	int64_t n = -1;

	wide.all_status = wide.all_status || any_status;
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT count(*) FROM runs r JOIN sessions s ON s.id = r.session_id WHERE 1");
	selection_where(&wide, &q, false);
	if (sqlbuf_prepare(db, &q, &stmt, err, errlen) < 0)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		n = sqlite3_column_int64(stmt, 0);
	else
		msg_fail(err, errlen, "cannot count the boots: %s", sqlite3_errmsg(db));
	sqlite3_finalize(stmt);
	return n;
}
