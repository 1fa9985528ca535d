/* SPDX-License-Identifier: GPL-2.0-or-later */
/* How wide the terminal a table goes to is, if it goes to one. */
#include "terminal.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define WIDTH_DEFAULT 80
#define WIDTH_MIN 20	/* below this a table is only headers: treat as unknown */

size_t terminal_width(FILE *out)
{
	const char *columns = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (!isatty(fileno(out)))
		return SIZE_MAX;
	if (columns && *columns) {
		n = strtol(columns, &end, 10);
		if (!*end && n >= WIDTH_MIN && n <= 10000)
			return (size_t)n;
	}
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= WIDTH_MIN)
		return ws.ws_col;
	return WIDTH_DEFAULT;
}
