/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The report page's files: their names, a manifest of what the last run
 * wrote (so that a nightly run draws again only the series that changed,
 * and removes the pages it no longer makes), and pages written whole
 * (common/outfile.h: a temporary file renamed into place, never through
 * someone else's link).
 */
#ifndef KVMBOOT_SITE_FILES_H
#define KVMBOOT_SITE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The manifest's name in the site's directory. */
#define SITE_MANIFEST ".kvmboot-site"

/* FNV-1a, 64 bits: H updated with N bytes of DATA. Start from SITE_HASH_INIT. */
#define SITE_HASH_INIT 0xcbf29ce484222325ULL
uint64_t site_hash(uint64_t h, const void *data, size_t n);
/* TEXT with its NUL (NULL hashes apart from ""), and V. */
uint64_t site_hash_text(uint64_t h, const char *text);
uint64_t site_hash_int(uint64_t h, int64_t v);

/* "series-SLUG-HASH.html" for series NAME of grouping BY, malloc'd (NULL: out of memory). */
char *site_series_file(const char *by, const char *name);

/* Is NAME one of the page names the site writes (and so may remove)? */
bool site_page_name(const char *name);

/* What the manifest says of one series. */
struct site_kept {
	char *file;		/* its page */
	uint64_t fingerprint;
	int rank;
	char **files;		/* every page of it (its own first) */
	size_t nfiles;
	char *row;		/* its row of the index */
};

struct site_manifest {
	uint64_t params;
	struct site_kept *v;
	size_t n;
};

/*
 * Reads DIR's manifest into M. A missing, unreadable or damaged one is an
 * empty manifest: everything is drawn again. 0 or -ENOMEM.
 */
int site_manifest_read(const char *dir, struct site_manifest *m);

/* The series whose page is FILE, or NULL. */
const struct site_kept *site_manifest_find(const struct site_manifest *m, const char *file);

/* Writes M to DIR's manifest, whole. 0, or -1 with ERR. */
int site_manifest_write(const char *dir, const struct site_manifest *m, char *err, size_t errlen);

void site_manifest_release(struct site_manifest *m);

/*
 * Removes from DIR every page OLD lists that NEW does not (only names
 * site_page_name() accepts; a link is removed, never followed). Returns
 * how many were removed.
 */
size_t site_stale_remove(const char *dir, const struct site_manifest *old,
			 const struct site_manifest *new);

/* A page being written: OUT is where its text goes. */
struct site_page {
	char *path;
	FILE *out;
	char *text;
	size_t len;
};

/* Starts page NAME in DIR (its text is kept in memory). 0 or -ENOMEM. */
int site_page_begin(struct site_page *p, const char *dir, const char *name);

/* Puts the page in place, whole. 0, or -1 with ERR. */
int site_page_commit(struct site_page *p, char *err, size_t errlen);

/* Drops a page not committed; accepts a committed or zeroed one. */
void site_page_abort(struct site_page *p);

#endif
