/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The milestone catalogue: every milestone name, in canonical order. */
#include "boots.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int catalog_add(struct catalog *c, sqlite3_stmt *stmt, size_t *cap)
{
	struct milestone_def *m;

	if (c->n == *cap) {
		size_t want = *cap ? *cap * 2 : 32;
		struct milestone_def *grown = realloc(c->ms, want * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		c->ms = grown;
		*cap = want;
	}
	m = &c->ms[c->n];
	m->id = sqlite3_column_int64(stmt, 0);
	m->name = strdup((const char *)sqlite3_column_text(stmt, 1));
	m->ord = sqlite3_column_int64(stmt, 2);
	if (!m->name)
		return -ENOMEM;
	if (m->id > c->max_id)
		c->max_id = m->id;
	c->n++;
	return 0;
}

static int catalog_index(struct catalog *c)
{
	size_t i;

	c->index_of_id = malloc(((size_t)c->max_id + 1) * sizeof(*c->index_of_id));
	if (!c->index_of_id)
		return -ENOMEM;
	for (i = 0; i <= (size_t)c->max_id; i++)
		c->index_of_id[i] = -1;
	for (i = 0; i < c->n; i++)
		if (c->ms[i].id >= 0)
			c->index_of_id[c->ms[i].id] = (int)i;
	return 0;
}

int catalog_load(sqlite3 *db, struct catalog *c, char *err, size_t errlen)
{
	sqlite3_stmt *stmt;
	size_t cap = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	if (sqlite3_prepare_v2(db, "SELECT id, name, ord FROM milestones ORDER BY ord, id",
			       -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(err, errlen, "cannot read the milestones: %s", sqlite3_errmsg(db));
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (catalog_add(c, stmt, &cap) < 0)
			break;
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE || catalog_index(c) < 0)
		return msg_fail(err, errlen, "cannot read the milestones: %s",
				rc == SQLITE_DONE ? "out of memory" : sqlite3_errmsg(db));
	return 0;
}

int catalog_find(const struct catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->ms[i].name, name) == 0)
			return (int)i;
	return -1;
}

void catalog_release(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->ms[i].name);
	free(c->ms);
	free(c->index_of_id);
	memset(c, 0, sizeof(*c));
}
