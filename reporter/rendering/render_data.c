/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The csv and json formats: for programs, times in integer ns. */
#include "render.h"
#include "../../common/text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool shown(const struct column *c, bool json)
{
	return c->show == SHOW_ALL || c->show == SHOW_DATA ||
	       c->show == (json ? SHOW_JSON : SHOW_NOT_JSON);
}

/* What a column's name ends with for programs: times say their unit. */
static const char *name_suffix(const struct column *c)
{
	return c->kind == COL_TIME ? "_ns" : "";
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

/* Text a spreadsheet would run as a formula (OWASP's CSV injection list). */
static bool formula_like(const char *s)
{
	return *s && strchr("=+-@\t\r", *s);
}

static bool csv_needs_quotes(const char *s, const char *suffix)
{
	const char *end = *suffix ? suffix : s;

	return s[strcspn(s, ",\"\r\n")] || suffix[strcspn(suffix, ",\"\r\n")] || s[0] == ' ' ||
	       (*end && end[strlen(end) - 1] == ' ');
}

static void csv_quoted(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
}

/*
 * One text field, TEXT then SUFFIX, quoted as RFC 4180 says where needed;
 * text that a spreadsheet would take for a formula gets a leading quote
 * (numbers are never text here, so a negative number stays a number).
 */
static void csv_text(FILE *out, const char *text, const char *suffix)
{
	bool quotes = csv_needs_quotes(text, suffix);

	if (quotes)
		fputc('"', out);
	if (formula_like(*text ? text : suffix))
		fputc('\'', out);
	csv_quoted(out, text);
	csv_quoted(out, suffix);
	if (quotes)
		fputc('"', out);
}

static void csv_print(FILE *out, const struct table *t)
{
	size_t r, c;
	bool first = true;

	for (c = 0; c < t->ncols; c++) {
		if (!shown(&t->cols[c], false))
			continue;
		if (!first)
			fputc(',', out);
		csv_text(out, t->cols[c].name, name_suffix(&t->cols[c]));
		first = false;
	}
	fputc('\n', out);
	for (r = 0; r < t->nrows; r++) {
		first = true;
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &table_row_cells(t, r)[c];

			if (!shown(&t->cols[c], false))
				continue;
			if (!first)
				fputc(',', out);
			first = false;
			if (cell->type == CELL_TEXT)
				csv_text(out, cell->s, "");
			else
				number_print(out, &t->cols[c], cell);
		}
		fputc('\n', out);
	}
}

/*
 * The characters of a JSON string: bytes that are not UTF-8 become U+FFFD,
 * so that every parser reads it; control characters (C1 and DEL too) are
 * written as escapes, so that the same text reaches a terminal inert.
 */
static void json_chars(FILE *out, const char *text)
{
	size_t n = strlen(text), len;
	uint32_t cp;

	for (; n > 0; text += len, n -= len) {
		len = utf8_decode(text, n, &cp);
		if (len == 0) {
			fputs("\\ufffd", out);
			len = 1;
		} else if (cp == '"' || cp == '\\') {
			fprintf(out, "\\%c", (char)cp);
		} else if (text_is_control(cp)) {
			fprintf(out, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(text, 1, len, out);
		}
	}
}

/*
 * A JSON value SQLite made (its strings escaped, C0 controls included):
 * as it is, but for what json_chars would not pass either, which can only
 * be inside its strings: bytes that are not UTF-8, DEL and C1 controls.
 */
static void json_raw(FILE *out, const char *json)
{
	size_t n = strlen(json), len;
	uint32_t cp;

	for (; n > 0; json += len, n -= len) {
		len = utf8_decode(json, n, &cp);
		if (len == 0) {
			fputs("\\ufffd", out);
			len = 1;
		} else if (cp >= 0x7f && text_is_control(cp)) {
			fprintf(out, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(json, 1, len, out);
		}
	}
}

static void json_string(FILE *out, const char *text, const char *suffix)
{
	fputc('"', out);
	json_chars(out, text);
	json_chars(out, suffix);
	fputc('"', out);
}

void json_text_print(FILE *out, const char *text)
{
	if (text)
		json_string(out, text, "");
	else
		fputs("null", out);
}

static void json_print(FILE *out, const struct table *t)
{
	size_t r, c;

	fputc('[', out);
	for (r = 0; r < t->nrows; r++) {
		bool first = true;

		fputs(r ? ",\n  {" : "\n  {", out);
		for (c = 0; c < t->ncols; c++) {
			const struct cell *cell = &table_row_cells(t, r)[c];

			if (!shown(&t->cols[c], true))
				continue;
			fputs(first ? "" : ", ", out);
			json_string(out, t->cols[c].name, name_suffix(&t->cols[c]));
			fputs(": ", out);
			first = false;
			if (cell->type == CELL_TEXT && t->cols[c].kind == COL_JSON)
				json_raw(out, cell->s);
			else if (cell->type == CELL_TEXT)
				json_string(out, cell->s, "");
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
