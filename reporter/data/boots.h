/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The milestone catalogue, and the selected boots streamed one at a time. */
#ifndef KVMBOOT_BOOTS_H
#define KVMBOOT_BOOTS_H

#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "select.h"

struct milestone_def {
	int64_t id;
	char *name;
	int64_t ord;
};

/* Every milestone name of the database, in canonical order. */
struct catalog {
	struct milestone_def *ms;
	size_t n;
	int *index_of_id;	/* milestone id -> position in ms, -1 if none */
	int64_t max_id;
};

int catalog_load(sqlite3 *db, struct catalog *c, char *err, size_t errlen);
/* Position of NAME, or -1. */
int catalog_find(const struct catalog *c, const char *name);
void catalog_release(struct catalog *c);

/* One boot and its points in time order (catalogue positions, ns). */
struct boot {
	int64_t id, session_id;
	int64_t seq;
	const char *status;
	const char *uuid;
	const char *label;	/* the session's, or NULL */
	const char *detail;	/* runs.status_detail, or NULL */
	int64_t cpu_ns;		/* the VMM's CPU time, user + system; -1: not measured */
	int64_t max_rss_kb;	/* its peak RSS; -1: not measured */
	int64_t batch;		/* -j: boots started together; 0: none */
	size_t n;
	const int *ms;
	const int64_t *time_ns;
};

/* Called per boot; a non-zero return stops the walk and is returned. */
typedef int (*boot_fn)(const struct boot *b, void *ctx);

/*
 * Calls FN for each boot SEL selects, in id order. Returns 0, FN's
 * non-zero value, or -1 with ERR.
 */
int boots_each(sqlite3 *db, const struct selection *sel, const struct catalog *cat,
	       boot_fn fn, void *ctx, char *err, size_t errlen);

#endif
