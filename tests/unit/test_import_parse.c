/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text trace lines, as perf script, trace-cmd report and tracefs print them
 * (the lines below were printed by those tools here, from real boots). */
#include "unit.h"
#include "collector/import_parse.h"

static void test_import_parse__perf_default(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse(" qemu-system-x86 27203 [001]  4640.661379: sched:sched_process_exec: "
				   "filename=/usr/bin/qemu-system-x86_64 pid=27203 old_pid=27203", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_EXEC);
	CHECK_INT(l.ev.ts, 4640661379000ULL);
	CHECK_INT(l.tid, 27203);
	CHECK_INT(l.pid, -1);
	CHECK_INT(l.ev.pid, 27203);
	CHECK_STR(l.comm, "qemu-system-x86");
	CHECK_STR(l.filename, "/usr/bin/qemu-system-x86_64");
	CHECK_INT(trace_line_parse(" qemu-system-x86 27206 [000]  4640.706255: syscalls:sys_enter_ioctl: "
				   "fd: 0x0000000b, cmd: 0x0000ae80, arg: 0x00000000", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_KVM_RUN);
	CHECK_INT(l.tid, 27206);
	CHECK_INT(trace_line_parse("        kthreadd     2 [000]  4640.701370: sched:sched_process_fork: "
				   "comm=kthreadd pid=2 child_comm=kvm-pit/27203 child_pid=27207", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_FORK);
	CHECK_INT(l.tid, 2);
	CHECK_INT(l.ev.pid, 27207);
	CHECK_INT(l.ev.value, 2);
}

static void test_import_parse__perf_pid_tid_ns(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse(" qemu-system-x86 27203/27206 [000]  4640.706255271: syscalls:sys_enter_ioctl: "
				   "fd: 0x0000000b, cmd: 0x0000ae80, arg: 0x00000000", &l), LINE_EVENT);
	CHECK_INT(l.pid, 27203);
	CHECK_INT(l.tid, 27206);
	CHECK_INT(l.ev.ts, 4640706255271ULL);
	CHECK_INT(trace_line_parse(" CPU 0/KVM 100/102 [001]  12.000000001: kvm:kvm_pio: "
				   "pio_write at 0xf4 size 1 count 1 val 0x6 ", &l), LINE_EVENT);
	CHECK_STR(l.comm, "CPU 0/KVM");	/* QEMU names its vCPU threads with spaces */
	CHECK_INT(l.ev.kind, RAW_PIO);
	CHECK(l.ev.write);
	CHECK_INT(l.ev.port, 0xf4);
	CHECK_INT(l.ev.value, 6);
	CHECK_INT(l.ev.count, 1);
}

static void test_import_parse__trace_cmd_report(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse("tcx:  qemu-system-x86-27287 [000]  4650.990803: sched_process_exec:   "
				   "filename=/usr/bin/qemu-system-x86_64 pid=27287 old_pid=27287", &l), LINE_EVENT);
	CHECK_STR(l.comm, "qemu-system-x86");	/* the instance prefix is not the comm */
	CHECK_INT(l.tid, 27287);
	CHECK_INT(l.ev.kind, RAW_EXEC);
	CHECK_INT(trace_line_parse("  qemu-system-x86-27289 [001]  4651.038565: sys_enter_ioctl:      "
				   "fd: 0x00000009, cmd: 0x0000ae80, arg: 0x00000000", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_KVM_RUN);
	CHECK_INT(trace_line_parse("  qemu-system-x86-27289 [001]  4651.040000: kvm_pio:   "
				   "pio_read at 0x511 size 1 count 1 val 0x5 ", &l), LINE_EVENT);
	CHECK(!l.ev.write);
	CHECK_INT(trace_line_parse("cpus=2", &l), LINE_SKIP);
	CHECK_INT(trace_line_parse("CPU 1 is empty", &l), LINE_SKIP);
}

static void test_import_parse__tracefs_file(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse("# tracer: nop", &l), LINE_SKIP);
	CHECK_INT(trace_line_parse(" qemu-system-x86-4843    [001] .....   136.111337: sched_process_exec: "
				   "filename=/usr/bin/qemu-system-x86_64 pid=4843 old_pid=4843", &l), LINE_EVENT);
	CHECK_INT(l.ev.ts, 136111337000ULL);
	CHECK_INT(trace_line_parse(" qemu-system-x86-4845    [001] d..1.   136.157564: sys_ioctl(fd: 9, "
				   "cmd: 0xae80, arg: 0)", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_KVM_RUN);
	CHECK_INT(l.tid, 4845);
	CHECK_INT(trace_line_parse(" qemu-system-x86-4843    [000] .....   136.158472: sched_process_exit: "
				   "comm=qemu-system-x86 pid=4843 prio=120 group_dead=true", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_EXIT);
	CHECK_INT(l.ev.pid, 4843);
	CHECK_INT(trace_line_parse(" qemu-system-x86-4845    [001] .....   136.158430: kvm_mmio: mmio write "
				   "len 1 gpa 0xd0000 val 0x7b", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_MMIO);
	CHECK_INT(l.ev.address, 0xd0000);
	CHECK_INT(l.ev.value, 123);
	CHECK_INT(trace_line_parse("      bash-1 [000] ..... 1.000: sched_switch: prev_comm=a", &l), LINE_SKIP);
	CHECK_INT(trace_line_parse("bash-1 [000] 1.5: sys_enter_ioctl: fd: 0x3, cmd: 0x5401", &l), LINE_SKIP);
}

static void test_import_parse__bad_lines(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse("hello world", &l), LINE_BAD);
	CHECK_INT(trace_line_parse("qemu-1 [000] notatime: kvm_pio: x", &l), LINE_BAD);
	CHECK_INT(trace_line_parse("qemu-1 [000] 1.0: kvm_pio: pio_write at zz", &l), LINE_BAD);
	CHECK_INT(trace_line_parse("qemu-1 [000] 1.0: sched_process_exec: pid=3", &l), LINE_BAD);
	CHECK_INT(trace_line_parse("qemu 1 [000] 1.0: sched:sched_process_fork: comm=a pid=1", &l), LINE_BAD);
}

static void test_import_parse__stap_lines(void)
{
	struct trace_line l;

	CHECK_INT(stap_line_parse("kvmboot-stap 1234 0 exec /usr/bin/qemu-system-x86_64", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_EXEC);
	CHECK_INT(l.ev.pid, 1234);
	CHECK_STR(l.filename, "/usr/bin/qemu-system-x86_64");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 41000000 kvm_entry", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_KVM_ENTRY);
	CHECK_INT(l.ev.ts, 41000000);
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 42000000 pio 0x404 7", &l), LINE_EVENT);
	CHECK_INT(l.ev.port, 0x404);
	CHECK_INT(l.ev.value, 7);
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 50000000 exit", &l), LINE_EVENT);
	CHECK_INT(l.ev.kind, RAW_EXIT);
	CHECK_INT(stap_line_parse("Pass 5: run completed", &l), LINE_SKIP);
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 x exit", &l), LINE_BAD);
	CHECK_STR(l.why, "time 'x' is not a number");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 pio 0xf4", &l), LINE_BAD);
	CHECK_STR(l.why, "the value is missing");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 reboot", &l), LINE_BAD);
	CHECK_STR(l.why, "cannot read this line (not kvmboot.stp's format)");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 0 exec /opt/my vmm/qemu", &l), LINE_EVENT);
	CHECK_STR(l.filename, "/opt/my vmm/qemu");	/* the rest of the line */
}

/* Issue 9: a negative time was stored, trailing text accepted, numbers wrapped. */
static void test_import_parse__stap_ranges_and_garbage(void)
{
	struct trace_line l;

	CHECK_INT(stap_line_parse("kvmboot-stap 1234 -5 kvm_entry", &l), LINE_BAD);
	CHECK_STR(l.why, "time '-5' is negative");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 18446744073709551615 exit", &l), LINE_EVENT);
	CHECK(l.ev.ts == ~0ULL);
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 18446744073709551616 exit", &l), LINE_BAD);
	CHECK_STR(l.why, "time '18446744073709551616' is past 18446744073709551615");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 exit now", &l), LINE_BAD);
	CHECK_STR(l.why, "trailing 'now' after the event's fields");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 kvm_entry 7", &l), LINE_BAD);
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 pio 0xf4 0x6 0x7", &l), LINE_BAD);
	CHECK_STR(l.why, "trailing '0x7' after the event's fields");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 pio 0x100f4 0x6", &l), LINE_BAD);
	CHECK_STR(l.why, "port '0x100f4' is past 0xffff");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 pio 0xf4 0x100000000", &l), LINE_BAD);
	CHECK_STR(l.why, "value '0x100000000' is past 0xffffffff");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 pio 244 6", &l), LINE_EVENT);
	CHECK_INT(l.ev.port, 244);
	CHECK_INT(stap_line_parse("kvmboot-stap 4294967297 5 exit", &l), LINE_BAD);
	CHECK_STR(l.why, "pid '4294967297' is past 4194304");
	CHECK_INT(stap_line_parse("kvmboot-stap 0 5 exit", &l), LINE_BAD);
	CHECK_INT(stap_line_parse("kvmboot-stap 12a 5 exit", &l), LINE_BAD);
	CHECK_STR(l.why, "pid '12a' is not a number");
	CHECK_INT(stap_line_parse("kvmboot-stap 1234 5 exec", &l), LINE_BAD);
	CHECK_STR(l.why, "exec without a file name");
}

#define PERF(event_and_args) " qemu-system-x86 27203 [001]  4640.661379: " event_and_args

/* Issue 9: every number a text line gives is read whole and checked for its range. */
static void test_import_parse__trace_ranges(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse("qemu-1 [000] 18446744073.709551615: kvm_entry: vcpu 0", &l), LINE_EVENT);
	CHECK(l.ev.ts == ~0ULL);
	CHECK_INT(trace_line_parse("qemu-1 [000] 18446744073.709551616: kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "time '18446744073.709551616' is past 2^64 ns");
	CHECK_INT(trace_line_parse("qemu-1 [000] 99999999999999999999.0: kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "time '99999999999999999999.0' is past 2^64 ns");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0x100f4 size 1 count 1 val 0x1"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "port '0x100f4' is past 0xffff");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 1 val 0x100000000"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "value '0x100000000' is past 0xffffffff");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 4294967296 val 0x1"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "count '4294967296' is past 4294967295");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 9 count 1 val 0x1"), &l),
		  LINE_BAD);
	CHECK_INT(trace_line_parse(" qemu 4294967297 [001]  1.0: kvm:kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "tid '4294967297' is past 4194304");
	CHECK_INT(trace_line_parse(" qemu 4294967297/5 [001]  1.0: kvm:kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "pid '4294967297' is past 4194304");
	CHECK_INT(trace_line_parse("qemu-4294967297 [001]  1.0: kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "tid '4294967297' is past 4194304");
	CHECK_INT(trace_line_parse(PERF("sched:sched_process_exec: filename=/q pid=4294967297 old_pid=1"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "pid '4294967297' is past 4194304");
	CHECK_INT(trace_line_parse(PERF("sched:sched_process_exit: comm=q pid=12x prio=120"), &l), LINE_BAD);
	CHECK_STR(l.why, "pid '12x' is not a number");
	CHECK_INT(trace_line_parse(PERF("sched:sched_process_fork: comm=q pid=1 child_comm=q child_pid=-2"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "child_pid '-2' is negative");
	CHECK_INT(trace_line_parse(PERF("sched:sched_process_fork: comm=q pid=1 child_comm=q"), &l), LINE_BAD);
	CHECK_STR(l.why, "no 'child_pid=' in the event's fields");
	CHECK_INT(trace_line_parse(PERF("syscalls:sys_enter_ioctl: fd: 0xb, cmd: 0xae8z, arg: 0x0"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "cmd '0xae8z' is not a number");
	CHECK_INT(trace_line_parse(PERF("syscalls:sys_enter_ioctl: fd: 0xb, cmd: 0x1ae80, arg: 0x0"), &l),
		  LINE_SKIP);	/* not KVM_RUN: no wrap to 0xae80 */
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_mmio: mmio write len 8 gpa 0x10000000000000000 val 0x1"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "address '0x10000000000000000' is past 0xffffffffffffffff");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_mmio: mmio write len 8 gpa 0xc0000000 val 0x1234567800000007"),
				   &l), LINE_EVENT);
	CHECK_INT(l.ev.value, 7);	/* as live collection: the low 32 bits */
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_mmio: mmio write len 16 gpa 0xc0000000 val 0x1"), &l), LINE_BAD);
	CHECK_STR(l.why, "length '16' is past 8");
}

static void test_import_parse__trace_garbage(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 1 val 0x6 zz"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "trailing 'zz' after the event's fields");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 1 val 0x6x"), &l),
		  LINE_BAD);
	CHECK_STR(l.why, "value '0x6x' is not a number");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 3 val 0x6 (...)"), &l),
		  LINE_EVENT);	/* the kernel's mark of string I/O */
	CHECK_INT(l.ev.count, 3);
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write at 0xf4 size 1 count 1 val 0x6 (...) x"), &l),
		  LINE_BAD);
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_pio: pio_write to 0xf4 size 1 count 1 val 0x6"), &l), LINE_BAD);
	CHECK_STR(l.why, "cannot read this line");
	CHECK_INT(trace_line_parse(PERF("kvm:kvm_mmio: mmio write len 1 gpa 0xd0000 val 0x7b 9"), &l), LINE_BAD);
	CHECK_STR(l.why, "trailing '9' after the event's fields");
	CHECK_INT(trace_line_parse(PERF("sched:sched_process_exec: filename=/q pid=5x old_pid=5"), &l), LINE_BAD);
	CHECK_STR(l.why, "pid '5x' is not a number");
	CHECK_INT(trace_line_parse("qemu-1 [000] 1.5x: kvm_entry: vcpu 0", &l), LINE_BAD);
	CHECK_STR(l.why, "cannot read this line");
}

/* QEMU names its vCPU threads "CPU 0/KVM" (debug-threads=on, as libvirt sets). */
static void test_import_parse__thread_names_with_spaces(void)
{
	struct trace_line l;

	CHECK_INT(trace_line_parse("       CPU 0/KVM-4845    [001] .....   136.158430: kvm_pio: "
				   "pio_write at 0xf4 size 1 count 1 val 0x6 ", &l), LINE_EVENT);
	CHECK_STR(l.comm, "CPU 0/KVM");
	CHECK_INT(l.tid, 4845);
	CHECK_INT(trace_line_parse("tcx:  CPU 1/KVM-27289 [001]  4651.040000: kvm_pio:   "
				   "pio_write at 0xf4 size 1 count 1 val 0x6 ", &l), LINE_EVENT);
	CHECK_STR(l.comm, "CPU 1/KVM");
	CHECK_INT(l.tid, 27289);
}

UNIT_MAIN(
	TEST(test_import_parse__perf_default),
	TEST(test_import_parse__perf_pid_tid_ns),
	TEST(test_import_parse__trace_cmd_report),
	TEST(test_import_parse__tracefs_file),
	TEST(test_import_parse__bad_lines),
	TEST(test_import_parse__stap_lines),
	TEST(test_import_parse__stap_ranges_and_garbage),
	TEST(test_import_parse__trace_ranges),
	TEST(test_import_parse__trace_garbage),
	TEST(test_import_parse__thread_names_with_spaces),
)
