/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding programs the way execvp does. */
#ifndef KVMBOOT_PATH_H
#define KVMBOOT_PATH_H

/*
 * Finds NAME the way execvp would (PATH when it has no '/'), as an
 * executable regular file. Returns a malloc'd absolute path, or NULL with
 * errno set (ENOENT, EACCES, EISDIR).
 */
char *binary_resolve(const char *name);

#endif
