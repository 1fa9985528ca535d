/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding the VMMs of an imported trace, and tying events to them. */
#include "unit.h"
#include "collector/import_trace.h"
#include "collector/pidmap.h"

#include <stdlib.h>

static struct import_trace trace;

static void add(uint64_t ts, enum raw_kind kind, pid_t tid, pid_t pid, const char *comm, pid_t named)
{
	struct raw_event e = { .ts = ts, .kind = kind, .pid = named, .write = true,
			       .port = 0xf4, .value = 6, .count = 1 };

	CHECK_INT(import_trace_add(&trace, &e, tid, pid, comm, kind == RAW_EXEC ? "/usr/bin/qemu" : NULL), 0);
}

#define EXEC(ts, p) add(ts, RAW_EXEC, p, -1, "qemu", p)
#define EXIT(ts, p) add(ts, RAW_EXIT, p, -1, "qemu", p)
#define FORK(ts, parent, child) add(ts, RAW_FORK, parent, -1, "qemu", child)
#define PIO(ts, tid, comm) add(ts, RAW_PIO, tid, -1, comm, 0)

static void test_import_trace__pidmap(void)
{
	struct pidmap m = { 0 };
	uint32_t v;
	pid_t p;

	CHECK(!pidmap_get(&m, 0, &v));
	for (p = 0; p < 100000; p += 3)
		CHECK_INT(pidmap_put(&m, p, (uint32_t)p * 2), 0);
	CHECK_INT(pidmap_put(&m, 0, 7), 0);	/* a new value for a key */
	CHECK(pidmap_get(&m, 0, &v) && v == 7);
	CHECK(pidmap_get(&m, 99999, &v) && v == 199998);
	CHECK(!pidmap_get(&m, 99998, &v));
	CHECK(pidmap_put(&m, 4194304, 1) == 0 && pidmap_get(&m, 4194304, &v) && v == 1);
	CHECK_INT(m.n, 33335);
	pidmap_release(&m);
	CHECK(!pidmap_get(&m, 3, &v));
}

/* Threads tied by fork events; a process that ran nothing is no VMM. */
static void test_import_trace__forks_and_non_vmms(void)
{
	struct import_boots b;

	EXEC(10, 100);
	FORK(11, 100, 101);
	add(5, RAW_EXEC, 50, -1, "bash", 50);	/* out of time order: sorted first */
	PIO(12, 101, "qemu");
	add(13, RAW_KVM_RUN, 101, -1, "qemu", 0);
	EXIT(20, 101);	/* a thread's exit: not the VMM's */
	EXIT(21, 100);
	CHECK_INT(import_boots_find(&trace, &b), 0);
	CHECK_INT(b.n, 1);
	CHECK_INT(b.boot[0].root, 100);
	CHECK_STR(b.boot[0].file, "/usr/bin/qemu");
	CHECK_INT(b.boot[0].exec_ts, 10);
	CHECK_INT(b.boot[0].n, 4);	/* exec, pio, ioctl, its exit; no fork, no thread exit */
	CHECK_INT(b.boot[0].ev[0].kind, RAW_EXEC);
	CHECK_INT(b.boot[0].ev[1].pid, 100);	/* a thread's event names its process */
	CHECK_INT(b.boot[0].ev[3].kind, RAW_EXIT);
	CHECK_INT(b.by_name, 0);
	import_boots_release(&b);
	import_trace_release(&trace);
}

/* A pid reused after its process exited is another boot; a wrapper's exec is not. */
static void test_import_trace__pid_reuse_and_wrappers(void)
{
	struct import_boots b;

	add(1, RAW_EXEC, 100, -1, "sh", 100);	/* sh -c 'exec qemu' */
	EXEC(2, 100);
	PIO(3, 100, "qemu");
	EXIT(4, 100);
	EXEC(5, 200);
	PIO(6, 200, "qemu");
	EXEC(7, 100);	/* pid 100 again, a new process */
	PIO(8, 100, "qemu");
	EXIT(9, 100);
	CHECK_INT(import_boots_find(&trace, &b), 0);
	CHECK_INT(b.n, 3);
	CHECK_INT(b.boot[0].root, 100);
	CHECK_INT(b.boot[0].exec_ts, 1);
	CHECK_INT(b.boot[0].n, 4);
	CHECK_INT(b.boot[1].root, 200);
	CHECK_INT(b.boot[2].root, 100);
	CHECK_INT(b.boot[2].exec_ts, 7);
	CHECK_INT(b.boot[2].n, 3);
	import_boots_release(&b);
	import_trace_release(&trace);
}

/* Without forks, the line's pid (perf -F pid,tid), else the latest exec of the name. */
static void test_import_trace__pid_given_and_by_name(void)
{
	struct import_boots b;

	EXEC(1, 100);
	EXEC(2, 200);
	add(3, RAW_PIO, 105, 100, "qemu", 0);	/* perf's pid/tid */
	PIO(4, 205, "qemu");	/* no pid, no fork: the latest qemu, 200 */
	PIO(5, 999, "other");	/* nobody's */
	CHECK_INT(import_boots_find(&trace, &b), 0);
	CHECK_INT(b.n, 2);
	CHECK_INT(b.boot[0].n, 2);
	CHECK_INT(b.boot[1].n, 2);
	CHECK_INT(b.boot[1].ev[1].ts, 4);
	CHECK_INT(b.by_name, 1);
	import_boots_release(&b);
	import_trace_release(&trace);
}

/* Many VMMs with many events each: all found, events kept whole and in order. */
static void test_import_trace__many(void)
{
	struct import_boots b;
	pid_t v;
	int i;
	uint64_t ts = 0;

	for (v = 0; v < 500; v++) {
		EXEC(++ts, 1000 + v * 4);
		FORK(++ts, 1000 + v * 4, 1001 + v * 4);
	}
	for (i = 0; i < 40; i++)
		for (v = 0; v < 500; v++)
			PIO(++ts, 1001 + v * 4, "CPU 0/KVM");
	CHECK_INT(import_boots_find(&trace, &b), 0);
	CHECK_INT(b.n, 500);
	for (v = 0; v < 500; v++) {
		CHECK_INT(b.boot[v].root, 1000 + v * 4);
		CHECK_INT(b.boot[v].n, 41);
		for (i = 1; i < 41; i++)
			CHECK(b.boot[v].ev[i].ts > b.boot[v].ev[i - 1].ts);
	}
	import_boots_release(&b);
	import_trace_release(&trace);
}

static void test_import_trace__empty(void)
{
	struct import_boots b;

	CHECK_INT(import_boots_find(&trace, &b), 0);
	CHECK_INT(b.n, 0);
	import_boots_release(&b);
	import_trace_release(&trace);
}

UNIT_MAIN(
	TEST(test_import_trace__pidmap),
	TEST(test_import_trace__forks_and_non_vmms),
	TEST(test_import_trace__pid_reuse_and_wrappers),
	TEST(test_import_trace__pid_given_and_by_name),
	TEST(test_import_trace__many),
	TEST(test_import_trace__empty),
)
