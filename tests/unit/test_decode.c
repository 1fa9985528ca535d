/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Decoding raw events into milestones. */
#include "unit.h"
#include "collector/decode.h"

#define VMM 100
#define VCPU 102
#define T0 5000000000ULL

static struct raw_event ev_exec(uint64_t ts, pid_t pid)
{
	return (struct raw_event){ .ts = ts, .kind = RAW_EXEC, .pid = pid };
}

static struct raw_event ev_pio(uint64_t ts, uint16_t port, uint32_t value)
{
	return (struct raw_event){ .ts = ts, .kind = RAW_PIO, .pid = VCPU, .write = true,
				   .port = port, .value = value, .count = 1 };
}

static struct raw_event ev_kind(uint64_t ts, enum raw_kind kind, pid_t pid)
{
	return (struct raw_event){ .ts = ts, .kind = kind, .pid = pid };
}

/* Numbers EV in the order given, loads TABLE into MAP and decodes EV into BT. */
static int decode_with(struct raw_event *ev, size_t n, struct point_map *map, const char *table,
		       struct boot_trace *bt)
{
	size_t i;

	for (i = 0; i < n; i++)
		ev[i].order = (uint32_t)i;
	point_map_load(map, table, NULL, 0);
	return decode_boot(ev, n, VMM, &(struct decode_config){ map, NULL, 0, NULL }, bt);
}

static void check_names(const struct boot_trace *bt, const char *const *names, size_t n)
{
	size_t i;

	CHECK_INT(bt->n, n);
	for (i = 0; i < n && i < bt->n; i++)
		CHECK_STR(bt->ms[i].name, names[i]);
}

static void test_decode__full_boot_in_order(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		ev_kind(T0 + 40000, RAW_KVM_RUN, VCPU),
		ev_kind(T0 + 40500, RAW_KVM_RUN, VCPU),
		ev_pio(T0 + 50000, 0xf5, 1),
		ev_pio(T0 + 60000, 0xf5, 5),
		ev_pio(T0 + 70000, 0xf4, 6),
		ev_pio(T0 + 80000, 0xf4, 7),
		ev_kind(T0 + 90000, RAW_EXIT, VCPU),
		ev_kind(T0 + 91000, RAW_EXIT, VMM),
	};
	static const char *const names[] = { "vmm_exec", "vmm_init_end", "fw_start",
		"fw_do_boot", "linux_start_kernel", "linux_start_user", "vmm_exit" };
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 9, &map, "qboot", &bt), 0);
	CHECK(bt.have_exec);
	CHECK_INT(bt.exec_ts, T0);
	CHECK_STR(bt.init_end_source, "kvm_run_ioctl");
	check_names(&bt, names, 7);
	CHECK_INT(bt.ms[0].time_ns, 0);
	CHECK_INT(bt.ms[1].time_ns, 40000);	/* the first KVM_RUN */
	CHECK_INT(bt.ms[2].time_ns, 50000);
	CHECK_INT(bt.ms[2].port, 0xf5);
	CHECK_INT(bt.ms[2].value, 1);
	CHECK_STR(bt.ms[2].source, "pio");
	CHECK_INT(bt.ms[6].time_ns, 91000);	/* the VMM's own exit, not a thread's */
	boot_trace_release(&bt);
}

static void test_decode__unsorted_input_is_ordered(void)
{
	struct raw_event ev[] = {
		ev_pio(T0 + 80000, 0xf4, 7),
		ev_kind(T0 + 40000, RAW_KVM_RUN, VCPU),
		ev_pio(T0 + 70000, 0xf4, 6),
		ev_exec(T0, VMM),
	};
	static const char *const names[] = { "vmm_exec", "vmm_init_end",
		"linux_start_kernel", "linux_start_user" };
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 4, &map, "qboot", &bt), 0);
	check_names(&bt, names, 4);
	CHECK(!bt.have_exit);
	boot_trace_release(&bt);
}

static void test_decode__kvm_entry_preferred_over_ioctl(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		ev_kind(T0 + 100, RAW_KVM_RUN, VCPU),
		ev_kind(T0 + 200, RAW_KVM_ENTRY, VCPU),
	};
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 3, &map, "qboot", &bt), 0);
	CHECK_STR(bt.init_end_source, "kvm_entry");
	CHECK_INT(bt.n, 2);
	CHECK_INT(bt.ms[1].time_ns, 200);
	CHECK_STR(bt.ms[1].source, "kvm_entry");
	boot_trace_release(&bt);
}

