#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-2.0-or-later
# kvmboot-report gate on real boots of the synthetic guest: a history of
# nightly sessions, then tonight's candidate, one kind per test.
#
# The guest's kernel stage is a scripted busy wait (delay:1, about 0.1 s
# here); the slower kernel waits 8 times as long. This nested host's VMM
# start-up varies by tens of milliseconds from boot to boot (up to 90 ms
# seen in the CI of 8 boots against 21), so the tests set
# --min-change-ms 150: a change must exceed that to be a finding, which
# the slower kernel does by far (about +0.8 s) and noise does not.

load helpers

GOOD=(0xf5:1 0xf5:5 0xf4:3 0xf4:6 delay:1 0xf4:7 exit:0)
SLOW=(0xf5:1 0xf5:5 0xf4:3 0xf4:6 delay:8 0xf4:7 exit:0)
GATE=(gate --min-change-ms 150)

# The history, made once: 7 nightly sessions of 3 boots.
setup_file() {
	[ "$(id -u)" = 0 ] && [ -c /dev/kvm ] && command -v qemu-system-x86_64 >/dev/null || return 0
	local BATS_TEST_TMPDIR=$BATS_FILE_TMPDIR BATS_TEST_NUMBER=0 i cmd
	common_setup
	cmd=$(synth_qemu "${GOOD[@]}")
	for i in 1 2 3 4 5 6 7; do
		$COLLECT -q -d "$BATS_FILE_TMPDIR/history.db" -n 3 -l nightly --ok-exit 1 -T 10 \
			-- $cmd || return 1
	done
}

setup() {
	require_tracing
	common_setup
	cp "$BATS_FILE_TMPDIR/history.db" "$DB"
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'ok'")" -ge 20 ] || skip "history incomplete"
}

teardown() {
	kill_test_vmms
	sanitizer_check
}

# Tonight's session: N boots of the guest playing SEQ (mkseq items), plus collector options.
candidate() {
	local n=$1
	shift
	run $COLLECT -q -n "$n" -l nightly --ok-exit 1 -T 10 "$@"
}

@test "gate: a slower kernel stage is regressed (exit 1), named in every format" {
	candidate 6 -- $(synth_qemu "${SLOW[@]}")
	assert_success
	run "$REPORT" "${GATE[@]}"
	assert_failure 1
	assert_output --regexp $'\nkernel +[0-9.]+ +[0-9.]+ +\\+[0-9.]+%.* regressed\n'
	assert_output --partial "baseline: the 7 sessions before it labelled 'nightly'"
	assert_output --partial "verdict: regressed (regressed: kernel, total) (exit 1)"
	# json: one document, the verdict in the envelope, the row beside it
	run "$REPORT" -f json "${GATE[@]}"
	assert_failure 1
	echo "$output" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["verdict"] == "regressed" and d["exit_status"] == 1, d
assert d["schema_version"] == 1 and d["kvmboot_version"]
assert d["candidate"]["boots"] == 6 and d["baseline"]["ok"] == 21, d
rows = {r["name"]: r for r in d["rows"]}
assert rows["kernel"]["verdict"] == "regressed", rows["kernel"]
assert rows["kernel"]["change"] > 1, rows["kernel"]
assert rows["vmm"]["verdict"] != "regressed", rows["vmm"]'
	# JUnit: a failure for the kernel, read by an XML parser
	run "$REPORT" -f junit "${GATE[@]}"
	assert_failure 1
	echo "$output" | python3 -c '
import sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.read())
cases = {c.get("name"): c for c in root.iter("testcase")}
assert cases["kernel"].find("failure") is not None
assert cases["boots"].find("failure") is None
assert int(root.get("failures")) >= 1'
	run "$REPORT" -f markdown "${GATE[@]}"
	assert_output --partial "| kernel |"
	assert_output --partial "**gate: regressed**"
}

@test "gate: a candidate of the same speed passes (exit 0)" {
	candidate 8 -- $(synth_qemu "${GOOD[@]}")
	assert_success
	run "$REPORT" "${GATE[@]}"
	echo "$output"
	assert_success
	assert_output --partial "verdict: pass (exit 0)"
	refute_line --regexp ' (regressed|inconclusive|improved|missing|new)$'
	assert_line --regexp '^kernel +[0-9.]+ +[0-9.]+ .* pass$'
}

