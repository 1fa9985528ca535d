/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error messages of library-style modules, handed back to the command layer. */
#ifndef KVMBOOT_MESSAGE_H
#define KVMBOOT_MESSAGE_H

#include <stddef.h>

/*
 * Formats a message into ERR (cut to ERRLEN) and returns -1, so that a
 * failure reads: return msg_fail(err, errlen, "cannot ... '%s'", x);
 */
int msg_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
