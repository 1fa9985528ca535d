/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Launching, waiting for and killing the VMM. */
#include "launch.h"
#include "orphans.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum child_stage { STAGE_USER = 1, STAGE_EXEC };

struct child_error {
	int stage;
	int err;
};

int64_t clock_mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* 32-bit ids where the plain calls take 16-bit ones (i386, arm). */
#ifdef SYS_setresuid32
#define SYS_SETGROUPS SYS_setgroups32
#define SYS_SETRESGID SYS_setresgid32
#define SYS_SETRESUID SYS_setresuid32
#define SYS_SETUID SYS_setuid32
#else
#define SYS_SETGROUPS SYS_setgroups
#define SYS_SETRESGID SYS_setresgid
#define SYS_SETRESUID SYS_setresuid
#define SYS_SETUID SYS_setuid
#endif

/*
 * System calls, not libc's wrappers: a child sharing our memory must not
 * have libc act on our threads (setuid's broadcast) or allocate.
 */
static int privileges_drop(const struct launch_spec *spec)
{
	if (syscall(SYS_SETGROUPS, (size_t)spec->ngroups, spec->groups) < 0 ||
	    syscall(SYS_SETRESGID, spec->gid, spec->gid, spec->gid) < 0 ||
	    syscall(SYS_SETRESUID, spec->uid, spec->uid, spec->uid) < 0)
		return -1;
	if (syscall(SYS_SETUID, 0) == 0) {	/* must not be able to get root back */
		errno = EPERM;
		return -1;
	}
	return 0;
}

static void child_fail(int fd, int stage)
{
	struct child_error ce = { stage, errno };

	if (write(fd, &ce, sizeof(ce)) < 0)
		_exit(126);
	_exit(127);
}

/*
 * The VMM dies with the collector, even by SIGKILL. Set after the
 * privilege drop, which clears it; a parent already gone is caught too.
 */
static void parent_death_follow(pid_t parent)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
}

/* "kvmboot-vmm <pid>" in the trace: the kernel's pid of ours, before exec. */
static void mark_write(int fd)
{
	char line[48];
	int n;

	if (fd < 0)
		return;
	n = snprintf(line, sizeof(line), LAUNCH_MARK_PREFIX "%d\n", (int)getpid());
	if (write(fd, line, (size_t)n) != n)
		_exit(127);	/* unseen, the boot could not be told from others */
}

/* In the child: never returns. GO_FD -1: no pause before exec. */
static void child_run(const struct launch_spec *spec, pid_t parent, int go_fd, int err_fd)
{
	int null_fd = open("/dev/null", O_RDONLY);
	char go;

	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	sigprocmask(SIG_SETMASK, spec->child_mask, NULL);
	if (null_fd >= 0)
		dup2(null_fd, STDIN_FILENO);
	dup2(spec->out_fd, STDOUT_FILENO);
	dup2(spec->out_fd, STDERR_FILENO);
	if (spec->drop && privileges_drop(spec) < 0)
		child_fail(err_fd, STAGE_USER);
	parent_death_follow(parent);
	if (go_fd >= 0 && read(go_fd, &go, 1) != 1)	/* the collector gave up */
		_exit(127);
	mark_write(spec->mark_fd);
	execv(spec->path, spec->argv);
	child_fail(err_fd, STAGE_EXEC);
}

/*
 * AddressSanitizer takes the child's frames on our memory for ours and
 * aborts it: sanitized builds fork and release instead.
 */
#if defined(__SANITIZE_ADDRESS__)
#define START_FORKS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define START_FORKS 1
#endif
#endif

/* Where vmm_start's child runs until exec, one at a time (we wait for it). */
#define START_STACK_SIZE (64 * 1024)

struct start_args {
	const struct launch_spec *spec;
	pid_t parent;
	int err_fd;
};

static int start_child(void *data)
{
	const struct start_args *a = data;

	child_run(a->spec, a->parent, -1, a->err_fd);
	return 127;
}

/*
 * The child's stack, made once, with a page below it that faults: an
 * overflow must not write into our memory, which the child shares.
 */
