/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text and tables as HTML, escaped. */
#include "html.h"
#include "render.h"
#include "table_spool.h"
#include "../../common/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void char_put(FILE *out, const char *c, size_t len)
{
	if (len != 1) {
		fwrite(c, 1, len, out);
		return;
	}
	switch (*c) {
	case '&': fputs("&amp;", out); break;
	case '<': fputs("&lt;", out); break;
	case '>': fputs("&gt;", out); break;
	case '"': fputs("&quot;", out); break;
	case '\'': fputs("&#39;", out); break;
	default: fputc(*c, out); break;
	}
}

void html_putn(FILE *out, const char *text, size_t n)
{
	while (n > 0) {
		const char *show;
		size_t show_len, used = text_show_next(text, n, &show, &show_len);

		char_put(out, show, show_len);
		text += used;
		n -= used;
	}
}

void html_put(FILE *out, const char *text)
{
	if (text)
		html_putn(out, text, strlen(text));
}

char *html_dup(const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	html_put(f, text);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* As the text formats: not the data formats' columns, nor a hidden one. */
static bool shown(const struct column *c)
{
	return c->show == SHOW_ALL || c->show == SHOW_TEXT || c->show == SHOW_NOT_JSON;
}

static size_t shown_columns(const struct table *t)
{
	size_t c, n = 0;

	for (c = 0; c < t->ncols; c++)
		n += shown(&t->cols[c]);
	return n;
}

static void head_put(FILE *out, const struct table *t)
{
	size_t c;

	if (t->title) {
		fputs("<caption>", out);
		html_put(out, t->title);
		fputs("</caption>\n", out);
	}
	fputs("<thead><tr>", out);
	for (c = 0; c < t->ncols; c++) {
		if (!shown(&t->cols[c]))
			continue;
		fputs(t->cols[c].kind == COL_TEXT ? "<th>" : "<th class=\"num\">", out);
		html_put(out, t->cols[c].name);
		fputs("</th>", out);
	}
	fputs("</tr></thead>\n", out);
}

static void row_put(FILE *out, const struct table *t, size_t r)
{
	const struct cell *cells = table_row_cells(t, r);	/* from memory or the spool */
	const char *group = table_row_group(t, r);
	char buf[64];
	size_t c;

	if (group) {
		fprintf(out, "<tr class=\"group\"><th colspan=\"%zu\">", shown_columns(t));
		html_put(out, group);
		fputs("</th></tr>\n", out);
	}
	fputs("<tr>", out);
	for (c = 0; c < t->ncols; c++) {
		const struct column *col = &t->cols[c];
		const struct cell *cell = &cells[c];
		bool num = col->kind == COL_ANY ? cell->type == CELL_INT || cell->type == CELL_REAL
			   : col->kind != COL_TEXT;

		if (!shown(col))
			continue;
		fputs(num ? "<td class=\"num\">" : "<td>", out);
		html_put(out, cell_text(col, cell, buf, sizeof(buf)));
		fputs("</td>", out);
	}
	fputs("</tr>\n", out);
}

int html_table(FILE *out, const struct table *t)
{
	size_t r;

	fputs("<table>\n", out);
	head_put(out, t);
	fputs("<tbody>\n", out);
	for (r = 0; r < t->nrows; r++)
		row_put(out, t, r);
	fputs("</tbody></table>\n", out);
	if (t->lost || (t->spool && table_spool_failed(t->spool)))
		return -EIO;
	return ferror(out) ? -EIO : 0;
}
