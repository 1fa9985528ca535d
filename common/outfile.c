/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output files written whole, never through someone else's link. */
#include "outfile.h"
#include "message.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where DEST's text may go: DEST itself, or the target of a link we trust. */
static char *dest_resolve(const char *dest, char *err, size_t errlen)
{
	struct stat st;
	char *target;

	if (lstat(dest, &st) < 0)
		return errno == ENOENT ? strdup(dest) :
		       (msg_fail(err, errlen, "cannot write '%s': %s", dest, strerror(errno)), NULL);
	if (S_ISDIR(st.st_mode))
		return msg_fail(err, errlen, "cannot write '%s': it is a directory", dest), NULL;
	if (!S_ISLNK(st.st_mode)) {
		if (access(dest, W_OK) < 0)
			return msg_fail(err, errlen, "cannot write '%s': %s", dest, strerror(errno)), NULL;
		return strdup(dest);
	}
	if (st.st_uid != geteuid() && st.st_uid != 0)
		return msg_fail(err, errlen, "'%s' is a symbolic link owned by another user "
				"(uid %u): refusing to follow it", dest, (unsigned)st.st_uid), NULL;
	target = realpath(dest, NULL);
	if (!target)
		return msg_fail(err, errlen, "'%s' is a symbolic link to a file that does not "
				"exist: refusing to follow it", dest), NULL;
	if (stat(target, &st) < 0 || !S_ISREG(st.st_mode) || access(target, W_OK) < 0) {
		msg_fail(err, errlen, "'%s' is a symbolic link to '%s', which you cannot write",
			 dest, target);
		free(target);
		return NULL;
	}
	return target;
}

/* The mode a new file gets: an existing one's, else 0666 less the umask. */
static mode_t mode_for(const char *dest)
{
	struct stat st;
	mode_t mask;

	if (stat(dest, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

int outfile_open(struct outfile *o, const char *dest, char *err, size_t errlen)
{
	char *copy, *slash;
	int fd;

	memset(o, 0, sizeof(*o));
	o->dest = dest_resolve(dest, err, errlen);
	if (!o->dest)
		return -1;
	copy = strdup(o->dest);
	if (!copy || asprintf(&o->tmp, "%s/.%s.XXXXXX", dirname(copy),
			      (slash = strrchr(o->dest, '/')) ? slash + 1 : o->dest) < 0) {
		free(copy);
		o->tmp = NULL;
		outfile_abort(o);
		return msg_fail(err, errlen, "out of memory");
	}
	free(copy);
	fd = mkostemp(o->tmp, O_CLOEXEC);
	if (fd < 0) {
		msg_fail(err, errlen, "cannot write '%s': %s", dest, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		outfile_abort(o);
		return -1;
	}
	if (fchmod(fd, mode_for(o->dest)) < 0 || !(o->f = fdopen(fd, "w"))) {
		msg_fail(err, errlen, "cannot write '%s': %s", dest, strerror(errno));
		close(fd);
		outfile_abort(o);
		return -1;
	}
	return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	int failed = ferror(o->f);

	failed |= fclose(o->f) != 0;
	o->f = NULL;
	if (failed)
		msg_fail(err, errlen, "cannot write '%s': %s", o->dest,
			 strerror(errno ? errno : EIO));
	else if (rename(o->tmp, o->dest) < 0)
		failed = msg_fail(err, errlen, "cannot put '%s' in place: %s", o->dest,
				  strerror(errno));
	else {
		free(o->tmp);
		o->tmp = NULL;
	}
	outfile_abort(o);
	return failed ? -1 : 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f)
		fclose(o->f);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->dest);
	memset(o, 0, sizeof(*o));
}

int outfile_write(const char *dest, const void *data, size_t len, char *err, size_t errlen)
{
	struct outfile o;

	if (outfile_open(&o, dest, err, errlen) < 0)
		return -1;
	if (len && fwrite(data, 1, len, o.f) != len) {
		msg_fail(err, errlen, "cannot write '%s': %s", dest, strerror(errno));
		outfile_abort(&o);
		return -1;
	}
	return outfile_commit(&o, err, errlen);
}
