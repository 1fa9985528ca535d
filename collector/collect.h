/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One collection session: set up, run the boots, tear down. */
#ifndef KVMBOOT_COLLECT_H
#define KVMBOOT_COLLECT_H

#include <signal.h>
#include <stdbool.h>
#include <sqlite3.h>

#include "../common/caller.h"
#include "instance.h"
#include "janitor.h"
#include "launch.h"
#include "options.h"
#include "points.h"
#include "signals.h"
#include "store.h"
#include "summary.h"
#include "textrules.h"
#include "uprobes.h"
#include "vmm_output.h"
#include "sysinfo.h"
#include "tracing.h"

/*
 * One session's own state: the VMM command it boots and where its boots
 * go. A collector has one; --ab has two (base and candidate), booted in
 * turn.
 */
struct side {
	char **argv;			/* the VMM command (NULL-terminated) */
	char *vmm_path;			/* argv[0] resolved */
	char *command;			/* argv quoted, for the record */
	struct store *store;
	struct session_info info;
	char uuid[UUID_TEXT_LEN];
	char vmm_version[256];
	struct tag tags[OPTIONS_TAGS_MAX + 2];	/* --ab adds ab=base|cand, ab_pair=UUID */
	size_t ntags;
	char ab_text[3][8];		/* --ab's tags' keys and value: "ab", VALUE, "ab_pair" */
	struct summary summary;		/* of its ok boots */
	unsigned stored, stored_ok;
	unsigned batch;			/* its batches so far (-j: boots side by side) */
};

struct collector {
	struct collect_options *opts;
	struct caller caller;		/* who invoked us: files are touched as them */
	struct point_map map;
	struct text_rules rules;
	struct uprobes uprobes;
	struct decode_config decode;
	uint16_t traced_ports[POINT_PORTS_MAX + 8];	/* trace points, console, UART LCRs */
	size_t ntraced;
	struct launch_spec spec;
	gid_t *user_groups;		/* --user's groups, for SPEC */
	sigset_t old_mask;
	int signal_fd;
	struct vmm_output *outputs;	/* each VMM's of a batch (-j): jobs of them */
	struct boot_decoder *decoders;	/* each boot's of a batch in flight */
	char *exec_filter;		/* --watch: which execs, for the kernel */
	sqlite3 *db;
	bool db_created;
	struct instance_claim claim;	/* our tracefs instance, locked */
	struct janitor janitor;		/* cleans up if we are killed */
	struct tracer *tracer;
	struct event_buf events;	/* drained, not yet decoded */
	struct side sides[2];		/* [1]: --ab's candidate */
	struct side *side;		/* the session booting now */
	char ab_pair[UUID_TEXT_LEN];	/* --ab: the tag ab_pair both sessions share */
	char started_at[TIME_TEXT_LEN];
	char host[256], kernel[512], cpu[256], user[64];
	int signo;			/* a terminating signal that arrived */
	bool progress;			/* a progress line on the terminal */
	bool progress_lines;		/* a line per boot (a CI log) */
};

/* Resolves the VMM command(s) into the sides (--ab: base and candidate). 0 or -1. */
int sides_resolve(struct collector *c, char *err, size_t errlen);

/* The record of each side's session: host, times, tags (--ab's too). */
void sides_info_fill(struct collector *c);

/* Opens each side's store (its session is written with its first boot). 0 or -1. */
int sides_stores_open(struct collector *c, char *err, size_t errlen);

/* Makes SIDE the session booting now (its command, its store). */
void side_enter(struct collector *c, struct side *side);

/* Closes the stores and frees what the sides hold. */
void sides_release(struct collector *c);

/* Everything before the first boot; 0, or -1 with ERR (exit status 2). */
int collector_setup(struct collector *c, struct collect_options *opts, char *err, size_t errlen);

/* Runs the boots; returns the exit status (0, 1, 2), or sets c->signo. */
int collector_run(struct collector *c);

/* --watch: records the VMMs others start; returns the exit status (0, 1, 2). */
int collector_watch(struct collector *c);

/* --import, --import-stap: stores a text trace's VMMs; the exit status. */
int collector_import(struct collector *c);

/*
 * --merge: copies each of OPTS's files into the database -d, as the
 * calling user; 0 all merged, 1 conflicts skipped, 2 a file refused.
 */
int collector_merge(const struct collect_options *opts);

/* Removes everything set up; safe after a failed setup. */
void collector_teardown(struct collector *c);

#endif
