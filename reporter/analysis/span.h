/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Spans: the time from one milestone's first hit to another's in the same
 * boot, for any two milestones. Each end is a list of alternatives, the
 * first one present in the boot counting ("linux_start_kernel|linux_version"),
 * so that a span keeps its meaning when a job gains or loses milestones.
 * A stage is a named span. Pure: no database, no printing.
 */
#ifndef KVMBOOT_SPAN_H
#define KVMBOOT_SPAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SPAN_ALTS 8		/* alternatives per end */
#define SPAN_NAME_MAX 64	/* a milestone name, with its NUL */
#define SPAN_TEXT_MAX 256	/* a span's name: a stage name, or the span's text */

struct span_end {
	char names[SPAN_ALTS][SPAN_NAME_MAX];
	int pos[SPAN_ALTS];	/* catalogue positions after span_bind; -1: not there */
	size_t n;
};

struct span {
	char name[SPAN_TEXT_MAX];	/* "kernel", or "A..B" for an unnamed span */
	struct span_end from, to;
	const char *why;		/* built-in stages: what the span measures */
	bool cpu;			/* no span: the VMM's CPU time in each boot */
};

/* The kind of row S makes: "host" (cpu), "span" (A..B) or "stage". */
const char *span_kind(const struct span *s);

/* A list of spans in the order they are shown; names are unique. */
struct span_list {
	struct span *v;
	size_t n, cap;
};

/*
 * Parses "A|B..C|D" into OUT, named by its text. 0, or -EINVAL for text
 * that is not two non-empty lists of names separated by "..", -E2BIG for
 * too many alternatives or too long a name.
 */
int span_parse(const char *text, struct span *out);

/* Parses "NAME=A|B..C|D"; the same errors. */
int span_parse_named(const char *text, struct span *out);

/* Writes "A|B..C|D" to BUF (cut to LEN). */
void span_format(const struct span *s, char *buf, size_t len);

/* Looks a milestone name up: its catalogue position, or -1. */
typedef int (*span_find_fn)(const void *ctx, const char *name);

/* Resolves S's names to catalogue positions with FIND. */
void span_bind(struct span *s, span_find_fn find, const void *ctx);

/*
 * The first hit of each catalogue position in a boot: FIRST[pos] is the
 * time of the first point with milestone pos, or -1 (NCAT entries).
 * MS/TIME_NS are the boot's N points in time order.
 */
void span_first_hits(const int *ms, const int64_t *time_ns, size_t n, int64_t *first,
		     size_t ncat);

/* S's value in a boot with first hits FIRST (NCAT entries); false when an end is absent. */
bool span_measure(const struct span *s, const int64_t *first, size_t ncat, int64_t *out);

/* Adds S to L, replacing a span of the same name in place. 0 or -ENOMEM. */
int span_list_put(struct span_list *l, const struct span *s);

/* Index of the span named NAME, or -1. */
int span_list_find(const struct span_list *l, const char *name);

void span_list_release(struct span_list *l);

#endif
