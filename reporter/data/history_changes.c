/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Work over every history of a set, one history per thread at a time: change points. */
#include "history.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define THREADS_MAX 4

struct job {
	size_t n;
	int (*fn)(size_t k, void *ctx);
	void *ctx;
	size_t next;		/* the next item to take (atomic) */
	int rc;
};

static void *worker(void *data)
{
	struct job *j = data;
	size_t k;

	while ((k = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->n) {
		int rc = j->fn(k, j->ctx);

		if (rc < 0)
			__atomic_store_n(&j->rc, rc, __ATOMIC_RELAXED);
	}
	return NULL;
}

int history_each_parallel(size_t n, int (*fn)(size_t k, void *ctx), void *ctx)
{
	struct job j = { n, fn, ctx, 0, 0 };
	pthread_t threads[THREADS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = cpus < 1 ? 1 : cpus > THREADS_MAX ? THREADS_MAX : (int)cpus, i, started = 0;

	for (i = 1; i < nthreads; i++)
		if (pthread_create(&threads[i], NULL, worker, &j) == 0)
			started = i;
		else
			break;
	worker(&j);	/* this thread works too */
	for (i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	return j.rc < 0 ? j.rc : 0;
}

struct finding {
	const struct history_set *set;
	const struct cp_params *p;
	bool drift;
	struct history_changes *out;
};

static int history_one(size_t k, void *ctx)
{
	const struct finding *f = ctx;
	const struct cp_history *h = &f->set->v[k].h;
	struct history_changes *o = &f->out[k];
	int rc;

	if (h->nsessions == 0)
		return 0;
	rc = cp_find(h, f->p, &o->cps);
	if (rc == 0 && f->drift) {
		rc = cp_drift(h, &o->cps, f->p, &o->drift);
		o->have_drift = rc == 0;
		if (rc == -ERANGE)
			rc = 0;	/* one session: nothing to drift from */
	}
	return rc;
}

void history_cp_params(const struct report_args *a, struct cp_params *p)
{
	cp_params_default(p);
	p->alpha = a->alpha;
	p->min_change = a->min_change;
	p->min_change_ns = a->floor_ms * 1e6;
}

int history_changes_find(const struct history_set *set, const struct cp_params *p, bool drift,
			 struct history_changes *out)
{
	struct finding f = { set, p, drift, out };

	memset(out, 0, set->n * sizeof(*out));
	return history_each_parallel(set->n, history_one, &f);
}

void history_changes_release(struct history_changes *c, size_t n)
{
	size_t k;

	for (k = 0; c && k < n; k++)
		cp_changes_release(&c[k].cps);
}
