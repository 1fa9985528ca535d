/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The table and markdown formats: aligned, times in ms. */
#include "render.h"
#include "../../common/text.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

static bool shown(const struct column *c)
{
	return c->show == SHOW_ALL || c->show == SHOW_TEXT || c->show == SHOW_NOT_JSON;
}

/* Display width of text as shown (one column per character). */
static size_t text_width(const char *s, size_t len)
{
	return text_show_width(s, len);
}

/* The text of a cell in the text formats (BUF when formatted). */
const char *cell_text(const struct column *col, const struct cell *c, char *buf, size_t len)
{
	double v = c->type == CELL_INT ? (double)c->i : c->d;

	switch (c->type) {
	case CELL_NULL:
		return "-";
	case CELL_TEXT:
		return c->s;
	default:
		break;
	}
	if (col->kind == COL_TIME)
		snprintf(buf, len, "%.3f", v / 1e6);
	else if (col->kind == COL_RATIO)
		snprintf(buf, len, "%+.1f%%", v * 100);
	else if (col->kind == COL_PVALUE && v < 1e-300)
		snprintf(buf, len, "<1e-300");	/* underflow, not a p of 0 */
	else if (col->kind == COL_PVALUE)
		snprintf(buf, len, v >= 0.001 ? "%.3f" : "%.1e", v);
	else if (c->type == CELL_INT)
		snprintf(buf, len, "%lld", (long long)c->i);
	else
		snprintf(buf, len, "%.15g", c->d);
	return buf;
}

static bool right_aligned(const struct column *col, const struct cell *c)
{
	if (col->kind == COL_ANY)
		return c->type == CELL_INT || c->type == CELL_REAL;
	return col->kind != COL_TEXT;
}

/* The I-th wrapped line of TEXT (at ".." boundaries past WRAP); false when none. */
static bool wrapped_line(const char *text, int wrap, size_t i, const char **start, size_t *len)
{
	const char *p = text;
	size_t line = 0;

	for (;;) {
		size_t rest = strlen(p), cut = rest;
		const char *dots = strstr(p, "..");

		if (wrap > 0 && text_width(p, rest) > (size_t)wrap && dots && dots[2])
			cut = (size_t)(dots + 2 - p);
		if (line == i) {
			*start = p;
			*len = cut;
			return true;
		}
		if (cut == rest)
			return false;
		p += cut;
		line++;
	}
}

/* Column C's wrap: none where the table never folds (a pipe: one line a row). */
static int col_wrap(const struct table *t, size_t c)
{
	return t->width == SIZE_MAX ? 0 : t->cols[c].wrap;
}

/* Widens W to the widest line of cell CELL of column C. */
static void cell_widen(const struct table *t, size_t c, const struct cell *cell, size_t *w)
{
	char buf[64];
	const char *text = cell_text(&t->cols[c], cell, buf, sizeof(buf)), *line;
	size_t i, len;

	for (i = 0; wrapped_line(text, col_wrap(t, c), i, &line, &len); i++)
		if (text_width(line, len) + (i ? 2 : 0) > *w)
			*w = text_width(line, len) + (i ? 2 : 0);
}

/* Every column's width, in one pass over the rows (a spooled table is read once). */
static void columns_measure(const struct table *t, size_t *w)
{
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		w[c] = text_width(t->cols[c].name, strlen(t->cols[c].name));
	for (r = 0; r < t->nrows; r++) {
		const struct cell *row = table_row_cells(t, r);

		for (c = 0; c < t->ncols; c++)
			cell_widen(t, c, &row[c], &w[c]);
	}
}

/*
 * Where each column goes: widths, and blocks of columns no wider than the
 * table's width (key columns are in every block). block[c] < 0: key.
 */
struct layout {
	size_t *w;
	int *block;
	int nblocks;
	int cur;	/* the block being printed */
};

static bool in_block(const struct table *t, const struct layout *l, size_t c)
{
	return shown(&t->cols[c]) && (l->block[c] < 0 || l->block[c] == l->cur);
}

/* Puts the non-key columns in blocks of at most LIMIT; returns how many. */
static int blocks_assign(const struct table *t, struct layout *l, size_t keys, size_t limit)
{
	size_t c, used = keys;
	int n = 1;

	for (c = 0; c < t->ncols; c++) {
		if (!shown(&t->cols[c]) || t->cols[c].key)
			continue;
		if (used > keys && used + l->w[c] > limit) {
			n++;
			used = keys;
		}
		l->block[c] = n - 1;
		used += l->w[c] + (size_t)t->gap;
	}
	return n;
}