static void test_decode__repeated_point_kept_twice_with_order(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		ev_pio(T0 + 10, 0xf4, 9),
		ev_pio(T0 + 10, 0xf4, 6),	/* same time: arrival order decides */
		ev_pio(T0 + 30, 0xf4, 9),
	};
	static const char *const names[] = { "vmm_exec", "point 9", "linux_start_kernel",
		"point 9" };
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 4, &map, "qboot", &bt), 0);
	check_names(&bt, names, 4);
	CHECK_INT(bt.ms[3].time_ns, 30);
	CHECK(bt.init_end_source == NULL);
	boot_trace_release(&bt);
}

static void test_decode__reads_other_ports_and_string_io(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		ev_pio(T0 + 10, 0x402, 'S'),	/* not a trace port */
		ev_pio(T0 + 20, 0xf5, 1),
		ev_pio(T0 + 30, 0xf4, 6),
	};
	struct point_map map;
	struct boot_trace bt;

	ev[2].write = false;	/* a read of a trace port is no trace point */
	ev[3].count = 4;	/* rep outsb: one event, first value */
	CHECK_INT(decode_with(ev, 4, &map, "qboot", &bt), 0);
	CHECK_INT(bt.n, 2);
	CHECK_STR(bt.ms[1].name, "linux_start_kernel");
	CHECK_INT(bt.string_writes, 1);
	boot_trace_release(&bt);
}

static void test_decode__time_zero_is_first_exec_of_vmm(void)
{
	struct raw_event ev[] = {
		ev_exec(T0 - 500, 99),		/* another process: ignored */
		ev_pio(T0 - 100, 0xf5, 1),	/* before time zero: ignored */
		ev_exec(T0, VMM),		/* a wrapper script */
		ev_exec(T0 + 1000, VMM),	/* which execs the VMM */
		ev_pio(T0 + 2000, 0xf5, 1),
	};
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 5, &map, "qboot", &bt), 0);
	CHECK_INT(bt.exec_ts, T0);
	CHECK_INT(bt.n, 2);
	CHECK_INT(bt.ms[1].time_ns, 2000);
	boot_trace_release(&bt);
}

static void test_decode__no_exec_no_milestones(void)
{
	struct raw_event ev[] = { ev_pio(T0, 0xf5, 1) };
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 1, &map, "qboot", &bt), 0);
	CHECK(!bt.have_exec);
	CHECK_INT(bt.n, 0);
	boot_trace_release(&bt);
	CHECK_INT(decode_boot(NULL, 0, VMM, &(struct decode_config){ &map, NULL, 0, NULL }, &bt), 0);
	CHECK_INT(bt.n, 0);
	boot_trace_release(&bt);
}

static void test_decode__table_2019_numbering(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		ev_pio(T0 + 1, 0xf5, 4),
		ev_pio(T0 + 2, 0xf4, 5),
		ev_pio(T0 + 3, 0xf4, 6),
	};
	static const char *const names[] = { "vmm_exec", "fw_do_boot",
		"linux_start_kernel", "linux_start_user" };
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 4, &map, "qboot-2019", &bt), 0);
	check_names(&bt, names, 4);
	boot_trace_release(&bt);
}

static void test_decode__mmio_write_is_a_point(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM),
		{ .ts = T0 + 50, .kind = RAW_MMIO, .pid = VCPU, .write = true,
		  .address = 0xc0000000ULL, .value = 123 },
		{ .ts = T0 + 60, .kind = RAW_MMIO, .pid = VCPU, .write = false,
		  .address = 0xc0000000ULL, .value = 123 },	/* a read is not */
		{ .ts = T0 + 70, .kind = RAW_MMIO, .pid = VCPU, .write = true,
		  .address = 0xd0000, .value = 123 },		/* nor another address */
	};
	struct point_map map;
	struct boot_trace bt;

	CHECK_INT(decode_with(ev, 4, &map, "firecracker", &bt), 0);
	CHECK_INT(bt.n, 2);
	CHECK_STR(bt.ms[1].name, "firecracker_boot_done");
	CHECK_STR(bt.ms[1].source, "mmio");
	CHECK(bt.ms[1].has_address && !bt.ms[1].has_port);
	CHECK_INT(bt.ms[1].address, 0xc0000000ULL);
	boot_trace_release(&bt);
}

