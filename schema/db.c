/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening, checking and migrating a kvmboot database. */
#include "db.h"
#include "../common/message.h"
#include "caller_vfs.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const char kvmboot_schema_sql[];

#define MIGRATION_MARK "\n-- migration "

/* A descriptor that turns readable when waiting for a lock should stop (-1: none). */
static int db_interrupt_fd = -1;

void db_interrupt_on(int fd)
{
	db_interrupt_fd = fd;
}

/*
 * Waits for another writer's lock 10 ms at a time, up to the busy
 * timeout, and gives up at once when the interrupt descriptor is readable
 * (a signal arrived: the collector must stop within a second, not wait).
 */
static int busy_wait(void *ctx, int tries)
{
	struct pollfd pfd = { db_interrupt_fd, POLLIN, 0 };

	(void)ctx;
	if ((long)tries * 10 >= DB_BUSY_TIMEOUT_MS)
		return 0;
	if (pfd.fd < 0) {
		usleep(10000);
		return 1;
	}
	return poll(&pfd, 1, 10) > 0 ? 0 : 1;
}

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

	/* Most opens have nothing to do: no write lock for them. */
	if (query_int(db, "PRAGMA user_version", &version) == SQLITE_OK && version >= latest)
		return 0;
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
		if (!busy_wait(NULL, waited_ms / 10))
			break;
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
	/*
	 * In WAL mode NORMAL syncs at checkpoints, not at each commit: a
	 * killed collector still keeps every committed boot (the WAL is in the
	 * page cache), only a crash of the host may lose the newest ones, and
	 * nothing corrupts. FULL's fsync per boot cost about 1 ms of each.
	 */
	if (db_exec(db, "PRAGMA synchronous = NORMAL", why, sizeof(why)) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", why, sizeof(why)) < 0 ||
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

/* Files are opened with the caller's rights once db_act_as() said who that is. */
static struct caller *db_caller;
static const char *db_vfs;

int db_act_as(struct caller *c)
{
	if (c->other && caller_vfs_register(c) != SQLITE_OK)
		return -1;
	db_caller = c;
	db_vfs = c->other ? CALLER_VFS_NAME : NULL;
	return 0;
}

/* The connection, or NULL with the system's reason in *ERRNUM. */
static sqlite3 *connection_open(const char *name, int flags, int *errnum)
{
	sqlite3 *db = NULL;

	/* One thread per connection: no SQLite mutex on every call. */
	if (sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, db_vfs) != SQLITE_OK) {
		*errnum = db ? sqlite3_system_errno(db) : ENOMEM;
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_handler(db, busy_wait, NULL);
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
	int errnum = 0;
	sqlite3 *db;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	if (access(wal, F_OK) == 0)
		return NULL;
	uri = uri_of(path, "?immutable=1");
	db = uri ? connection_open(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &errnum) : NULL;
	free(uri);
	if (db && db_check(db, path, version, err, errlen) != 0) {
		sqlite3_close(db);
		return NULL;
	}
	return db;
}

/*
 * A symbolic link is followed only when the caller or root owns it: a link
 * another user planted (in a directory they own, say) is refused, so that
 * root running kvmboot on someone's checkout does not write where they
 * point. Links the caller owns still need the caller's rights at the end.
 */
static int link_check(const char *path, char *err, size_t errlen)
{
	uid_t me = db_caller ? db_caller->uid : geteuid();
	struct stat st;

	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode) || st.st_uid == me || st.st_uid == 0)
		return 0;
	return msg_fail(err, errlen, "'%s' is a symbolic link owned by another user (uid %u): "
			"refusing to follow it (give the file it points to)", path,
			(unsigned)st.st_uid);
}

/*
 * SQLite retries a failed create as a read-only open, which reports ENOENT:
 * the real reason is the directory's. O_TMPFILE asks it (as the caller)
 * and leaves no file.
 */
static int create_errno(const char *path)
{
	char *copy = strdup(path);
	int fd, errnum = ENOENT;

	if (!copy)
		return ENOMEM;
	fd = open(dirname(copy), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd >= 0)
		close(fd);
	else if (errno != EOPNOTSUPP && errno != EISDIR)
		errnum = errno;
	free(copy);
	return errnum;
}

