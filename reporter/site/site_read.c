/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's boots: the ok boots of the sessions to draw, read
 * once (every core at work when they are many), into each session's
 * stage values; then each session's figures and median boot.
 */
#include "site.h"
#include "../analysis/stats.h"
#include "../data/parallel.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* An ok boot's total time (its last point), to find each session's median boot. */
struct total {
	size_t k;
	int64_t ns, run;
};

/* What one shard gathers. */
struct reader {
	struct site *s;
	struct span_samples ss;
	struct total *totals;
	size_t n, cap;
	int64_t last_id;
	size_t last_k;
};

static int total_push(struct reader *rd, size_t k, const struct boot *b)
{
	if (rd->n == rd->cap) {
		size_t cap = rd->cap ? rd->cap * 2 : 1024;
		struct total *grown = realloc(rd->totals, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		rd->totals = grown;
		rd->cap = cap;
	}
	rd->totals[rd->n++] = (struct total){ k, b->time_ns[b->n - 1], b->id };
	return 0;
}

/* Marked to be read, and not read yet (a second pass reads the baselines of change points). */
static bool site_session_to_read(const struct site_session *c)
{
	return c->read && !c->loaded;
}

static int on_boot(const struct boot *b, void *data)
{
	struct reader *rd = data;
	size_t k;

	if (b->session_id != rd->last_id) {
		rd->last_id = b->session_id;
		rd->last_k = site_session_find(rd->s, b->session_id);
	}
	k = rd->last_k;
	if (k == SITE_NONE || !site_session_to_read(&rd->s->sessions[k]) || strcmp(b->status, "ok") != 0)
		return 0;
	if (span_samples_add(&rd->ss, k, b) < 0)
		return 1;
	return b->n && total_push(rd, k, b) < 0 ? 1 : 0;
}

static size_t sessions_to_read(const struct site *s)
{
	size_t k, n = 0;

	for (k = 0; k < s->nsessions; k++)
		n += site_session_to_read(&s->sessions[k]);
	return n;
}

/* A few sessions: up to SELECT_MAX at a time by their ids (an index), on one core. */
static int read_by_session(struct site *s, struct reader *rd)
{
	struct selection sel;
	size_t k = 0;
	int rc = 0;

	while (rc == 0 && k < s->nsessions) {
		memset(&sel, 0, sizeof(sel));
		for (; k < s->nsessions && sel.nsessions < SELECT_MAX; k++)
			if (site_session_to_read(&s->sessions[k]))
				sel.session_ids[sel.nsessions++] = s->sessions[k].info.id;
		if (sel.nsessions)
			rc = boots_each(s->r->db, &sel, &s->r->cat, on_boot, rd, s->r->err,
					sizeof(s->r->err));
	}
	return rc < 0 ? 2 : rc;
}

/* Many sessions: the ok boots of the whole database, on every core. */
static int read_all(struct site *s, struct reader *rd, size_t *nshards)
{
	void *ctxs[PARALLEL_SHARDS_MAX];
	struct selection sel;
	size_t i;

	memset(&sel, 0, sizeof(sel));
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++)
		ctxs[i] = &rd[i];
	return boots_each_parallel(s->r, &sel, on_boot, ctxs, nshards);
}

static int total_cmp(const void *a, const void *b)
{
	const struct total *x = a, *y = b;

	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	if (x->ns != y->ns)
		return x->ns < y->ns ? -1 : 1;
	return (x->run > y->run) - (x->run < y->run);
}

/* Each session's median boot: the lower middle one by total time, as plot timeline has it. */
static int medians_find(struct site *s, struct reader *rd, size_t nshards)
{
	struct total *all;
	size_t i, n = 0, from;

	for (i = 0; i < nshards; i++)
		n += rd[i].n;
	all = malloc((n + 1) * sizeof(*all));
	if (!all)
		return report_oom(s->r);
	for (n = 0, i = 0; i < nshards; i++) {
		if (rd[i].n)	/* a shard that read nothing has no array: memcpy wants one */
			memcpy(all + n, rd[i].totals, rd[i].n * sizeof(*all));
		n += rd[i].n;
	}
	if (n > 1)
		qsort(all, n, sizeof(*all), total_cmp);
	for (from = 0; from < n;) {
		size_t to = from;

		while (to < n && all[to].k == all[from].k)
			to++;
		s->sessions[all[from].k].median_run = all[from + (to - from - 1) / 2].run;
		from = to;
	}
	free(all);
	return 0;
}

/*
 * The figures of every span of the sessions just read; they count as read.
 * The samples stay compact: each is copied out for its figures alone.
 * 0 or -ENOMEM.
 */
static int stats_fill(struct site *s)
{
	size_t k, i;
	struct stats st;

	for (k = 0; k < s->nsessions; k++) {
		if (!site_session_to_read(&s->sessions[k]))
			continue;
		s->sessions[k].loaded = true;
		for (i = 0; i < s->samples.spans.n; i++) {
			const struct sample *v = span_samples_at(&s->samples, k, i);
			struct site_stat *out = &s->stats[k * s->samples.spans.n + i];
			int64_t *values = sample_values(v);

			if (!values)
				return -ENOMEM;
			stats_compute(values, v->n, &st);
			free(values);
			*out = (struct site_stat){ st.n, st.median, st.p25, st.p75, st.min, st.max };
		}
	}
	return 0;
}

static int readers_init(struct site *s, struct reader *rd)
{
	size_t i;

	memset(rd, 0, PARALLEL_SHARDS_MAX * sizeof(*rd));
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++) {
		rd[i].s = s;
		rd[i].last_id = -1;
		if (span_samples_init_like(&rd[i].ss, &s->samples) < 0)
			return report_oom(s->r);
	}
	return 0;
}

int site_boots_read(struct site *s)
{
	struct reader rd[PARALLEL_SHARDS_MAX];
	size_t i, nshards = 1, nread = sessions_to_read(s);
	int rc;

	if (!s->stats)
		s->stats = calloc(s->nsessions * s->samples.spans.n + 1, sizeof(*s->stats));
	rc = s->stats ? readers_init(s, rd) : report_oom(s->r);
	if (rc == 0 && nread)
		rc = nread * 8 < s->nsessions ? read_by_session(s, rd) : read_all(s, rd, &nshards);
	if (rc == 1)
		rc = report_oom(s->r);
	for (i = 0; rc == 0 && i < nshards; i++)
		if (span_samples_merge(&s->samples, &rd[i].ss) < 0)
			rc = report_oom(s->r);
	if (rc == 0)
		rc = medians_find(s, rd, nshards);
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++) {
		span_samples_release(&rd[i].ss);
		free(rd[i].totals);
	}
	if (rc == 0 && stats_fill(s) < 0)
		rc = report_oom(s->r);
	return rc;
}
