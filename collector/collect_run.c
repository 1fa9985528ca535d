/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The session loop: warm-up boots, stored boots, progress, summary. */
#include "collect.h"
#include "collect_boot.h"
#include "vmm_version.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* "boot 3/20" or "warm-up boot 1/2" for boot I of TOTAL. */
static void boot_name(const struct collector *c, unsigned i, unsigned total, char *out,
		      size_t len)
{
	unsigned warmup = c->opts->warmup;
	const char *ab = !c->opts->ab ? "" : c->side == &c->sides[0] ? "base " : "cand ";

	snprintf(out, len, "%s%s %u/%u", ab, i < warmup ? "warm-up boot" : "boot",
		 i < warmup ? i + 1 : i + 1 - warmup, i < warmup ? warmup : total - warmup);
}

/* On a terminal: one line that each boot overwrites. */
static void progress_show(struct collector *c, unsigned i, unsigned total,
			  const struct boot_outcome *o)
{
	char name[64];

	if (!c->progress)
		return;
	boot_name(c, i, total, name, sizeof(name));
	fprintf(stderr, "\r\033[K%s: last %.3f ms (%s)", name, (double)boot_total_ns(o) / 1e6,
		o->status);
}

void progress_clear(struct collector *c)
{
	if (c->progress)
		fprintf(stderr, "\r\033[K");
}

/* In a CI log: one line per boot, its status and time, and why if not ok. */
static void progress_line(struct collector *c, unsigned i, unsigned total,
			  const struct boot_outcome *o)
{
	char name[64];

	if (!c->progress_lines)
		return;
	boot_name(c, i, total, name, sizeof(name));
	fprintf(stderr, "kvmboot-collect: %s: %s, %.3f ms%s%s\n", name, o->status,
		(double)boot_total_ns(o) / 1e6, o->detail[0] ? ": " : "", o->detail);
}

/* -v: what the collector itself spent on the boot after the VMM was gone. */
static void boot_cost_report(struct collector *c, unsigned seq, const struct boot_outcome *o)
{
	int64_t now = clock_mono_ns();

	if (c->opts->verbosity < 1)
		return;
	progress_clear(c);
	fprintf(stderr, "kvmboot-collect: boot %u: collector %.3f ms after the VMM exited "
		"(drain+decode %.3f ms, store %.3f ms)\n", seq,
		(double)(now - o->reaped_ns) / 1e6, (double)(o->decoded_ns - o->reaped_ns) / 1e6,
		(double)(now - o->decoded_ns) / 1e6);
}

static void boot_report(struct collector *c, unsigned seq, bool warmup,
			const struct boot_outcome *o)
{
	bool ok = strcmp(o->status, "ok") == 0;

	if (c->opts->verbosity < 0 || c->progress_lines ||
	    (ok && c->opts->verbosity < 1 && !o->detail[0]))
		return;
	progress_clear(c);
	fprintf(stderr, "kvmboot-collect: %sboot %u: %s%s%s\n", warmup ? "warm-up " : "", seq,
		o->status, o->detail[0] ? ": " : "", o->detail);
}

static int boot_store(struct collector *c, unsigned seq, struct boot_outcome *o)
{
	struct run_record run = {
		.seq = seq,
		.status = o->status,
		.status_detail = o->detail[0] ? o->detail : NULL,
		.started_at = o->started_at,
		.exit_code = o->exit.exited ? o->exit.exit_code : -1,
		.exit_signal = o->exit.exited ? -1 : o->exit.signal,
		.exec_mono_ns = o->trace.have_exec ? (int64_t)o->trace.exec_ts : -1,
		.wall_ns = o->wall_ns,
		.lost_events = o->lost,
		/* what it cost the host; a VMM we did not reap (--watch, import): unknown */
		.cpu_user_ns = o->exit.measured ? o->exit.cpu_user_ns : -1,
		.cpu_sys_ns = o->exit.measured ? o->exit.cpu_sys_ns : -1,
		.max_rss_kb = o->exit.measured ? o->exit.max_rss_kb : -1,
		.batch = c->opts->jobs > 1 ? c->side->batch : 0,
		.trace = &o->trace,
	};
	char err[512];

	if (store_run(c->side->store, &run, err, sizeof(err)) < 0) {
		/* A signal ended the wait for another writer's lock: just stop. */
		c->signo = signals_pending(c->signal_fd);
		if (c->signo)
			return -1;
		progress_clear(c);
		fprintf(stderr, "kvmboot-collect: boot %u not stored: %s\n", seq, err);
		return -1;
	}
	c->side->stored++;
	if (strcmp(o->status, "ok") != 0)
		return 0;	/* the summary is of ok boots only */
	c->side->stored_ok++;
	return summary_add(&c->side->summary, &o->trace);
}

int boot_watched_store(struct collector *c, unsigned seq, struct boot_outcome *o)
{
	boot_report(c, seq, false, o);
	return boot_store(c, seq, o);
}

/* A VMM that never ran a vCPU will not do better next time. */
static bool vmm_never_started(const struct boot_outcome *o)
{
	return strcmp(o->status, "failed") == 0 && !o->trace.init_end_source;
}

/*
 * --prepare and --cleanup: CMD through sh -c, as the VMM's user, outside
 * the timed window. 0, or -1 with the reason printed.
 */
