/* The change points of every history of a set, one history per thread at a time. */
#include "history.h"

#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#define THREADS_MAX 4

struct job {
	const struct history_set *set;
	const struct cp_params *p;
	bool drift;
	struct history_changes *out;
	size_t next;		/* the next history to take (atomic) */
	int rc;
};

static int history_one(const struct job *j, size_t k)
{
	const struct cp_history *h = &j->set->v[k].h;
	struct history_changes *o = &j->out[k];
	int rc;

	if (h->nsessions == 0)
		return 0;
	rc = cp_find(h, j->p, &o->cps);
	if (rc == 0 && j->drift) {
		rc = cp_drift(h, &o->cps, j->p, &o->drift);
		o->have_drift = rc == 0;
		if (rc == -ERANGE)
			rc = 0;	/* one session: nothing to drift from */
	}
	return rc;
}

static void *worker(void *data)
{
	struct job *j = data;
	size_t k;

	while ((k = __atomic_fetch_add(&j->next, 1, __ATOMIC_RELAXED)) < j->set->n) {
		int rc = history_one(j, k);

		if (rc < 0)
			__atomic_store_n(&j->rc, rc, __ATOMIC_RELAXED);
	}
	return NULL;
}

int history_changes_find(const struct history_set *set, const struct cp_params *p, bool drift,
			 struct history_changes *out)
{
	struct job j = { set, p, drift, out, 0, 0 };
	pthread_t threads[THREADS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cpus < 1 ? 1 : cpus > THREADS_MAX ? THREADS_MAX : (int)cpus, i, started = 0;

	memset(out, 0, set->n * sizeof(*out));
	for (i = 1; i < n; i++)
		if (pthread_create(&threads[i], NULL, worker, &j) == 0)
			started = i;
		else
			break;
	worker(&j);	/* this thread works too */
	for (i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	return j.rc < 0 ? j.rc : 0;
}

void history_changes_release(struct history_changes *c, size_t n)
{
	size_t k;

	for (k = 0; c && k < n; k++)
		cp_changes_release(&c[k].cps);
}
