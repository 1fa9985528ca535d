/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's change points: per series and stage, the history of
 * its sessions' ok boots as kvmboot-report changes reads it (sessions in
 * the order they started, the same stages and parameters), handed to the
 * change-point module (analysis/changepoint.c); no detector of its own.
 * The session after each change gets a page, so that the change links to
 * it; its gate needs its baseline read too.
 */
#include "site.h"
#include "../data/history.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One stage's history of a series: the sessions with a value, their positions. */
struct span_history {
	struct cp_history h;
	int64_t *v;
	size_t *first;
	size_t *pos;		/* per session of H: its position in the series */
};

static void span_history_release(struct span_history *sh)
{
	free(sh->v);
	free(sh->first);
	free(sh->pos);
}

/* The values of span J in series SER's sessions, in time order. 0 or -ENOMEM. */
static int span_history_make(const struct site *s, const struct site_series *ser, size_t j,
			     struct span_history *sh)
{
	size_t i, total = 0, m = 0;

	memset(sh, 0, sizeof(*sh));
	for (i = 0; i < ser->n; i++)
		total += span_samples_at(&s->samples, ser->sessions[i], j)->n;
	sh->v = malloc((total + 1) * sizeof(*sh->v));
	sh->first = malloc((ser->n + 1) * sizeof(*sh->first));
	sh->pos = malloc((ser->n + 1) * sizeof(*sh->pos));
	if (!sh->v || !sh->first || !sh->pos)
		return -ENOMEM;
	sh->first[0] = 0;
	for (i = 0; i < ser->n; i++) {
		const struct sample *v = span_samples_at(&s->samples, ser->sessions[i], j);

		if (!v->n)
			continue;
		sample_copy(v, sh->v + sh->first[m]);	/* compact or not, left as it is */
		sh->pos[m] = i;
		sh->first[m + 1] = sh->first[m] + v->n;
		m++;
	}
	sh->h = (struct cp_history){ sh->v, sh->first, m };
	return 0;
}

static int change_push(struct site_series *ser, const struct site_change *c)
{
	struct site_change *grown = realloc(ser->changes, (ser->nchanges + 1) * sizeof(*grown));

	if (!grown)
		return -ENOMEM;
	ser->changes = grown;
	ser->changes[ser->nchanges++] = *c;
	return 0;
}

/* The change points of span J in series SER, appended to its list. 0, -ENOMEM or -EINVAL. */
static int span_changes_find(const struct site *s, struct site_series *ser, size_t j)
{
	struct span_history sh;
	struct cp_changes found = { 0 };
	size_t i;
	int rc = span_history_make(s, ser, j, &sh);

	if (rc == 0 && sh.h.nsessions)
		rc = cp_find(&sh.h, &s->cp, &found);
	for (i = 0; rc == 0 && i < found.n; i++) {
		const struct cp_change *x = &found.v[i];
		struct site_change c = { j, sh.pos[x->at], sh.pos[x->from],
					 x->to < sh.h.nsessions ? sh.pos[x->to] : ser->n, *x };

		rc = change_push(ser, &c);
	}
	cp_changes_release(&found);
	span_history_release(&sh);
	return rc;
}

struct finding {
	struct site *s;
	size_t *todo;
};

/* Every span of one changed series (a job of history_each_parallel). */
static int series_changes_find(size_t k, void *ctx)
{
	struct finding *f = ctx;
	struct site_series *ser = &f->s->series[f->todo[k]];
	size_t j;
	int rc = 0;

	for (j = 0; rc == 0 && j < f->s->samples.spans.n; j++)
		rc = span_changes_find(f->s, ser, j);
	return rc;
}

/* Pages for the sessions after the change points, their baselines to be read. */
static void change_sessions_page(struct site *s, const struct site_series *ser)
{
	size_t i, j;

	for (i = 0; i < ser->nchanges; i++) {
		struct site_session *c = &s->sessions[ser->sessions[ser->changes[i].pos]];

		c->paged = true;
		for (j = 0; j < c->nbase; j++)
			s->sessions[c->base[j]].read = true;
	}
}

int site_changes_find(struct site *s)
{
	struct finding f = { s, calloc(s->nseries + 1, sizeof(size_t)) };
	size_t i, n = 0;
	int rc;

	if (!f.todo)
		return report_oom(s->r);
	for (i = 0; i < s->nseries; i++)
		if (s->series[i].changed)
			f.todo[n++] = i;
	rc = history_each_parallel(n, series_changes_find, &f);
	free(f.todo);
	if (rc < 0)
		return rc == -ENOMEM ? report_oom(s->r) : (msg_fail(s->r->err, sizeof(s->r->err),
							       "change points: %s", strerror(-rc)), 2);
	for (i = 0; i < s->nseries; i++)
		if (s->series[i].changed)
			change_sessions_page(s, &s->series[i]);
	return 0;
}
