#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# patches/ proven on Debian 12's sources: SeaBIOS and QEMU's option ROMs are
# built and booted under the collector (the Linux check is in make
# test-patches: it fetches 140 MB). A check that cannot run here (no
# network to the Debian mirror) exits 77 and is skipped with its reason.

load helpers

setup() {
	require_tracing
}

run_check() {
	KVMBOOT_PATCH_SOURCE=debian run "$ROOT/tests/patches/$1"
	[ "$status" = 77 ] && skip "${output##*cannot check: }"
	[ "$status" = 0 ] || { echo "$output"; return 1; }
}

@test "patches/seabios: builds and writes fw_start and fw_do_boot before linux_start_kernel" {
	run_check seabios
	assert_output --regexp "^seabios 1\.16\.2-[0-9]+ with patches/seabios: builds, boots, milestones: vmm_exec vmm_init_end fw_start seabios_version fw_do_boot linux_start_kernel linux_start_user vmm_exit$"
}

@test "patches/qemu: the linuxboot DMA option ROM writes linux_start_boot before the kernel" {
	run_check qemu-optionrom
	assert_output --partial " linux_start_boot linux_start_kernel linux_start_user vmm_exit"
}