static int hook_run(struct collector *c, const char *which, const char *cmd, const char *name)
{
	char detail[512];

	if (!cmd)
		return 0;
	if (hook_command(c, cmd, detail, sizeof(detail)) == 0)
		return 0;
	progress_clear(c);
	fprintf(stderr, "kvmboot-collect: --%s before %s failed: %s\n", which, name, detail);
	return -1;
}

/* One boot of a batch that ended: report, store, progress. -1 to stop the session. */
static int boot_settle(struct collector *c, unsigned i, unsigned total, struct boot_outcome *o)
{
	bool warmup = i < c->opts->warmup;
	unsigned seq = warmup ? i + 1 : i + 1 - c->opts->warmup;
	int rc = 0;

	boot_report(c, seq, warmup, o);
	if (!warmup && boot_store(c, seq, o) < 0)
		rc = -1;
	else if (!warmup)
		boot_cost_report(c, seq, o);
	if (rc == 0)
		progress_line(c, i, total, o);
	progress_show(c, i, total, o);
	return rc;
}

int batch_one(struct collector *c, unsigned i, unsigned k, unsigned total)
{
	struct boot_outcome o[JOBS_MAX];
	bool never_started = false;
	char name[64];
	unsigned j;
	int rc = 0;

	for (j = 0; j < k; j++) {
		boot_name(c, i + j, total, name, sizeof(name));
		if (hook_run(c, "prepare", c->opts->prepare, name) < 0)
			return -2;
	}
	if (i >= c->opts->warmup)
		c->side->batch++;	/* stored batches: 1, 2, ... */
	if (batch_run(c, o, k) < 0) {
		progress_clear(c);
		boot_name(c, i, total, name, sizeof(name));
		fprintf(stderr, "kvmboot-collect: %s: %s\n", name, o[0].detail);
		for (j = 0; j < k; j++)
			boot_outcome_release(&o[j]);
		return -1;
	}
	for (j = 0; j < k && !c->signo; j++) {
		if (rc == 0)
			rc = boot_settle(c, i + j, total, &o[j]);
		never_started |= vmm_never_started(&o[j]);
	}
	for (j = 0; j < k; j++)
		boot_outcome_release(&o[j]);
	if (c->signo || rc < 0)
		return rc;
	if (never_started) {
		progress_clear(c);
		fprintf(stderr, "kvmboot-collect: the VMM failed before running a vCPU: "
			"not running the remaining boots\n");
		return -1;
	}
	for (j = 0; j < k && c->opts->cleanup; j++) {
		boot_name(c, i + j, total, name, sizeof(name));
		if (hook_run(c, "cleanup", c->opts->cleanup, name) < 0)
			return -2;
	}
	return 0;
}

int summary_show(struct collector *c)
{
	if (c->opts->verbosity < 0)
		return 0;
	printf("kvmboot-collect: %u boot%s stored in '%s' (session %lld, %s), %u ok\n",
	       c->side->stored, c->side->stored == 1 ? "" : "s", c->opts->db_path,
	       (long long)store_session_id(c->side->store), c->side->uuid, c->side->stored_ok);
	if (c->side->summary.n == 0)
		return 0;
	if (c->side->stored_ok < c->side->stored)
		printf("(the %u ok boot%s only; see kvmboot-report runs --status all for the "
		       "others)\n", c->side->stored_ok, c->side->stored_ok == 1 ? "" : "s");
	return summary_print(stdout, &c->side->summary);
}

/* The VMM's version, asked after the boots (never one of them) unless given. */
void session_version_note(struct collector *c)
{
	char err[512];

	if (c->opts->vmm_version || !c->side->stored || (c->opts->watch && !c->opts->watch_exe))
		return;
	vmm_version_probe(&c->spec, c->side->vmm_version, sizeof(c->side->vmm_version));
	if (c->side->vmm_version[0] && store_vmm_version(c->side->store, c->side->vmm_version, err, sizeof(err)) < 0)
		fprintf(stderr, "kvmboot-collect: %s\n", err);
}

int collector_finish(struct collector *c, bool none_seen)
{
	if (none_seen) {
		fprintf(stderr, "kvmboot-collect: no VMM matching %s was started during the watch\n",
			c->side->command);
		return 1;
	}
	if (summary_show(c) < 0)
		return 2;
	return c->side->stored_ok < c->side->stored ? 1 : 0;
}

int collector_run(struct collector *c)
{
	unsigned total = c->opts->warmup + c->opts->runs, i, k;
	int failed = 0;

	for (i = 0; i < total && !c->signo; i += k) {
		/* Warm-ups and stored boots do not share a batch. */
		unsigned phase_end = i < c->opts->warmup ? c->opts->warmup : total;

		k = phase_end - i < c->opts->jobs ? phase_end - i : c->opts->jobs;
		c->signo = signals_pending(c->signal_fd);
		if (c->signo)
			break;
		failed = batch_one(c, i, k, total);
		if (failed)
			break;
	}
	progress_clear(c);
	if (c->signo)
		return 1;
	session_version_note(c);
	if (summary_show(c) < 0)
		return 2;
	if (failed == -2 || (failed && c->side->stored == 0))
		return 2;	/* a hook failed: an error of the set-up, boots so far kept */
	return failed || c->side->stored_ok < c->side->stored ? 1 : 0;
}
