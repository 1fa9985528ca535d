/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Opening, migrating and refusing databases (real SQLite files). */
#include "unit.h"
#include "schema/db.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/kvmboot-unit-XXXXXX";

static const char *path_in_dir(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static int query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int value = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		value = sqlite3_column_int(stmt, 0);
	sqlite3_finalize(stmt);
	return value;
}

static void file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
}

static void test_schema__version_from_migrations(void)
{
	CHECK(db_schema_version() >= 2);
}

/* A database made by kvmboot before migration 2, with a boot in it, keeps
 * everything when the current kvmboot opens it. */
static void test_schema__version_1_database_upgraded_intact(void)
{
	const char *path = path_in_dir("v1.db");
	struct db_open_result r;
	sqlite3 *db;
	char err[256];

	sqlite3_open(path, &db);
	CHECK_INT(db_migrate_to(db, 1, err, sizeof(err)), 0);
	CHECK_INT(query_int(db, "PRAGMA user_version"), 1);
	CHECK_INT(sqlite3_exec(db,
		"INSERT INTO sessions VALUES (1, 'u', '2026-01-01T00:00:00.000Z', 'h', 'k', 'c',"
		" '0.1', 'l', 'cmd', '/bin/q', 'v', 'root', 'qboot', 'mono', 1, 0, 1);"
		"INSERT INTO runs VALUES (1, 'r', 1, 1, 'ok', NULL, '2026-01-01T00:00:00.000Z',"
		" 1, NULL, 5, 9, 0);"
		"INSERT INTO points VALUES (1, 1, 1, 'exec', NULL, NULL, 0),"
		" (1, 2, 3, 'pio', 245, 1, 4200);", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);

	CHECK_INT(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)), 0);
	CHECK_INT(query_int(r.db, "PRAGMA user_version"), db_schema_version());
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM points"), 2);
	CHECK_INT(query_int(r.db, "SELECT time_ns FROM run_points WHERE name = 'fw_start'"), 4200);
	CHECK_INT(query_int(r.db, "SELECT port FROM points WHERE seq = 2"), 245);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM points WHERE address IS NULL"), 2);
	CHECK_INT(query_int(r.db, "SELECT fw_start_ns FROM run_milestones"), 4200);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM console_lines"), 0);
	CHECK_INT(sqlite3_exec(r.db, "INSERT INTO points VALUES (1, 3, 1, 'mmio', NULL,"
			       " 3221225472, 123, 5000)", NULL, NULL, NULL), SQLITE_OK);
	CHECK_INT(query_int(r.db, "PRAGMA foreign_key_check"), -1);	/* no row: no violation */
	sqlite3_close(r.db);
}

static void test_schema__new_database_created_and_migrated(void)
{
	struct db_open_result r;
	char err[256];
	const char *path = path_in_dir("new.db");

	CHECK_INT(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)), 0);
	CHECK(r.created);
	CHECK_INT(r.version, db_schema_version());
	CHECK_INT(query_int(r.db, "PRAGMA user_version"), db_schema_version());
	CHECK_INT(query_int(r.db, "PRAGMA application_id"), DB_APPLICATION_ID);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM milestones WHERE builtin"), 10);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM sqlite_schema WHERE type = 'view'"), 4);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM sqlite_schema WHERE name = 'console_lines'"), 1);
	sqlite3_close(r.db);

	/* Opening again changes nothing and reports an existing file. */
	CHECK_INT(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)), 0);
	CHECK(!r.created);
	CHECK_INT(query_int(r.db, "SELECT count(*) FROM milestones"), 10);
	sqlite3_close(r.db);
	CHECK_INT(db_open(path, DB_READ_ONLY, &r, err, sizeof(err)), 0);
	sqlite3_close(r.db);
}

static void test_schema__not_sqlite_refused_and_unchanged(void)
{
	const char *path = path_in_dir("notes.txt");
	struct db_open_result r;
	char err[256], buf[64] = "";
	FILE *f;

	file_write(path, "these are my notes, not a database\n");
	CHECK(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)) < 0);
	CHECK(strstr(err, "is not an SQLite database") != NULL);
	f = fopen(path, "r");
	CHECK(fgets(buf, sizeof(buf), f) != NULL);
	fclose(f);
	CHECK_STR(buf, "these are my notes, not a database\n");
	CHECK(access(path_in_dir("notes.txt-wal"), F_OK) != 0);
}

static void test_schema__foreign_sqlite_refused(void)
{
	const char *path = path_in_dir("other.db");
	struct db_open_result r;
	sqlite3 *db;
	char err[256];

	sqlite3_open(path, &db);
	sqlite3_exec(db, "CREATE TABLE mine (x)", NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)) < 0);
	CHECK(strstr(err, "not a kvmboot one") != NULL);
}

static void test_schema__newer_version_refused_and_unchanged(void)
{
	const char *path = path_in_dir("newer.db");
	struct db_open_result r;
	struct stat before, after;
	char err[256], sql[128];

	CHECK_INT(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)), 0);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", db_schema_version() + 1);
	sqlite3_exec(r.db, sql, NULL, NULL, NULL);
	sqlite3_exec(r.db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(r.db);
	stat(path, &before);
	CHECK(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)) < 0);
	CHECK(strstr(err, "newer than this kvmboot") != NULL);
	CHECK(db_open(path, DB_READ_ONLY, &r, err, sizeof(err)) < 0);
	stat(path, &after);
	CHECK_INT(after.st_size, before.st_size);
	CHECK_INT(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
	CHECK(access(path_in_dir("newer.db-wal"), F_OK) != 0);
}

static void test_schema__read_only_missing_file(void)
{
	struct db_open_result r;
	char err[256];

	CHECK_INT(db_open(path_in_dir("missing.db"), DB_READ_ONLY, &r, err, sizeof(err)), -ENOENT);
	CHECK(access(path_in_dir("missing.db"), F_OK) != 0);
}

static void test_schema__migration_is_one_transaction(void)
{
	const char *path = path_in_dir("half.db");
	struct db_open_result r;
	sqlite3 *db;
	char err[256];

	/* An empty kvmboot database stuck at version 0 with a clashing view:
	 * the failed migration must leave it exactly as it was. */
	sqlite3_open(path, &db);
	sqlite3_exec(db, "PRAGMA application_id = 1803969135; CREATE TABLE sessions (x)",
		     NULL, NULL, NULL);
	sqlite3_close(db);
	CHECK(db_open(path, DB_READ_WRITE, &r, err, sizeof(err)) < 0);
	sqlite3_open(path, &db);
	CHECK_INT(query_int(db, "PRAGMA user_version"), 0);
	CHECK_INT(query_int(db, "SELECT count(*) FROM sqlite_schema"), 1);
	sqlite3_close(db);
}

static void setup(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

int main(void)
{
	static const struct unit_test tests[] = {
		TEST(test_schema__version_from_migrations),
		TEST(test_schema__version_1_database_upgraded_intact),
		TEST(test_schema__new_database_created_and_migrated),
		TEST(test_schema__not_sqlite_refused_and_unchanged),
		TEST(test_schema__foreign_sqlite_refused),
		TEST(test_schema__newer_version_refused_and_unchanged),
		TEST(test_schema__read_only_missing_file),
		TEST(test_schema__migration_is_one_transaction),
	};
	int rc;

	setup();
	rc = unit_run(tests, sizeof(tests) / sizeof(tests[0]));
	teardown();
	return rc;
}
