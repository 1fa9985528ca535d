/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report export -f openmetrics: the latest figures of each series
 * (a host and a label) as Prometheus/OpenMetrics text, for
 * node_exporter's textfile collector. For the newest selected session of
 * each series: each stage as a summary of its ok boots (median, p90,
 * count, sum), its boots and its boots that were not ok, and when it
 * started. No sample carries a timestamp (the textfile collector refuses
 * them); the start time is a gauge of its own.
 */
#include "export_openmetrics.h"
#include "stage_load.h"
#include "../analysis/stats.h"
#include "../../common/message.h"
#include "../../common/outfile.h"
#include "../../common/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The newest selected session of one series. */
struct series {
	int64_t session;
	char *host, *label, *started_at;
	int64_t boots, not_ok;
};

struct series_list {
	struct series *v;
	size_t n;
};

static void series_release(struct series_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].host);
		free(l->v[i].label);
		free(l->v[i].started_at);
	}
	free(l->v);
}

static char *column_dup(sqlite3_stmt *stmt, int c)
{
	const char *text = (const char *)sqlite3_column_text(stmt, c);

	return strdup(text ? text : "");
}

/* Adds the row's session unless its series has a newer one already (rows come newest first). */
static int series_add(struct series_list *l, sqlite3_stmt *stmt)
{
	const char *host = (const char *)sqlite3_column_text(stmt, 1);
	const char *label = (const char *)sqlite3_column_text(stmt, 2);
	struct series *grown, *s;

	if (l->n && strcmp(l->v[l->n - 1].host, host ? host : "") == 0 &&
	    strcmp(l->v[l->n - 1].label, label ? label : "") == 0)
		return 0;
	grown = realloc(l->v, (l->n + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	l->v = grown;
	s = &l->v[l->n++];
	s->session = sqlite3_column_int64(stmt, 0);
	s->host = column_dup(stmt, 1);
	s->label = column_dup(stmt, 2);
	s->started_at = column_dup(stmt, 3);
	s->boots = sqlite3_column_int64(stmt, 4);
	s->not_ok = sqlite3_column_int64(stmt, 5);
	return s->host && s->label && s->started_at ? 0 : -ENOMEM;
}

static int series_load(struct report *r, const struct selection *sel, struct series_list *l)
{
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	int rc;

	memset(l, 0, sizeof(*l));
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, s.host, coalesce(s.label, ''), s.started_at,"
		   " (SELECT count(*) FROM runs r WHERE r.session_id = s.id),"
		   " (SELECT count(*) FROM runs r WHERE r.session_id = s.id AND r.status <> 'ok')"
		   " FROM sessions s WHERE 1");
	selection_where(sel, &q, true);
	sqlbuf_add(&q, " ORDER BY s.host, coalesce(s.label, ''), s.started_at DESC, s.id DESC");
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		if (series_add(l, stmt) < 0)
			break;
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return report_oom(r);
	if (rc != SQLITE_DONE)
		return msg_fail(r->err, sizeof(r->err), "cannot read the sessions: %s",
				sqlite3_errmsg(r->db)), 2;
	return 0;
}

struct collect {
	struct span_samples *ss;
	size_t side;
};

static int on_boot(const struct boot *b, void *data)
{
	struct collect *c = data;

	return span_samples_add(c->ss, c->side, b) < 0 ? -ENOMEM : 0;
}

/* The ok boots' stages of each series' session, one side per series. */
static int samples_load(struct report *r, const struct series_list *l, struct span_samples *ss)
{
	struct span_list spans;
	struct selection one;
	struct collect c = { ss, 0 };
	int rc = stage_list_build(r, false, &spans);

	if (rc || (rc = span_samples_init(r, ss, &spans, l->n ? l->n : 1)))
		return rc;
	for (c.side = 0; c.side < l->n; c.side++) {
		memset(&one, 0, sizeof(one));
		one.session_ids[0] = l->v[c.side].session;
		one.nsessions = 1;
		rc = boots_each(r->db, &one, &r->cat, on_boot, &c, r->err, sizeof(r->err));
		if (rc)
			return rc == -ENOMEM ? report_oom(r) : 2;
	}
	return span_samples_expand(ss) < 0 ? report_oom(r) : 0;	/* plain arrays to print */
}

/* A label value: \, " and newline escaped; other controls blanked, not UTF-8 as U+FFFD. */
static void label_value(FILE *out, const char *text)
{
	char *shown = text_show_dup(text);
	const char *p;

	for (p = shown ? shown : ""; *p; p++)
		if (*p == '\\' || *p == '"')
			fprintf(out, "\\%c", *p);
		else
			fputc(*p, out);
	free(shown);
}

static void series_labels(FILE *out, const struct series *s)
{
	fputs("host=\"", out);
	label_value(out, s->host);
	fputs("\",label=\"", out);
	label_value(out, s->label);
	fputc('"', out);
}

static void family(FILE *out, const char *name, const char *type, const char *unit,
		   const char *help)
{
	fprintf(out, "# TYPE %s %s\n", name, type);
	if (unit)
		fprintf(out, "# UNIT %s %s\n", name, unit);
	fprintf(out, "# HELP %s %s\n", name, help);
}

/* Seconds since the epoch of a stored "2026-11-30T10:33:29.923Z". */
static double started_seconds(const char *iso)
{
	struct tm tm = { 0 };
	const char *rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	double frac = rest && *rest == '.' ? strtod(rest, NULL) : 0;

	return rest ? (double)timegm(&tm) + frac : 0;
}

static void stage_lines(FILE *out, const struct series *s, const char *stage, struct sample *v)
{
	static const double quantiles[] = { 0.5, 0.9 };
	long double sum = 0;
	size_t i;

	for (i = 0; i < 2; i++) {
		double ns = i == 0 ? stats_median(v->v, v->n)
				   : (double)stats_select(v->v, v->n, stats_rank(v->n, 90));

		fputs("kvmboot_stage_seconds{", out);
		series_labels(out, s);
		fputs(",stage=\"", out);
		label_value(out, stage);
		fprintf(out, "\",quantile=\"%g\"} %.9g\n", quantiles[i], ns / 1e9);
	}
	for (i = 0; i < v->n; i++)
		sum += v->v[i];
	fputs("kvmboot_stage_seconds_count{", out);
	series_labels(out, s);
	fputs(",stage=\"", out);
	label_value(out, stage);
	fprintf(out, "\"} %zu\nkvmboot_stage_seconds_sum{", v->n);
	series_labels(out, s);
	fputs(",stage=\"", out);
	label_value(out, stage);
	fprintf(out, "\"} %.9Lg\n", sum / 1e9L);
}

static void series_gauge(FILE *out, const struct series_list *l, const char *name, int what)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		fprintf(out, "%s{", name);
		series_labels(out, &l->v[i]);
		if (what == 0)
			fprintf(out, "} %lld\n", (long long)l->v[i].boots);
		else if (what == 1)
			fprintf(out, "} %lld\n", (long long)l->v[i].not_ok);
		else
			fprintf(out, "} %.3f\n", started_seconds(l->v[i].started_at));
	}
}

