/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One table of results, printed in four formats. Times are kept in ns:
 * the text formats show milliseconds with three decimals, csv and json
 * integer nanoseconds (column name + "_ns").
 */
#ifndef KVMBOOT_TABLE_H
#define KVMBOOT_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON, FORMAT_MARKDOWN };

enum col_kind {
	COL_TEXT,
	COL_INT,
	COL_TIME,	/* ns; ms in text formats */
	COL_RATIO,	/* 0.051; "+5.1%" in text formats */
	COL_PVALUE,	/* 0.00123; 3 significant digits in text formats */
	COL_ANY,	/* whatever each cell holds (sql) */
	COL_JSON,	/* a JSON value made by SQLite (json_group_object): json only */
};

enum col_show {
	SHOW_ALL,
	SHOW_TEXT,	/* table and markdown only */
	SHOW_DATA,	/* csv and json only */
	SHOW_NOT_JSON,	/* table, markdown and csv: where json has a COL_JSON twin */
	SHOW_JSON,	/* json only */
	SHOW_NONE,	/* never: a column found empty once the rows were added */
};

struct column {
	const char *name;
	enum col_kind kind;
	enum col_show show;
	int wrap;	/* table format: wrap text wider than this at ".." (0: never) */
	bool key;	/* table format: repeated in every block of a folded table */
};

enum cell_type { CELL_NULL, CELL_INT, CELL_REAL, CELL_TEXT };

struct cell {
	enum cell_type type;
	int64_t i;
	double d;
	char *s;
};

struct table_spool;

/*
 * Rows are held in memory from row BASE on; a big table writes its older
 * rows to a temporary file, chunk by chunk, so that its memory stays
 * small (a million boots make millions of rows). A row may be set until
 * TABLE_WINDOW rows were added after it.
 */
#define TABLE_WINDOW 4096

struct table {
	char *title;		/* above the table in text formats; '\n' breaks lines */
	struct column *cols;
	size_t ncols;
	struct cell *cells;	/* row-major, rows BASE.. */
	char **group;		/* per row from BASE: a caption starting a group (text formats) */
	size_t nrows, cap;	/* rows in all; rows the arrays hold */
	size_t base;		/* rows before it are in the spool */
	struct table_spool *spool;
	bool no_spool;		/* no temporary file could be made: all in memory */
	bool lost;		/* a row was set after it was spooled (a bug) */
	struct cell scratch;	/* where such a set goes */
	int gap;		/* spaces between columns in the table format */
	size_t width;		/* table format: fold into blocks no wider than this
				   (SIZE_MAX: never fold) */
};

/* A table with copies of COLS; NULL when out of memory. Free with table_free(). */
struct table *table_new(const struct column *cols, size_t ncols);
void table_free(struct table *t);

/* The width later tables fold at (default 80; SIZE_MAX: never fold). */
void table_default_width_set(size_t width);

/* Appends an empty (all NULL) row; returns its index, or -1. */
long table_row_add(struct table *t);

/*
 * Text formats print every text through common/text.h's rules: control
 * characters blanked, bytes that are not UTF-8 as U+FFFD. A title is the
 * command's own words, and its newlines break lines; text from the database
 * goes in captions and cells, where a newline is blanked too.
 */
int table_title_set(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Rows from ROW on, until the next group, are under CAPTION in text formats. */
int table_group_set(struct table *t, size_t row, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int table_text_set(struct table *t, size_t row, size_t col, const char *text);
int table_textf_set(struct table *t, size_t row, size_t col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void table_int_set(struct table *t, size_t row, size_t col, int64_t value);
void table_real_set(struct table *t, size_t row, size_t col, double value);

/*
 * Row R's cells (ncols of them) and caption (or NULL), for the renderers:
 * valid until a row of another chunk is asked for.
 */
const struct cell *table_row_cells(const struct table *t, size_t r);
const char *table_row_group(const struct table *t, size_t r);

/* Writes T to OUT in FORMAT; 0, or -EIO when the stream (or the spool) failed. */
int table_print(FILE *out, const struct table *t, enum format format);

/* TEXT as a JSON string (NULL: null), escaped as json cells are. */
void json_text_print(FILE *out, const char *text);

/* Parses "table", "csv", "json", "markdown"; -1 when unknown. */
int format_parse(const char *name);

#endif