/* Batches as a running boot drains them: the same milestones as all at once. */
static void test_decode__batches_like_one_piece(void)
{
	struct raw_event ev[] = {
		{ .ts = T0 - 10, .kind = RAW_MARK, .pid = VMM, .value = 7 },	/* "kvmboot-vmm 7" */
		ev_exec(T0, VMM),
		ev_kind(T0 + 40000, RAW_KVM_RUN, VCPU),
		ev_pio(T0 + 50000, 0xf5, 1),
		ev_kind(T0 + 60000, RAW_KVM_RUN, VCPU),
		ev_pio(T0 + 70000, 0xf4, 6),
		ev_kind(T0 + 91000, RAW_EXIT, VMM),
	};
	static const char *const names[] = { "vmm_exec", "vmm_init_end", "fw_start",
		"linux_start_kernel", "vmm_exit" };
	struct decode_config cfg = { NULL, NULL, 0, NULL, NULL, 0 };
	struct boot_decoder d;
	struct point_map map;
	struct boot_trace bt;
	size_t i;

	point_map_load(&map, "qboot", NULL, 0);
	cfg.map = &map;
	for (i = 0; i < 7; i++)
		ev[i].order = (uint32_t)i;
	/* We launched pid 7 in our namespace; its marker says it is VMM here. */
	decoder_init(&d, &cfg, 0, 7);
	CHECK_INT(decoder_feed(&d, ev, 2), 0);
	CHECK_INT(decoder_vmm_pid(&d), VMM);
	CHECK_INT(decoder_feed(&d, ev + 2, 3), 0);
	CHECK_INT(decoder_feed(&d, ev + 5, 2), 0);
	CHECK_INT(decoder_finish(&d, &bt), 0);
	check_names(&bt, names, 5);
	CHECK_INT(bt.ms[1].time_ns, 40000);
	CHECK_INT(bt.ms[4].time_ns, 91000);
	boot_trace_release(&bt);
}

/* A later batch may hold an earlier event (another CPU's): first means earliest. */
static void test_decode__earliest_first_across_batches(void)
{
	struct raw_event a[] = { ev_exec(T0, VMM), ev_kind(T0 + 900, RAW_KVM_RUN, VCPU) };
	struct raw_event b[] = { ev_kind(T0 + 500, RAW_KVM_RUN, VCPU + 1) };
	struct decode_config cfg = { NULL, NULL, 0, NULL, NULL, 0 };
	struct boot_decoder d;
	struct point_map map;
	struct boot_trace bt;

	point_map_load(&map, "qboot", NULL, 0);
	cfg.map = &map;
	decoder_init(&d, &cfg, VMM, 0);
	decoder_feed(&d, a, 2);
	decoder_feed(&d, b, 1);
	CHECK_INT(decoder_finish(&d, &bt), 0);
	CHECK_INT(bt.n, 2);
	CHECK_STR(bt.ms[1].name, "vmm_init_end");
	CHECK_INT(bt.ms[1].time_ns, 500);
	boot_trace_release(&bt);
}

static struct raw_event ev_fork(uint64_t ts, pid_t parent, pid_t child)
{
	return (struct raw_event){ .ts = ts, .kind = RAW_FORK, .pid = child, .value = (uint32_t)parent };
}

/* Feeds BATCHES (each N_EACH events, in turn) to a lone boot's decoder: is its tree gone? */
static bool tree_gone_after(struct raw_event *ev, const size_t *n_each, size_t nbatches)
{
	struct decode_config cfg = { NULL, NULL, 0, NULL, NULL, 0 };
	struct boot_decoder d;
	struct point_map map;
	struct boot_trace bt;
	size_t i, at = 0;
	bool gone;

	point_map_load(&map, "qboot", NULL, 0);
	cfg.map = &map;
	decoder_init(&d, &cfg, VMM, 0);
	for (i = 0; i < nbatches; at += n_each[i++])
		decoder_feed(&d, ev + at, n_each[i]);
	gone = decoder_tree_gone(&d);
	decoder_finish(&d, &bt);
	boot_trace_release(&bt);
	return gone;
}

/* Threads and a child that all exited, the VMM last: nothing left to look for. */
static void test_decode__tree_gone_when_all_exited(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM), ev_fork(T0 + 1, VMM, VCPU), ev_fork(T0 + 2, VMM, 300),
		ev_fork(T0 + 3, 300, 301), ev_kind(T0 + 4, RAW_EXIT, 301),
		ev_kind(T0 + 5, RAW_EXIT, 300), ev_kind(T0 + 6, RAW_EXIT, VCPU),
		ev_kind(T0 + 7, RAW_EXIT, VMM),
	};
	size_t n[] = { 8 };

	CHECK(tree_gone_after(ev, n, 1));
}

