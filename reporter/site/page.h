/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's pages: what they share (head, navigation, links,
 * captions) and each kind of page. Text from the database is escaped
 * everywhere (rendering/html.h); links go only to pages the site writes.
 */
#ifndef KVMBOOT_PAGE_H
#define KVMBOOT_PAGE_H

#include <stdbool.h>
#include <stdio.h>

#include "site.h"
#include "../charts/svg_charts.h"

/* Chart widths (px): the page's column is a little wider. */
#define PAGE_CHART_W 960.0

/* <!DOCTYPE html> ... <body>, titled TITLE (escaped). */
void page_begin(FILE *out, const char *title);

/* The footer and </body></html>. */
void page_end(FILE *out);

/* <a href="HREF">TEXT</a>, both escaped. */
void page_link(FILE *out, const char *href, const char *text);

/* "session-12.html" of session K. */
void page_session_file(const struct site *s, size_t k, char *buf, size_t len);

/* "boot-345.html" of boot RUN. */
void page_boot_file(int64_t run, char *buf, size_t len);

/* "session 12, 2026-01-05 02:00, commit=abc": for hover text and captions. */
void page_session_caption(const struct site *s, size_t k, char *buf, size_t len);

/* "2026-01-05 02:00" of an ISO 8601 time. */
void page_time_short(const char *iso, char *buf, size_t len);

/* The CSS class of a verdict word: "v-regressed", ... */
const char *page_verdict_class(const char *word);

/* The index of the stage named "total", else the last span. */
size_t page_total_span(const struct site *s);

/* Writes kvmboot.css into the site's directory. 0, or -1 with ERR. */
int page_css_write(const struct site *s, char *err, size_t errlen);

/*
 * Series I's pages: its own, its paged sessions' and its paged boots',
 * each file's name added to the series' list; and its row of the index.
 * R is the worker's report (its own connection). 0, or 2 with r->err.
 */
int page_series_draw(struct site *s, struct report *r, size_t i);

/* The series page of series I. 0, or 2 with r->err. */
int page_series_write(struct site *s, struct report *r, size_t i);

/* The page of session K (its gate judged already). 0, or 2 with r->err. */
int page_session_write(struct site *s, struct report *r, size_t k);

/* The page of boot RUN of session K. 0, or 2 with r->err. */
int page_boot_write(struct site *s, struct report *r, size_t k, int64_t run);

/* Boot RUN's phases as a waterfall, read on r->db. 0, or 2 with r->err. */
int page_waterfall(FILE *out, struct report *r, int64_t run, const char *label);

/* Series I's row of the index (s->series[i].row and .rank). 0 or -ENOMEM. */
int page_index_row(struct site *s, size_t i);

/* The change points of a series as chart marks, with their words and links. */
struct page_marks {
	struct svg_mark *v;	/* one per change of the series, in its order */
	char (*text)[16];
	char (*hover)[1024];
	char (*href)[40];
};

/*
 * Marks for series SER's changes over x positions from its session FROM
 * on. 0 or -ENOMEM; release with page_marks_release.
 */
int page_marks_make(const struct site *s, const struct site_series *ser, size_t from,
		    struct page_marks *m);

void page_marks_release(struct page_marks *m);

/* How many of M's marks are of span SPAN from session FROM on; *FIRST: the first. */
size_t page_marks_of_span(const struct site_series *ser, const struct page_marks *m, size_t span,
			  size_t from, const struct svg_mark **first);

/* A change in words, for hover text. */
void page_change_hover(const struct site *s, const struct site_series *ser,
		       const struct site_change *c, char *buf, size_t len);

/* The series page's section of change points: a table as changes prints it. */
void page_changes_table(FILE *out, const struct site *s, const struct site_series *ser);

/* The index's cell: the newest change points, linked to the session after each. */
void page_changes_cell(FILE *out, const struct site *s, const struct site_series *ser);

/* Has a change that raised a stage started among the newest RECENT sessions? */
bool page_changes_recent_rise(const struct site_series *ser, size_t recent);

/* On session K's page: the change points that start at it, if any. */
void page_changes_note(FILE *out, const struct site *s, size_t k);

/* index.html: every series' row, what regressed first. 0, or -1 with ERR. */
int page_index_write(const struct site *s, char *err, size_t errlen);

#endif
