#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# Every VMM's boot-timing convention, written by the synthetic guest.

load helpers

setup() {
	require_tracing
	common_setup
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

@test "--table probe404: the value names the probe, -p names one" {
	run $COLLECT -n 1 --ok-exit 1 --table probe404 -p 0x404:2=seabios_post -- \
		$(synth_qemu 0x404:1 0x404:2 0x404:3 0xf4:6)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end probe 1 seabios_post probe 3 vmm_exit" ]
	[ "$(sql 'SELECT point_table FROM sessions')" = probe404 ]
}

@test "--table chv: Cloud Hypervisor's port 0x80 by value range" {
	run $COLLECT -n 1 --ok-exit 1 --table chv -- \
		$(synth_qemu 0x80:0x05 0x80:0x21 0x80:0x40 0x80:0x41 0x80:0x62 0x80:0x90)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end chv_firmware_0x05 chv_bootloader_0x21 chv_start_kernel chv_start_user chv_userspace_0x62 chv_custom_0x90 vmm_exit" ]
}

@test "--table firecracker: the boot timer by port 0x3f0 and by MMIO" {
	run $COLLECT -n 1 --ok-exit 1 --table firecracker -- $(synth_qemu 0xf5:1 0x3f0:123)
	assert_success
	[ "$(sql "SELECT name || ' ' || source || ' ' || port || ' ' || value FROM run_points WHERE source = 'pio'")" = "firecracker_boot_done pio 1008 123" ]
	# Firecracker writes at 0xc0000000; a real-mode guest reaches 0xd0000.
	run $COLLECT -n 1 --ok-exit 1 --table firecracker --mmio-addr 0xd0000 -- \
		$(synth_qemu 0xf5:1 mmio:0xd0000:123 0xf4:6)
	assert_success
	[ "$(sql "SELECT name || ' ' || source || ' ' || address || ' ' || value FROM run_points WHERE source = 'mmio'")" = "firecracker_boot_done mmio 851968 123" ]
	[ "$(run_points 2)" = "vmm_exec vmm_init_end firecracker_boot_done vmm_exit" ]
}

@test "-p mmio:ADDRESS:VALUE=NAME names an MMIO write" {
	run $COLLECT -n 1 --ok-exit 1 -p mmio:0xd0000:7=guest_ready -- \
		$(synth_qemu 0xf5:1 mmio:0xd0000:5 mmio:0xd0000:7 0xf4:6)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start point 5 guest_ready linux_start_kernel vmm_exit" ]
}

@test "several tables at once; two that name the same write are refused" {
	run $COLLECT -n 1 --ok-exit 1 --table qboot,chv,probe404 -- \
		$(synth_qemu 0xf5:1 0x80:0x40 0x404:9 0xf4:6)
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start chv_start_kernel probe 9 linux_start_kernel vmm_exit" ]
	[ "$(sql 'SELECT point_table FROM sessions')" = "qboot,chv,probe404" ]
	run $COLLECT -n 1 --table qboot,qboot-2019 -- true
	assert_failure 2
	assert_output "kvmboot-collect: --table: 'qboot' and 'qboot-2019' both name writes to port 0xf5: use one of them"
}

@test "any VMM: nothing keys on the process name, a wrapper script works" {
	ln -s "$(command -v qemu-system-x86_64)" "$BATS_TEST_TMPDIR/my-vmm"
	local args
	args=$(synth_qemu 0xf5:1 0xf4:6)
	run $COLLECT -n 1 --ok-exit 1 -- "$BATS_TEST_TMPDIR/my-vmm" ${args#qemu-system-x86_64 }
	assert_success
	[ "$(run_points 1)" = "vmm_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
	# A shell that starts the VMM as its child: time zero is the shell's exec.
	run $COLLECT -n 1 --ok-exit 1 -- sh -c "$args; exit \$?"
	assert_success
	[ "$(run_points 2)" = "vmm_exec vmm_init_end fw_start linux_start_kernel vmm_exit" ]
}