static void metrics_write(FILE *out, const struct series_list *l, struct span_samples *ss)
{
	size_t i, k;

	family(out, "kvmboot_stage_seconds", "summary", "seconds", "Each boot stage in the "
	       "newest session of each series (host, label): median and p90 of its ok boots.");
	for (i = 0; i < l->n; i++)
		for (k = 0; k < ss->spans.n; k++) {
			struct sample *v = span_samples_at(ss, i, k);

			if (v->n)
				stage_lines(out, &l->v[i], ss->spans.v[k].name, v);
		}
	family(out, "kvmboot_session_boots", "gauge", NULL,
	       "Boots of the newest session of each series, whatever their status.");
	series_gauge(out, l, "kvmboot_session_boots", 0);
	family(out, "kvmboot_session_failed_boots", "gauge", NULL, "Boots of the newest session "
	       "of each series that were not ok (failed, timed out, lost events).");
	series_gauge(out, l, "kvmboot_session_failed_boots", 1);
	family(out, "kvmboot_session_start_timestamp_seconds", "gauge", "seconds",
	       "When the newest session of each series started, in seconds since the epoch.");
	series_gauge(out, l, "kvmboot_session_start_timestamp_seconds", 2);
	fputs("# EOF\n", out);
}

/* To -o FILE whole (a temporary file renamed into place), or to standard output. */
static int metrics_output(struct report *r, const struct series_list *l, struct span_samples *ss)
{
	struct outfile o;

	if (!r->args->output) {
		metrics_write(r->out, l, ss);
		return 0;
	}
	if (outfile_open(&o, r->args->output, r->err, sizeof(r->err)) < 0)
		return 2;
	metrics_write(o.f, l, ss);
	return outfile_commit(&o, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}

int export_openmetrics(struct report *r, const struct selection *sel)
{
	struct series_list l;
	struct span_samples ss;
	int rc = series_load(r, sel, &l);

	if (rc) {
		series_release(&l);
		return rc;
	}
	memset(&ss, 0, sizeof(ss));
	rc = samples_load(r, &l, &ss);
	if (rc == 0) {
		if (l.n == 0)
			fprintf(stderr, "kvmboot-report: no session matches the selection\n");
		rc = metrics_output(r, &l, &ss);
	}
	span_samples_release(&ss);
	series_release(&l);
	return rc;
}
