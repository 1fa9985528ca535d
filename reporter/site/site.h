/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page (kvmboot-report html): a static site of the whole boot
 * history, read from the database once and drawn from the same analyses
 * as the commands (stages, the gate, change points).
 *
 * The model: every session of the database, in the order they started
 * (the gate's baselines may lie outside the selection); the series (the
 * selected sessions grouped by label, tag:KEY or host); per session and
 * stage the ok boots' values and their figures; per series whether it
 * changed since the site was last written (only those are read and drawn
 * again).
 */
#ifndef KVMBOOT_SITE_H
#define KVMBOOT_SITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../analysis/changepoint.h"
#include "../commands/gate.h"

#define SITE_NONE ((size_t)-1)

/* Session pages per series unless --pages says otherwise. */
#define SITE_PAGES_DEFAULT 10

/* A stage's figures in one session's ok boots (nearest-rank). */
struct site_stat {
	size_t n;
	double median;
	int64_t p25, p75, min, max;
};

struct site_session {
	struct session_info info;	/* id, label, started_at, host, CPU, VMM */
	char *uuid;
	char *tags;		/* "commit=abc branch=main" (sorted by key), or NULL */
	size_t series;		/* SITE_NONE: not selected */
	size_t boots, ok, timeout, lost_events;	/* not ok: boots - ok */
	int64_t max_run;	/* its newest boot: the site's memory of it */
	int64_t median_run;	/* the ok boot whose total time is the median (lower middle) */
	size_t base[GATE_BASELINE_LAST];	/* the gate's default baseline, newest first */
	size_t nbase;
	bool read;		/* its boots are to be read this time */
	bool loaded;		/* and have been */
	bool paged;		/* it has a page */
	bool boots_paged;	/* each of its boots has a page */
	struct gate_report *gate;	/* paged sessions with a baseline, once judged */
};

/* A change point of a series in one stage, as kvmboot-report changes finds it. */
struct site_change {
	size_t span;		/* index into site.samples.spans */
	size_t pos;		/* the first session after it: its position in the series */
	size_t from, to;	/* it separates positions [from, pos) and [pos, to) */
	struct cp_change cp;	/* its figures (indexes in the stage's own history) */
};

struct site_series {
	char *name;		/* the label, "KEY=VALUE", or the host */
	char *file;		/* "series-SLUG-HASH.html" */
	size_t *sessions;	/* indexes into site.sessions, in time order */
	size_t n;
	uint64_t fingerprint;	/* of everything its pages show */
	bool changed;		/* differs from the site on disk: drawn again */
	char *row;		/* its row of the index (HTML), drawn or kept */
	int rank;		/* the index's order: what regressed first */
	char **files;		/* its pages (its own first), drawn or kept */
	size_t nfiles;
	struct site_change *changes;	/* when changed: by stage, then in time order */
	size_t nchanges;
};

struct site {
	struct report *r;
	const char *dir;
	const char *by;		/* "label", "tag:KEY" or "host" */
	size_t pages;		/* session pages per series; 0: every session */
	struct gate_params gate;
	struct cp_params cp;	/* the change points' (changes' --alpha, --min-change, ...) */
	struct site_session *sessions;	/* every session, by (started_at, id) */
	size_t nsessions;
	size_t *by_id;		/* session indexes sorted by id */
	struct site_series *series;
	size_t nseries;
	struct span_samples samples;	/* one side per session: its ok boots */
	struct site_stat *stats;	/* [session * spans + span] */
	uint64_t params;	/* hash of the options that shape every page */
};

/* The index of session ID, or SITE_NONE. */
size_t site_session_find(const struct site *s, int64_t id);

/* The figures of span I in session K. */
const struct site_stat *site_stat_at(const struct site *s, size_t k, size_t i);

/*
 * Reads every session's metadata and boot counts, the selection (the
 * arguments' SELECT), the series, which sessions get pages and their
 * baselines. 0, or 2 with r->err.
 */
int site_sessions_load(struct site *s);

struct site_manifest;

/*
 * Each series' page name and fingerprint; those that differ from the
 * manifest M of the last run (or all, when the options changed) are
 * marked changed and their sessions (and baselines) to be read; the
 * others keep M's row and pages. 0, or 2 with r->err.
 */
int site_plan(struct site *s, const struct site_manifest *m);

/*
 * Reads the boots of the sessions marked read and not read yet, every
 * core at work when they are many: their stage values, figures and
 * median boots. 0, or 2 with r->err.
 */
int site_boots_read(struct site *s);

/*
 * The change points of every changed series, per stage, on every core;
 * the session after each gets a page and its baseline is marked to be
 * read (site_boots_read again). 0, or 2 with r->err.
 */
int site_changes_find(struct site *s);

/*
 * The gate of paged session K against its baseline, as kvmboot-report
 * gate session:ID decides it (s->sessions[k].gate; left NULL when it has
 * no baseline). R may be a worker's own report. 0, or 2 with r->err.
 */
int site_gate_judge(struct site *s, struct report *r, size_t k);

void site_release(struct site *s);

#endif
