/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boot in one line: reporter/rendering/time_line.c. */
#include "unit.h"
#include "reporter/rendering/time_line.h"
#include "reporter/analysis/stages.h"

#include <stdlib.h>

static void test_time_line__durations(void)
{
	char buf[32];

	duration_text(412e3, buf, sizeof(buf));
	CHECK_STR(buf, "412 us");
	duration_text(37.14e6, buf, sizeof(buf));
	CHECK_STR(buf, "37.1 ms");
	duration_text(2.1e9, buf, sizeof(buf));
	CHECK_STR(buf, "2.10 s");
	duration_text(-3e6, buf, sizeof(buf));
	CHECK_STR(buf, "-3.0 ms");
}

static void test_time_line__stages_then_the_total(void)
{
	struct span_list l = { 0 };
	double value[8] = { 41e6, 60.2e6, 16e3, 2.64e9, 892e3, 2.75e9 };
	bool have[8] = { true, true, true, true, true, true };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	CHECK_INT(stages_builtin(&l), 0);
	CHECK_INT(l.n, 6);
	time_line_print(f, &l, value, have, 20);
	have[2] = false;	/* a stage no boot has is left out */
	snprintf(l.v[0].name, sizeof(l.v[0].name), "v\x1b[2Jm");	/* shown as on a terminal */
	time_line_print(f, &l, value, have, 1);
	fclose(f);
	CHECK_STR(buf, "Boot: 41.0 ms (vmm) + 60.2 ms (firmware) + 16 us (loader) + 2.64 s (kernel)"
		  " + 892 us (userspace) = 2.75 s (medians of 20 boots)\n"
		  "Boot: 41.0 ms (v [2Jm) + 60.2 ms (firmware) + 2.64 s (kernel) + 892 us (userspace)"
		  " = 2.75 s\n");
	free(buf);
	span_list_release(&l);
}

UNIT_MAIN(TEST(test_time_line__durations),
	  TEST(test_time_line__stages_then_the_total))
