/* The csv and json formats: for programs, times in integer ns. */
#include "render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool shown(const struct column *c)
{
	return c->show != SHOW_TEXT;
}

/* The column's name for programs: times say their unit. */
static void name_print(FILE *out, const struct column *c)
{
	fputs(c->name, out);
	if (c->kind == COL_TIME)
		fputs("_ns", out);
}

/* The shortest text that reads back as the same double. */
static void real_print(FILE *out, double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, sizeof(buf), "%.17g", v);
	fputs(buf, out);
}

/* Prints a numeric cell; false when it is not a finite number. */
static bool number_print(FILE *out, const struct column *col, const struct cell *c)
{
	if (c->type == CELL_INT) {
		fprintf(out, "%lld", (long long)c->i);
		return true;
	}
	if (c->type != CELL_REAL || !isfinite(c->d))
		return false;
	if (col->kind == COL_TIME)
		fprintf(out, "%lld", (long long)llround(c->d));
	else
		real_print(out, c->d);
	return true;
}

static void csv_text(FILE *out, const char *s)
{
	if (!s[strcspn(s, ",\"\r\n")] && s[0] != ' ' && (!*s || s[strlen(s) - 1] != ' ')) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_print(FILE *out, const struct table *t)
{
	size_t r, c;
	bool first = true;

	for (c = 0; c < t->ncols; c++) {
		if (!shown(&t->cols[c]))
			continue;
		if (!first)
			fputc(',', out);
		name_print(out, &t->cols[c]);
		first = false;
	}
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		first = true;
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * t->ncols + c];

			if (!shown(&t->cols[c]))
				continue;
			if (!first)
				fputc(',', out);
			first = false;
			if (cell->type == CELL_TEXT)
				csv_text(out, cell->s);
			else
				number_print(out, &t->cols[c], cell);
		}
		fputc('\n', out);
	}
}

/* Length of the valid UTF-8 sequence at S, or 0. */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD, so jq reads it. */
static void json_string(FILE *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	fputc('"', out);
	while (*s) {
		size_t n = utf8_len(s);

		if (n == 0) {
			fputs("\\ufffd", out);
			s++;
		} else if (*s == '"' || *s == '\\') {
			fprintf(out, "\\%c", *s++);
		} else if (*s < 0x20) {
			fprintf(out, "\\u%04x", *s++);
		} else {
			fwrite(s, 1, n, out);
			s += n;
		}
	}
	fputc('"', out);
}

static void json_print(FILE *out, const struct table *t)
{
	size_t r, c;

	fputc('[', out);
	for (r = 0; r < t->nrows; r++) {
		bool first = true;

		fputs(r ? ",\n  {" : "\n  {", out);
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &t->cells[r * t->ncols + c];

			if (!shown(&t->cols[c]))
				continue;
			fputs(first ? "\"" : ", \"", out);
			name_print(out, &t->cols[c]);
			fputs("\": ", out);
			first = false;
			if (cell->type == CELL_TEXT)
				json_string(out, cell->s);
			else if (!number_print(out, &t->cols[c], cell))
				fputs("null", out);
		}
		fputc('}', out);
	}
	fputs(t->nrows ? "\n]\n" : "]\n", out);
}

void render_data(FILE *out, const struct table *t, bool json)
{
	if (json)
		json_print(out, t);
	else
		csv_print(out, t);
}
