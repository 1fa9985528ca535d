/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Launching the VMM: a child in its own process group, privileges dropped,
 * then exec, either at once (vmm_start) or after a pause until released
 * (vmm_spawn, vmm_release: boots started together); waiting with a
 * timeout; killing.
 */
#ifndef KVMBOOT_LAUNCH_H
#define KVMBOOT_LAUNCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* What a launched VMM writes to the trace marker before exec, then its pid
 * (read back by event_fields.c). */
#define LAUNCH_MARK_PREFIX "kvmboot-vmm "

struct launch_spec {
	char *const *argv;
	const char *path;	/* resolved binary to exec */
	bool drop;		/* switch to uid/gid before exec */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;	/* supplementary groups, found beforehand: */
	int ngroups;		/* the child of vmm_start() may not allocate */
	int out_fd;		/* the VMM's stdout and stderr */
	int mark_fd;		/* trace_marker: the child says its pid there; -1: no */
	const sigset_t *child_mask;	/* signal mask to restore in the child */
};

struct vmm_proc {
	pid_t pid;
	int pidfd;
	int go_fd;		/* write end: closing it lets the child exec */
	int err_fd;		/* read end: the child's error, if exec fails */
};

enum wait_result { WAIT_EXITED, WAIT_TIMEOUT, WAIT_SIGNAL };

struct vmm_exit {
	bool exited;		/* exit_code valid; else killed by signal */
	int exit_code;
	int signal;
	int strays;		/* processes it left outside its group, killed */
	/* What it cost the host: the kernel's accounting of the reaped VMM,
	 * its threads and the children it waited for. */
	bool measured;		/* the fields below are the kernel's (we reaped it) */
	int64_t cpu_user_ns, cpu_sys_ns;
	int64_t max_rss_kb;	/* its peak resident set */
};

/*
 * Starts the child and returns once it has exec'd: 0, or -1 with ERR (it
 * could not switch user or exec; reaped, P released). The child shares
 * our memory until its exec, as with vfork, so that no page table is
 * copied: a fork of the collector costs a quarter of a millisecond and
 * more in copy-on-write faults, per boot.
 */
int vmm_start(const struct launch_spec *spec, struct vmm_proc *p, char *err, size_t errlen);

/* Forks the child, which waits in front of exec. 0 or -1 with ERR. */
int vmm_spawn(const struct launch_spec *spec, struct vmm_proc *p, char *err, size_t errlen);

/*
 * Lets the child exec. Returns 0 once it has, or -1 with ERR (the child
 * could not switch user or exec; it has exited and been reaped).
 */
int vmm_release(struct vmm_proc *p, char *err, size_t errlen);

/* What vmm_wait() does meanwhile. */
struct wait_hooks {
	int64_t tick_ns;
	void (*tick)(void *ctx);	/* every TICK_NS; NULL: nothing */
	int data_fd;			/* -1, or a descriptor to read when it has data */
	void (*data)(void *ctx);	/* reads DATA_FD */
	void *ctx;
};

/*
 * Waits until the VMM exits, TIMEOUT_NS passes or a signal arrives on
 * SIGNAL_FD (its number in *SIGNO), running HOOKS (may be NULL) meanwhile.
 * On WAIT_EXITED the whole process group has been killed and the VMM reaped.
 */
enum wait_result vmm_wait(struct vmm_proc *p, int64_t timeout_ns, int signal_fd, int *signo,
			  const struct wait_hooks *hooks, struct vmm_exit *exit_info);

/*
 * Kills the VMM's process group and reaps the VMM (its exit into EXIT_INFO,
 * unless NULL); what it left outside the group is left to orphans_kill().
 */
void vmm_reap(struct vmm_proc *p, struct vmm_exit *exit_info);

/*
 * Kills the VMM's process group and reaps the VMM, then kills what it left
 * outside the group (counted in exit_info->strays); accepts a spent proc.
 */
void vmm_kill(struct vmm_proc *p, struct vmm_exit *exit_info);

/* Closes the descriptors of a finished proc. */
void vmm_proc_release(struct vmm_proc *p);

/* Monotonic clock, ns. */
int64_t clock_mono_ns(void);

#endif
