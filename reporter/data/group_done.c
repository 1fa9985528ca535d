/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which groups have every boot below a run id. */
#include "group_done.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* G's sessions listed group by group, each group's highest id first. */
static int sessions_by_group(struct group_done *d, const struct grouping *g)
{
	size_t *next, i;

	d->start = calloc(g->n + 1, sizeof(*d->start));
	d->sessions = malloc((g->nsessions ? g->nsessions : 1) * sizeof(*d->sessions));
	d->done_to = malloc((g->n ? g->n : 1) * sizeof(*d->done_to));
	if (!d->start || !d->sessions || !d->done_to)
		return -ENOMEM;
	for (i = 0; i < g->nsessions; i++)
		d->start[g->group_of[i] + 1]++;
	for (i = 0; i < g->n; i++)
		d->start[i + 1] += d->start[i];
	/* session_ids ascend: filling each group from its end puts the highest first */
	next = malloc((g->n ? g->n : 1) * sizeof(*next));
	if (!next)
		return -ENOMEM;
	for (i = 0; i < g->n; i++) {
		next[i] = d->start[i + 1];
		d->done_to[i] = d->start[i];
	}
	for (i = 0; i < g->nsessions; i++)
		d->sessions[--next[g->group_of[i]]] = g->session_ids[i];
	free(next);
	return 0;
}

int group_done_init(struct group_done *d, sqlite3 *db, const struct grouping *g)
{
	int rc;

	memset(d, 0, sizeof(*d));
	d->db = db;
	rc = sessions_by_group(d, g);
	if (rc == 0 && sqlite3_prepare_v2(db, "SELECT max(id) FROM runs WHERE session_id = ?1",
					  -1, &d->last_run, NULL) != SQLITE_OK)
		rc = -EIO;
	if (rc)
		group_done_release(d);
	return rc;
}

/* Is every boot of SESSION below READ_BELOW? */
static bool session_done_below(struct group_done *d, int64_t session, int64_t read_below)
{
	bool done;

	sqlite3_reset(d->last_run);
	sqlite3_bind_int64(d->last_run, 1, session);
	done = sqlite3_step(d->last_run) == SQLITE_ROW &&
	       (sqlite3_column_type(d->last_run, 0) == SQLITE_NULL ||
		sqlite3_column_int64(d->last_run, 0) < read_below);
	sqlite3_reset(d->last_run);
	return done;
}

/* Is every boot of group K's sessions below READ_BELOW? */
static bool group_read(struct group_done *d, size_t k, int64_t read_below)
{
	size_t i;

	/* The newest session first: a group still being read fails at once. */
	for (i = d->done_to[k]; i < d->start[k + 1]; i++)
		if (!session_done_below(d, d->sessions[i], read_below))
			break;
	d->done_to[k] = i;
	return i == d->start[k + 1];
}

size_t group_done_upto(struct group_done *d, size_t from, size_t n, int64_t read_below)
{
	/* One read transaction for all the questions, not one lock and check each */
	bool began = read_below != INT64_MAX && sqlite3_get_autocommit(d->db) &&
		     sqlite3_exec(d->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;

	while (from < n && (read_below == INT64_MAX || group_read(d, from, read_below)))
		from++;
	if (began)
		sqlite3_exec(d->db, "COMMIT", NULL, NULL, NULL);
	return from;
}

void group_done_release(struct group_done *d)
{
	sqlite3_finalize(d->last_run);
	free(d->start);
	free(d->sessions);
	free(d->done_to);
	memset(d, 0, sizeof(*d));
}
