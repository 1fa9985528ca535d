/* The table model: columns, rows of typed cells, group captions. */
#include "table.h"
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
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i].s);
	for (i = 0; i < t->nrows; i++)
		free(t->group[i]);
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

long table_row_add(struct table *t)
{
	if (t->nrows == t->cap && grow(t) < 0)
		return -1;
	memset(&t->cells[t->nrows * t->ncols], 0, t->ncols * sizeof(*t->cells));
	t->group[t->nrows] = NULL;
	return (long)t->nrows++;
}

static struct cell *cell_at(struct table *t, size_t row, size_t col)
{
	struct cell *c = &t->cells[row * t->ncols + col];

	free(c->s);
	memset(c, 0, sizeof(*c));
	return c;
}

static char *vformat(const char *fmt, va_list ap)
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

	free(t->group[row]);
	va_start(ap, fmt);
	t->group[row] = vformat(fmt, ap);
	va_end(ap);
	return t->group[row] ? 0 : -ENOMEM;
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

int table_print(FILE *out, const struct table *t, enum format format)
{
	if (format == FORMAT_TABLE || format == FORMAT_MARKDOWN)
		render_text(out, t, format == FORMAT_MARKDOWN);
	else
		render_data(out, t, format == FORMAT_JSON);
	return ferror(out) ? -EIO : 0;
}