/* A grandchild still running, or the VMM's own exit not seen: not gone. */
static void test_decode__tree_not_gone_while_one_lives(void)
{
	struct raw_event alive[] = {
		ev_exec(T0, VMM), ev_fork(T0 + 2, VMM, 300), ev_fork(T0 + 3, 300, 301),
		ev_kind(T0 + 5, RAW_EXIT, 300), ev_kind(T0 + 7, RAW_EXIT, VMM),
	};
	struct raw_event no_exit[] = { ev_exec(T0, VMM), ev_fork(T0 + 1, VMM, VCPU),
				       ev_kind(T0 + 6, RAW_EXIT, VCPU) };
	size_t n5[] = { 5 }, n3[] = { 3 };

	CHECK(!tree_gone_after(alive, n5, 1));
	CHECK(!tree_gone_after(no_exit, n3, 1));
}

/*
 * Each CPU's buffer is read in turn: a child's fork of a grandchild can
 * come a batch before the VMM's fork of that child. The grandchild is
 * unknown then, so the tree cannot be said to be gone.
 */
static void test_decode__tree_unsure_after_a_fork_of_an_unknown_parent(void)
{
	struct raw_event ev[] = {
		ev_exec(T0, VMM), ev_fork(T0 + 3, 300, 301),	/* batch 1: CPU 1's */
		ev_fork(T0 + 2, VMM, 300), ev_kind(T0 + 5, RAW_EXIT, 300),	/* batch 2 */
		ev_kind(T0 + 7, RAW_EXIT, VMM),
	};
	size_t n[] = { 2, 3 };

	CHECK(!tree_gone_after(ev, n, 2));
}

/* Someone else's marker line, or none: no exec of ours, no boot. */
static void test_decode__marker_of_another_pid_ignored(void)
{
	struct raw_event ev[] = {
		{ .ts = T0 - 10, .kind = RAW_MARK, .pid = 555, .value = 8 },
		ev_exec(T0, 555),
		ev_pio(T0 + 10, 0xf5, 1),
	};
	struct decode_config cfg = { NULL, NULL, 0, NULL, NULL, 0 };
	struct boot_decoder d;
	struct point_map map;
	struct boot_trace bt;

	point_map_load(&map, "qboot", NULL, 0);
	cfg.map = &map;
	decoder_init(&d, &cfg, 0, 7);
	decoder_feed(&d, ev, 3);
	CHECK_INT(decoder_vmm_pid(&d), 0);
	CHECK_INT(decoder_finish(&d, &bt), 0);
	CHECK(!bt.have_exec);
	CHECK_INT(bt.n, 0);
	boot_trace_release(&bt);
}

/* A guest flooding a trace port: points past the cap are counted, not kept. */
static void test_decode__points_capped(void)
{
	struct decode_config cfg = { NULL, NULL, 0, NULL, NULL, 0 };
	struct raw_event e = ev_exec(T0, VMM);
	struct boot_decoder d;
	struct point_map map;
	struct boot_trace bt;
	uint64_t i;

	point_map_load(&map, "qboot", NULL, 0);
	cfg.map = &map;
	decoder_init(&d, &cfg, VMM, 0);
	decoder_feed(&d, &e, 1);
	for (i = 1; i <= DECODE_POINTS_MAX + 10; i++) {
		e = ev_pio(T0 + i, 0xf4, 9);
		decoder_feed(&d, &e, 1);
	}
	CHECK_INT(decoder_finish(&d, &bt), 0);
	CHECK_INT(bt.n, DECODE_POINTS_MAX);	/* vmm_exec and the first points */
	CHECK_INT(bt.dropped_points, 11);
	boot_trace_release(&bt);
}

UNIT_MAIN(
	TEST(test_decode__batches_like_one_piece),
	TEST(test_decode__earliest_first_across_batches),
	TEST(test_decode__tree_gone_when_all_exited),
	TEST(test_decode__tree_not_gone_while_one_lives),
	TEST(test_decode__tree_unsure_after_a_fork_of_an_unknown_parent),
	TEST(test_decode__marker_of_another_pid_ignored),
	TEST(test_decode__points_capped),
	TEST(test_decode__mmio_write_is_a_point),
	TEST(test_decode__full_boot_in_order),
	TEST(test_decode__unsorted_input_is_ordered),
	TEST(test_decode__kvm_entry_preferred_over_ioctl),
	TEST(test_decode__repeated_point_kept_twice_with_order),
	TEST(test_decode__reads_other_ports_and_string_io),
	TEST(test_decode__time_zero_is_first_exec_of_vmm),
	TEST(test_decode__no_exec_no_milestones),
	TEST(test_decode__table_2019_numbering),
)
