/* SPDX-License-Identifier: GPL-2.0-or-later */
/* An imported trace's events, and the VMMs found in them (pure). */
#include "import_trace.h"
#include "pidmap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NONE UINT32_MAX

static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The slot of NAME, or the empty one where it would go. */
static uint32_t *name_slot(const struct import_names *nm, const char *name)
{
	size_t i = name_hash(name) & (nm->nslots - 1);

	while (nm->slot[i] && strcmp(nm->text[nm->slot[i] - 1], name) != 0)
		i = (i + 1) & (nm->nslots - 1);
	return &nm->slot[i];
}

static int names_grow(struct import_names *nm)
{
	size_t cap = nm->cap ? nm->cap * 2 : 64, i;
	char **text = realloc(nm->text, cap * sizeof(*text));

	if (!text)
		return -ENOMEM;
	nm->text = text;
	nm->cap = cap;
	free(nm->slot);
	nm->nslots = cap * 2;	/* at most half full */
	nm->slot = calloc(nm->nslots, sizeof(*nm->slot));
	if (!nm->slot)
		return -ENOMEM;
	for (i = 0; i < nm->n; i++)
		*name_slot(nm, nm->text[i]) = (uint32_t)i + 1;
	return 0;
}

/* NAME's index, added when new; 0 or -ENOMEM. */
static int name_index(struct import_names *nm, const char *name, uint32_t *index)
{
	uint32_t *slot;

	if (nm->n == nm->cap && names_grow(nm) < 0)
		return -ENOMEM;
	slot = name_slot(nm, name);
	if (!*slot) {
		nm->text[nm->n] = strdup(name);
		if (!nm->text[nm->n])
			return -ENOMEM;
		*slot = (uint32_t)++nm->n;
	}
	*index = *slot - 1;
	return 0;
}

int import_trace_add(struct import_trace *t, const struct raw_event *e, pid_t tid, pid_t pid,
		     const char *comm, const char *file)
{
	struct import_event *ie;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 4096;
		struct import_event *ev = realloc(t->ev, cap * sizeof(*ev));

		if (!ev)
			return -ENOMEM;
		t->ev = ev;
		t->cap = cap;
	}
	ie = &t->ev[t->n];
	ie->ev = *e;
	ie->ev.order = (uint32_t)t->n;
	ie->tid = tid;
	ie->pid = pid;
	ie->file = NONE;
	if (name_index(&t->names, comm, &ie->comm) < 0 ||
	    (file && name_index(&t->names, file, &ie->file) < 0))
		return -ENOMEM;
	t->n++;
	return 0;
}

void import_trace_release(struct import_trace *t)
{
	size_t i;

	for (i = 0; i < t->names.n; i++)
		free(t->names.text[i]);
	free(t->names.text);
	free(t->names.slot);
	free(t->ev);
	memset(t, 0, sizeof(*t));
}

static int event_cmp(const void *a, const void *b)
{
	const struct import_event *x = a, *y = b;

	if (x->ev.ts != y->ev.ts)
		return x->ev.ts < y->ev.ts ? -1 : 1;
	return x->ev.order < y->ev.order ? -1 : x->ev.order > y->ev.order;
}

/* Text traces are mostly in time order already: sort only when not. */
static void events_sort(struct import_trace *t)
{
	size_t i;

	for (i = 1; i < t->n; i++)
		if (event_cmp(&t->ev[i - 1], &t->ev[i]) > 0)
			break;
	if (i < t->n)
		qsort(t->ev, t->n, sizeof(*t->ev), event_cmp);
}

/* A process exec'd in the trace: maybe a VMM. */
struct candidate {
	pid_t root;
	uint32_t exec;		/* its first exec, an event index */
	bool vmm, exited;
	uint32_t boot;		/* its index among the boots, or NONE */
	size_t n;		/* its events */
};

struct walk {
	struct import_trace *t;
	struct pidmap ties;	/* thread or child -> the exec'd process it belongs to */
	struct pidmap current;	/* exec'd process -> its candidate now (pids are reused) */
	pid_t *latest;		/* name index -> the latest process exec'd under it + 1 */
	struct candidate *cand;
	size_t ncand, capcand;
	uint32_t *owner;	/* event -> its candidate, or NONE */
	size_t by_name;
};

/* The process that event E's task belongs to, or -1. */
static pid_t root_of(const struct walk *w, const struct import_event *e)
{
	uint32_t root;

	if (pidmap_get(&w->ties, e->tid, &root) || (e->pid > 0 && pidmap_get(&w->ties, e->pid, &root)))
		return (pid_t)root;
	return -1;
}

/* The candidate of process P now, or NONE. */
static uint32_t candidate_of(const struct walk *w, pid_t p)
{
	uint32_t c;

	return p >= 0 && pidmap_get(&w->current, p, &c) ? c : NONE;
}

