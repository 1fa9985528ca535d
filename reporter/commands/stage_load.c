/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The spans a command measures, and their samples per side. */
#include "stage_load.h"
#include "../analysis/stages.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int catalog_lookup(const void *ctx, const char *name)
{
	return catalog_find(ctx, name);
}

/* Reads the --stages FILE into L. 0, or 2 with r->err. */
static int stages_file_read(struct report *r, const char *path, struct span_list *l)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, line;
	int rc;

	if (!f)
		return msg_fail(r->err, sizeof(r->err), "--stages: cannot open '%s': %s", path,
				strerror(errno)), 2;
	text = calloc(1, 65537);
	if (text)
		len = fread(text, 1, 65536, f);
	fclose(f);
	if (!text)
		return report_oom(r);
	if (len == 65536 || memchr(text, '\0', len)) {
		free(text);
		return msg_fail(r->err, sizeof(r->err), "--stages: '%s' is not a stages file "
				"(text, under 64 KiB)", path), 2;
	}
	rc = stages_parse(text, l, &line);
	free(text);
	if (rc == -ENOMEM)
		return report_oom(r);
	if (rc < 0)
		return msg_fail(r->err, sizeof(r->err), "--stages: '%s' line %zu is not "
				"NAME = A|B..C|D", path, line), 2;
	return 0;
}

/* Is some alternative of END a milestone of the database? */
static bool end_known(const struct span_end *end)
{
	size_t i;

	for (i = 0; i < end->n; i++)
		if (end->pos[i] >= 0)
			return true;
	return false;
}

static int user_span_add(struct report *r, struct span_list *l, const char *text, bool named)
{
	struct span s;
	int rc = named ? span_parse_named(text, &s) : span_parse(text, &s);

	if (rc < 0)
		return msg_fail(r->err, sizeof(r->err), "%s: '%s' is not %s", named ? "--stage" :
				"--span", text, named ? "NAME=A..B (each end A or A|B|...)" :
				"A..B (each end A or A|B|...)"), 2;
	span_bind(&s, catalog_lookup, &r->cat);
	if (!end_known(&s.from) || !end_known(&s.to))
		return msg_fail(r->err, sizeof(r->err), "%s: no milestone '%s' in the database "
				"(kvmboot-report summary lists them)", named ? "--stage" : "--span",
				end_known(&s.from) ? s.to.names[0] : s.from.names[0]), 2;
	return span_list_put(l, &s) < 0 ? report_oom(r) : 0;
}

/*
 * Every milestone but vmm_exec, as the span vmm_exec..M named M: built
 * directly, not parsed, since a name may hold "|" or "..".
 */
static int milestones_add(struct report *r, struct span_list *l)
{
	struct span s;
	size_t i;

	for (i = 1; i < r->cat.n; i++) {
		if (strlen(r->cat.ms[i].name) >= SPAN_NAME_MAX)
			continue;	/* longer than any name kvmboot stores */
		memset(&s, 0, sizeof(s));
		snprintf(s.name, sizeof(s.name), "%s", r->cat.ms[i].name);
		snprintf(s.from.names[0], sizeof(s.from.names[0]), "vmm_exec");
		snprintf(s.to.names[0], sizeof(s.to.names[0]), "%s", r->cat.ms[i].name);
		s.from.n = s.to.n = 1;
		s.from.pos[0] = s.to.pos[0] = -1;
		if (span_list_put(l, &s) < 0)
			return report_oom(r);
	}
	return 0;
}

int stage_list_build(struct report *r, bool milestones, struct span_list *l)
{
	const struct report_args *a = r->args;
	size_t i;
	int rc = 0;

	memset(l, 0, sizeof(*l));
	if (milestones)
		rc = milestones_add(r, l);
	else if (a->stages_file)
		rc = stages_file_read(r, a->stages_file, l);
	else if (stages_builtin(l) < 0)
		rc = report_oom(r);
	for (i = 0; rc == 0 && !milestones && i < a->nstage_defs; i++)
		rc = user_span_add(r, l, a->stage_defs[i], true);
	for (i = 0; rc == 0 && i < a->nspans; i++)
		rc = user_span_add(r, l, a->spans[i], false);
	for (i = 0; rc == 0 && i < l->n; i++)
		span_bind(&l->v[i], catalog_lookup, &r->cat);
	if (rc)
		span_list_release(l);
	return rc;
}

int span_list_add_cpu(struct report *r, struct span_list *l)
{
	struct span cpu;

	memset(&cpu, 0, sizeof(cpu));
	snprintf(cpu.name, sizeof(cpu.name), "vmm cpu");
	cpu.cpu = true;
	cpu.why = "the VMM's CPU time, user + system (its threads and the children it "
		  "waited for), per boot: a VMM that busy-waits shows here";
	return span_list_put(l, &cpu) < 0 ? report_oom(r) : 0;
}

int span_samples_init(struct report *r, struct span_samples *ss, struct span_list *l,
		      size_t nsides)
{
	memset(ss, 0, sizeof(*ss));
	ss->spans = *l;
	memset(l, 0, sizeof(*l));
	ss->nsides = ss->sides_cap = nsides;
	ss->ncat = r->cat.n;
	ss->s = calloc(nsides * ss->spans.n + 1, sizeof(*ss->s));
	ss->first = calloc(ss->ncat + 1, sizeof(*ss->first));
	ss->boots_ok = calloc(nsides, sizeof(*ss->boots_ok));
	return ss->s && ss->first && ss->boots_ok ? 0 : report_oom(r);
}