static char *start_stack_top(void)
{
	static char *top;
	long page = sysconf(_SC_PAGESIZE);
	char *base;

	if (top)
		return top;
	base = mmap(NULL, (size_t)page + START_STACK_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	if (mprotect(base, (size_t)page, PROT_NONE) < 0) {
		munmap(base, (size_t)page + START_STACK_SIZE);
		return NULL;
	}
	top = base + page + START_STACK_SIZE;
	return top;
}

/* The new child into its own group, watched by a pidfd. 0 or -1 with ERR. */
static int child_watch(struct vmm_proc *p, char *err, size_t errlen)
{
	/* The child's own setpgid() decides; ours closes the race with
	 * kill(-pid) while a forked child waits (fails once it has exec'd). */
	setpgid(p->pid, p->pid);
	p->pidfd = (int)pidfd_open(p->pid, 0);
	if (p->pidfd >= 0)
		return 0;
	snprintf(err, errlen, "cannot watch the VMM process (pidfd_open): %s", strerror(errno));
	vmm_kill(p, NULL);
	vmm_proc_release(p);
	return -1;
}

/* The child's error once it has exec'd or exited: 0, or -1 with ERR (reaped). */
static int child_error_read(struct vmm_proc *p, char *err, size_t errlen)
{
	struct child_error ce;
	ssize_t n;

	do
		n = read(p->err_fd, &ce, sizeof(ce));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(ce))
		return 0;	/* closed by a successful exec */
	snprintf(err, errlen, "%s: %s", ce.stage == STAGE_USER ? "cannot switch to the VMM's user"
		 : "cannot execute the VMM", strerror(ce.err));
	vmm_kill(p, NULL);
	return -1;
}

/* vmm_start() by fork and release: it costs more, but needs no stack of its own. */
static int start_forked(const struct launch_spec *spec, struct vmm_proc *p, char *err,
			size_t errlen)
{
	if (vmm_spawn(spec, p, err, errlen) < 0)
		return -1;
	if (vmm_release(p, err, errlen) == 0)
		return 0;
	vmm_proc_release(p);
	return -1;
}

