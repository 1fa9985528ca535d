/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Claiming our tracefs instance, and sweeping those of collectors that are gone. */
#include "instance.h"
#include "../common/message.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <tracefs.h>

#define PROC_PID_INIT_INO 0xeffffffcULL	/* the initial PID namespace's inode */

static unsigned long long pidns_inode(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/*
 * "PREFIX<pid><sep><ns>" (ours) or "PREFIX<pid>" (kvmboot before the
 * namespace part, *NS = 0). False for any other name.
 */
static bool name_parse(const char *name, const char *prefix, char sep, long *pid,
		       unsigned long long *ns)
{
	char *end;

	if (strncmp(name, prefix, strlen(prefix)) != 0)
		return false;
	name += strlen(prefix);
	if (*name < '0' || *name > '9')
		return false;
	*pid = strtol(name, &end, 10);
	*ns = 0;
	if (!*end)
		return true;
	if (*end != sep || end[1] < '0' || end[1] > '9')
		return false;
	*ns = strtoull(end + 1, &end, 10);
	return !*end;
}

/*
 * The owner of an older name (a pid only) is known to be gone only from
 * the initial PID namespace, where that pid was.
 */
static bool pid_owner_gone(long pid)
{
	return pidns_inode() == PROC_PID_INIT_INO && kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/* The instance NAME's flock is free: its collector is gone. */
static bool lock_owner_gone(int instances_fd, const char *name)
{
	int fd = openat(instances_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool gone;

	if (fd < 0)
		return errno == ENOENT;
	gone = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);	/* and with it the lock we may have taken */
	return gone;
}

static bool instance_owner_gone(int instances_fd, const char *name)
{
	unsigned long long ns;
	long pid;

	if (!name_parse(name, INSTANCE_PREFIX, '-', &pid, &ns))
		return false;
	return ns ? lock_owner_gone(instances_fd, name) : pid_owner_gone(pid);
}

static void instances_sweep(int instances_fd, instance_said_fn said, void *ctx)
{
	int fd = dup(instances_fd);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *d;
	char what[160];

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while ((d = readdir(dir)))
		if (instance_owner_gone(instances_fd, d->d_name) &&
		    unlinkat(instances_fd, d->d_name, AT_REMOVEDIR) == 0) {
			snprintf(what, sizeof(what), "the tracefs instance '%s'", d->d_name);
			said(what, ctx);
		}
	closedir(dir);
}

/* Is the collector that made uprobe SYSTEM gone? */
static bool system_owner_gone(int instances_fd, const char *system)
{
	unsigned long long ns;
	char instance[64];
	long pid;

	if (!name_parse(system, UPROBE_SYSTEM_PREFIX, '_', &pid, &ns))
		return false;
	if (!ns)
		return pid_owner_gone(pid);
	/* Its collector made its instance first and removes it last. */
	snprintf(instance, sizeof(instance), INSTANCE_PREFIX "%ld-%llu", pid, ns);
	return lock_owner_gone(instances_fd, instance);
}

/* The "system/event" of each of our uprobes in tracefs's uprobe_events. */
static char *uprobe_events_read(void)
{
	return tracefs_instance_file_read(NULL, "uprobe_events", NULL);
}

/* Removes the events of SYSTEM named in TEXT (uprobe_events' lines). */
static int system_events_remove(const char *text, const char *system)
{
	size_t len = strlen(system);
	const char *line;
	int fd, rc = 0;
	char cmd[256];

	char *file = tracefs_get_tracing_file("uprobe_events");

	fd = file ? open(file, O_WRONLY | O_APPEND | O_CLOEXEC) : -1;
	tracefs_put_tracing_file(file);
	if (fd < 0)
		return -ENOENT;
	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		/* "p:SYSTEM/EVENT /path:0x..." */
		const char *colon = strchr(line, ':');
		size_t n;

		if (!colon || strncmp(colon + 1, system, len) != 0 || colon[1 + len] != '/')
			continue;
		n = strcspn(colon + 1, " \n");
		snprintf(cmd, sizeof(cmd), "-:%.*s\n", (int)n, colon + 1);
		if (write(fd, cmd, strlen(cmd)) < 0 && rc == 0)
			rc = -errno;
	}
	close(fd);
	return rc;
}

int uprobe_system_remove(const char *system)
{
	char *text = uprobe_events_read();
	int rc;

	if (!text)
		return 0;
	rc = system_events_remove(text, system);
	free(text);
	return rc;
}

static void uprobes_sweep(int instances_fd, instance_said_fn said, void *ctx)
{
	char *text = uprobe_events_read(), *line, what[160], done[16][64];
	size_t ndone = 0, i;

	for (line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		const char *colon = strchr(line, ':');
		char system[64];
		bool seen = false;

		if (!colon)
			continue;
		snprintf(system, sizeof(system), "%.*s", (int)strcspn(colon + 1, "/ \n"), colon + 1);
		for (i = 0; i < ndone; i++)
			seen |= strcmp(done[i], system) == 0;
		if (seen || !system_owner_gone(instances_fd, system))
			continue;
		if (system_events_remove(text, system) == 0) {
			snprintf(what, sizeof(what), "the uprobe events of '%s'", system);
			said(what, ctx);
		}
		if (ndone < 16)
			snprintf(done[ndone++], sizeof(done[0]), "%s", system);
	}
	free(text);
}

/* The namespace part of our names: the PID namespace's inode, else a random number. */
static unsigned long long name_ns(void)
{
	unsigned long long ns = pidns_inode();
	unsigned int r = 0;

	if (ns)
		return ns;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (unsigned)getpid() * 2654435761u;
	return (unsigned long long)r | 1;
}

static int instance_make(struct instance_claim *claim, int instances_fd, char *err, size_t errlen)
{
	unsigned long long ns = name_ns();

	snprintf(claim->name, sizeof(claim->name), INSTANCE_PREFIX "%d-%llu", (int)getpid(), ns);
	snprintf(claim->uprobe_system, sizeof(claim->uprobe_system), UPROBE_SYSTEM_PREFIX "%d_%llu",
		 (int)getpid(), ns);
	if (mkdirat(instances_fd, claim->name, 0755) < 0)
		return msg_fail(err, errlen, "cannot create the tracefs instance '%s': %s%s",
				claim->name, strerror(errno), errno == EACCES || errno == EPERM ?
				" (run as root)" : "");
	claim->lock_fd = openat(instances_fd, claim->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (claim->lock_fd < 0 || flock(claim->lock_fd, LOCK_EX | LOCK_NB) < 0) {
		msg_fail(err, errlen, "cannot lock the tracefs instance '%s': %s", claim->name,
			 strerror(errno));
		instance_release(claim);
		return -1;
	}
	return 0;
}

static int instances_lock(int fd)
{
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

int instance_claim(struct instance_claim *claim, instance_said_fn said, void *ctx,
		   char *err, size_t errlen)
{
	const char *tracing = tracefs_tracing_dir();
	char path[4096];
	int fd, rc;

	memset(claim, 0, sizeof(*claim));
	claim->lock_fd = -1;
	if (!tracing)
		return msg_fail(err, errlen, "tracefs is not available (mount it: "
				"mount -t tracefs nodev /sys/kernel/tracing)");
	snprintf(path, sizeof(path), "%s/instances", tracing);
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || instances_lock(fd) < 0) {
		msg_fail(err, errlen, "cannot open '%s': %s%s", path, strerror(errno),
			 errno == EACCES || errno == EPERM ? " (run as root)" : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	instances_sweep(fd, said, ctx);
	uprobes_sweep(fd, said, ctx);
	rc = instance_make(claim, fd, err, errlen);
	close(fd);	/* drops the lock on the directory */
	return rc;
}

void instance_release(struct instance_claim *claim)
{
	char path[4096];
	const char *tracing;

	if (claim->lock_fd < 0)
		return;
	tracing = tracefs_tracing_dir();
	if (tracing && claim->name[0]) {
		snprintf(path, sizeof(path), "%s/instances/%s", tracing, claim->name);
		rmdir(path);	/* gone already when the tracer removed it */
	}
	close(claim->lock_fd);
	claim->lock_fd = -1;
}
