/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-collect's command line. */
#ifndef KVMBOOT_OPTIONS_H
#define KVMBOOT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "points.h"

#define OPTIONS_TAGS_MAX 32
#define OPTIONS_POINTS_MAX 64
#define OPTIONS_OK_EXIT_MAX 16
#define OPTIONS_MATCH_MAX 32
#define JOBS_MAX 64		/* -j: boots side by side */

struct tag {
	char *key;	/* both point into a copy owned by the options */
	char *value;
};

enum collect_action { ACTION_COLLECT, ACTION_HELP, ACTION_VERSION };

/* auto: a live line on a terminal, a line per boot otherwise (a CI log). */
enum progress_mode { PROGRESS_AUTO, PROGRESS_LINE, PROGRESS_NONE };

struct collect_options {
	enum collect_action action;
	unsigned runs;
	unsigned warmup;
	unsigned jobs;			/* -j: boots side by side (1) */
	const char *db_path;
	const char *label;
	struct tag tags[OPTIONS_TAGS_MAX];
	size_t ntags;
	long long timeout_ns;
	struct point_def points[OPTIONS_POINTS_MAX];
	size_t npoints;
	const char *table;		/* one or more, comma-separated */
	bool mmio_moved;
	uint64_t mmio_addr;		/* --mmio-addr */
	const char *user;		/* NULL: the default user */
	const char *vmm_version;	/* --vmm-version: NULL to ask the VMM */
	const char *prepare;		/* --prepare CMD: before each boot, untimed */
	const char *cleanup;		/* --cleanup CMD: after each boot, untimed */
	int ok_exit[OPTIONS_OK_EXIT_MAX];
	size_t nok_exit;
	unsigned buffer_kb;		/* ring buffer per CPU, 0 = default */
	uint16_t console_ports[4];	/* --console: text ports */
	size_t nconsole;
	const char *rules;		/* --rules: built-in text rule sets */
	char *matches[OPTIONS_MATCH_MAX];	/* --match REGEX=NAME */
	size_t nmatches;
	const char *uprobe;		/* --uprobe: "qemu" or "f,g"; NULL: none */
	bool watch;			/* --watch: record VMMs started by others */
	const char *watch_comm;		/* --comm NAME */
	const char *watch_exe;		/* --exe PATH */
	long long duration_ns;		/* --duration: 0 = until -n boots or a signal */
	bool runs_given;
	const char *import_path;	/* --import FILE: perf / trace-cmd / tracefs text */
	const char *import_stap;	/* --import-stap FILE: stap/kvmboot.stp output */
	bool merge;			/* --merge: copy databases into -d's */
	char **merge_paths;		/* the files to merge, NULL-terminated */
	bool started_at_given;		/* --started-at TIME */
	int64_t started_at_ns;		/* since the epoch */
	int verbosity;			/* -1 quiet, 0 normal, 1+ verbose */
	enum progress_mode progress;	/* --progress */
	char **vmm_argv;		/* NULL-terminated, points into argv */
	bool ab;			/* --ab: vmm_argv is the base, cand_argv the candidate */
	char **cand_argv;
	unsigned ab_max;		/* --ab-until-decided: pairs at most; 0: -n only */
	const char *ab_compare;		/* --ab-compare: options for compare, space-separated */
	char *tag_text;			/* storage behind tags[] */
};

/*
 * Parses ARGV into OPTS (defaults first). Returns 0, or -EINVAL with a
 * message in ERR. Free with options_release().
 */
int options_parse(int argc, char **argv, struct collect_options *opts,
		  char *err, size_t errlen);
void options_release(struct collect_options *opts);

/* Is STATUS an exit status that counts as a good boot? */
bool options_exit_ok(const struct collect_options *opts, int status);

void options_usage(FILE *out);

#endif
