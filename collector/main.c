/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-collect: runs a VMM command N times under a private tracefs
 * instance and stores every boot's milestones in an SQLite database.
 */
#include "collect.h"
#include "collect_boot.h"
#include "options.h"
#include "signals.h"
#include "version.h"

#include <stdio.h>
#include <unistd.h>

/*
 * A full disk or a closed pipe must not look like success, nor, when
 * boots were stored, like nothing was: STORED boots are in the database.
 */
static int stdout_close(int status, unsigned stored)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("kvmboot-collect: cannot write the output");
		if (stored)
			fprintf(stderr, "kvmboot-collect: %u boot%s stored all the same\n", stored,
				stored == 1 ? " was" : "s were");
		return stored ? 4 : 2;
	}
	return status;
}

int main(int argc, char **argv)
{
	struct collect_options opts;
	struct collector c;
	char err[1024];
	int status;

	if (options_parse(argc, argv, &opts, err, sizeof(err)) < 0) {
		fprintf(stderr, "kvmboot-collect: %s\n", err);
		options_release(&opts);
		return 2;
	}
	if (opts.action == ACTION_HELP) {
		options_usage(stdout);
		return stdout_close(0, 0);
	}
	if (opts.action == ACTION_VERSION) {
		printf("kvmboot-collect %s\n", KVMBOOT_VERSION);
		return stdout_close(0, 0);
	}

	if (opts.merge) {
		status = collector_merge(&opts);
		options_release(&opts);
		return stdout_close(status, 0);
	}
	if (collector_setup(&c, &opts, err, sizeof(err)) < 0) {
		c.signo = signals_pending(c.signal_fd);	/* a wait cut short by Ctrl-C */
		if (!c.signo)
			fprintf(stderr, "kvmboot-collect: %s\n", err);
		status = 2;
	} else {
		status = opts.import_path || opts.import_stap ? collector_import(&c) :
			 opts.watch ? collector_watch(&c) : opts.ab ? collector_ab(&c) :
			 collector_run(&c);
	}
	collector_teardown(&c);
	options_release(&opts);
	if (c.signo)
		signals_die(c.signo, &c.old_mask);
	return stdout_close(status, c.sides[0].stored + c.sides[1].stored);
}
