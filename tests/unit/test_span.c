/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Spans and stages: parsing, measuring, and stability when milestones are added. */
#include "unit.h"
#include "reporter/analysis/span.h"
#include "reporter/analysis/stages.h"

#include <stdlib.h>

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* A catalogue of milestone names: a position is the index. */
static const char *const names[] = {
	"vmm_exec", "vmm_init_end", "fw_start", "fw_do_boot", "linux_start_boot",
	"linux_start_kernel", "linux_start_user", "vmm_exit", "fn:main", "point 9",
	"linux_version", "seabios_booting",
};

static int find(const void *ctx, const char *name)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < N(names); i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

static void test_span__parse_and_format(void)
{
	struct span s;
	char text[256];

	CHECK_INT(span_parse("fw_start..linux_start_user", &s), 0);
	CHECK_STR(s.name, "fw_start..linux_start_user");
	CHECK_INT(s.from.n, 1);
	CHECK_STR(s.to.names[0], "linux_start_user");
	CHECK_INT(span_parse("linux_start_kernel | linux_version..point 9", &s), 0);
	CHECK_INT(s.from.n, 2);
	CHECK_STR(s.from.names[1], "linux_version");
	CHECK_STR(s.to.names[0], "point 9");
	span_format(&s, text, sizeof(text));
	CHECK_STR(text, "linux_start_kernel|linux_version..point 9");
	CHECK_INT(span_parse_named(" kernel = a|b..c", &s), 0);
	CHECK_STR(s.name, "kernel");
	CHECK_STR(s.from.names[1], "b");
}

static void test_span__parse_refuses_bad_text(void)
{
	struct span s;

	CHECK_INT(span_parse("fw_start", &s), -EINVAL);
	CHECK_INT(span_parse("..b", &s), -EINVAL);
	CHECK_INT(span_parse("a..", &s), -EINVAL);
	CHECK_INT(span_parse("a||b..c", &s), -EINVAL);
	CHECK_INT(span_parse("a..b..c", &s), -EINVAL);
	CHECK_INT(span_parse("a|a|a|a|a|a|a|a|a..c", &s), -E2BIG);
	CHECK_INT(span_parse_named("a..b", &s), -EINVAL);
	CHECK_INT(span_parse_named("=a..b", &s), -EINVAL);
	CHECK_INT(span_parse_named("x..y=a..b", &s), -EINVAL);
}

/* Measures S on the boot of N points (catalogue positions MS, times T). */
static bool measure(const char *text, const int *ms, const int64_t *t, size_t n, int64_t *out)
{
	int64_t first[N(names)];
	struct span s;

	if (span_parse(text, &s) < 0)
		return false;
	span_bind(&s, find, NULL);
	span_first_hits(ms, t, n, first, N(names));
	return span_measure(&s, first, N(names), out);
}

static void test_span__first_hits_and_alternatives(void)
{
	/* fw_start twice: the first counts; linux_version before linux_start_kernel */
	int ms[] = { 0, 1, 2, 2, 10, 5, 6, 7 };
	int64_t t[] = { 0, 100, 300, 350, 700, 900, 1500, 2000 };
	int64_t v = -1;

	CHECK(measure("fw_start..linux_start_user", ms, t, N(ms), &v));
	CHECK_INT(v, 1200);
	/* the first alternative present counts, not the first in time */
	CHECK(measure("linux_start_kernel|linux_version..vmm_exit", ms, t, N(ms), &v));
	CHECK_INT(v, 1100);
	CHECK(measure("fw_do_boot|fw_start..vmm_exit", ms, t, N(ms), &v));
	CHECK_INT(v, 1700);
	CHECK(!measure("fw_do_boot..vmm_exit", ms, t, N(ms), &v));
	CHECK(!measure("nowhere..vmm_exit", ms, t, N(ms), &v));
}

/* The built-in stages of boot B (positions MS, times T) into OUT, by name. */
static void stages_of(const int *ms, const int64_t *t, size_t n, int64_t *out, bool *have)
{
	struct span_list l = { 0 };
	int64_t first[N(names)];
	size_t i;

	CHECK_INT(stages_builtin(&l), 0);
	span_first_hits(ms, t, n, first, N(names));
	for (i = 0; i < l.n; i++) {
		span_bind(&l.v[i], find, NULL);
		have[i] = span_measure(&l.v[i], first, N(names), &out[i]);
	}
	span_list_release(&l);
}

