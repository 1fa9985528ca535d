/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-milestone summary printed at the end of a session. */
#include "summary.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int grow(void **items, size_t *cap, size_t size)
{
	size_t want = *cap ? *cap * 2 : 16;
	void *p = realloc(*items, want * size);

	if (!p)
		return -ENOMEM;
	*items = p;
	*cap = want;
	return 0;
}

static struct summary_row *row_get(struct summary *s, const char *name)
{
	struct summary_row *row;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->rows[i].name, name) == 0)
			return &s->rows[i];
	if (s->n == s->cap && grow((void **)&s->rows, &s->cap, sizeof(*s->rows)) < 0)
		return NULL;
	row = &s->rows[s->n++];
	memset(row, 0, sizeof(*row));
	snprintf(row->name, sizeof(row->name), "%s", name);
	return row;
}

int summary_add(struct summary *s, const struct boot_trace *bt)
{
	size_t i;

	for (i = 0; i < bt->n; i++) {
		const struct milestone *m = &bt->ms[i];
		struct summary_row *row;

		if (boot_trace_find(bt, m->name) != m)
			continue;	/* only the first hit of a name */
		row = row_get(s, m->name);
		if (!row || (row->n == row->cap &&
			     grow((void **)&row->times, &row->cap, sizeof(*row->times)) < 0))
			return -ENOMEM;
		row->times[row->n++] = m->time_ns;
	}
	return 0;
}

static int time_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

int64_t summary_median(int64_t *times, size_t n)
{
	qsort(times, n, sizeof(*times), time_cmp);
	if (n % 2)
		return times[n / 2];
	return times[n / 2 - 1] + (times[n / 2] - times[n / 2 - 1]) / 2;
}

static int row_cmp(const void *a, const void *b)
{
	const struct summary_row *x = a, *y = b;

	/* times[] is sorted by then: compare medians */
	int64_t mx = x->times[(x->n - 1) / 2], my = y->times[(y->n - 1) / 2];

	return (mx > my) - (mx < my);
}

int summary_print(FILE *out, struct summary *s)
{
	size_t i;

	int width = 24;

	for (i = 0; i < s->n; i++) {
		summary_median(s->rows[i].times, s->rows[i].n);
		if ((int)strlen(s->rows[i].name) > width)
			width = (int)strlen(s->rows[i].name);
	}
	qsort(s->rows, s->n, sizeof(*s->rows), row_cmp);
	fprintf(out, "%-*s %5s %12s %12s %12s\n", width, "milestone", "n", "median ms", "min ms",
		"max ms");
	for (i = 0; i < s->n; i++) {
		struct summary_row *r = &s->rows[i];

		fprintf(out, "%-*s %5zu %12.3f %12.3f %12.3f\n", width, r->name, r->n,
			(double)summary_median(r->times, r->n) / 1e6,
			(double)r->times[0] / 1e6, (double)r->times[r->n - 1] / 1e6);
	}
	return ferror(out) ? -EIO : 0;
}

void summary_release(struct summary *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->rows[i].times);
	free(s->rows);
	memset(s, 0, sizeof(*s));
}
