/* SPDX-License-Identifier: GPL-2.0-or-later */
/* trace_line_parse over every line of the input, as --import reads a
 * perf script, trace-cmd report or tracefs trace file. */
#include "fuzz.h"
#include "collector/import_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line, *next;
	struct trace_line l;

	for (line = text; line; line = next) {
		next = fuzz_line_cut(line);
		if (trace_line_parse(line, &l) != LINE_EVENT)
			continue;
		FUZZ_ASSERT(memchr(l.comm, '\0', sizeof(l.comm)));
		FUZZ_ASSERT(memchr(l.filename, '\0', sizeof(l.filename)));
		FUZZ_ASSERT(l.ev.kind <= RAW_FORK);
	}
	free(text);
	return 0;
}