int vmm_start(const struct launch_spec *spec, struct vmm_proc *p, char *err, size_t errlen)
{
	struct start_args args = { spec, getpid(), -1 };
	char *stack = start_stack_top();
	sigset_t all, old;
	int errp[2];

#ifdef START_FORKS
	stack = NULL;
#endif
	if (!stack)
		return start_forked(spec, p, err, errlen);
	memset(p, 0, sizeof(*p));
	p->pidfd = p->go_fd = p->err_fd = -1;
	orphans_adopt();	/* best effort: without it a daemonized VMM escapes */
	if (pipe2(errp, O_CLOEXEC) < 0) {
		snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	args.err_fd = errp[1];
	/* No handler of ours may run in the child, on our memory. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	p->pid = clone(start_child, stack,
		       CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(errp[1]);
	p->err_fd = errp[0];
	if (p->pid < 0) {
		snprintf(err, errlen, "cannot start a process: %s", strerror(errno));
		vmm_proc_release(p);
		return -1;
	}
	if (child_watch(p, err, errlen) < 0)
		return -1;
	if (child_error_read(p, err, errlen) == 0)
		return 0;
	vmm_proc_release(p);
	return -1;
}

int vmm_spawn(const struct launch_spec *spec, struct vmm_proc *p, char *err, size_t errlen)
{
	pid_t parent = getpid();
	int go[2], errp[2];

	memset(p, 0, sizeof(*p));
	p->pidfd = p->go_fd = p->err_fd = -1;
	orphans_adopt();	/* best effort: without it a daemonized VMM escapes */
	if (pipe2(go, O_CLOEXEC) < 0)
		goto err_pipe;
	if (pipe2(errp, O_CLOEXEC) < 0) {
		close(go[0]);
		close(go[1]);
		goto err_pipe;
	}
	p->pid = fork();
	if (p->pid == 0) {
		close(go[1]);
		close(errp[0]);
		child_run(spec, parent, go[0], errp[1]);
	}
	close(go[0]);
	close(errp[1]);
	p->go_fd = go[1];
	p->err_fd = errp[0];
	if (p->pid < 0) {
		snprintf(err, errlen, "cannot fork: %s", strerror(errno));
		vmm_proc_release(p);
		return -1;
	}
	return child_watch(p, err, errlen);

err_pipe:
	snprintf(err, errlen, "cannot create a pipe: %s", strerror(errno));
	return -1;
}

int vmm_release(struct vmm_proc *p, char *err, size_t errlen)
{
	if (write(p->go_fd, "g", 1) != 1) {
		snprintf(err, errlen, "cannot start the VMM: %s", strerror(errno));
		vmm_kill(p, NULL);
		return -1;
	}
	close(p->go_fd);
	p->go_fd = -1;
	return child_error_read(p, err, errlen);
}

static int64_t timeval_ns(struct timeval tv)
{
	return (int64_t)tv.tv_sec * 1000000000LL + (int64_t)tv.tv_usec * 1000;
}

static void exit_info_fill(int status, const struct rusage *ru, struct vmm_exit *info)
{
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	info->exited = WIFEXITED(status);
	if (info->exited)
		info->exit_code = WEXITSTATUS(status);
	else
		info->signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	info->measured = true;
	info->cpu_user_ns = timeval_ns(ru->ru_utime);
	info->cpu_sys_ns = timeval_ns(ru->ru_stime);
	info->max_rss_kb = ru->ru_maxrss;
}

void vmm_reap(struct vmm_proc *p, struct vmm_exit *exit_info)
{
	struct rusage ru;
	int status = 0;

	if (p->pid <= 0)
		return;
	/* The unreaped leader keeps the group id from being reused. */
	kill(-p->pid, SIGKILL);
	kill(p->pid, SIGKILL);
	memset(&ru, 0, sizeof(ru));
	while (wait4(p->pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	exit_info_fill(status, &ru, exit_info);
	p->pid = 0;
}

void vmm_kill(struct vmm_proc *p, struct vmm_exit *exit_info)
{
	pid_t group = p->pid;
	int strays;

	if (group <= 0)
		return;
	vmm_reap(p, exit_info);
	strays = orphans_kill(group);
	if (exit_info)
		exit_info->strays = strays;
}

static int signal_read(int fd)
{
	struct signalfd_siginfo ssi;

	if (read(fd, &ssi, sizeof(ssi)) != (ssize_t)sizeof(ssi))
		return 0;
	return (int)ssi.ssi_signo;
}

enum wait_result vmm_wait(struct vmm_proc *p, int64_t timeout_ns, int signal_fd, int *signo,
			  const struct wait_hooks *hooks, struct vmm_exit *exit_info)
{
	static const struct wait_hooks none = { INT64_MAX / 2, NULL, -1, NULL, NULL };
	int64_t now = clock_mono_ns(), deadline = now + timeout_ns;
	int64_t next_tick;

	if (!hooks)
		hooks = &none;
	next_tick = now + hooks->tick_ns;
	for (;;) {
		struct pollfd fds[3] = { { p->pidfd, POLLIN, 0 }, { signal_fd, POLLIN, 0 },
					 { hooks->data_fd, POLLIN, 0 } };
		int64_t until = next_tick < deadline ? next_tick : deadline;
		int rc;

		now = clock_mono_ns();
		if (now >= deadline)
			return WAIT_TIMEOUT;
		rc = poll(fds, 3, (int)((until - now + 999999) / 1000000));
		if (rc < 0 && errno != EINTR)
			return WAIT_TIMEOUT;
		if (fds[1].revents & POLLIN) {
			*signo = signal_read(signal_fd);
			if (*signo)
				return WAIT_SIGNAL;
		}
		if ((fds[2].revents & (POLLIN | POLLHUP)) && hooks->data)
			hooks->data(hooks->ctx);
		if (fds[0].revents & POLLIN) {
			vmm_kill(p, exit_info);	/* stragglers in its group, then reap */
			return WAIT_EXITED;
		}
		/* On time even while data keeps coming. */
		if (clock_mono_ns() >= next_tick) {
			if (hooks->tick)
				hooks->tick(hooks->ctx);
			next_tick += hooks->tick_ns;
		}
	}
}

void vmm_proc_release(struct vmm_proc *p)
{
	if (p->pidfd >= 0)
		close(p->pidfd);
	if (p->go_fd >= 0)
		close(p->go_fd);
	if (p->err_fd >= 0)
		close(p->err_fd);
	p->pidfd = p->go_fd = p->err_fd = -1;
}
