#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Milestones from console text: the guest's writes to 0x402 and the UART.

load helpers

setup() {
	require_tracing
	common_setup
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

# SeaBIOS-like text on 0x402, then a UART set up as Linux does it (DLAB
# on, divisor, DLAB off) and Linux-like text on 0x3f8.
text_guest() {
	synth_qemu 0xf5:1 'text:0x402:SeaBIOS (version 1.16.2-test)\nRunning option rom at c000:0003\nBooting from ROM...\n' \
		0x3fb:0x80 0x3f8:0x01 0x3f9:0x00 0x3fb:0x03 \
		'text:0x3f8:[    0.000000] Linux version 6.1.0 (test)\n' delay:1 \
		'text:0x3f8:[    0.900000] Freeing unused kernel image (initmem) memory: 2684K\n[    0.910000] Run /init as init process\n' \
		'text:0x3f8:[\x1b[0;32m  OK  \x1b[0m] Reached target Basic System.\n' "$@" 0xf4:6
}

@test "console lines on 0x402 and 0x3f8 become the expected lines and milestones, in order" {
	run $COLLECT -n 2 --ok-exit 1 --console 0x402,0x3f8 -- $(text_guest)
	assert_success
	[ "$(sql "SELECT group_concat(printf('%#x %s', port, text), '|') FROM (SELECT port, text FROM console_lines WHERE run_id = 1 ORDER BY seq)")" = "0x402 SeaBIOS (version 1.16.2-test)|0x402 Running option rom at c000:0003|0x402 Booting from ROM...|0x3f8 [    0.000000] Linux version 6.1.0 (test)|0x3f8 [    0.900000] Freeing unused kernel image (initmem) memory: 2684K|0x3f8 [    0.910000] Run /init as init process|0x3f8 [  OK  ] Reached target Basic System." ]
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start seabios_version seabios_option_rom seabios_booting linux_version linux_free_init linux_run_init systemd_reached_target linux_start_kernel vmm_exit" ]
	# A line's time is its first byte's; lines and times only grow.
	[ "$(sql "SELECT count(*) FROM console_lines a JOIN console_lines b ON a.run_id = b.run_id AND b.seq = a.seq + 1 WHERE b.time_ns < a.time_ns")" = 0 ]
	[ "$(sql "SELECT count(*) FROM run_points p JOIN console_lines l ON l.run_id = p.run_id AND l.time_ns = p.time_ns WHERE p.source = 'console'")" = 14 ]
	# The delay between the Linux lines shows as time between them.
	[ "$(sql "SELECT min(b.time_ns - a.time_ns) > 10000000 FROM run_points a JOIN run_points b ON a.run_id = b.run_id WHERE a.name = 'linux_version' AND b.name = 'linux_free_init'")" = 1 ]
}

@test "kvmboot-report console RUN prints the lines with times and deltas" {
	$COLLECT -q -n 1 --ok-exit 1 --console 0x402,0x3f8 -- $(text_guest)
	run "$REPORT" console 1
	assert_success
	assert_line --index 0 "console of run 1: ms since the VMM's exec, and since the line before"
	assert_line --regexp '^ *[0-9]+\.[0-9]{3} +- +0x402 +SeaBIOS \(version 1\.16\.2-test\)$'
	assert_line --regexp '^ *[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3} +0x3f8 +\[    0\.910000\] Run /init as init process$'
	run "$REPORT" -f json console 1
	[ "$(jq -r '.rows[6].text' <<< "$output")" = "[  OK  ] Reached target Basic System." ]
	[ "$(jq '[.rows[] | select(.delta_ns != null and .delta_ns < 0)] | length' <<< "$output")" = 0 ]
}

@test "--match names lines first; --rules none keeps the text without milestones" {
	run $COLLECT -n 1 --ok-exit 1 --console 0x402,0x3f8 --rules none \
		--match '^Booting from (ROM|Hard Disk)=handover' --match 'Run /init=userspace' -- $(text_guest)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start handover userspace linux_start_kernel vmm_exit" ]
	[ "$(sql 'SELECT count(*) FROM console_lines')" = 7 ]
	run $COLLECT -n 1 --match '([=x' -- true
	assert_failure 2
	assert_output --partial "--match: '([' is not a POSIX extended regex"
}

@test "a milestone is a rule's first matching line; the later ones stay text" {
	run $COLLECT -n 1 --ok-exit 1 -- $(synth_qemu 'text:0x402:SeaBIOS (version 1)\n' delay:20 \
		'text:0x402:Booting from ROM...\n' 'text:0x402:SeaBIOS (version 1)\n' \
		'text:0x402:Booting from c000:0054\n' exit:0)
	assert_success
	[ "$(sql 'SELECT count(*) FROM console_lines')" = 4 ]
	[ "$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM run_points WHERE source = 'console' ORDER BY seq)")" = "seabios_version seabios_booting" ]
	[ "$(sql "SELECT time_ns FROM run_points WHERE name = 'seabios_version'")" = "$(sql 'SELECT time_ns FROM console_lines WHERE seq = 1')" ]
	[ "$(sql "SELECT time_ns FROM run_points WHERE name = 'seabios_booting'")" = "$(sql 'SELECT time_ns FROM console_lines WHERE seq = 2')" ]
}

@test "0x3f8 is not text unless asked for; --console none records no text" {
	run $COLLECT -n 1 --ok-exit 1 -- $(text_guest)
	assert_success
	[ "$(sql "SELECT group_concat(DISTINCT port) FROM console_lines")" = 1026 ]
	run $COLLECT -n 1 --ok-exit 1 --console none -- $(text_guest)
	assert_success
	[ "$(sql "SELECT count(*) FROM console_lines WHERE run_id = 2")" = 0 ]
	[ "$(run_points 2)" = "vmm_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
}

@test "string I/O to a console port: all of it, or what is lost is said" {
	run $COLLECT -n 1 --ok-exit 1 --console 0xe9 -- \
		$(synth_qemu 'text:0xe9:one\n' 'string:0xe9:lost\n' 'text:0xe9:two\n')
	assert_success
	[ "$(sql "SELECT status FROM runs")" = ok ]
	# A KVM that emulates rep outsb byte by byte (this nested one does) shows
	# every byte; one that exits once per string shows its first byte and
	# the count, and the boot says what is missing.
	if [[ $output == *"4 console bytes written by string I/O are not in the text"* ]]; then
		[ "$(sql "SELECT group_concat(text, '|') FROM console_lines")" = "one|ltwo" ]
		[ "$(sql "SELECT status_detail FROM runs")" != "" ]
	else
		[ "$(sql "SELECT group_concat(text, '|') FROM console_lines")" = "one|lost|two" ]
		[ -z "$(sql "SELECT status_detail FROM runs")" ]
	fi
}

@test "a console port that carries trace points is refused" {
	run $COLLECT -n 1 --console 0xf4 -- true
	assert_failure 2
	assert_output "kvmboot-collect: --console: port 0xf4 carries trace points of --table or -p"
}

@test "unpatched SeaBIOS: its text milestones come before linux_start_kernel" {
	run $COLLECT -n 1 --ok-exit 1 -- qemu-system-x86_64 -name "$MARK" -accel kvm -display none \
		-nodefaults -m 128 -kernel "$STUB_BZIMAGE" -device isa-debug-exit,iobase=0x501 \
		-chardev null,id=dbg -device isa-debugcon,iobase=0x402,chardev=dbg
	assert_success
	[ "$(sql "SELECT group_concat(name, ' ') FROM (SELECT DISTINCT name FROM run_points WHERE source = 'console' ORDER BY seq)")" = "seabios_version seabios_option_rom seabios_booting" ]
	[ "$(sql "SELECT (SELECT max(time_ns) FROM run_points WHERE source = 'console') < (SELECT time_ns FROM run_points WHERE name = 'linux_start_kernel')")" = 1 ]
	[ "$(sql "SELECT count(*) > 50 FROM console_lines")" = 1 ]
	# Without QEMU's debugcon, SeaBIOS still prints its banner first.
	run $COLLECT -n 1 --ok-exit 1 -- qemu-system-x86_64 -name "$MARK" -accel kvm -display none \
		-nodefaults -m 128 -kernel "$STUB_BZIMAGE" -device isa-debug-exit,iobase=0x501
	assert_success
	[ "$(sql "SELECT group_concat(name) FROM run_points WHERE run_id = 2 AND source = 'console'")" = seabios_version ]
}
