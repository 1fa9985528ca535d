/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot in one line, stage by stage. */
#include "time_line.h"
#include "../analysis/stages.h"
#include "../../common/text.h"

#include <string.h>

void duration_text(double ns, char *buf, size_t len)
{
	if (ns < 1e6 && ns > -1e6)
		snprintf(buf, len, "%.0f us", ns / 1e3);
	else if (ns < 1e9 && ns > -1e9)
		snprintf(buf, len, "%.1f ms", ns / 1e6);
	else
		snprintf(buf, len, "%.2f s", ns / 1e9);
}

void time_line_print(FILE *out, const struct span_list *l, const double *value,
		     const bool *have, size_t boots)
{
	char text[64];
	size_t i, shown = 0;
	int total = -1;

	fputs("Boot:", out);
	for (i = 0; i < l->n; i++) {
		if (strcmp(l->v[i].name, STAGES_TOTAL) == 0) {
			total = (int)i;
			continue;
		}
		if (!have[i])
			continue;
		duration_text(value[i], text, sizeof(text));
		fprintf(out, "%s %s (", shown++ ? " +" : "", text);
		text_show_put(out, l->v[i].name, strlen(l->v[i].name));
		fputc(')', out);
	}
	if (total >= 0 && have[total]) {
		duration_text(value[total], text, sizeof(text));
		fprintf(out, " = %s", text);
	}
	if (boots > 1)
		fprintf(out, " (medians of %zu boots)", boots);
	fputc('\n', out);
}
