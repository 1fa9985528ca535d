/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminating signals as events, handled at safe points. */
#include "signals.h"

#include <stdlib.h>
#include <sys/signalfd.h>
#include <unistd.h>

static void fatal_set(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGQUIT);
}

int signals_catch(sigset_t *old)
{
	sigset_t set;

	fatal_set(&set);
	if (sigprocmask(SIG_BLOCK, &set, old) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);	/* write errors are checked instead */
	return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

int signals_pending(int fd)
{
	struct signalfd_siginfo ssi;

	if (fd < 0 || read(fd, &ssi, sizeof(ssi)) != (ssize_t)sizeof(ssi))
		return 0;
	return (int)ssi.ssi_signo;
}

void signals_die(int signo, const sigset_t *old)
{
	signal(signo, SIG_DFL);
	sigprocmask(SIG_SETMASK, old, NULL);
	raise(signo);
	exit(128 + signo);
}
