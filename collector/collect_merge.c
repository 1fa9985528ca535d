/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-collect --merge: each host's database copied into the fleet's,
 * file by file, saying what was new, what was there already and what
 * conflicts. Needs no root: under sudo it becomes the calling user.
 */
#include "collect.h"
#include "merge.h"
#include "../schema/db.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define CONFLICTS_SHOWN 10

static void conflicts_print(const char *path, const struct merge_result *res)
{
	size_t i;

	for (i = 0; i < res->nconflicts && i < CONFLICTS_SHOWN; i++)
		fprintf(stderr, "kvmboot-collect: '%s': %s %s is in the database with %s: "
			"skipped\n", path, res->conflicts[i].what, res->conflicts[i].uuid,
			res->conflicts[i].why);
	if (res->nconflicts > CONFLICTS_SHOWN)
		fprintf(stderr, "kvmboot-collect: '%s': %zu more conflicts\n", path,
			res->nconflicts - CONFLICTS_SHOWN);
}

static void result_print(const char *path, const struct merge_result *res)
{
	printf("%s (schema %d): sessions: %u new, %u there already", path,
	       res->source_version, res->sessions_new, res->sessions_same);
	if (res->sessions_conflict)
		printf(", %u in conflict (their %u boots skipped)", res->sessions_conflict,
		       res->runs_skipped);
	printf("; boots: %u new, %u there already", res->runs_new, res->runs_same);
	if (res->runs_conflict)
		printf(", %u in conflict", res->runs_conflict);
	printf("\n");
}

/* The target itself given as a source: reading it while writing it is refused. */
static bool same_file(const char *a, const char *b)
{
	struct stat x, y;

	return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

/* One source: 0 merged, 1 with conflicts, 2 refused. */
static int source_merge(sqlite3 *db, const struct collect_options *opts, const char *path)
{
	struct merge_result res;
	char err[1024];
	int status;

	if (same_file(path, opts->db_path)) {
		fprintf(stderr, "kvmboot-collect: '%s' is the database merged into (-d): "
			"give another file\n", path);
		return 2;
	}
	if (merge_source(db, path, &res, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", err);
		return 2;
	}
	if (opts->verbosity >= 0)
		result_print(path, &res);
	conflicts_print(path, &res);
	status = res.nconflicts ? 1 : 0;
	merge_result_release(&res);
	return status;
}

int collector_merge(const struct collect_options *opts)
{
	struct db_open_result target;
	struct caller caller;
	char err[1024];
	int status = 0, rc, i;

	if (caller_identify(&caller, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", err);
		return 2;
	}
	rc = caller_become(&caller);
	caller_release(&caller);
	if (rc < 0) {
		fprintf(stderr, "kvmboot-collect: cannot become the calling user: %s\n",
			strerror(-rc));
		return 2;
	}
	if (db_open(opts->db_path, DB_READ_WRITE, &target, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", err);
		return 2;
	}
	/*
	 * A merge can be run again and adds nothing twice: a power cut may
	 * lose the last files merged (never the database's consistency), so
	 * commits need not wait for the disk; a cache for the growing indexes.
	 * Every row is copied with its parent mapped in the same transaction,
	 * so the per-row foreign key lookups (40% of the time) are left out;
	 * fleet.bats checks PRAGMA foreign_key_check after merges.
	 */
	sqlite3_exec(target.db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
		     " PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
	for (i = 0; opts->merge_paths[i]; i++) {
		rc = source_merge(target.db, opts, opts->merge_paths[i]);
		status = rc > status ? rc : status;
	}
	sqlite3_close(target.db);
	return status;
}
