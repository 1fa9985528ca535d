/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-collect's command line. */
#include "unit.h"
#include "collector/options.h"

#include <stdlib.h>

#define ARGV(...) argv_build((const char *const[]){ "kvmboot-collect", __VA_ARGS__, NULL })

/* A writable copy of WORDS, valid until the next call (argv is char **). */
static char **argv_build(const char *const *words)
{
	static char store[32][64];
	static char *vec[33];
	size_t i;

	for (i = 0; words[i] && i < 32; i++) {
		snprintf(store[i], sizeof(store[i]), "%s", words[i]);
		vec[i] = store[i];
	}
	vec[i] = NULL;
	return vec;
}

static int argc_of(char **argv)
{
	int n = 0;

	while (argv[n])
		n++;
	return n;
}

static int parse(char **argv, struct collect_options *o, char *err)
{
	return options_parse(argc_of(argv), argv, o, err, 256);
}

static void test_options__defaults(void)
{
	struct collect_options o;
	char err[256];

	unsetenv("KVMBOOT_DB");
	CHECK_INT(parse(ARGV("--", "qemu", "-m", "512"), &o, err), 0);
	CHECK_INT(o.action, ACTION_COLLECT);
	CHECK_INT(o.runs, 10);
	CHECK_INT(o.warmup, 0);
	CHECK_STR(o.db_path, "kvmboot.db");
	CHECK_INT(o.timeout_ns, 60000000000LL);
	CHECK_STR(o.table, "qboot");
	CHECK(o.label == NULL);
	CHECK_INT(o.nok_exit, 1);
	CHECK(options_exit_ok(&o, 0));
	CHECK(!options_exit_ok(&o, 1));
	CHECK_STR(o.vmm_argv[0], "qemu");
	CHECK_STR(o.vmm_argv[2], "512");
	CHECK(o.vmm_argv[3] == NULL);
	options_release(&o);
}

static void test_options__db_from_environment(void)
{
	struct collect_options o;
	char err[256];

	setenv("KVMBOOT_DB", "/tmp/env.db", 1);
	CHECK_INT(parse(ARGV("qemu"), &o, err), 0);
	CHECK_STR(o.db_path, "/tmp/env.db");
	options_release(&o);
	CHECK_INT(parse(ARGV("-d", "x.db", "qemu"), &o, err), 0);
	CHECK_STR(o.db_path, "x.db");
	options_release(&o);
	unsetenv("KVMBOOT_DB");
}

static void test_options__long_and_short_forms(void)
{
	struct collect_options o;
	char err[256];

	CHECK_INT(parse(ARGV("-n", "20", "--warmup=2", "-l", "seabios bzImage",
			     "-t", "commit=1a2b3c", "--tag", "branch=main", "-T", "2.5",
			     "-p", "0xf4:9=initrd", "--point", "245:10=fw_x",
			     "--table", "qboot-2019", "--ok-exit", "1,3", "-q",
			     "--", "qemu", "-kernel", "bz"), &o, err), 0);
	CHECK_INT(o.runs, 20);
	CHECK_INT(o.warmup, 2);
	CHECK_STR(o.label, "seabios bzImage");
	CHECK_INT(o.ntags, 2);
	CHECK_STR(o.tags[0].key, "commit");
	CHECK_STR(o.tags[0].value, "1a2b3c");
	CHECK_STR(o.tags[1].key, "branch");
	CHECK_STR(o.tags[1].value, "main");
	CHECK_INT(o.timeout_ns, 2500000000LL);
	CHECK_INT(o.npoints, 2);
	CHECK_STR(o.points[1].name, "fw_x");
	CHECK_STR(o.table, "qboot-2019");
	CHECK(options_exit_ok(&o, 3));
	CHECK(!options_exit_ok(&o, 0));
	CHECK_INT(o.verbosity, -1);
	CHECK_STR(o.vmm_argv[1], "-kernel");
	options_release(&o);
}

