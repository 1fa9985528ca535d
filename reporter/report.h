/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What every kvmboot-report command gets: its arguments and the database. */
#ifndef KVMBOOT_REPORT_H
#define KVMBOOT_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include <sqlite3.h>

#include "data/boots.h"
#include "data/select.h"
#include "rendering/table.h"

/* Options a command may accept, besides -d and -f. */
enum {
	OPT_SELECT = 1 << 0,
	OPT_BY = 1 << 1,
	OPT_MILESTONE = 1 << 2,
	OPT_THRESHOLD = 1 << 3,
	OPT_ALPHA = 1 << 4,
	OPT_PHASE = 1 << 5,
	OPT_OUTPUT = 1 << 6,	/* -o/--output */
	OPT_LIMITS = 1 << 7,	/* --timeout and --max-memory (sql) */
	OPT_STAGES = 1 << 8,	/* --stages FILE, --stage NAME=A..B, --span A..B */
	OPT_GATE = 1 << 9,	/* --baseline, --same, --max-failed, --milestones */
	OPT_JUNIT = 1 << 10,	/* -f junit */
	OPT_MIN_CHANGE = 1 << 11,	/* --min-change-ms */
	OPT_CHANGES = 1 << 12,	/* --min-change */
	OPT_FAIL_RECENT = 1 << 13,	/* --fail-recent */
	OPT_OPENMETRICS = 1 << 14,	/* -f openmetrics */
	OPT_SCRIPT = 1 << 15,	/* --script (plot) */
	OPT_PAGES = 1 << 16,	/* --pages N|all (html) */
};

#define SQL_TIMEOUT_DEFAULT 300		/* s */
#define SQL_MEMORY_DEFAULT 1024		/* MiB */
#define ARGS_SPANS_MAX 16

struct report_args {
	const char *db_path;
	enum format format;
	struct select_opts select;
	const char *by;
	const char *milestone;
	const char *phase;
	const char *output;
	bool keep_script;
	double threshold;	/* ratio: 0.05 for 5% */
	double alpha;
	double timeout;		/* s, 0: none */
	long long max_memory;	/* MiB, 0: none */
	const char *sql_file;	/* sql --file FILE ("-": standard input) */
	const char *stages_file;
	const char *stage_defs[ARGS_SPANS_MAX];	/* --stage NAME=A..B */
	size_t nstage_defs;
	const char *spans[ARGS_SPANS_MAX];	/* --span A..B */
	size_t nspans;
	bool milestones;	/* --milestones: every milestone instead of the stages */
	const char *baseline;	/* --baseline last:N | session:ID | label:TEXT | tag:K=V */
	const char *same;	/* --same host,cpu,kernel,vmm,cmdline | none */
	double floor_ms;	/* --min-change-ms */
	const char *max_failed;	/* --max-failed N|PCT% */
	bool junit;		/* -f junit */
	bool openmetrics;	/* -f openmetrics (export) */
	bool local;		/* --local: dates in local time, not UTC */
	long pages;		/* --pages: -1 the default, 0 all */
	unsigned given;		/* OPT_* bits the user gave */
	char **pos;		/* positional arguments */
	int npos;
	int help;
	double min_change;	/* changes: ratio, 0.01 for 1% */
	unsigned fail_recent;	/* changes: newest sessions where a rise fails; 0: never */
};

/* SQL for the tags of session ID as a JSON object, {} for none (a COL_JSON cell). */
#define TAGS_JSON(id) "(SELECT json_group_object(key, value) FROM (SELECT key, value" \
	" FROM session_tags WHERE session_id = " id " ORDER BY key))"

/* The json documents' own version: raised when a field changes meaning. */
#define REPORT_JSON_SCHEMA 1

struct report {
	struct report_args *args;
	const struct command *cmd;
	sqlite3 *db;
	struct catalog cat;
	FILE *out;
	char err[1024];
};

struct command {
	const char *name;
	int (*run)(struct report *r);	/* exit status; message in r->err when 2 */
	unsigned options;
	int min_pos, max_pos;
	const char *usage;
	const char *help;
};

int cmd_sessions(struct report *r);
int cmd_runs(struct report *r);
int cmd_show(struct report *r);
int cmd_summary(struct report *r);
int cmd_compare(struct report *r);
int cmd_export(struct report *r);
int cmd_sql(struct report *r);
int cmd_plot(struct report *r);
int cmd_console(struct report *r);
int cmd_gate(struct report *r);
int cmd_time(struct report *r);
int cmd_changes(struct report *r);
int cmd_html(struct report *r);

/* Builds the selection from the arguments; 0 or 2 with r->err. */
int report_selection(struct report *r, const struct select_opts *opts, struct selection *sel);

/*
 * After a command found no boot in SEL: says so on stderr, and how many
 * boots that are not ok the selection has (--status all shows them).
 */
void report_empty_note(struct report *r, const struct selection *sel);

/* Says "out of memory" in r->err; returns 2. */
int report_oom(struct report *r);

/* Prints T in the chosen format and frees it; the exit status (0 or 2). */
int report_table_print(struct report *r, struct table *t);

#endif
