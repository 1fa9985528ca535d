/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding programs the way execvp does. */
#include "path.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int executable_check(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (S_ISDIR(st.st_mode))
		return -EISDIR;
	if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
		return -EACCES;
	return 0;
}

static char *path_search(const char *name)
{
	const char *path = getenv("PATH"), *p;
	char candidate[PATH_MAX];
	int first_err = -ENOENT;

	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path; ; p += strcspn(p, ":") + 1) {
		size_t len = strcspn(p, ":");
		int rc;

		snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, len ? p : ".", name);
		rc = executable_check(candidate);
		if (rc == 0)
			return realpath(candidate, NULL);
		if (rc != -ENOENT && first_err == -ENOENT)
			first_err = rc;
		if (!p[len])
			break;
	}
	errno = -first_err;
	return NULL;
}

char *binary_resolve(const char *name)
{
	int rc;

	if (!*name) {
		errno = ENOENT;
		return NULL;
	}
	if (!strchr(name, '/'))
		return path_search(name);
	rc = executable_check(name);
	if (rc < 0) {
		errno = -rc;
		return NULL;
	}
	return realpath(name, NULL);
}

