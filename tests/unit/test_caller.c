/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Who invoked us, and acting on files with their rights (needs root for the switch). */
#include "unit.h"
#include "common/caller.h"

#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static struct passwd *nobody(void)
{
	return getpwnam("nobody");
}

static void env_set(const char *uid, const char *gid)
{
	unsetenv("PKEXEC_UID");
	if (uid)
		setenv("SUDO_UID", uid, 1);
	else
		unsetenv("SUDO_UID");
	if (gid)
		setenv("SUDO_GID", gid, 1);
	else
		unsetenv("SUDO_GID");
}

static void test_caller__ourselves_without_sudo(void)
{
	struct caller c;
	char err[128];

	env_set(NULL, NULL);
	CHECK_INT(caller_identify(&c, err, sizeof(err)), 0);
	CHECK(!c.other);
	CHECK_INT(c.uid, geteuid());
	CHECK_INT(caller_enter(&c), 0);	/* a no-op */
	caller_leave(&c);
	caller_release(&c);
}

/* Garbage in SUDO_UID is no caller: never a partial number. */
static void test_caller__bad_sudo_uid_ignored(void)
{
	const char *bad[] = { "", "12x", "-1", " 5", "99999999999999999999", "0" };
	struct caller c;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		env_set(bad[i], NULL);
		CHECK_INT(caller_identify(&c, err, sizeof(err)), 0);
		CHECK(!c.other);
		caller_release(&c);
	}
}

/* As root for nobody: a file made between enter and leave is nobody's. */
static void test_caller__files_made_as_the_caller(void)
{
	struct passwd *pw = nobody();
	char uid[32], gid[32], path[] = "/tmp/kvmboot-unit-XXXXXX", file[64];
	struct caller c;
	struct stat st;
	char err[128];
	int fd;

	if (geteuid() != 0 || !pw) {
		printf("# skipped: needs root and the user nobody\n");
		return;
	}
	snprintf(uid, sizeof(uid), "%u", (unsigned)pw->pw_uid);
	snprintf(gid, sizeof(gid), "%u", (unsigned)pw->pw_gid);
	env_set(uid, gid);
	CHECK_INT(caller_identify(&c, err, sizeof(err)), 0);
	CHECK(c.other);
	CHECK_STR(c.name, pw->pw_name);
	CHECK(mkdtemp(path) != NULL);
	chmod(path, 0777);
	snprintf(file, sizeof(file), "%s/f", path);
	CHECK_INT(caller_enter(&c), 0);
	CHECK_INT(caller_enter(&c), 0);	/* nested */
	caller_leave(&c);
	fd = open(file, O_CREAT | O_WRONLY | O_EXCL, 0600);
	CHECK(fd >= 0);
	/* root's own files are out of reach meanwhile */
	CHECK(open("/etc/shadow", O_RDONLY) < 0 && errno == EACCES);
	caller_leave(&c);
	if (fd >= 0)
		close(fd);
	CHECK_INT(stat(file, &st), 0);
	CHECK_INT(st.st_uid, pw->pw_uid);
	/* and back to root's rights */
	fd = open("/etc/shadow", O_RDONLY);
	CHECK(fd >= 0);
	if (fd >= 0)
		close(fd);
	unlink(file);
	rmdir(path);
	caller_release(&c);
	env_set(NULL, NULL);
}

UNIT_MAIN(
	TEST(test_caller__ourselves_without_sudo),
	TEST(test_caller__bad_sudo_uid_ignored),
	TEST(test_caller__files_made_as_the_caller),
)
