/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cleaning up after a collector that was killed without warning. */
#include "janitor.h"
#include "orphans.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <tracefs.h>

#define GOODBYE INT32_MIN

/* Closes every descriptor above stderr but KEEP_A and KEEP_B. */
static void fds_close_except(int keep_a, int keep_b)
{
	int lo = keep_a < keep_b ? keep_a : keep_b, hi = keep_a < keep_b ? keep_b : keep_a;

	if (lo > 3)
		close_range(3, (unsigned)lo - 1, 0);
	if (hi > lo + 1)
		close_range((unsigned)lo + 1, (unsigned)hi - 1, 0);
	close_range((unsigned)hi + 1, ~0U, 0);
}

/*
 * The pipe closes while the dying collector still holds the instance's
 * files (trace_marker), which keep it from being removed: wait until it
 * is gone altogether, then retry a little while for good measure.
 */
static void instance_remove(int collector_pidfd, const char *instance_dir)
{
	struct pollfd pfd = { collector_pidfd, POLLIN, 0 };
	int i;

	if (collector_pidfd >= 0)
		poll(&pfd, 1, 5000);
	for (i = 0; i < 200 && rmdir(instance_dir) < 0 && errno == EBUSY; i++)
		usleep(10000);
}

#define GROUPS_MAX 80

/* The process groups of the boots in flight: +pgid adds one, -pgid drops it. */
struct groups {
	int32_t pgid[GROUPS_MAX];
	size_t n;
};

static void groups_note(struct groups *g, int32_t msg)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (g->pgid[i] == (msg < 0 ? -msg : msg))
			break;
	if (msg > 0 && i == g->n && g->n < GROUPS_MAX)
		g->pgid[g->n++] = msg;
	else if (msg < 0 && i < g->n)
		g->pgid[i] = g->pgid[--g->n];
}

/* The janitor's life: wait for the goodbye, or clean up after a death. */
static void janitor_run(int fd, pid_t collector, const char *instance_dir,
			const char *uprobe_system)
{
	int collector_pidfd = (int)pidfd_open(collector, 0);
	struct groups groups = { { 0 }, 0 };
	int32_t msg;
	size_t i;

	prctl(PR_SET_NAME, "kvmboot-janitor");
	for (;;) {
		ssize_t n = read(fd, &msg, sizeof(msg));

		if (n < 0 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof(msg))
			break;
		if (msg == GOODBYE)
			_exit(0);
		groups_note(&groups, msg);
	}
	/* The collector is gone without a word. */
	for (i = 0; i < groups.n; i++)
		kill(-groups.pgid[i], SIGKILL);
	instance_remove(collector_pidfd, instance_dir);	/* its events go off: uprobes may go */
	if (uprobe_system)
		uprobe_system_remove(uprobe_system);
	_exit(0);
}

int janitor_start(struct janitor *j, const struct instance_claim *claim, bool with_uprobes)
{
	const char *tracing = tracefs_tracing_dir();
	pid_t collector = getpid();
	char instance_dir[4096];
	int fds[2];

	j->pid = 0;
	j->fd = -1;
	if (!tracing)
		return -ENOENT;
	snprintf(instance_dir, sizeof(instance_dir), "%s/instances/%s", tracing, claim->name);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	j->pid = fork();
	if (j->pid == 0) {
		close(fds[1]);
		/* It keeps the instance's lock: nobody sweeps while it cleans up. */
		fds_close_except(fds[0], claim->lock_fd);
		janitor_run(fds[0], collector, instance_dir,
			    with_uprobes ? claim->uprobe_system : NULL);
	}
	close(fds[0]);
	if (j->pid < 0) {
		close(fds[1]);
		j->pid = 0;
		return -errno;
	}
	j->fd = fds[1];
	orphans_spare(j->pid);
	return 0;
}

static void janitor_say(struct janitor *j, int32_t msg)
{
	if (j->fd >= 0 && write(j->fd, &msg, sizeof(msg)) != (ssize_t)sizeof(msg))
		return;	/* a janitor that died takes nothing with it */
}

void janitor_watch(struct janitor *j, pid_t pgid)
{
	janitor_say(j, (int32_t)pgid);
}

void janitor_unwatch(struct janitor *j, pid_t pgid)
{
	janitor_say(j, -(int32_t)pgid);
}

void janitor_stop(struct janitor *j)
{
	int32_t msg = GOODBYE;

	if (j->fd >= 0) {
		if (write(j->fd, &msg, sizeof(msg)) != (ssize_t)sizeof(msg))
			msg = 0;	/* gone already: reap it all the same */
		close(j->fd);
	}
	if (j->pid > 0)
		while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
			;
	orphans_unspare(j->pid);
	j->pid = 0;
	j->fd = -1;
}
