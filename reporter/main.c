/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report: answers questions about the boots in a kvmboot
 * database, read-only: tables, statistics, comparisons with a verdict.
 */
#include "cli.h"
#include "rendering/terminal.h"
#include "report.h"
#include "data/mapping.h"
#include "../common/caller.h"
#include "../schema/db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/*
 * A full disk must not look like success (a closed pipe ends us by
 * SIGPIPE). STATUS 2 has had its message already.
 */
static int stdout_close(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (status != 2)
			fprintf(stderr, "kvmboot-report: cannot write the output: %s\n",
				strerror(errno));
		return 2;
	}
	return status;
}

static int database_open(struct report *r)
{
	struct db_open_result res;
	const char *path = r->args->db_path;
	int rc = db_open(path, DB_READ_ONLY, &res, r->err, sizeof(r->err));

	if (rc == -ENOENT) {
		snprintf(r->err, sizeof(r->err), "no database at '%s' (%s); create one with: "
			 "sudo kvmboot-collect -d '%s' -- VMM-COMMAND...", path,
			 path == db_default_path() ? "from $KVMBOOT_DB, else ./kvmboot.db" : "from -d",
			 path);
		return -1;
	}
	if (rc < 0)
		return -1;
	r->db = res.db;
	/* Reads map the file instead of copying it page by page. */
	mapping_apply(r->db);
	return catalog_load(r->db, &r->cat, r->err, sizeof(r->err));
}

/*
 * Reporting needs no root: under sudo, the reporter becomes the calling
 * user at once, so that it reads and writes only what they could.
 */
static int privileges_drop(struct report *r)
{
	struct caller c;
	int rc;

	if (caller_identify(&c, r->err, sizeof(r->err)) < 0)
		return -1;
	rc = caller_become(&c);
	if (rc < 0)
		snprintf(r->err, sizeof(r->err), "cannot become the calling user '%s': %s",
			 c.name, strerror(-rc));
	caller_release(&c);
	return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct report_args args;
	struct report r;
	const struct command *cmd;
	int status;

	memset(&r, 0, sizeof(r));
	cmd = cli_parse(argc, argv, &args, r.err, sizeof(r.err));
	if (!cmd) {
		if (r.err[0]) {
			fprintf(stderr, "kvmboot-report: %s\n", r.err);
			return 2;
		}
		return stdout_close(0);
	}
	r.args = &args;
	r.cmd = cmd;
	r.out = stdout;
	table_default_width_set(terminal_width(stdout));
	if (privileges_drop(&r) < 0)
		status = 2;
	else if (database_open(&r) < 0)
		status = 2;
	else
		status = cmd->run(&r);
	if (status == 2)
		fprintf(stderr, "kvmboot-report: %s\n", r.err);
	catalog_release(&r.cat);
	sqlite3_close(r.db);
	return stdout_close(status);
}
