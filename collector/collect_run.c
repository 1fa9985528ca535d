/* The session loop: warm-up boots, stored boots, progress, summary. */
#include "collect.h"
#include "collect_boot.h"
#include "vmm_version.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void progress_show(struct collector *c, unsigned i, unsigned total,
			  const struct boot_outcome *o)
{
	unsigned warmup = c->opts->warmup;

	if (!c->progress)
		return;
	fprintf(stderr, "\r\033[K%s %u/%u: last %.3f ms (%s)",
		i < warmup ? "warm-up boot" : "boot", i < warmup ? i + 1 : i + 1 - warmup,
		i < warmup ? warmup : total - warmup, (double)boot_total_ns(o) / 1e6, o->status);
}

static void progress_clear(struct collector *c)
{
	if (c->progress)
		fprintf(stderr, "\r\033[K");
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

	if (c->opts->verbosity >= 2) {
		progress_clear(c);
		boot_output_dump(c, stderr);
	}
	if (c->opts->verbosity < 0 || (ok && c->opts->verbosity < 1 && !o->detail[0]))
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
		.trace = &o->trace,
	};
	char err[512];

	if (store_run(c->store, &run, err, sizeof(err)) < 0) {
		/* A signal ended the wait for another writer's lock: just stop. */
		c->signo = signals_pending(c->signal_fd);
		if (c->signo)
			return -1;
		progress_clear(c);
		fprintf(stderr, "kvmboot-collect: boot %u not stored: %s\n", seq, err);
		return -1;
	}
	c->stored++;
	if (strcmp(o->status, "ok") == 0)
		c->stored_ok++;
	return summary_add(&c->summary, &o->trace);
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

/* Returns -1 to stop the session (error printed), 0 to go on. */
static int boot_one(struct collector *c, unsigned i, unsigned total)
{
	bool warmup = i < c->opts->warmup;
	unsigned seq = warmup ? i + 1 : i + 1 - c->opts->warmup;
	struct boot_outcome o;
	int rc = 0;

	if (boot_run(c, &o) < 0) {
		progress_clear(c);
		fprintf(stderr, "kvmboot-collect: boot %u: %s\n", seq, o.detail);
		boot_outcome_release(&o);
		return -1;
	}
	if (o.wait == WAIT_SIGNAL)
		goto out;
	boot_report(c, seq, warmup, &o);
	if (!warmup && boot_store(c, seq, &o) < 0)
		rc = -1;
	else if (!warmup)
		boot_cost_report(c, seq, &o);
	progress_show(c, i, total, &o);
	if (rc == 0 && vmm_never_started(&o)) {
		progress_clear(c);
		fprintf(stderr, "kvmboot-collect: the VMM failed before running a vCPU: "
			"not running the remaining boots\n");
		rc = -1;
	}
out:
	boot_outcome_release(&o);
	return rc;
}

static int summary_show(struct collector *c)
{
	if (c->opts->verbosity < 0)
		return 0;
	printf("kvmboot-collect: %u boot%s stored in '%s' (session %lld, %s), %u ok\n",
	       c->stored, c->stored == 1 ? "" : "s", c->opts->db_path,
	       (long long)store_session_id(c->store), c->uuid, c->stored_ok);
	if (c->summary.n == 0)
		return 0;
	return summary_print(stdout, &c->summary);
}

/* The VMM's version, asked after the boots (never one of them) unless given. */
void session_version_note(struct collector *c)
{
	char err[512];

	if (c->opts->vmm_version || !c->stored || (c->opts->watch && !c->opts->watch_exe))
		return;
	vmm_version_probe(&c->spec, c->vmm_version, sizeof(c->vmm_version));
	if (c->vmm_version[0] && store_vmm_version(c->store, c->vmm_version, err, sizeof(err)) < 0)
		fprintf(stderr, "kvmboot-collect: %s\n", err);
}

int collector_finish(struct collector *c, bool none_seen)
{
	if (none_seen) {
		fprintf(stderr, "kvmboot-collect: no VMM matching %s was started during the watch\n",
			c->command);
		return 1;
	}
	if (summary_show(c) < 0)
		return 2;
	return c->stored_ok < c->stored ? 1 : 0;
}

int collector_run(struct collector *c)
{
	unsigned total = c->opts->warmup + c->opts->runs, i;
	int failed = 0;

	for (i = 0; i < total && !c->signo; i++) {
		c->signo = signals_pending(c->signal_fd);
		if (c->signo)
			break;
		if (boot_one(c, i, total) < 0) {
			failed = 1;
			break;
		}
	}
	progress_clear(c);
	if (c->signo)
		return 1;
	session_version_note(c);
	if (summary_show(c) < 0)
		return 2;
	if (failed && c->stored == 0)
		return 2;
	return failed || c->stored_ok < c->stored ? 1 : 0;
}