@test "gate: 2 hung boots of 6 fail the gate (exit 1), saying how many and why" {
	local seq=$BATS_TEST_TMPDIR
	"$MKSEQ" "${GOOD[@]}" > "$seq/good.bin"
	"$MKSEQ" 0xf5:1 hang > "$seq/hang.bin"
	# The 2nd and 5th boot hang: a VMM command that picks its guest by a counter.
	cat > "$seq/vmm" <<-SH
	#!/bin/bash
	n=\$(( \$(cat "$seq/count" 2>/dev/null || echo 0) + 1 )); echo \$n > "$seq/count"
	guest=$seq/good.bin; [ \$n = 2 ] || [ \$n = 5 ] && guest=$seq/hang.bin
	exec qemu-system-x86_64 -name $MARK -accel kvm -display none -nodefaults \
		-bios $SYNTH_BIOS -device isa-debug-exit,iobase=0x501 -fw_cfg name=opt/kvmboot/seq,file=\$guest
	SH
	chmod +x "$seq/vmm"
	run $COLLECT -q -n 6 -l nightly --ok-exit 1 -T 2 -- "$seq/vmm"
	assert_failure 1
	[ "$(sql "SELECT count(*) FROM runs WHERE status = 'timeout'")" = 2 ]
	run "$REPORT" "${GATE[@]}"
	assert_failure 1
	assert_output --partial "candidate session 8 'nightly' (6 boots, 4 ok, 2 not ok: 2 timeout"
	assert_output --partial "failed boots: 2 of 6 candidate boots were not ok (baseline: 0 of 21): more often than the baseline, the gate fails"
	assert_output --partial "verdict: failed"
	# --max-failed allows them; the stages are judged on the 4 ok boots
	run "$REPORT" "${GATE[@]}" --max-failed 2
	refute_output --partial "verdict: failed"
	run "$REPORT" -f junit "${GATE[@]}"
	assert_output --partial '<failure type="failed boots" message="2 of 6 candidate boots were not ok (2 timeout'
}

@test "gate: a 3-boot candidate is inconclusive (exit 3) and says how many boots more" {
	candidate 3 -- $(synth_qemu "${GOOD[@]}")
	assert_success
	run "$REPORT" "${GATE[@]}"
	assert_failure 3
	assert_output --regexp $'\nkernel: too few boots \\(a median.s 95% CI needs 6 a side\\); '
	assert_output --regexp $'\n[a-z]+: too few boots [^\n]*; about [0-9]+ more candidate boots? would likely decide it'
	assert_output --partial "verdict: inconclusive (exit 3)"
}

@test "gate: a baseline on another VMM binary is a warning, and an error with --same vmm" {
	cat > "$BATS_TEST_TMPDIR/qemu-other" <<-SH
	#!/bin/sh
	exec qemu-system-x86_64 "\$@"
	SH
	chmod +x "$BATS_TEST_TMPDIR/qemu-other"
	local cmd
	cmd=$(synth_qemu "${GOOD[@]}")
	candidate 6 -- "$BATS_TEST_TMPDIR/qemu-other" ${cmd#qemu-system-x86_64 }
	assert_success
	run "$REPORT" "${GATE[@]}"
	assert_output --regexp "warning: 7 of 7 baseline sessions ran on another VMM binary: '[^']*qemu-system-x86_64' \(the candidate: '$BATS_TEST_TMPDIR/qemu-other'\)"
	run "$REPORT" -f json "${GATE[@]}"
	echo "$output" | python3 -c '
import json, sys
w = [x for x in json.load(sys.stdin)["warnings"] if x["what"] == "VMM binary"]
assert w and w[0]["same_key"] == "vmm" and w[0]["sessions"] == 7, w'
	run "$REPORT" "${GATE[@]}" --same host,vmm
	assert_failure 2
	assert_output --partial "kvmboot-report: --same vmm: the baseline ran on another VMM binary"
}

@test "gate: --uprobe qemu added to the candidate leaves every stage comparable" {
	[ -e "$TRACEFS/uprobe_events" ] || skip "needs uprobe_events in tracefs"
	candidate 6 --uprobe qemu -- $(synth_qemu "${GOOD[@]}")
	assert_success
	[ "$(sql "SELECT count(*) FROM run_points WHERE name = 'fn:qemu_init'")" = 6 ]
	run "$REPORT" -f json "${GATE[@]}"
	echo "$output" | python3 -c '
import json, sys
rows = json.load(sys.stdin)["rows"]
assert [r["name"] for r in rows] == ["vmm", "firmware", "loader", "kernel", "userspace", "total"], rows
for r in rows:
    assert r["base_n"] == 21 and r["cand_n"] == 6, r
    assert r["verdict"] in ("pass", "improved", "regressed", "inconclusive"), r'
	# milestones: the new ones are shown as new, never as a verdict
	run "$REPORT" "${GATE[@]}" --milestones
	assert_output --regexp $'\nfn:qemu_init .* new\n'
	refute_output --partial "missing"
}

@test "time: the boot in one line, stage by stage" {
	run "$REPORT" time --session 1
	assert_success
	local d='[0-9.]+ (us|ms|s)'	# a duration: 412 us, 37.1 ms, 2.10 s
	assert_output --regexp "^Boot: $d \\(vmm\\) \\+ $d \\(firmware\\) \\+ $d \\(loader\\) \\+ $d \\(kernel\\) \\+ $d \\(userspace\\) = $d \\(medians of 3 boots\\)\$"
	run "$REPORT" time 1
	assert_output --regexp "^Boot: .* = $d\$"
	run "$REPORT" -f csv time --stage fw=fw_start..fw_do_boot
	assert_line --index 0 "stage,definition,n,median_ns"
	assert_line --regexp '^fw,fw_start\.\.fw_do_boot,21,[0-9]+$'
	run "$REPORT" time --span nope..vmm_exit
	assert_failure 2
	assert_output "kvmboot-report: --span: no milestone 'nope' in the database (kvmboot-report summary lists them)"
}
