/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A table's older rows, written to an unlinked temporary file a chunk of
 * TABLE_WINDOW rows at a time and read back a chunk at a time for
 * printing: the memory of a table of millions of rows stays that of two
 * chunks. Library-style: -errno, no printing.
 */
#ifndef KVMBOOT_TABLE_SPOOL_H
#define KVMBOOT_TABLE_SPOOL_H

#include "table.h"

/* An empty spool in $TMPDIR (else /tmp); NULL when no file can be made. */
struct table_spool *table_spool_new(size_t ncols);

/*
 * Appends N rows (CELLS row-major, GROUP captions) as the next chunk and
 * frees their texts. 0, or -EIO (the rows are freed all the same).
 */
int table_spool_write(struct table_spool *s, struct cell *cells, char **group, size_t n);

/*
 * Row R (of the spooled ones): its cells, and its caption in *GROUP;
 * reads R's chunk when another one is loaded. A row that cannot be read
 * comes back empty (all NULL), and table_spool_failed() says so.
 */
const struct cell *table_spool_row(struct table_spool *s, size_t r, const char **group);

/* Did a write or a read fail? */
bool table_spool_failed(const struct table_spool *s);

void table_spool_free(struct table_spool *s);

#endif
