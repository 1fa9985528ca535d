/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report html -o DIR [SELECT]: the report page, a static site of
 * the whole history (index.html, a page per series, per recent session
 * and per boot of the newest session) that works from file:// with no
 * network and no script. Run again, it draws only the series that
 * changed and removes the pages it no longer makes.
 */
#include "../report.h"
#include "../data/mapping.h"
#include "../site/page.h"
#include "../site/site.h"
#include "../site/site_files.h"
#include "../data/history.h"
#include "../../common/message.h"
#include "../../schema/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define WORKERS_MAX 8

/* The changed series, drawn by workers that each have their own connection. */
struct pool {
	struct site *s;
	size_t *todo, ntodo, next;
	int failed;
	char err[1024];
	pthread_mutex_t lock;
};

static void pool_fail(struct pool *p, const char *err)
{
	pthread_mutex_lock(&p->lock);
	if (!p->failed)
		snprintf(p->err, sizeof(p->err), "%s", err);
	p->failed = 1;
	pthread_mutex_unlock(&p->lock);
}

static void *worker_run(void *data)
{
	struct pool *p = data;
	struct report wr = *p->s->r;
	struct db_open_result res;
	size_t i;

	if (db_open(wr.args->db_path, DB_READ_ONLY, &res, wr.err, sizeof(wr.err)) < 0) {
		pool_fail(p, wr.err);
		return NULL;
	}
	wr.db = res.db;
	mapping_apply(wr.db);
	while (!__atomic_load_n(&p->failed, __ATOMIC_RELAXED) &&
	       (i = __atomic_fetch_add(&p->next, 1, __ATOMIC_RELAXED)) < p->ntodo) {
		wr.err[0] = '\0';
		if (page_series_draw(p->s, &wr, p->todo[i]) != 0)
			pool_fail(p, wr.err);
	}
	sqlite3_close(wr.db);
	return NULL;
}

/* Draws every changed series, on every core. 0, or 2 with r->err. */
static int series_draw(struct site *s, size_t *drawn)
{
	struct pool p = { s, calloc(s->nseries + 1, sizeof(size_t)), 0, 0, 0, "", PTHREAD_MUTEX_INITIALIZER };
	pthread_t threads[WORKERS_MAX];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i, n, started = 0;

	if (!p.todo)
		return report_oom(s->r);
	for (i = 0; i < s->nseries; i++)
		if (s->series[i].changed)
			p.todo[p.ntodo++] = i;
	n = cpus < 1 ? 1 : cpus > WORKERS_MAX ? WORKERS_MAX : (size_t)cpus;
	n = n > p.ntodo ? p.ntodo : n;
	for (i = 0; i < n; i++)
		if (pthread_create(&threads[started], NULL, worker_run, &p) == 0)
			started++;
	if (n && !started)
		pool_fail(&p, "cannot start a thread");
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(p.todo);
	*drawn = p.ntodo;
	if (p.failed)
		return msg_fail(s->r->err, sizeof(s->r->err), "%s", p.err), 2;
	return 0;
}

/* DIR exists (made when missing) and is a directory we may write. 0, or 2 with r->err. */
static int dir_prepare(struct report *r, const char *dir)
{
	struct stat st;

	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return msg_fail(r->err, sizeof(r->err), "-o: cannot make the directory '%s': %s",
				dir, strerror(errno)), 2;
	if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode) && st.st_uid != geteuid() && st.st_uid != 0)
		return msg_fail(r->err, sizeof(r->err), "-o: '%s' is a symbolic link owned by another "
				"user (uid %u): refusing to follow it", dir, (unsigned)st.st_uid), 2;
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		return msg_fail(r->err, sizeof(r->err), "-o: '%s' is not a directory (the site is "
				"written into a directory)", dir), 2;
	if (access(dir, W_OK | X_OK) < 0)
		return msg_fail(r->err, sizeof(r->err), "-o: cannot write in '%s': %s", dir,
				strerror(errno)), 2;
	return 0;
}

