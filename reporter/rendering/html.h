/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text and tables as HTML, for the report page. Every piece of text from
 * the database goes through html_put(): first as a terminal would show it
 * (common/text.h: control characters blanked, bytes that are not UTF-8 as
 * U+FFFD), then with & < > " ' as character references, so that it is
 * text in an element and in a quoted attribute alike and can never start
 * an element, end an attribute or run anything.
 */
#ifndef KVMBOOT_HTML_H
#define KVMBOOT_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "table.h"

/* Writes TEXT (N bytes) escaped to OUT. */
void html_putn(FILE *out, const char *text, size_t n);

/* Writes TEXT escaped to OUT; NULL writes nothing. */
void html_put(FILE *out, const char *text);

/* TEXT escaped, malloc'd; NULL when out of memory. */
char *html_dup(const char *text);

/*
 * T as a <table>: the columns and cells the text formats show (times in
 * ms with three decimals), numbers right-aligned (class "num"), T's title
 * as the caption and its group captions as rows of their own (rows read
 * through table_row_cells(): a big table's older ones from its spool). 0,
 * or -EIO when OUT or the spool failed.
 */
int html_table(FILE *out, const struct table *t);

#endif
