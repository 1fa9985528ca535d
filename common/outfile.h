/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Output files written whole or not at all, and never through someone
 * else's symbolic link: the text goes to a temporary file in the
 * destination's directory, which is then renamed over the destination (a
 * rename replaces a link that appeared meanwhile; it never writes where the
 * link points). A link already at the destination is followed only when we
 * or root own it and we may write its target; otherwise it is refused.
 */
#ifndef KVMBOOT_OUTFILE_H
#define KVMBOOT_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

struct outfile {
	char *dest;	/* where the file ends up (a link's target, resolved) */
	char *tmp;	/* the temporary file beside it */
	FILE *f;	/* write here, then outfile_commit() */
};

/* Opens DEST for writing; 0, or -1 with ERR (nothing created). */
int outfile_open(struct outfile *o, const char *dest, char *err, size_t errlen);

/* Puts the file in place; 0, or -1 with ERR (the temporary file removed). */
int outfile_commit(struct outfile *o, char *err, size_t errlen);

/* Drops an uncommitted file; accepts a committed or zeroed one. */
void outfile_abort(struct outfile *o);

/* Writes LEN bytes of DATA to DEST in one go; 0, or -1 with ERR. */
int outfile_write(const char *dest, const void *data, size_t len, char *err, size_t errlen);

#endif
