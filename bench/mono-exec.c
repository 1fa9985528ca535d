/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mono-exec FILE COMMAND [ARGS...]: writes CLOCK_MONOTONIC in ns to FILE,
 * then execs COMMAND: the moment a command started, on the clock the
 * trace uses, for the time from kvmboot-collect's start to its first boot.
 */
#include <stdio.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec ts;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: mono-exec FILE COMMAND [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	f = fopen(argv[1], "w");
	if (!f || fprintf(f, "%lld\n", (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec) < 0 ||
	    fclose(f) != 0) {
		perror("mono-exec");
		return 2;
	}
	execvp(argv[2], argv + 2);
	perror("mono-exec");
	return 127;
}
