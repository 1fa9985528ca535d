/* Opening, checking and migrating a kvmboot database. */
#include "db.h"
#include "../common/message.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const char kvmboot_schema_sql[];

#define MIGRATION_MARK "\n-- migration "

/* Finds migration number N's text; returns its start and sets *len. */
static const char *migration_find(int n, size_t *len)
{
	const char *p = kvmboot_schema_sql;

	while ((p = strstr(p, MIGRATION_MARK)) != NULL) {
		char *line_end;
		long number = strtol(p + strlen(MIGRATION_MARK), &line_end, 10);
		const char *next;

		p = line_end;
		if (number != n)
			continue;
		next = strstr(p, MIGRATION_MARK);
		*len = next ? (size_t)(next - p) : strlen(p);
		return p;
	}
	return NULL;
}

int db_schema_version(void)
{
	size_t len;
	int n = 0;

	while (migration_find(n + 1, &len))
		n++;
	return n;
}

int db_exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	msg_fail(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Runs SQL that yields one integer; returns SQLITE_OK or the error code. */
static int query_int(sqlite3 *db, const char *sql, int *value)
{
	sqlite3_stmt *stmt;
	int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int(stmt, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return rc;
}

static int migration_apply(sqlite3 *db, int n, char *err, size_t errlen)
{
	size_t len;
	const char *text = migration_find(n, &len);
	char *sql, version_sql[48];
	int rc;

	sql = strndup(text, len);
	if (!sql) {
		msg_fail(err, errlen, "out of memory");
		return -1;
	}
	rc = db_exec(db, sql, err, errlen);
	free(sql);
	if (rc == 0) {
		snprintf(version_sql, sizeof(version_sql), "PRAGMA user_version = %d", n);
		rc = db_exec(db, version_sql, err, errlen);
	}
	return rc;
}

int db_migrate(sqlite3 *db, char *err, size_t errlen)
{
	return db_migrate_to(db, db_schema_version(), err, errlen);
}

int db_migrate_to(sqlite3 *db, int latest, char *err, size_t errlen)
{
	int version = 0, n;

	/* Re-read the version inside the write lock: another collector may
	 * have migrated the same new file a moment ago. */
	if (db_exec(db, "BEGIN IMMEDIATE", err, errlen) < 0)
		return -1;
	if (query_int(db, "PRAGMA user_version", &version) != SQLITE_OK) {
		msg_fail(err, errlen, "%s", sqlite3_errmsg(db));
		goto err_rollback;
	}
	for (n = version + 1; n <= latest; n++)
		if (migration_apply(db, n, err, errlen) < 0)
			goto err_rollback;
	if (db_exec(db, "COMMIT", err, errlen) < 0)
		goto err_rollback;
	return 0;

err_rollback:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

/* Reads what db_check needs in one snapshot; the SQLite code, 0 when fine. */
static int header_read(sqlite3 *db, int *app_id, int *version, int *tables,
		       char *err, size_t errlen)
{
	/* One read transaction: another collector may be creating the same
	 * file right now, and its migration must be seen whole or not at all. */
	int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA application_id", app_id);
	if (rc == SQLITE_OK)
		rc = query_int(db, "PRAGMA user_version", version);
	if (rc == SQLITE_OK)
		rc = query_int(db, "SELECT count(*) FROM sqlite_schema", tables);
	if (rc != SQLITE_OK)
		msg_fail(err, errlen, "%s", sqlite3_errmsg(db));	/* before COMMIT resets it */
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Is this a database we may read (and, if so, write)? 0, or the SQLite code with ERR. */
static int db_check(sqlite3 *db, const char *path, int *version, char *err, size_t errlen)
{
	int app_id = 0, tables = 0, ours = db_schema_version();
	char why[256];
	int rc = header_read(db, &app_id, version, &tables, why, sizeof(why));

	if ((rc & 0xff) == SQLITE_NOTADB) {
		msg_fail(err, errlen, "'%s' is not an SQLite database", path);
		return rc;
	}
	if (rc != SQLITE_OK) {
		msg_fail(err, errlen, "cannot read '%s': %s", path, why);
		return rc;
	}
	if (app_id != DB_APPLICATION_ID && !(app_id == 0 && tables == 0)) {
		msg_fail(err, errlen, "'%s' is an SQLite database, but not a kvmboot one", path);
		return SQLITE_MISMATCH;
	}
	if (*version > ours) {
		msg_fail(err, errlen, "'%s' has schema version %d, newer than this kvmboot "
			 "knows (%d): use a newer kvmboot (the file was not changed)",
			 path, *version, ours);
		return SQLITE_MISMATCH;
	}
	return 0;
}

/*
 * Switching a new file to WAL needs it unlocked, and SQLite answers BUSY at
 * once instead of waiting (another collector may be creating it too): retry
 * for as long as the busy timeout.
 */
static int wal_enable(sqlite3 *db, char *err, size_t errlen)
{
	int waited_ms, rc = SQLITE_BUSY;

	for (waited_ms = 0; waited_ms <= DB_BUSY_TIMEOUT_MS; waited_ms += 10) {
		rc = sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
			break;
		usleep(10000);
	}
	if (rc == SQLITE_OK)
		return 0;
	return msg_fail(err, errlen, "%s", sqlite3_errmsg(db));
}

static int db_prepare_writer(sqlite3 *db, const char *path, char *err, size_t errlen)
{
	char why[256];

	if (wal_enable(db, why, sizeof(why)) < 0)
		return msg_fail(err, errlen, "cannot put '%s' in WAL mode: %s", path, why);
	if (db_exec(db, "PRAGMA foreign_keys = ON", why, sizeof(why)) < 0 ||
	    db_migrate(db, why, sizeof(why)) < 0)
		return msg_fail(err, errlen, "cannot set up the schema in '%s': %s", path, why);
	return 0;
}

/* "file:" URI of PATH, %-escaping what a URI would misread; caller frees. */
static char *uri_of(const char *path, const char *query)
{
	char *uri = malloc(strlen(path) * 3 + strlen(query) + 8), *p;

	if (!uri)
		return NULL;
	p = uri + sprintf(uri, "file:");
	for (; *path; path++)
		p += strchr("?#%", *path) ? sprintf(p, "%%%02X", (unsigned char)*path)
					  : sprintf(p, "%c", *path);
	sprintf(p, "%s", query);
	return uri;
}

static sqlite3 *connection_open(const char *name, int flags)
{
	sqlite3 *db = NULL;

	/* One thread per connection: no SQLite mutex on every call. */
	if (sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, DB_BUSY_TIMEOUT_MS);
	return db;
}

/*
 * A reader that may not create the -shm file of a WAL database cannot
 * open it read-only. With no -wal file no writer is at work, and the file
 * can be read as immutable, which needs no -shm.
 */
static sqlite3 *reader_reopen(const char *path, int *version, char *err, size_t errlen)
{
	char wal[4096], *uri;
	sqlite3 *db;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (access(wal, F_OK) == 0)
		return NULL;
	uri = uri_of(path, "?immutable=1");
	db = uri ? connection_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI) : NULL;
	free(uri);
	if (db && db_check(db, path, version, err, errlen) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

int db_open(const char *path, enum db_mode mode, struct db_open_result *result,
	    char *err, size_t errlen)
{
	int flags = mode == DB_READ_ONLY ? SQLITE_OPEN_READONLY
					 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	struct stat st;
	sqlite3 *db;
	int rc;

	memset(result, 0, sizeof(*result));
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		msg_fail(err, errlen, "'%s' is a directory, not a database file", path);
		return -EISDIR;
	}
	result->created = access(path, F_OK) != 0;
	if (mode == DB_READ_ONLY && result->created) {
		msg_fail(err, errlen, "no database at '%s'", path);
		return -ENOENT;
	}
	db = connection_open(path, flags);
	if (!db) {
		msg_fail(err, errlen, "cannot open '%s': %s", path, strerror(errno ? errno : EIO));
		return -EIO;
	}
	rc = db_check(db, path, &result->version, err, errlen);
	if (rc != 0 && mode == DB_READ_ONLY &&
	    ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)) {
		sqlite3_close(db);
		db = reader_reopen(path, &result->version, err, errlen);
		rc = db ? 0 : rc;
	}
	if (rc != 0)
		goto err_close;
	if (mode == DB_READ_WRITE) {
		if (db_prepare_writer(db, path, err, errlen) < 0)
			goto err_close;
		result->version = db_schema_version();
	} else if (result->version < db_schema_version()) {
		msg_fail(err, errlen, "'%s' has the older schema version %d: run "
			 "kvmboot-collect on it once to upgrade it", path, result->version);
		goto err_close;
	}
	result->db = db;
	return 0;

err_close:
	sqlite3_close(db);
	return -EINVAL;
}

const char *db_default_path(void)
{
	const char *env = getenv("KVMBOOT_DB");

	return env && *env ? env : "kvmboot.db";
}