static int layout_init(const struct table *t, struct layout *l)
{
	size_t c, keys = 0, rest = 0, limit;

	l->w = calloc(t->ncols, sizeof(*l->w));
	l->block = calloc(t->ncols, sizeof(*l->block));
	if (!l->w || !l->block)
		return -1;
	columns_measure(t, l->w);
	for (c = 0; c < t->ncols; c++) {
		if (shown(&t->cols[c]) && t->cols[c].key) {
			l->block[c] = -1;
			keys += l->w[c] + (size_t)t->gap;
		} else if (shown(&t->cols[c])) {
			rest += l->w[c] + (size_t)t->gap;
		}
	}
	l->nblocks = blocks_assign(t, l, keys, t->width);
	/* As many blocks as needed, but evenly filled: the narrowest limit
	 * that needs no more blocks. */
	for (limit = keys + rest / (size_t)l->nblocks; l->nblocks > 1 && limit < t->width; limit++)
		if (blocks_assign(t, l, keys, limit) == l->nblocks)
			return 0;
	blocks_assign(t, l, keys, t->width);
	return 0;
}

static void layout_release(struct layout *l)
{
	free(l->w);
	free(l->block);
}

/*
 * Every text the text formats print (cells, names, titles, captions) goes
 * through here: control characters become spaces (they would move the
 * cursor, ring or reprogram a terminal, and break the layout), bytes that
 * are not UTF-8 U+FFFD; in markdown a pipe is escaped, so that a row keeps
 * its cells.
 */
static void put_clean(FILE *out, const char *s, size_t len, bool markdown)
{
	const char *show;
	size_t shown, used;

	for (; len > 0; s += used, len -= used) {
		used = text_show_next(s, len, &show, &shown);
		if (markdown && shown == 1 && *show == '|')
			fputc('\\', out);
		fwrite(show, 1, shown, out);
	}
}

static void put_line(FILE *out, const char *s, bool markdown)
{
	put_clean(out, s, strlen(s), markdown);
	fputc('\n', out);
}

/*
 * One line of a title, broken at blanks where it is wider than WIDTH (a
 * terminal narrower than the 80 columns titles are written for); a word
 * wider than WIDTH stays whole.
 */
static void put_wrapped(FILE *out, const char *s, size_t len, size_t width, bool markdown)
{
	while (text_width(s, len) > width) {
		size_t cut = 0, i;

		for (i = 1; i < len && s[i] != '\n'; i++) {
			if (s[i] != ' ')
				continue;
			if (text_width(s, i) > width)
				break;
			cut = i;
		}
		if (!cut)
			break;
		put_clean(out, s, cut, markdown);
		fputc('\n', out);
		s += cut + 1;
		len -= cut + 1;
	}
	put_clean(out, s, len, markdown);
	fputc('\n', out);
}

