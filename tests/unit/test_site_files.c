/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report page's files: reporter/site/site_files.c. */
#include "unit.h"
#include "reporter/site/site_files.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_site_files__series_names_are_safe_and_distinct(void)
{
	char *a = site_series_file("label", "nightly"), *b = site_series_file("label", "nightly");
	char *c = site_series_file("host", "nightly"), *d = site_series_file("label", "../<x> y/z");
	char *e = site_series_file("label", "\xe6\x97\xa5"), *f = site_series_file("label", "nightly!");

	CHECK(strncmp(a, "series-nightly-", 15) == 0 && strlen(a) == 15 + 8 + 5);
	CHECK_STR(a, b);			/* stable from run to run */
	CHECK(strcmp(a, c) != 0);		/* --by is part of it */
	CHECK(strcmp(a, f) != 0);		/* so is every byte of the name */
	CHECK(strncmp(d, "series-x-y-z-", 13) == 0);	/* nothing but [A-Za-z0-9-] */
	CHECK(strncmp(e, "series-", 7) == 0 && strlen(e) == 7 + 8 + 5);
	CHECK(site_page_name(a) && site_page_name(d) && site_page_name(e));
	free(a); free(b); free(c); free(d); free(e); free(f);
}

static void test_site_files__page_names(void)
{
	CHECK(site_page_name("session-12.html"));
	CHECK(site_page_name("boot-7.html"));
	CHECK(!site_page_name("index.html"));
	CHECK(!site_page_name("kvmboot.css"));
	CHECK(!site_page_name("session-../../etc/passwd.html"));
	CHECK(!site_page_name("session-1/x.html"));
	CHECK(!site_page_name("session-1.htm"));
	CHECK(!site_page_name("notes.html"));
}

static char dir[] = "/tmp/kvmboot-test-site-XXXXXX";

static char *path_in(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void touch(const char *name)
{
	FILE *f = fopen(path_in(name), "w");

	fclose(f);
}

static void kept_set(struct site_kept *k, const char *file, uint64_t fp, const char *row,
		     const char *const *files, size_t n)
{
	size_t i;

	k->file = strdup(file);
	k->fingerprint = fp;
	k->rank = 3;
	k->row = strdup(row);
	k->nfiles = n;
	k->files = calloc(n, sizeof(*k->files));
	for (i = 0; i < n; i++)
		k->files[i] = strdup(files[i]);
}

static void test_site_files__manifest_round_trip_and_stale_pages(void)
{
	const char *old_files[] = { "series-a-00000001.html", "session-1.html", "boot-9.html" };
	const char *new_files[] = { "series-a-00000001.html", "session-2.html" };
	struct site_manifest m = { 0 }, back, now = { 0 };
	char err[256];

	CHECK(mkdtemp(dir) != NULL);
	m.params = 0xabcdef;
	m.v = calloc(1, sizeof(*m.v));
	m.n = 1;
	kept_set(&m.v[0], "series-a-00000001.html", 0x1234567890abcdefULL,
		 "<tr><td>a\nb</td></tr>", old_files, 3);
	CHECK_INT(site_manifest_write(dir, &m, err, sizeof(err)), 0);
	CHECK_INT(site_manifest_read(dir, &back), 0);
	CHECK_INT(back.n, 1);
	CHECK(back.params == 0xabcdef);
	CHECK(back.v[0].fingerprint == 0x1234567890abcdefULL);
	CHECK_INT(back.v[0].rank, 3);
	CHECK_STR(back.v[0].row, "<tr><td>a\nb</td></tr>");	/* rows may hold newlines */
	CHECK_INT(back.v[0].nfiles, 3);
	CHECK_STR(back.v[0].files[2], "boot-9.html");
	CHECK(site_manifest_find(&back, "series-a-00000001.html") == &back.v[0]);
	CHECK(site_manifest_find(&back, "series-b-00000001.html") == NULL);

	/* the next run makes session 2's page, not session 1's or boot 9's */
	touch("session-1.html");
	touch("boot-9.html");
	touch("session-2.html");
	touch("notes.html");
	now.n = 1;
	now.v = calloc(1, sizeof(*now.v));
	kept_set(&now.v[0], "series-a-00000001.html", 1, "", new_files, 2);
	CHECK_INT(site_stale_remove(dir, &back, &now), 2);
	CHECK(access(path_in("session-1.html"), F_OK) != 0);
	CHECK(access(path_in("boot-9.html"), F_OK) != 0);
	CHECK(access(path_in("session-2.html"), F_OK) == 0);
	CHECK(access(path_in("notes.html"), F_OK) == 0);	/* not ours */
	site_manifest_release(&m);
	site_manifest_release(&back);
	site_manifest_release(&now);
}

static void manifest_text(const char *text)
{
	FILE *f = fopen(path_in(SITE_MANIFEST), "w");

	fputs(text, f);
	fclose(f);
}

static void test_site_files__a_damaged_manifest_is_no_manifest(void)
{
	static const char *const damaged[] = {
		"",
		"something else\n",
		"kvmboot-site 1 12\nseries x.html 1 0 0 2\nab\n",	/* a page name that is not ours */
		"kvmboot-site 1 12\nseries series-a-1.html 1 0 1 0\n../etc/passwd\n\n",
		"kvmboot-site 1 12\nseries series-a-1.html 1 0 0 99\nshort\n",	/* row cut short */
		"kvmboot-site 1 12\nseries series-a-1.html 1 0 0 2\nabc\n",	/* row longer than said */
	};
	struct site_manifest m;
	size_t i;

	for (i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
		manifest_text(damaged[i]);
		CHECK_INT(site_manifest_read(dir, &m), 0);
		CHECK_INT(m.n, 0);
		site_manifest_release(&m);
	}
	manifest_text("kvmboot-site 1 12\nseries series-a-1.html ff 2 1 2\nsession-3.html\nab\n");
	CHECK_INT(site_manifest_read(dir, &m), 0);
	CHECK_INT(m.n, 1);
	site_manifest_release(&m);
	unlink(path_in(SITE_MANIFEST));
	CHECK_INT(site_manifest_read(dir, &m), 0);	/* none at all */
	CHECK_INT(m.n, 0);
	unlink(path_in("session-2.html"));
	unlink(path_in("notes.html"));
	CHECK_INT(rmdir(dir), 0);
}

UNIT_MAIN(TEST(test_site_files__series_names_are_safe_and_distinct),
	  TEST(test_site_files__page_names),
	  TEST(test_site_files__manifest_round_trip_and_stale_pages),
	  TEST(test_site_files__a_damaged_manifest_is_no_manifest))
