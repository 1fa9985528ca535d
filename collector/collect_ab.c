/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --ab: a baseline and a candidate booted in turn on the same host in the
 * same minutes, so that drift and noise hit both alike (the way
 * Firecracker gates its changes). Each pair runs in a random order; each
 * side is a session of its own (tags ab=base / ab=cand and a shared
 * ab_pair). The verdict is kvmboot-report compare's, run on the two
 * sessions as the caller: its table is printed and its exit status is ours.
 */
#include "collect_boot.h"

#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "../common/path.h"

#define COMPARE_TIMEOUT_NS (600 * 1000000000LL)
#define AB_COMPARE_ARGS_MAX 32

/* True one time in two, at random: which side boots first in a pair. */
static bool coin(void)
{
	unsigned char b = 0;

	if (getrandom(&b, 1, 0) != 1)
		b = (unsigned char)clock_mono_ns();
	return b & 1;
}

/* Pair I of TOTAL (warm-ups first): both sides, in a random order. */
static int pair_run(struct collector *c, unsigned i, unsigned total)
{
	int first = coin(), k, rc = 0;

	for (k = 0; k < 2 && rc == 0 && !c->signo; k++) {
		side_enter(c, &c->sides[k ^ first]);
		rc = batch_one(c, i, 1, total);
	}
	return rc;
}

/* kvmboot-report beside us (an installed pair, or a build tree), else in PATH. */
static char *reporter_find(void)
{
	char self[PATH_MAX], *dir, *path = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		dir = dirname(self);
		if (asprintf(&path, "%s/kvmboot-report", dir) > 0 && access(path, X_OK) == 0)
			return path;
		free(path);
	}
	return binary_resolve("kvmboot-report");
}

/*
 * kvmboot-report compare of the two sessions, as the caller (it reads the
 * database only); its table to our stdout unless QUIET. Its exit status,
 * or -1 with a message when it could not run.
 */
static int compare_run(struct collector *c, bool quiet)
{
	char base[32], cand[32], compare[] = "compare", dash_d[] = "-d", *db, *reporter, *extra;
	struct launch_spec spec = c->spec;
	struct vmm_exit exit_info = { 0 };
	struct vmm_proc proc;
	char err[256], *word, *save = NULL;
	int null_fd = -1, signo = 0;
	char *argv[6 + AB_COMPARE_ARGS_MAX + 1] = { NULL, dash_d, NULL, compare, base, cand };
	size_t argc = 6;

	reporter = reporter_find();
	db = strdup(c->opts->db_path);
	extra = strdup(c->opts->ab_compare ? c->opts->ab_compare : "");
	for (word = extra ? strtok_r(extra, " \t", &save) : NULL;
	     word && argc < 6 + AB_COMPARE_ARGS_MAX; word = strtok_r(NULL, " \t", &save))
		argv[argc++] = word;	/* --ab-compare's, after the two sessions */
	if (!reporter || !db || !extra) {
		fprintf(stderr, "kvmboot-collect: --ab: cannot find kvmboot-report to compare "
			"the two sessions (install it beside kvmboot-collect)\n");
		free(reporter);
		free(db);
		free(extra);
		return -1;
	}
	argv[0] = reporter;
	argv[2] = db;
	snprintf(base, sizeof(base), "session:%lld", (long long)store_session_id(c->sides[0].store));
	snprintf(cand, sizeof(cand), "session:%lld", (long long)store_session_id(c->sides[1].store));
	spec.argv = argv;
	spec.path = reporter;
	spec.mark_fd = -1;
	/* The caller's rights: like any reporter run, it needs no root. */
	spec.drop = c->caller.other;
	spec.uid = c->caller.uid;
	spec.gid = c->caller.gid;
	spec.groups = c->caller.groups;
	spec.ngroups = c->caller.ngroups;
	null_fd = quiet ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
	fflush(stdout);
	spec.out_fd = quiet ? null_fd : STDOUT_FILENO;
	if (vmm_start(&spec, &proc, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: --ab: cannot run '%s': %s\n", reporter, err);
		exit_info.exited = false;
	} else if (vmm_wait(&proc, COMPARE_TIMEOUT_NS, -1, &signo, NULL, &exit_info) != WAIT_EXITED) {
		vmm_kill(&proc, &exit_info);
	}
	vmm_proc_release(&proc);
	if (null_fd >= 0)
		close(null_fd);
	free(reporter);
	free(db);
	free(extra);
	return exit_info.exited ? exit_info.exit_code : -1;
}

/* Both sessions' end-of-session lines; 0, or -1 when the output failed. */
static int summaries_show(struct collector *c)
{
	int k;

	for (k = 0; k < 2; k++) {
		side_enter(c, &c->sides[k]);
		if (c->opts->verbosity >= 0)
			printf("%s== %s\n", k ? "\n" : "", k ? "candidate (ab=cand)" : "baseline (ab=base)");
		if (summary_show(c) < 0)
			return -1;
	}
	return 0;
}

/* --ab-until-decided: more pairs, one at a time, while the verdict is inconclusive. */
static int pairs_until_decided(struct collector *c, unsigned *pairs, unsigned total)
{
	int verdict = compare_run(c, true), rc = 0;
	unsigned next = total;	/* boots numbered on past -n */

	while (verdict == 3 && *pairs < c->opts->ab_max && rc == 0 && !c->signo) {
		rc = pair_run(c, next, next + 1);
		next++;
		(*pairs)++;
		if (rc == 0)
			verdict = compare_run(c, true);
	}
	return rc;
}

int collector_ab(struct collector *c)
{
	unsigned total = c->opts->warmup + c->opts->runs, i, pairs = c->opts->runs;
	int rc = 0, verdict;

	for (i = 0; i < total && rc == 0 && !c->signo; i++) {
		c->signo = signals_pending(c->signal_fd);
		if (!c->signo)
			rc = pair_run(c, i, total);
	}
	if (rc == 0 && !c->signo && c->opts->ab_max > pairs)
		rc = pairs_until_decided(c, &pairs, total);
	progress_clear(c);
	if (c->signo)
		return 1;
	for (i = 0; i < 2; i++) {
		side_enter(c, &c->sides[i]);
		session_version_note(c);
	}
	if (summaries_show(c) < 0)
		return 2;
	if (rc == -2 || !c->sides[0].stored_ok || !c->sides[1].stored_ok) {
		if (rc != -2)
			fprintf(stderr, "kvmboot-collect: --ab: %s has no ok boot: nothing to compare\n",
				!c->sides[0].stored_ok ? "the baseline" : "the candidate");
		return 2;
	}
	if (c->opts->verbosity >= 0)
		printf("\n== kvmboot-report compare (%u pair%s)\n", pairs, pairs == 1 ? "" : "s");
	verdict = compare_run(c, c->opts->verbosity < 0);
	return verdict < 0 ? 2 : verdict;
}
