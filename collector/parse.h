/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small parsers shared by the option, point and trace-line parsers. */
#ifndef KVMBOOT_PARSE_H
#define KVMBOOT_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Parses the LEN characters at TEXT, all of them, as one decimal or
 * 0x-hex unsigned number no larger than MAX (a leading 0 does not mean
 * octal; no sign, no spaces). Returns 0, or -EINVAL (not a number) or
 * -ERANGE (a number past MAX).
 */
int parse_number_span(const char *text, size_t len, unsigned long long max,
		      unsigned long long *out);

/* The same for a whole NUL-terminated TEXT. */
int parse_number(const char *text, unsigned long long max, unsigned long long *out);

#endif