/* An exec of P: a new candidate, unless P was exec'd before and lives (a wrapper's exec). */
static int exec_see(struct walk *w, size_t i)
{
	const struct import_event *e = &w->t->ev[i];
	uint32_t c = candidate_of(w, e->ev.pid);

	if (c == NONE || w->cand[c].exited) {
		if (w->ncand == w->capcand) {
			size_t cap = w->capcand ? w->capcand * 2 : 64;
			struct candidate *cand = realloc(w->cand, cap * sizeof(*cand));

			if (!cand)
				return -ENOMEM;
			w->cand = cand;
			w->capcand = cap;
		}
		c = (uint32_t)w->ncand++;
		w->cand[c] = (struct candidate){ e->ev.pid, (uint32_t)i, false, false, NONE, 0 };
		if (pidmap_put(&w->current, e->ev.pid, c) < 0)
			return -ENOMEM;
	}
	w->owner[i] = c;
	w->latest[e->comm] = e->ev.pid + 1;
	return pidmap_put(&w->ties, e->ev.pid, (uint32_t)e->ev.pid);	/* a process of its own */
}

/* A vCPU run or a port write makes a candidate a VMM. */
static bool vmm_event(enum raw_kind kind)
{
	return kind == RAW_KVM_ENTRY || kind == RAW_KVM_RUN || kind == RAW_PIO || kind == RAW_MMIO;
}

static int event_see(struct walk *w, size_t i)
{
	struct import_event *e = &w->t->ev[i];
	pid_t root;
	uint32_t c;

	w->owner[i] = NONE;
	if (e->ev.kind == RAW_EXEC)
		return exec_see(w, i);
	root = root_of(w, e);
	if (e->ev.kind == RAW_FORK)
		return root < 0 ? 0 : pidmap_put(&w->ties, e->ev.pid, (uint32_t)root);
	if (e->ev.kind == RAW_EXIT) {	/* decode matches the exit by the pid it names */
		c = candidate_of(w, e->ev.pid);
		if (c != NONE && w->cand[c].root == e->ev.pid)
			w->cand[c].exited = true;
		w->owner[i] = c;
		return 0;
	}
	if (root < 0 && w->latest[e->comm]) {
		root = w->latest[e->comm] - 1;
		w->by_name++;
	}
	c = candidate_of(w, root);
	if (c != NONE) {
		e->ev.pid = root;
		w->cand[c].vmm |= vmm_event(e->ev.kind);
	}
	w->owner[i] = c;
	return 0;
}

/* Each VMM's events, gathered in time order: one counting pass, one filling pass. */
static int boots_gather(struct walk *w, struct import_boots *out)
{
	size_t i, total = 0;

	for (i = 0; i < w->t->n; i++)
		if (w->owner[i] != NONE)
			w->cand[w->owner[i]].n++;
	out->boot = calloc(w->ncand ? w->ncand : 1, sizeof(*out->boot));
	if (!out->boot)
		return -ENOMEM;
	for (i = 0; i < w->ncand; i++) {
		struct candidate *c = &w->cand[i];
		const struct import_event *x = &w->t->ev[c->exec];

		if (!c->vmm)
			continue;
		c->boot = (uint32_t)out->n;
		out->boot[out->n++] = (struct import_boot){ c->root, w->t->names.text[x->file],
							    x->ev.ts, NULL, 0 };
		total += c->n;
	}
	out->ev = malloc((total ? total : 1) * sizeof(*out->ev));
	if (!out->ev)
		return -ENOMEM;
	for (i = 0, total = 0; i < w->ncand; i++) {
		if (w->cand[i].boot == NONE)
			continue;
		out->boot[w->cand[i].boot].ev = out->ev + total;
		total += w->cand[i].n;
	}
	for (i = 0; i < w->t->n; i++) {
		uint32_t c = w->owner[i];
		struct import_boot *b;

		if (c == NONE || w->cand[c].boot == NONE)
			continue;
		b = &out->boot[w->cand[c].boot];
		b->ev[b->n++] = w->t->ev[i].ev;
	}
	return 0;
}

static void walk_release(struct walk *w)
{
	pidmap_release(&w->ties);
	pidmap_release(&w->current);
	free(w->latest);
	free(w->cand);
	free(w->owner);
}

int import_boots_find(struct import_trace *t, struct import_boots *out)
{
	struct walk w = { .t = t };
	size_t i;
	int rc = -ENOMEM;

	memset(out, 0, sizeof(*out));
	events_sort(t);
	w.latest = calloc(t->names.n ? t->names.n : 1, sizeof(*w.latest));
	w.owner = malloc((t->n ? t->n : 1) * sizeof(*w.owner));
	if (!w.latest || !w.owner)
		goto out;
	for (i = 0; i < t->n; i++)
		if (event_see(&w, i) < 0)
			goto out;
	rc = boots_gather(&w, out);
	out->by_name = w.by_name;
out:
	walk_release(&w);
	if (rc < 0)
		import_boots_release(out);
	return rc;
}

void import_boots_release(struct import_boots *b)
{
	free(b->boot);
	free(b->ev);
	memset(b, 0, sizeof(*b));
}
