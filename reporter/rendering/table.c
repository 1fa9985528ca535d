/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table model: columns, rows of typed cells, group captions. */
#include "table.h"
#include "table_spool.h"
#include "render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Where tables fold: set once by the command layer from the terminal. */
static size_t default_width = 80;

struct table *table_new(const struct column *cols, size_t ncols)
{
	struct table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->cols = malloc(ncols * sizeof(*cols));
	if (!t->cols) {
		free(t);
		return NULL;
	}
	memcpy(t->cols, cols, ncols * sizeof(*cols));
	t->ncols = ncols;
	t->gap = 2;
	t->width = default_width;
	return t;
}

void table_default_width_set(size_t width)
{
	default_width = width;
}

void table_free(struct table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < (t->nrows - t->base) * t->ncols; i++)
		free(t->cells[i].s);
	for (i = 0; i < t->nrows - t->base; i++)
		free(t->group[i]);
	table_spool_free(t->spool);
	free(t->cells);
	free(t->group);
	free(t->cols);
	free(t->title);
	free(t);
}

static int grow(struct table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct cell *cells = realloc(t->cells, cap * t->ncols * sizeof(*cells));
	char **group;

	if (!cells)
		return -ENOMEM;
	t->cells = cells;
	group = realloc(t->group, cap * sizeof(*group));
	if (!group)
		return -ENOMEM;
	t->group = group;
	t->cap = cap;
	return 0;
}

/* Writes the oldest TABLE_WINDOW rows held to the spool (made on first use). */
static void spool_oldest(struct table *t)
{
	size_t keep = t->nrows - t->base - TABLE_WINDOW;

	if (!t->spool && !t->no_spool)
		t->spool = table_spool_new(t->ncols);
	if (!t->spool) {
		t->no_spool = true;	/* then the rows stay in memory */
		return;
	}
	table_spool_write(t->spool, t->cells, t->group, TABLE_WINDOW);	/* failures: at print */
	memmove(t->cells, t->cells + TABLE_WINDOW * t->ncols, keep * t->ncols * sizeof(*t->cells));
	memmove(t->group, t->group + TABLE_WINDOW, keep * sizeof(*t->group));
	t->base += TABLE_WINDOW;
}

long table_row_add(struct table *t)
{
	size_t held;

	if (t->nrows - t->base == 2 * TABLE_WINDOW && !t->no_spool)
		spool_oldest(t);
	held = t->nrows - t->base;
	if (held == t->cap && grow(t) < 0)
		return -1;
	memset(&t->cells[held * t->ncols], 0, t->ncols * sizeof(*t->cells));
	t->group[held] = NULL;
	return (long)t->nrows++;
}

static struct cell *cell_at(struct table *t, size_t row, size_t col)
{
	struct cell *c;

	if (row < t->base) {	/* spooled: the caller kept a row too long */
		t->lost = true;
		c = &t->scratch;
	} else {
		c = &t->cells[(row - t->base) * t->ncols + col];
	}

	free(c->s);
	memset(c, 0, sizeof(*c));
	return c;
}

static __attribute__((format(printf, 1, 0))) char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

int table_title_set(struct table *t, const char *fmt, ...)
{
	va_list ap;

	free(t->title);
	va_start(ap, fmt);
	t->title = vformat(fmt, ap);
	va_end(ap);
	return t->title ? 0 : -ENOMEM;
}

int table_group_set(struct table *t, size_t row, const char *fmt, ...)
{
	va_list ap;

	char **slot;

	if (row < t->base) {
		t->lost = true;
		return 0;
	}
	slot = &t->group[row - t->base];
	free(*slot);
	va_start(ap, fmt);
	*slot = vformat(fmt, ap);
	va_end(ap);
	return *slot ? 0 : -ENOMEM;
}

int table_text_set(struct table *t, size_t row, size_t col, const char *text)
{
	struct cell *c = cell_at(t, row, col);

	if (!text)
		return 0;
	c->s = strdup(text);
	if (!c->s)
		return -ENOMEM;
	c->type = CELL_TEXT;
	return 0;
}

int table_textf_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
{
	struct cell *c = cell_at(t, row, col);
	va_list ap;

	va_start(ap, fmt);
	c->s = vformat(fmt, ap);
	va_end(ap);
	if (!c->s)
		return -ENOMEM;
	c->type = CELL_TEXT;
	return 0;
}

void table_int_set(struct table *t, size_t row, size_t col, int64_t value)
{
	struct cell *c = cell_at(t, row, col);

	c->type = CELL_INT;
	c->i = value;
}

void table_real_set(struct table *t, size_t row, size_t col, double value)
{
	struct cell *c = cell_at(t, row, col);

	c->type = CELL_REAL;
	c->d = value;
}

int format_parse(const char *name)
{
	static const char *const names[] = { "table", "csv", "json", "markdown" };
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcasecmp(name, names[i]) == 0)	/* -f JSON as -f json */
			return (int)i;
	return -1;
}

/* Row R from memory or the spool (rows before BASE are always spooled). */
static const struct cell *row_of(const struct table *t, size_t r, const char **group)
{
	if (r >= t->base) {
		*group = t->group[r - t->base];
		return &t->cells[(r - t->base) * t->ncols];
	}
	return table_spool_row(t->spool, r, group);
}

const struct cell *table_row_cells(const struct table *t, size_t r)
{
	const char *group;

	return row_of(t, r, &group);
}

const char *table_row_group(const struct table *t, size_t r)
{
	const char *group;

	row_of(t, r, &group);
	return group;
}

int table_print(FILE *out, const struct table *t, enum format format)
{
	if (format == FORMAT_TABLE || format == FORMAT_MARKDOWN)
		render_text(out, t, format == FORMAT_MARKDOWN);
	else
		render_data(out, t, format == FORMAT_JSON);
	if (t->lost || (t->spool && table_spool_failed(t->spool)))
		return -EIO;
	return ferror(out) ? -EIO : 0;
}
