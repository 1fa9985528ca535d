/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * bare-boot: launches a command N times without tracing, exactly the way
 * kvmboot-collect does (vmm_start, then a wait on a pidfd), and prints
 * each launch-to-reap wall time in ns, for the overhead benchmark.
 */
#include "../collector/launch.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct launch_spec spec = { 0 };
	sigset_t mask;
	int i, n, signo = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: bare-boot N COMMAND [ARGS...]\n");
		return 2;
	}
	n = atoi(argv[1]);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	spec.argv = argv + 2;
	spec.path = argv[2];
	spec.out_fd = STDERR_FILENO;
	spec.mark_fd = -1;
	spec.child_mask = &mask;
	for (i = 0; i < n; i++) {
		struct vmm_proc proc;
		struct vmm_exit exit_info;
		char err[256];
		int64_t start;

		start = clock_mono_ns();
		if (vmm_start(&spec, &proc, err, sizeof(err)) < 0) {
			fprintf(stderr, "bare-boot: %s\n", err);
			return 1;
		}
		if (vmm_wait(&proc, 60000000000LL, -1, &signo, NULL, &exit_info) != WAIT_EXITED)
			vmm_kill(&proc, NULL);
		printf("%lld\n", (long long)(clock_mono_ns() - start));
		vmm_proc_release(&proc);
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
