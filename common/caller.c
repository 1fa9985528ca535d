/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The user who invoked kvmboot, and acting on files with that user's rights. */
#include "caller.h"
#include "message.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <unistd.h>

/* A whole decimal user or group id, or -1. */
static long long id_parse(const char *text)
{
	char *end;
	long long v;

	if (!text || !*text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || *end || v >= (long long)(uid_t)-1)
		return -1;
	return v;
}

/* The uid sudo or pkexec says invoked us, or -1. */
static long long invoker_uid(void)
{
	long long uid = id_parse(getenv("SUDO_UID"));

	return uid >= 0 ? uid : id_parse(getenv("PKEXEC_UID"));
}

int user_groups_find(const char *user, gid_t gid, gid_t **out, int *n)
{
	int count = 16;

	for (;;) {
		gid_t *groups = malloc((size_t)count * sizeof(*groups));
		int want = count;

		if (!groups)
			return -ENOMEM;
		if (!user || getgrouplist(user, gid, groups, &want) >= 0) {
			if (!user) {
				groups[0] = gid;
				want = 1;
			}
			*out = groups;
			*n = want;
			return 0;
		}
		free(groups);
		if (want <= count)
			return -EINVAL;
		count = want;
	}
}

static int own_groups_save(struct caller *c)
{
	int n = getgroups(0, NULL);

	if (n < 0)
		return -errno;
	c->own_groups = malloc((size_t)(n ? n : 1) * sizeof(gid_t));
	if (!c->own_groups)
		return -ENOMEM;
	c->nown = getgroups(n, c->own_groups);
	return c->nown < 0 ? -errno : 0;
}

int caller_identify(struct caller *c, char *err, size_t errlen)
{
	long long uid = geteuid() == 0 ? invoker_uid() : -1;
	long long gid = id_parse(getenv("SUDO_GID"));
	struct passwd *pw;

	memset(c, 0, sizeof(*c));
	c->other = uid > 0;
	c->uid = c->other ? (uid_t)uid : geteuid();
	pw = getpwuid(c->uid);
	c->gid = c->other ? (gid >= 0 ? (gid_t)gid : pw ? pw->pw_gid : (gid_t)c->uid) : getegid();
	if (pw)
		snprintf(c->name, sizeof(c->name), "%s", pw->pw_name);
	else
		snprintf(c->name, sizeof(c->name), "%u", (unsigned)c->uid);
	if (!c->other)
		return 0;
	if (user_groups_find(pw ? pw->pw_name : NULL, c->gid, &c->groups, &c->ngroups) < 0 ||
	    own_groups_save(c) < 0) {
		caller_release(c);
		return msg_fail(err, errlen, "cannot read the groups of the calling user '%s'",
				pw ? pw->pw_name : "?");
	}
	return 0;
}

/* Is the fsuid (or, with GID, fsgid) now ID? setfs*id(-1) reads it back. */
static bool fs_id_is(bool gid, unsigned id)
{
	return (unsigned)(gid ? setfsgid((gid_t)-1) : setfsuid((uid_t)-1)) == id;
}

int caller_enter(struct caller *c)
{
	int rc;

	if (!c || !c->other || c->depth++ > 0)
		return 0;
	if (setgroups((size_t)c->ngroups, c->groups) < 0) {
		rc = -errno;
		goto err;
	}
	setfsgid(c->gid);
	setfsuid(c->uid);
	if (fs_id_is(true, c->gid) && fs_id_is(false, c->uid))
		return 0;
	rc = -EPERM;
	c->depth = 1;
	caller_leave(c);
	return rc;
err:
	c->depth--;
	return rc;
}

void caller_leave(struct caller *c)
{
	if (!c || !c->other || c->depth == 0 || --c->depth > 0)
		return;
	setfsuid(geteuid());
	setfsgid(getegid());
	if (setgroups((size_t)c->nown, c->own_groups) < 0)
		return;	/* root's own groups matter to nothing we do as root */
}

int caller_become(const struct caller *c)
{
	if (!c->other)
		return 0;
	if (setgroups((size_t)c->ngroups, c->groups) < 0 || setgid(c->gid) < 0 ||
	    setuid(c->uid) < 0)
		return -errno;
	if (setuid(0) == 0)	/* must not be able to get root back */
		return -EPERM;
	return 0;
}

void caller_release(struct caller *c)
{
	free(c->groups);
	free(c->own_groups);
	c->groups = c->own_groups = NULL;
	c->ngroups = c->nown = 0;
}
