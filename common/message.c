/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Error messages of library-style modules, handed back to the command layer. */
#include "message.h"

#include <stdarg.h>
#include <stdio.h>

int msg_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
