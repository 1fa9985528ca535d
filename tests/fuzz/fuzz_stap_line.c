/* SPDX-License-Identifier: GPL-2.0-or-later */
/* stap_line_parse over every line of the input, as --import-stap reads
 * the output of stap/kvmboot.stp. */
#include "fuzz.h"
#include "collector/import_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line, *next;
	struct trace_line l;

	for (line = text; line; line = next) {
		next = fuzz_line_cut(line);
		if (stap_line_parse(line, &l) != LINE_EVENT)
			continue;
		FUZZ_ASSERT(l.ev.pid > 0 && l.pid == l.ev.pid);
		FUZZ_ASSERT(memchr(l.filename, '\0', sizeof(l.filename)));
	}
	free(text);
	return 0;
}