/* A title: its newlines (the commands' own) break lines, and WIDTH (SIZE_MAX: none). */
static void put_title(FILE *out, const char *s, size_t width, bool markdown)
{
	const char *nl;

	for (; (nl = strchr(s, '\n')); s = nl + 1)
		put_wrapped(out, s, (size_t)(nl - s), width, markdown);
	put_wrapped(out, s, strlen(s), width, markdown);
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

static size_t last_in_block(const struct table *t, const struct layout *l)
{
	size_t c, last = 0;

	for (c = 0; c < t->ncols; c++)
		if (in_block(t, l, c))
			last = c;
	return last;
}

static void header_print(FILE *out, const struct table *t, const struct layout *l)
{
	size_t c, last = last_in_block(t, l);
	bool first = true;

	for (c = 0; c < t->ncols; c++) {
		const struct column *col = &t->cols[c];
		size_t nw = text_width(col->name, strlen(col->name));
		bool left = col->kind == COL_TEXT || col->kind == COL_ANY;

		if (!in_block(t, l, c))
			continue;
		pad(out, first ? 0 : (size_t)t->gap);
		if (!left)
			pad(out, l->w[c] - nw);
		put_clean(out, col->name, strlen(col->name), false);
		if (left && c < last)
			pad(out, l->w[c] - nw);
		first = false;
	}
	fputc('\n', out);
}

/* The last column of the block with text on line I of row R. */
static size_t last_on_line(const struct table *t, const struct layout *l, size_t r, size_t i)
{
	size_t c, last = 0, len;
	const char *line;
	char buf[64];

	for (c = 0; c < t->ncols; c++)
		if (in_block(t, l, c) &&
		    wrapped_line(cell_text(&t->cols[c], &table_row_cells(t, r)[c], buf, sizeof(buf)),
				 col_wrap(t, c), i, &line, &len))
			last = c;
	return last;
}

/* Does some cell of row R in the block wrap onto a line I? */
static bool row_has_line(const struct table *t, const struct layout *l, size_t r, size_t i)
{
	const char *line;
	size_t c, len;
	char buf[64];

	for (c = 0; c < t->ncols; c++)
		if (in_block(t, l, c) &&
		    wrapped_line(cell_text(&t->cols[c], &table_row_cells(t, r)[c], buf, sizeof(buf)),
				 col_wrap(t, c), i, &line, &len))
			return true;
	return false;
}

/* Prints line I of row R (blank where a cell has no line I). */
static void row_line_print(FILE *out, const struct table *t, const struct layout *l,
			   size_t r, size_t i)
{
	size_t c, last = i ? last_on_line(t, l, r, i) : last_in_block(t, l);
	bool first = true;

	for (c = 0; c <= last; c++) {
		const struct column *col = &t->cols[c];
		const struct cell *cell = &table_row_cells(t, r)[c];
		char buf[64];
		const char *text = cell_text(col, cell, buf, sizeof(buf)), *line = "";
		size_t len = 0, indent = i ? 2 : 0, tw;

		if (!in_block(t, l, c))
			continue;
		if (!wrapped_line(text, col_wrap(t, c), i, &line, &len)) {
			indent = 0;
			len = 0;
		}
		tw = indent + text_width(line, len);
		pad(out, first ? 0 : (size_t)t->gap);
		if (right_aligned(col, cell))
			pad(out, l->w[c] - tw);
		pad(out, indent);
		put_clean(out, line, len, false);
		if (!right_aligned(col, cell) && c < last)
			pad(out, l->w[c] - tw);
		first = false;
	}
	fputc('\n', out);
}

/* Rows FROM..TO (one group), each block in turn. */
static void group_print(FILE *out, const struct table *t, struct layout *l,
			size_t from, size_t to, bool blank_first)
{
	size_t r, i;

	for (l->cur = 0; l->cur < l->nblocks; l->cur++) {
		if (blank_first || l->cur > 0)
			fputc('\n', out);
		if (l->cur == 0 && from < t->nrows && table_row_group(t, from))
			put_line(out, table_row_group(t, from), false);
		header_print(out, t, l);
		for (r = from; r < to; r++)
			for (i = 0; i == 0 || row_has_line(t, l, r, i); i++)
				row_line_print(out, t, l, r, i);
	}
}

static void table_format_print(FILE *out, const struct table *t)
{
	struct layout l;
	size_t from = 0, to;

	if (layout_init(t, &l) < 0) {
		layout_release(&l);
		return;
	}
	if (t->title)
		put_title(out, t->title, t->width, false);
	do {
		for (to = from + 1; to < t->nrows && !table_row_group(t, to); to++)
			;
		group_print(out, t, &l, from, to < t->nrows ? to : t->nrows,
			    from > 0 || t->title);
		from = to;
	} while (from < t->nrows);
	layout_release(&l);
}

static void markdown_header(FILE *out, const struct table *t)
{
	size_t c;

	fputc('|', out);
	for (c = 0; c < t->ncols; c++)
		if (shown(&t->cols[c])) {
			fputc(' ', out);
			put_clean(out, t->cols[c].name, strlen(t->cols[c].name), true);
			fputs(" |", out);
		}
	fputs("\n|", out);
	for (c = 0; c < t->ncols; c++)
		if (shown(&t->cols[c]))
			fputs(t->cols[c].kind == COL_TEXT || t->cols[c].kind == COL_ANY
			      ? " --- |" : " ---: |", out);
	fputc('\n', out);
}

static void markdown_print(FILE *out, const struct table *t)
{
	size_t r, c;

	if (t->title) {
		put_title(out, t->title, SIZE_MAX, true);
		fputc('\n', out);
	}
	for (r = 0; r < t->nrows || (r == 0 && t->nrows == 0); r++) {
		const char *group = r < t->nrows ? table_row_group(t, r) : NULL;

		if (r == 0 || group) {
			if (r > 0)
				fputc('\n', out);
			if (group) {
				fputs("**", out);
				put_clean(out, group, strlen(group), true);
				fputs("**\n\n", out);
			}
			markdown_header(out, t);
		}
		if (r == t->nrows)
			break;
		fputc('|', out);
		for (c = 0; c < t->ncols; c++) {
			char buf[64];
			const char *text;

			if (!shown(&t->cols[c]))
				continue;
			text = cell_text(&t->cols[c], &table_row_cells(t, r)[c], buf, sizeof(buf));
			fputc(' ', out);
			put_clean(out, text, strlen(text), true);
			fputs(" |", out);
		}
		fputc('\n', out);
	}
}

void render_text(FILE *out, const struct table *t, bool markdown)
{
	if (markdown)
		markdown_print(out, t);
	else
		table_format_print(out, t);
}
