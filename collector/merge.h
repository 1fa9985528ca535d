/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Merging kvmboot databases: the sessions, boots, points, console lines
 * and tags of a source file copied into the database of a fleet, keyed by
 * their uuids, in one transaction per source.
 */
#ifndef KVMBOOT_MERGE_H
#define KVMBOOT_MERGE_H

#include <stddef.h>
#include <sqlite3.h>

/* A uuid that is in the target already with other content: not copied. */
struct merge_conflict {
	char what[8];		/* "session" or "boot" */
	char uuid[40];
	const char *why;	/* static text: "other tags", ... */
};

struct merge_result {
	int source_version;	/* the source's schema version */
	unsigned sessions_new, sessions_same, sessions_conflict;
	unsigned runs_new, runs_same, runs_conflict;
	unsigned runs_skipped;	/* boots of conflicting sessions */
	struct merge_conflict *conflicts;
	size_t nconflicts;
};

/*
 * Copies what the kvmboot database at SRC holds and DB lacks into DB
 * (opened with db_open(DB_READ_WRITE)): new sessions with their tags and
 * boots, new boots of sessions DB has, milestones mapped by name. A uuid
 * DB has with the same content is left alone; with other content it is a
 * conflict, listed in RES and skipped. SRC is only read; a source of a
 * newer schema is refused. One transaction: 0 with RES filled, or -1 with
 * ERR and nothing changed. Free RES with merge_result_release().
 */
int merge_source(sqlite3 *db, const char *src, struct merge_result *res,
		 char *err, size_t errlen);

void merge_result_release(struct merge_result *res);

#endif
