/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output files written whole, and links followed only where it is safe (real files). */
#include "unit.h"
#include "common/outfile.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[] = "/tmp/kvmboot-unit-XXXXXX";

static const char *in_dir(const char *name)
{
	static char paths[4][256];
	static int next;
	char *p = paths[next++ % 4];

	snprintf(p, 256, "%s/%s", dir, name);
	return p;
}

static const char *file_read(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return f ? buf : NULL;
}

static int files_in_dir(void)
{
	char cmd[300];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void test_outfile__writes_new_file_whole(void)
{
	char err[256];

	CHECK_INT(outfile_write(in_dir("a.txt"), "hello\n", 6, err, sizeof(err)), 0);
	CHECK_STR(file_read(in_dir("a.txt")), "hello\n");
	unlink(in_dir("a.txt"));
	CHECK_INT(files_in_dir(), 0);
}

static void test_outfile__replaces_and_keeps_mode(void)
{
	struct stat st;
	char err[256];

	CHECK_INT(outfile_write(in_dir("b.txt"), "one", 3, err, sizeof(err)), 0);
	chmod(in_dir("b.txt"), 0640);
	CHECK_INT(outfile_write(in_dir("b.txt"), "two", 3, err, sizeof(err)), 0);
	CHECK_STR(file_read(in_dir("b.txt")), "two");
	CHECK_INT(stat(in_dir("b.txt"), &st), 0);
	CHECK_INT(st.st_mode & 07777, 0640);
	unlink(in_dir("b.txt"));
}

/* A link we own to a file we may write: the file itself is written, the link stays. */
static void test_outfile__own_link_followed(void)
{
	struct stat st;
	char err[256];

	CHECK_INT(outfile_write(in_dir("target"), "old", 3, err, sizeof(err)), 0);
	CHECK_INT(symlink(in_dir("target"), in_dir("link")), 0);
	CHECK_INT(outfile_write(in_dir("link"), "new", 3, err, sizeof(err)), 0);
	CHECK_STR(file_read(in_dir("target")), "new");
	CHECK_INT(lstat(in_dir("link"), &st), 0);
	CHECK(S_ISLNK(st.st_mode));
	unlink(in_dir("link"));
	unlink(in_dir("target"));
}

static void test_outfile__dangling_link_refused(void)
{
	char err[256] = "";

	CHECK_INT(symlink(in_dir("nothing"), in_dir("dangling")), 0);
	CHECK_INT(outfile_write(in_dir("dangling"), "x", 1, err, sizeof(err)), -1);
	CHECK(strstr(err, "a symbolic link to a file that does not exist") != NULL);
	CHECK(access(in_dir("nothing"), F_OK) < 0);
	unlink(in_dir("dangling"));
	CHECK_INT(files_in_dir(), 0);
}

static void test_outfile__directory_refused(void)
{
	char err[256] = "";

	CHECK_INT(mkdir(in_dir("d"), 0755), 0);
	CHECK_INT(outfile_write(in_dir("d"), "x", 1, err, sizeof(err)), -1);
	CHECK(strstr(err, "it is a directory") != NULL);
	rmdir(in_dir("d"));
}

/* An aborted file leaves nothing, not even its temporary. */
static void test_outfile__abort_leaves_nothing(void)
{
	struct outfile o;
	char err[256];

	CHECK_INT(outfile_open(&o, in_dir("c.txt"), err, sizeof(err)), 0);
	fputs("partial", o.f);
	outfile_abort(&o);
	CHECK(access(in_dir("c.txt"), F_OK) < 0);
	CHECK_INT(files_in_dir(), 0);
}

static void test_outfile__missing_directory_said(void)
{
	char err[256] = "";

	CHECK_INT(outfile_write(in_dir("no/such/dir.txt"), "x", 1, err, sizeof(err)), -1);
	CHECK(strstr(err, "cannot write") != NULL);
}

static int run(void);

int main(void)
{
	int rc;

	if (!mkdtemp(dir))
		return 1;
	rc = run();
	rmdir(dir);
	return rc;
}

static int run(void)
{
	static const struct unit_test tests[] = {
		TEST(test_outfile__writes_new_file_whole),
		TEST(test_outfile__replaces_and_keeps_mode),
		TEST(test_outfile__own_link_followed),
		TEST(test_outfile__dangling_link_refused),
		TEST(test_outfile__directory_refused),
		TEST(test_outfile__abort_leaves_nothing),
		TEST(test_outfile__missing_directory_said),
	};

	return unit_run(tests, sizeof(tests) / sizeof(tests[0]));
}