static void test_stages__builtin_tile_the_boot(void)
{
	int ms[] = { 0, 1, 2, 3, 4, 5, 6, 7 };
	int64_t t[] = { 0, 30, 40, 500, 700, 900, 1500, 2000 }, v[8];
	bool have[8];
	struct span_list l = { 0 };

	CHECK_INT(stages_builtin(&l), 0);
	CHECK_INT(l.n, 6);
	CHECK_STR(l.v[0].name, "vmm");
	CHECK_STR(l.v[1].name, "firmware");
	CHECK_STR(l.v[2].name, "loader");
	CHECK_STR(l.v[3].name, "kernel");
	CHECK_STR(l.v[4].name, "userspace");
	CHECK_STR(l.v[5].name, "total");
	CHECK(l.v[1].why != NULL);
	span_list_release(&l);
	stages_of(ms, t, N(ms), v, have);
	CHECK_INT(v[0], 30);		/* vmm_exec..vmm_init_end */
	CHECK_INT(v[1], 670);		/* ..linux_start_boot, preferred to fw_do_boot */
	CHECK_INT(v[2], 200);		/* linux_start_boot..linux_start_kernel */
	CHECK_INT(v[3], 600);
	CHECK_INT(v[4], 500);
	CHECK_INT(v[5], 2000);
	CHECK_INT(v[0] + v[1] + v[2] + v[3] + v[4], v[5]);
}

/*
 * The promise of stages: adding milestones to a job (a uprobe, a console
 * line, a custom point, a trace point written twice) changes no stage.
 */
static void test_stages__unchanged_by_added_milestones(void)
{
	int plain_ms[] = { 0, 1, 2, 3, 5, 6, 7 };
	int64_t plain_t[] = { 0, 30, 40, 500, 900, 1500, 2000 };
	int more_ms[] = { 0, 8, 1, 2, 11, 3, 9, 10, 5, 9, 6, 2, 7 };
	int64_t more_t[] = { 0, 5, 30, 40, 450, 500, 600, 880, 900, 1000, 1500, 1600, 2000 };
	int64_t a[8], b[8];
	bool ha[8], hb[8];
	size_t i;

	stages_of(plain_ms, plain_t, N(plain_ms), a, ha);
	stages_of(more_ms, more_t, N(more_ms), b, hb);
	for (i = 0; i < 6; i++) {
		CHECK_INT(ha[i], hb[i]);
		if (ha[i] && hb[i])
			CHECK_INT(a[i], b[i]);
	}
	CHECK(ha[0] && ha[1] && ha[3] && ha[5]);
}

static void test_stages__parse_file(void)
{
	struct span_list l = { 0 };
	size_t line;

	CHECK_INT(stages_parse("# my stages\n\nfw = fw_start .. fw_do_boot\r\n"
			       "kernel=linux_start_kernel..linux_start_user\n", &l, &line), 0);
	CHECK_INT(l.n, 2);
	CHECK_STR(l.v[0].name, "fw");
	CHECK_STR(l.v[0].to.names[0], "fw_do_boot");
	CHECK_INT(stages_parse("fw = fw_start..fw_do_boot\nbroken line\n", &l, &line), -EINVAL);
	CHECK_INT(line, 2);
	span_list_release(&l);
}

static void test_span__list_put_replaces_by_name(void)
{
	struct span_list l = { 0 };
	struct span s;

	CHECK_INT(stages_builtin(&l), 0);
	CHECK_INT(span_parse_named("kernel=linux_version..linux_start_user", &s), 0);
	CHECK_INT(span_list_put(&l, &s), 0);
	CHECK_INT(l.n, 6);
	CHECK_STR(l.v[3].from.names[0], "linux_version");
	CHECK_INT(span_parse_named("fw=fw_start..fw_do_boot", &s), 0);
	CHECK_INT(span_list_put(&l, &s), 0);
	CHECK_INT(l.n, 7);
	CHECK_INT(span_list_find(&l, "fw"), 6);
	CHECK_INT(span_list_find(&l, "nope"), -1);
	span_list_release(&l);
}

UNIT_MAIN(
	TEST(test_span__parse_and_format),
	TEST(test_span__parse_refuses_bad_text),
	TEST(test_span__first_hits_and_alternatives),
	TEST(test_stages__builtin_tile_the_boot),
	TEST(test_stages__unchanged_by_added_milestones),
	TEST(test_stages__parse_file),
	TEST(test_span__list_put_replaces_by_name),
)