/* Why the database could not be opened, from the system's reason. */
static int open_fail(const char *path, int errnum, char *err, size_t errlen)
{
	char target[1024] = "", link[1100] = "";
	ssize_t n = readlink(path, target, sizeof(target) - 1);

	if (n > 0) {
		target[n] = '\0';
		snprintf(link, sizeof(link), " (a symbolic link to '%s')", target);
	}
	if (errnum == EACCES || errnum == EPERM)
		return msg_fail(err, errlen, "cannot open '%s'%s: permission denied%s", path, link,
				db_caller && db_caller->other ? " (kvmboot writes files with the "
				"rights of the user who ran sudo)" : "");
	if (errnum == EROFS)
		return msg_fail(err, errlen, "cannot open '%s': the file system is read-only", path);
	if (errnum == ELOOP)
		return msg_fail(err, errlen, "cannot open '%s': a symbolic link where a database "
				"file (or its -wal, -shm) should be", path);
	return msg_fail(err, errlen, "cannot open '%s': %s", path, strerror(errnum ? errnum : EIO));
}

/* A refused database leaves nothing behind: the files this open created go. */
static void created_remove(const char *path)
{
	const char *suffixes[] = { "", "-wal", "-journal" };
	char file[4096];
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
}

static int db_open_checked(const char *path, enum db_mode mode, struct db_open_result *result,
			   char *err, size_t errlen)
{
	int flags = mode == DB_READ_ONLY ? SQLITE_OPEN_READONLY
					 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	struct stat st;
	int rc, errnum = 0;
	char *uri;
	sqlite3 *db;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		msg_fail(err, errlen, "'%s' is a directory, not a database file", path);
		return -EISDIR;
	}
	if (mode == DB_READ_WRITE && link_check(path, err, errlen) < 0)
		return -ELOOP;
	result->created = lstat(path, &st) < 0 && errno == ENOENT;
	if (!result->created && stat(path, &st) < 0 && errno == ENOENT) {
		msg_fail(err, errlen, "'%s' is a symbolic link to a file that does not exist", path);
		return -EINVAL;
	}
	if (mode == DB_READ_ONLY && result->created) {
		msg_fail(err, errlen, "no database at '%s'", path);
		return -ENOENT;
	}
	/* A writer's connection reads URIs: ATTACH of a source read-only (merge). */
	uri = mode == DB_READ_WRITE ? uri_of(path, "") : NULL;
	if (mode == DB_READ_WRITE && !uri)
		return msg_fail(err, errlen, "out of memory"), -ENOMEM;
	db = connection_open(uri ? uri : path, uri ? flags | SQLITE_OPEN_URI : flags, &errnum);
	free(uri);
	if (!db) {
		if (result->created && errnum == ENOENT)
			errnum = create_errno(path);
		open_fail(path, errnum, err, errlen);
		return -EIO;
	}
	/* SQLite falls back to reading a file it may not write: say why. */
	if (mode == DB_READ_WRITE && sqlite3_db_readonly(db, "main") == 1) {
		open_fail(path, access(path, W_OK) < 0 ? errno : EACCES, err, errlen);
		sqlite3_close(db);
		return -EACCES;
	}
	rc = db_check(db, path, &result->version, err, errlen);
	if (rc != 0 && mode == DB_READ_ONLY &&
	    ((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_READONLY)) {
		sqlite3_close(db);
		db = reader_reopen(path, &result->version, err, errlen);
		rc = db ? 0 : rc;
	}
	if (rc != 0 && (rc & 0xff) == SQLITE_CANTOPEN)
		open_fail(path, sqlite3_system_errno(db), err, errlen);
	if (rc != 0)
		goto err_close;
	if (mode == DB_READ_WRITE) {
		if (db_prepare_writer(db, path, err, errlen) < 0) {
			if ((sqlite3_extended_errcode(db) & 0xff) == SQLITE_CANTOPEN)
				open_fail(path, sqlite3_system_errno(db), err, errlen);
			goto err_close;
		}
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

int db_open(const char *path, enum db_mode mode, struct db_open_result *result,
	    char *err, size_t errlen)
{
	int rc;

	memset(result, 0, sizeof(*result));
	rc = caller_enter(db_caller);
	if (rc < 0)
		return msg_fail(err, errlen, "cannot take the calling user's rights to open '%s': %s",
				path, strerror(-rc)), rc;
	rc = db_open_checked(path, mode, result, err, errlen);
	if (rc < 0 && result->created && rc != -ENOENT)
		created_remove(path);
	caller_leave(db_caller);
	return rc;
}

/*
 * A shipped file with no -wal beside it has no writer at work: read it as
 * immutable, which creates no -shm or -wal next to it. With a -wal, a
 * plain read-only open (which may add a -shm, never changes the file).
 */
static int attach_as(sqlite3 *db, const char *path, const char *schema, char *err, size_t errlen)
{
	char wal[4096], *uri;
	sqlite3_stmt *stmt = NULL;
	int rc;

	snprintf(wal, sizeof(wal), "%s-wal", path);
	uri = uri_of(path, access(wal, F_OK) == 0 ? "?mode=ro" : "?mode=ro&immutable=1");
	if (!uri)
		return msg_fail(err, errlen, "out of memory");
	rc = sqlite3_prepare_v2(db, "ATTACH ?1 AS ?2", -1, &stmt, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(stmt, 1, uri, -1, SQLITE_STATIC);
		sqlite3_bind_text(stmt, 2, schema, -1, SQLITE_STATIC);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_extended_errcode(db);
	}
	sqlite3_finalize(stmt);
	free(uri);
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_CANTOPEN)
		return open_fail(path, sqlite3_system_errno(db), err, errlen);
	return msg_fail(err, errlen, "cannot open '%s': %s", path, sqlite3_errmsg(db));
}

/* db_check for an attached SCHEMA: the same refusals, in the same words. */
static int attached_check(sqlite3 *db, const char *path, const char *schema, int *version,
			  char *err, size_t errlen)
{
	int app_id = 0, tables = 0, ours = db_schema_version(), rc;
	char sql[3][128];

	snprintf(sql[0], sizeof(sql[0]), "PRAGMA \"%s\".application_id", schema);
	snprintf(sql[1], sizeof(sql[1]), "PRAGMA \"%s\".user_version", schema);
	snprintf(sql[2], sizeof(sql[2]), "SELECT count(*) FROM \"%s\".sqlite_schema", schema);
	rc = query_int(db, sql[0], &app_id);
	if (rc == SQLITE_OK)
		rc = query_int(db, sql[1], version);
	if (rc == SQLITE_OK)
		rc = query_int(db, sql[2], &tables);
	if ((rc & 0xff) == SQLITE_NOTADB)
		return msg_fail(err, errlen, "'%s' is not an SQLite database", path);
	if (rc != SQLITE_OK)
		return msg_fail(err, errlen, "cannot read '%s': %s", path, sqlite3_errmsg(db));
	if (app_id != DB_APPLICATION_ID || *version < 1)
		return msg_fail(err, errlen, "'%s' is %s, not a kvmboot database", path,
				tables ? "an SQLite database" : "an empty SQLite file");
	if (*version > ours)
		return msg_fail(err, errlen, "'%s' has schema version %d, newer than this kvmboot "
				"knows (%d): use a newer kvmboot (the file was not changed)",
				path, *version, ours);
	return 0;
}

int db_attach_readonly(sqlite3 *db, const char *path, const char *schema, int *version,
		       char *err, size_t errlen)
{
	struct stat st;
	char sql[128];
	int rc;

	if (stat(path, &st) < 0)
		return msg_fail(err, errlen, "cannot open '%s': %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return msg_fail(err, errlen, "'%s' is a directory, not a database file", path);
	rc = caller_enter(db_caller);
	if (rc < 0)
		return msg_fail(err, errlen, "cannot take the calling user's rights to open '%s': %s",
				path, strerror(-rc));
	rc = attach_as(db, path, schema, err, errlen);
	if (rc == 0 && attached_check(db, path, schema, version, err, errlen) < 0) {
		snprintf(sql, sizeof(sql), "DETACH \"%s\"", schema);
		sqlite3_exec(db, sql, NULL, NULL, NULL);
		rc = -1;
	}
	caller_leave(db_caller);
	return rc;
}

int db_remove_files(const char *path)
{
	const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
	char file[4096];
	size_t i;
	int rc = caller_enter(db_caller);

	if (rc < 0)
		return rc;
	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		snprintf(file, sizeof(file), "%s%s", path, suffixes[i]);
		unlink(file);
	}
	caller_leave(db_caller);
	return 0;
}

const char *db_default_path(void)
{
	const char *env = getenv("KVMBOOT_DB");

	return env && *env ? env : "kvmboot.db";
}