static int options_check(struct report *r, struct site *s)
{
	const struct report_args *a = r->args;

	if (!a->output)
		return msg_fail(r->err, sizeof(r->err), "give the site's directory with -o DIR"), 2;
	if (a->select.status)
		return msg_fail(r->err, sizeof(r->err), "--status does not apply to html (its pages "
				"show every boot, the ones not ok as such)"), 2;
	s->by = a->by ? a->by : "label";
	if (strcmp(s->by, "label") != 0 && strcmp(s->by, "host") != 0 &&
	    !(strncmp(s->by, "tag:", 4) == 0 && s->by[4]))
		return msg_fail(r->err, sizeof(r->err), "--by: '%s' is not label, host or tag:KEY "
				"(a series is a job followed over time)", s->by), 2;
	s->r = r;
	s->dir = a->output;
	s->pages = a->pages < 0 ? SITE_PAGES_DEFAULT : (size_t)a->pages;
	s->gate = (struct gate_params){ a->alpha, a->threshold, a->floor_ms * 1e6, true };
	history_cp_params(a, &s->cp);
	return dir_prepare(r, s->dir);
}

/* The manifest of this run: every series' page, fingerprint, rank, pages and row. */
static int manifest_make(struct site *s, struct site_manifest *m)
{
	size_t i;

	memset(m, 0, sizeof(*m));
	m->params = s->params;
	m->v = calloc(s->nseries + 1, sizeof(*m->v));
	if (!m->v)
		return -1;
	for (i = 0; i < s->nseries; i++) {
		struct site_series *ser = &s->series[i];

		/* borrowed: released with the site, not with M */
		m->v[m->n++] = (struct site_kept){ ser->file, ser->fingerprint, ser->rank, ser->files,
						   ser->nfiles, ser->row };
	}
	return 0;
}

static int site_finish(struct site *s, const struct site_manifest *old, size_t *removed)
{
	struct report *r = s->r;
	struct site_manifest now;
	int rc = 0;

	if (page_css_write(s, r->err, sizeof(r->err)) < 0 ||
	    page_index_write(s, r->err, sizeof(r->err)) < 0)
		return 2;
	if (manifest_make(s, &now) < 0)
		return report_oom(r);
	if (site_manifest_write(s->dir, &now, r->err, sizeof(r->err)) < 0)
		rc = 2;
	else
		*removed = site_stale_remove(s->dir, old, &now);
	free(now.v);
	return rc;
}

static int site_build(struct site *s, struct site_manifest *old)
{
	struct report *r = s->r;
	struct span_list spans;
	size_t drawn = 0, removed = 0;
	int rc = stage_list_build(r, false, &spans);

	if (rc == 0)
		rc = site_sessions_load(s);
	if (rc == 0)
		rc = span_samples_init(r, &s->samples, &spans, s->nsessions);
	else
		span_list_release(&spans);
	if (rc == 0 && site_manifest_read(s->dir, old) < 0)
		rc = report_oom(r);
	if (rc == 0)
		rc = site_plan(s, old);
	if (rc == 0)
		rc = site_boots_read(s);
	if (rc == 0)
		rc = site_changes_find(s);
	if (rc == 0)
		rc = site_boots_read(s);	/* the baselines of the sessions after change points */
	if (rc == 0)
		rc = series_draw(s, &drawn);
	if (rc == 0)
		rc = site_finish(s, old, &removed);
	if (rc == 0) {
		fprintf(r->out, "%s/index.html\n", s->dir);
		fprintf(stderr, "kvmboot-report: html: %zu series, %zu drawn again, %zu old page%s "
			"removed\n", s->nseries, drawn, removed, removed == 1 ? "" : "s");
	}
	return rc;
}

int cmd_html(struct report *r)
{
	struct site s;
	struct site_manifest old = { 0 };
	int rc;

	memset(&s, 0, sizeof(s));
	rc = options_check(r, &s);
	if (rc == 0)
		rc = site_build(&s, &old);
	site_manifest_release(&old);
	site_release(&s);
	return rc;
}