int span_samples_init_sides(struct span_samples *ss, const struct span_samples *from,
			    size_t nsides)
{
	size_t i;

	memset(ss, 0, sizeof(*ss));
	for (i = 0; i < from->spans.n; i++)
		if (span_list_put(&ss->spans, &from->spans.v[i]) < 0)
			return -ENOMEM;
	ss->nsides = ss->sides_cap = nsides;
	ss->ncat = from->ncat;
	ss->s = calloc(ss->nsides * ss->spans.n + 1, sizeof(*ss->s));
	ss->first = calloc(ss->ncat + 1, sizeof(*ss->first));
	ss->boots_ok = calloc(ss->nsides + 1, sizeof(*ss->boots_ok));
	return ss->s && ss->first && ss->boots_ok ? 0 : -ENOMEM;
}

int span_samples_init_like(struct span_samples *ss, const struct span_samples *from)
{
	return span_samples_init_sides(ss, from, from->nsides);
}

long span_samples_side_add(struct span_samples *ss)
{
	if (ss->nsides == ss->sides_cap) {
		size_t cap = ss->sides_cap ? ss->sides_cap * 2 : 64;
		struct sample *s = realloc(ss->s, (cap * ss->spans.n + 1) * sizeof(*s));
		size_t *ok;

		if (!s)
			return -ENOMEM;
		ss->s = s;
		ok = realloc(ss->boots_ok, (cap + 1) * sizeof(*ok));
		if (!ok)
			return -ENOMEM;
		ss->boots_ok = ok;
		ss->sides_cap = cap;
	}
	memset(&ss->s[ss->nsides * ss->spans.n], 0, ss->spans.n * sizeof(*ss->s));
	ss->boots_ok[ss->nsides] = 0;
	return (long)ss->nsides++;
}

int span_samples_merge_sides(struct span_samples *ss, struct span_samples *from,
			     const size_t *side_of)
{
	size_t k, i;

	for (k = 0; k < from->nsides; k++) {
		ss->boots_ok[side_of[k]] += from->boots_ok[k];
		for (i = 0; i < ss->spans.n; i++) {
			struct sample *to = span_samples_at(ss, side_of[k], i);
			struct sample *src = span_samples_at(from, k, i);

			values_append(&to->vals, &src->vals);	/* moved, not copied */
			to->n += src->n;
			src->n = 0;
		}
	}
	return 0;
}

int span_samples_merge(struct span_samples *ss, struct span_samples *from)
{
	size_t i;

	for (i = 0; i < ss->nsides; i++)
		ss->boots_ok[i] += from->boots_ok[i];
	for (i = 0; i < ss->nsides * ss->spans.n; i++) {
		values_append(&ss->s[i].vals, &from->s[i].vals);	/* moved, not copied */
		ss->s[i].n += from->s[i].n;
		from->s[i].n = 0;
	}
	return 0;
}

static int sample_push(struct sample *s, int64_t value)
{
	if (values_push(&s->vals, value) < 0)
		return -ENOMEM;
	s->n++;
	return 0;
}

int sample_expand(struct sample *s)
{
	return values_expand(&s->vals, &s->v);
}

void sample_drop(struct sample *s)
{
	values_release(&s->vals);
	free(s->v);
	s->v = NULL;
}

void sample_copy(const struct sample *s, int64_t *out)
{
	if (s->v)
		memcpy(out, s->v, s->n * sizeof(*out));
	else
		values_copy(&s->vals, out);
}

int64_t *sample_values(const struct sample *s)
{
	int64_t *a = malloc((s->n ? s->n : 1) * sizeof(*a));

	if (a)
		sample_copy(s, a);
	return a;
}

int span_samples_expand(struct span_samples *ss)
{
	size_t i;

	for (i = 0; i < ss->nsides * ss->spans.n; i++)
		if (sample_expand(&ss->s[i]) < 0)
			return -ENOMEM;
	return 0;
}

int span_samples_add(struct span_samples *ss, size_t side, const struct boot *b)
{
	size_t i;
	int64_t v;

	span_first_hits(b->ms, b->time_ns, b->n, ss->first, ss->ncat);
	ss->boots_ok[side]++;
	for (i = 0; i < ss->spans.n; i++) {
		const struct span *s = &ss->spans.v[i];
		bool have = s->cpu ? (v = b->cpu_ns) >= 0 : span_measure(s, ss->first, ss->ncat, &v);

		if (have && sample_push(span_samples_at(ss, side, i), v) < 0)
			return -ENOMEM;
	}
	return 0;
}

int span_samples_put(struct span_samples *ss, size_t side, size_t i, const int64_t *v, size_t n)
{
	struct sample *s = span_samples_at(ss, side, i);
	size_t j;

	for (j = 0; j < n; j++)
		if (sample_push(s, v[j]) < 0)
			return -ENOMEM;
	return 0;
}

struct sample *span_samples_at(const struct span_samples *ss, size_t side, size_t i)
{
	return &ss->s[side * ss->spans.n + i];
}

void span_samples_release(struct span_samples *ss)
{
	size_t i;

	for (i = 0; ss->s && i < ss->nsides * ss->spans.n; i++)
		sample_drop(&ss->s[i]);
	free(ss->s);
	free(ss->first);
	free(ss->boots_ok);
	span_list_release(&ss->spans);
	memset(ss, 0, sizeof(*ss));
}
