/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding and killing the processes a VMM left outside its group. */
#include "orphans.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* Children of ours that are no orphans: the janitor, the boots still running. */
static pid_t spared[ORPHANS_SPARE_MAX];
static size_t nspared;

void orphans_spare(pid_t pid)
{
	if (pid > 0 && nspared < ORPHANS_SPARE_MAX)
		spared[nspared++] = pid;
}

void orphans_unspare(pid_t pid)
{
	size_t i;

	for (i = 0; i < nspared; i++)
		if (spared[i] == pid) {
			spared[i] = spared[--nspared];
			return;
		}
}

static bool is_spared(pid_t pid)
{
	size_t i;

	for (i = 0; i < nspared; i++)
		if (spared[i] == pid)
			return true;
	return false;
}

int orphans_adopt(void)
{
	return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0 ? -errno : 0;
}

/* The parent of PID from /proc/PID/stat, or -1. */
static pid_t parent_of(const char *pid)
{
	char path[64], buf[512], *paren;
	FILE *f;
	size_t n;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	paren = strrchr(buf, ')');	/* the name may hold spaces and ')' */
	if (!paren || sscanf(paren + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

/* The pid the kernel handed out last in our namespace, or -1. */
static pid_t last_pid(void)
{
	char buf[32] = "";
	FILE *f = fopen("/proc/sys/kernel/ns_last_pid", "re");
	bool ok;

	if (!f)
		return -1;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	return ok ? (pid_t)strtol(buf, NULL, 10) : -1;
}

/*
 * Kills and reaps the children found in /proc; how many. Those outside
 * GROUP are counted in *STRAYS (the group was killed already).
 *
 * What GROUP's leader left behind was forked after it, so has a higher
 * pid unless pids wrapped since (the last pid handed out is below the
 * leader's): only those need their parent read, which spares a boot the
 * read of every process's stat (about 4 us each).
 */
static int children_kill(pid_t group, int *strays)
{
	DIR *proc = opendir("/proc");
	pid_t self = getpid(), last = last_pid();
	pid_t floor = last >= group ? group : 1;
	struct dirent *d;
	int killed = 0;

	if (!proc)
		return 0;
	while ((d = readdir(proc))) {
		pid_t pid = (pid_t)strtol(d->d_name, NULL, 10), pgid;

		if (pid < floor || pid <= 0 || is_spared(pid) || parent_of(d->d_name) != self)
			continue;
		pgid = getpgid(pid);
		if (pgid >= 0 && pgid != group)
			(*strays)++;
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		killed++;
	}
	closedir(proc);
	return killed;
}

/*
 * Reaps exited children that are not spared; false once none is left at
 * all (ECHILD), true while some live or a spared one has exited. An exited
 * child is looked at before it is reaped: a spared one (another boot of
 * the batch) is left for its own wait to read its status.
 */
static bool exited_reap(void)
{
	for (;;) {
		siginfo_t si;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
			return false;	/* ECHILD: no child left, the common case */
		if (!si.si_pid || is_spared(si.si_pid))
			return true;
		while (waitpid(si.si_pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
}

void orphans_reap(void)
{
	exited_reap();
}

int orphans_kill(pid_t group)
{
	int strays = 0;

	/* Live or spared children: kill the others; their children come to us next. */
	while (exited_reap() && children_kill(group, &strays))
		;
	return strays;
}
