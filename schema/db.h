/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening, checking and migrating a kvmboot database (schema/schema.sql). */
#ifndef KVMBOOT_DB_H
#define KVMBOOT_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <sqlite3.h>

#include "../common/caller.h"

#define DB_APPLICATION_ID 1803969135
#define DB_BUSY_TIMEOUT_MS 30000

enum db_mode {
	DB_READ_ONLY,	/* reporter: never writes, never creates */
	DB_READ_WRITE,	/* collector: creates and migrates as needed */
};

struct db_open_result {
	sqlite3 *db;
	bool created;	/* the file did not exist before */
	int version;	/* schema version after opening */
};

/* The schema version this build knows: the highest migration number. */
int db_schema_version(void);

/*
 * Opens PATH. Refuses (returns -1, message in ERR) a file that is not
 * SQLite, an SQLite database that is not kvmboot's, and a database from a
 * newer kvmboot; none of those is modified. In DB_READ_WRITE mode a missing
 * file is created and an older schema migrated. The caller closes
 * result->db with sqlite3_close().
 */
int db_open(const char *path, enum db_mode mode, struct db_open_result *result,
	    char *err, size_t errlen);

/*
 * Every later db_open() and db_remove_files() touches files with C's
 * rights (C outlives them): under sudo, the caller's. 0, or -1 when the
 * VFS that does so cannot be registered.
 */
int db_act_as(struct caller *c);

/*
 * Waiting for another writer's lock (up to DB_BUSY_TIMEOUT_MS) stops at
 * once when FD is readable: the collector's signalfd, so that Ctrl-C is
 * answered while another collector holds the database. -1: never.
 */
void db_interrupt_on(int fd);

/*
 * Attaches the kvmboot database at PATH to DB (opened DB_READ_WRITE) as
 * SCHEMA, read-only: never written, nothing created beside a file that
 * has no -wal. Refuses what db_open refuses (not kvmboot's, newer); an
 * older version is attached as it is (its tables lack later columns).
 * 0 with its schema version in *VERSION, or -1 with ERR (not attached).
 */
int db_attach_readonly(sqlite3 *db, const char *path, const char *schema, int *version,
		       char *err, size_t errlen);

/* Removes PATH and its -wal, -shm, -journal (as the caller); 0 or -errno. */
int db_remove_files(const char *path);

/* Applies every migration above the database's version; 0 or -1 with ERR. */
int db_migrate(sqlite3 *db, char *err, size_t errlen);

/* The same, up to version LATEST only (for tests of old databases). */
int db_migrate_to(sqlite3 *db, int latest, char *err, size_t errlen);

/* Runs SQL (no results); 0 or -1 with the SQLite message in ERR. */
int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen);

/* Where the database is by default: $KVMBOOT_DB, else ./kvmboot.db. */
const char *db_default_path(void);

#endif
