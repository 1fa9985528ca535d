/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The two sides of a gate: the candidate session (default the newest)
 * and its baseline (default the ok boots of the 7 sessions before it
 * with the same label on the same host, never the candidate itself),
 * with what each session ran on, to tell the user when the two sides
 * are not alike.
 */
#ifndef KVMBOOT_GATE_SIDES_H
#define KVMBOOT_GATE_SIDES_H

#include "../report.h"

/* The default baseline: this many sessions before the candidate (last:7). */
#define GATE_BASELINE_LAST 7

/* What a session ran on: the fields compared between the sides. */
enum { ENV_HOST, ENV_CPU, ENV_KERNEL, ENV_VMM_BINARY, ENV_VMM_VERSION, ENV_CMDLINE, ENV_N };

struct session_info {
	int64_t id;
	char *label;		/* NULL: none */
	char *started_at;
	char *env[ENV_N];
};

/* A field that differs between the candidate and some baseline sessions. */
struct env_diff {
	int field;		/* ENV_* */
	size_t sessions;	/* baseline sessions that differ */
	char *example;		/* the first differing baseline value */
};

struct gate_sides {
	struct session_info cand;
	struct session_info *base;	/* baseline sessions, newest first */
	size_t nbase;
	char baseline_text[300];	/* how the baseline was chosen, for people */
	struct env_diff diffs[ENV_N];
	size_t ndiffs;
};

/* The key --same uses for field F ("host", "cpu", "kernel", "vmm", "cmdline"). */
const char *env_key(int field);
/* A name for people ("host", "CPU model", "VMM binary", ...). */
const char *env_title(int field);

/*
 * Resolves the candidate (CAND: NULL for the newest session, an id, uuid
 * or prefix, session:ID, last, last~N, or tag:KEY=VALUE for the newest
 * session with that tag) and the baseline (SPEC: NULL for last:7;
 * last:N, session:ID, label:TEXT or tag:KEY=VALUE), and compares what
 * they ran on. 0, or 2 with r->err.
 */
int gate_sides_load(struct report *r, const char *cand, const char *spec, struct gate_sides *s);

/*
 * Checks the --same keys (comma-separated, or "none"); differences in
 * them are an error. 0, or 2 with r->err.
 */
int gate_sides_same(struct report *r, const struct gate_sides *s, const char *keys);

/*
 * The sides from sessions the caller has read: CAND and BASE (NBASE of
 * them, newest first, chosen as the default last:N baseline is) copied,
 * the baseline described, the differences found. For the report page,
 * which holds every session already. 0, or 2 with r->err.
 */
int gate_sides_make(struct report *r, const struct session_info *cand,
		    const struct session_info *const *base, size_t nbase, struct gate_sides *s);

/* A deep copy of FROM (a NULL label stays NULL, other NULLs become ""). 0 or -ENOMEM. */
int session_info_copy(struct session_info *to, const struct session_info *from);
void session_info_release(struct session_info *info);

void gate_sides_release(struct gate_sides *s);

#endif
