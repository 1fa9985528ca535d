/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drawing one series: its paged sessions' gates, then its pages (its
 * own, its sessions', its boots'), each listed for the manifest, and its
 * row of the index. Runs in a worker, on the worker's connection.
 */
#include "page.h"
#include "site_files.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int file_add(struct report *r, struct site_series *ser, const char *name)
{
	char **grown = realloc(ser->files, (ser->nfiles + 1) * sizeof(*grown));

	if (!grown)
		return report_oom(r);
	ser->files = grown;
	ser->files[ser->nfiles] = strdup(name);
	return ser->files[ser->nfiles++] ? 0 : report_oom(r);
}

/* The boots of session K, in id order, into *RUNS (the caller frees it). 0, or 2 with r->err. */
static int runs_of(struct report *r, const struct site_session *c, int64_t **runs, size_t *n)
{
	sqlite3_stmt *stmt;
	int rc;

	*runs = calloc(c->boots + 1, sizeof(**runs));
	*n = 0;
	if (!*runs)
		return report_oom(r);
	if (sqlite3_prepare_v2(r->db, "SELECT id FROM runs WHERE session_id = ?1 ORDER BY id", -1,
			       &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "cannot read the boots: %s",
				sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, c->info.id);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && *n < c->boots)
		(*runs)[(*n)++] = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return msg_fail(r->err, sizeof(r->err), "cannot read the boots: %s",
				sqlite3_errmsg(r->db)), 2;
	return 0;
}

static int boot_page(struct site *s, struct report *r, struct site_series *ser, size_t k,
		     int64_t run)
{
	char file[40];
	int rc = page_boot_write(s, r, k, run);

	page_boot_file(run, file, sizeof(file));
	return rc ? rc : file_add(r, ser, file);
}

/* Session K's pages: its own, its median boot's, and every boot's when its boots are paged. */
static int session_pages(struct site *s, struct report *r, struct site_series *ser, size_t k)
{
	const struct site_session *c = &s->sessions[k];
	int64_t *runs = NULL;
	size_t n = 0, i;
	char file[40];
	int rc = page_session_write(s, r, k);

	page_session_file(s, k, file, sizeof(file));
	if (rc == 0)
		rc = file_add(r, ser, file);
	if (rc == 0 && c->boots_paged)
		rc = runs_of(r, c, &runs, &n);
	for (i = 0; rc == 0 && i < n; i++)
		rc = boot_page(s, r, ser, k, runs[i]);
	if (rc == 0 && c->median_run && !c->boots_paged)
		rc = boot_page(s, r, ser, k, c->median_run);
	free(runs);
	return rc;
}

static void gates_release(struct site *s, const struct site_series *ser)
{
	size_t i;

	for (i = 0; i < ser->n; i++) {
		struct site_session *c = &s->sessions[ser->sessions[i]];

		if (c->gate) {
			gate_report_release(c->gate);
			free(c->gate);
			c->gate = NULL;
		}
	}
}

int page_series_draw(struct site *s, struct report *r, size_t i)
{
	struct site_series *ser = &s->series[i];
	size_t j;
	int rc = file_add(r, ser, ser->file);

	for (j = 0; rc == 0 && j < ser->n; j++)
		if (s->sessions[ser->sessions[j]].paged)
			rc = site_gate_judge(s, r, ser->sessions[j]);
	if (rc == 0)
		rc = page_series_write(s, r, i);
	for (j = 0; rc == 0 && j < ser->n; j++)
		if (s->sessions[ser->sessions[j]].paged)
			rc = session_pages(s, r, ser, ser->sessions[j]);
	if (rc == 0 && page_index_row(s, i) < 0)
		rc = report_oom(r);
	gates_release(s, ser);
	return rc;
}
