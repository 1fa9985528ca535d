/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The spans a command measures (built-in stages, --stages FILE, --stage
 * NAME=A..B, --span A..B, or every milestone), and their samples read
 * from the boots of a selection, per side.
 */
#ifndef KVMBOOT_STAGE_LOAD_H
#define KVMBOOT_STAGE_LOAD_H

#include "../report.h"
#include "../analysis/span.h"
#include "../analysis/values.h"

/* Samples of each span, per side (group). */
struct span_samples {
	struct span_list spans;
	size_t nsides;
	struct sample {
		struct values vals;	/* compact, while boots are added */
		int64_t *v;		/* sample_expand()'s array, or NULL */
		size_t n;
	} *s;			/* [side * spans.n + span] */
	int64_t *first;		/* first hits of the boot being added */
	size_t ncat;
	size_t *boots_ok;	/* per side: ok boots added */
	size_t sides_cap;	/* sides S and BOOTS_OK have room for */
};

/*
 * Builds the span list from the arguments: the built-in stages (or the
 * --stages file's), with --stage added or replacing by name, and --span
 * added; with MILESTONES, every milestone's time since exec instead of
 * the stages (--span still added). Names are bound to the catalogue; a
 * user-given end none of whose milestones the database knows is an
 * error. 0, or 2 with r->err.
 */
int stage_list_build(struct report *r, bool milestones, struct span_list *out);

/* Adds the row "vmm cpu": the VMM's CPU time per boot, where measured. 0 or 2. */
int span_list_add_cpu(struct report *r, struct span_list *l);

/* Empty samples for L's spans (taken over) and NSIDES sides. 0 or 2 with r->err. */
int span_samples_init(struct report *r, struct span_samples *ss, struct span_list *l,
		      size_t nsides);

/* Empty samples for a copy of FROM's spans and sides. 0 or -ENOMEM. */
int span_samples_init_like(struct span_samples *ss, const struct span_samples *from);

/* Moves FROM's values into SS (same spans and sides). 0 or -ENOMEM. */
int span_samples_merge(struct span_samples *ss, struct span_samples *from);

/* Empty samples for a copy of FROM's spans, with NSIDES sides. 0 or -ENOMEM. */
int span_samples_init_sides(struct span_samples *ss, const struct span_samples *from,
			    size_t nsides);

/* Adds an empty side to SS: its index, or -ENOMEM. */
long span_samples_side_add(struct span_samples *ss);

/*
 * Moves FROM's values into SS (same spans), FROM's side k into SS's side
 * SIDE_OF[k]: for a reader that gave sides only to the groups it saw.
 * 0 or -ENOMEM.
 */
int span_samples_merge_sides(struct span_samples *ss, struct span_samples *from,
			     const size_t *side_of);

/* Adds boot B's spans to SIDE. 0 or -ENOMEM. */
int span_samples_add(struct span_samples *ss, size_t side, const struct boot *b);

/* Makes S->v the array of S's values, in the order added. 0 or -ENOMEM. */
int sample_expand(struct sample *s);

/* Frees S's values (n stays). */
void sample_drop(struct sample *s);

/*
 * S's values in the order added, expanded or not, S left as it is (so that
 * threads may read one sample at once): copied into OUT[s->n], or into a
 * new array (at least one slot; the caller frees it; NULL: out of memory).
 */
void sample_copy(const struct sample *s, int64_t *out);
int64_t *sample_values(const struct sample *s);

/* Expands every sample of SS. 0 or -ENOMEM. */
int span_samples_expand(struct span_samples *ss);

/* Appends the N values V to span I on SIDE (before it is expanded). 0 or -ENOMEM. */
int span_samples_put(struct span_samples *ss, size_t side, size_t i, const int64_t *v, size_t n);

/* The sample of span I on SIDE. */
struct sample *span_samples_at(const struct span_samples *ss, size_t side, size_t i);

void span_samples_release(struct span_samples *ss);

#endif