static void test_options__vmm_options_are_not_ours(void)
{
	struct collect_options o;
	char err[256];

	/* Without "--", parsing stops at the VMM command: its -n is its own. */
	CHECK_INT(parse(ARGV("-n", "2", "qemu", "-n", "5"), &o, err), 0);
	CHECK_INT(o.runs, 2);
	CHECK_STR(o.vmm_argv[1], "-n");
	options_release(&o);
}

static void test_options__help_and_version(void)
{
	struct collect_options o;
	char err[256];

	CHECK_INT(parse(ARGV("--help"), &o, err), 0);
	CHECK_INT(o.action, ACTION_HELP);
	options_release(&o);
	CHECK_INT(parse(ARGV("-V"), &o, err), 0);
	CHECK_INT(o.action, ACTION_VERSION);
	options_release(&o);
}

static void expect_error(char **argv, const char *needle)
{
	struct collect_options o;
	char err[256] = "";

	CHECK_INT(parse(argv, &o, err), -EINVAL);
	if (!strstr(err, needle)) {
		printf("#   message \"%s\" lacks \"%s\"\n", err, needle);
		unit_failed = 1;
	}
	options_release(&o);
}

static void test_options__errors(void)
{
	expect_error(ARGV("-n", "0", "qemu"), "--runs");
	expect_error(ARGV("-n", "ten", "qemu"), "--runs");
	expect_error(ARGV("-w", "-1", "qemu"), "--warmup");
	expect_error(ARGV("-T", "0", "qemu"), "--timeout");
	expect_error(ARGV("-T", "abc", "qemu"), "--timeout");
	expect_error(ARGV("-T", "nan", "qemu"), "--timeout");
	expect_error(ARGV("-t", "novalue", "qemu"), "KEY=VALUE");
	expect_error(ARGV("-t", "=v", "qemu"), "KEY=VALUE");
	expect_error(ARGV("-t", "a=1", "-t", "a=2", "qemu"), "given twice");
	expect_error(ARGV("-p", "0xf4=x", "qemu"), "PORT:VALUE=NAME");
	expect_error(ARGV("--table", "nope", "qemu"), "no table 'nope'");
	expect_error(ARGV("--ok-exit", "256", "qemu"), "--ok-exit");
	expect_error(ARGV("--ok-exit", "", "qemu"), "--ok-exit");
	expect_error(ARGV("--frobnicate", "qemu"), "unknown option '--frobnicate'");
	expect_error(ARGV("-n"), "needs a value");
	expect_error(ARGV("-n", "3"), "no VMM command");
	expect_error(ARGV("-d", "", "qemu"), "--db");
	expect_error(ARGV("--started-at", "2026-02-30", "qemu"), "--started-at: '2026-02-30' is not a UTC time");
	expect_error(ARGV("--started-at", "9999-01-01", "qemu"), "--started-at: '9999-01-01' is in the future");
}

/* --started-at: a past time, for live collection and imports alike. */
static void test_options__started_at(void)
{
	struct collect_options o;
	char err[256];

	CHECK_INT(parse(ARGV("qemu"), &o, err), 0);
	CHECK(!o.started_at_given);
	options_release(&o);
	CHECK_INT(parse(ARGV("--started-at", "2026-10-01T02:00:00Z", "-n", "5", "--", "qemu"), &o, err), 0);
	CHECK(o.started_at_given);
	CHECK_INT(o.started_at_ns, 1790820000000000000LL);
	options_release(&o);
	CHECK_INT(parse(ARGV("--import", "t.txt", "--started-at", "2025-11-30"), &o, err), 0);
	CHECK(o.started_at_given);
	options_release(&o);
}

UNIT_MAIN(
	TEST(test_options__defaults),
	TEST(test_options__db_from_environment),
	TEST(test_options__long_and_short_forms),
	TEST(test_options__vmm_options_are_not_ours),
	TEST(test_options__help_and_version),
	TEST(test_options__errors),
	TEST(test_options__started_at),
)
