/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A session's page: the boot in one line (as time says it), what it ran
 * on, its gate against its baseline, the waterfall of its median boot,
 * each stage's distribution, summary's table and its boots.
 */
#include "page.h"
#include "site_files.h"
#include "../analysis/series.h"
#include "../charts/palette.h"
#include "../charts/svg_charts.h"
#include "../rendering/html.h"
#include "../rendering/summary_table.h"
#include "../rendering/time_line.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One boot of the session, for the list of boots. */
struct boot_row {
	int64_t id, seq, total_ns, cpu_ns;
	char status[16];
	char *detail;
};

/* What the session's boots give, read again on the worker's connection. */
struct session_read {
	struct series_set set;		/* ok boots: summary's milestones and phases */
	struct span_samples spans;	/* ok boots: summary's stages, spans, vmm cpu */
	struct boot_row *rows;
	size_t nrows;
};

static int on_boot(const struct boot *b, void *data)
{
	struct session_read *sr = data;
	struct boot_row *grown = realloc(sr->rows, (sr->nrows + 1) * sizeof(*grown)), *row;

	if (!grown)
		return -ENOMEM;
	sr->rows = grown;
	row = &sr->rows[sr->nrows++];
	memset(row, 0, sizeof(*row));
	row->id = b->id;
	row->seq = b->seq;
	row->total_ns = b->n ? b->time_ns[b->n - 1] : -1;
	row->cpu_ns = b->cpu_ns;
	snprintf(row->status, sizeof(row->status), "%s", b->status);
	if (b->detail && !(row->detail = strdup(b->detail)))
		return -ENOMEM;
	if (strcmp(b->status, "ok") != 0)
		return 0;
	if (series_add_boot(&sr->set, 0, b) < 0 || span_samples_add(&sr->spans, 0, b) < 0)
		return -ENOMEM;
	return 0;
}

static void session_read_release(struct session_read *sr)
{
	size_t i;

	series_release(&sr->set);
	span_samples_release(&sr->spans);
	for (i = 0; i < sr->nrows; i++)
		free(sr->rows[i].detail);
	free(sr->rows);
}

/* Every boot of session K, as summary --session ID reads it. 0, or 2 with r->err. */
static int session_boots_read(struct report *r, const struct site_session *c, struct session_read *sr)
{
	struct span_list spans;
	struct selection sel;
	int rc;

	memset(sr, 0, sizeof(*sr));
	rc = stage_list_build(r, false, &spans);
	if (rc == 0)
		rc = span_list_add_cpu(r, &spans);
	if (rc == 0)
		rc = span_samples_init(r, &sr->spans, &spans, 1);
	if (rc == 0 && series_init(&sr->set, 1) < 0)
		rc = report_oom(r);
	if (rc)
		return rc;
	memset(&sel, 0, sizeof(sel));
	sel.session_ids[0] = c->info.id;
	sel.nsessions = 1;
	sel.all_status = true;
	rc = boots_each(r->db, &sel, &r->cat, on_boot, sr, r->err, sizeof(r->err));
	if (rc == -ENOMEM || (rc && !r->err[0]))
		return report_oom(r);
	if (rc)
		return 2;
	return series_sort(&sr->set, &r->cat) < 0 ? report_oom(r) : 0;
}

static void nav(FILE *out, const struct site *s, size_t k)
{
	const struct site_series *ser = &s->series[s->sessions[k].series];
	size_t i, at = 0;
	char file[40];

	for (i = 0; i < ser->n; i++)
		if (ser->sessions[i] == k)
			at = i;
	fputs("<nav><a href=\"index.html\">all series</a>", out);
	page_link(out, ser->file, ser->name);
	if (at > 0 && s->sessions[ser->sessions[at - 1]].paged) {
		page_session_file(s, ser->sessions[at - 1], file, sizeof(file));
		page_link(out, file, "previous session");
	}
	if (at + 1 < ser->n && s->sessions[ser->sessions[at + 1]].paged) {
		page_session_file(s, ser->sessions[at + 1], file, sizeof(file));
		page_link(out, file, "next session");
	}
	fputs("</nav>\n", out);
}

/* The boot in one line, as kvmboot-report time --session ID says it. */
static int time_line(FILE *out, const struct site *s, size_t k)
{
	size_t i, n = s->samples.spans.n;
	double *median = calloc(n + 1, sizeof(*median));
	bool *have = calloc(n + 1, sizeof(*have));
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!median || !have || !f) {
		free(median);
		free(have);
		if (f)
			fclose(f);
		free(text);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const struct site_stat *st = site_stat_at(s, k, i);

		have[i] = st->n > 0;
		median[i] = st->median;
	}
	time_line_print(f, &s->samples.spans, median, have, s->sessions[k].ok);
	fclose(f);
	fputs("<p class=\"line\">", out);
	html_put(out, s->sessions[k].ok ? text : "no ok boot: no time to tell");
	fputs("</p>\n", out);
	free(text);
	free(median);
	free(have);
	return 0;
}

static void fact(FILE *out, const char *name, const char *value)
{
	fputs("<tr><th>", out);
	html_put(out, name);
	fputs("</th><td>", out);
	html_put(out, value && *value ? value : "-");
	fputs("</td></tr>\n", out);
}

static void facts(FILE *out, const struct site_session *c)
{
	char boots[200];
	int i;

	snprintf(boots, sizeof(boots), "%zu, %zu ok, %zu not ok (%zu timeout, %zu lost events, "
		 "%zu failed)", c->boots, c->ok, c->boots - c->ok, c->timeout, c->lost_events,
		 c->boots - c->ok - c->timeout - c->lost_events);
	fputs("<table class=\"facts\">\n", out);
	fact(out, "uuid", c->uuid);
	fact(out, "started", c->info.started_at);
	fact(out, "label", c->info.label);
	fact(out, "tags", c->tags);
	for (i = 0; i < ENV_N; i++)
		fact(out, env_title(i), c->info.env[i]);
	fact(out, "boots", boots);
	fputs("</table>\n", out);
}

static void gate_notes(FILE *out, const struct gate_report *g)
{
	size_t i;

	fputs("<ul class=\"note\">\n", out);
	for (i = 0; i < g->samples.spans.n; i++) {
		fputs("<li>", out);
		html_put(out, g->samples.spans.v[i].name);
		fputs(": ", out);
		html_put(out, g->items[i].reason);
		fputs("</li>\n", out);
	}
	for (i = 0; i < g->sides.ndiffs; i++) {
		const struct env_diff *d = &g->sides.diffs[i];

		fprintf(out, "<li>warning: %zu baseline session%s ran on another ", d->sessions,
			d->sessions == 1 ? "" : "s");
		html_put(out, env_title(d->field));
		fputs(" (", out);
		html_put(out, d->example);
		fputs(")</li>\n", out);
	}
	fputs("</ul>\n", out);
}

/* The gate, as kvmboot-report gate session:ID decides it. */
static int gate_section(FILE *out, const struct site *s, size_t k)
{
	const struct gate_report *g = s->sessions[k].gate;
	char counts[200];
	struct table *t;
	int rc;

	fputs("<h2 id=\"gate\">Gate</h2>\n", out);
	if (!g) {
		fputs("<p class=\"note\">No baseline: no session with this label on this host "
		      "started before it.</p>\n", out);
		return 0;
	}
	fprintf(out, "<p><span class=\"%s\">%s</span> against ", page_verdict_class(gate_verdict_word(g)),
		gate_verdict_word(g));
	html_put(out, g->sides.baseline_text);
	gate_counts_text(counts, sizeof(counts), &g->base_boots);
	fputs(" (", out);
	html_put(out, counts);
	gate_counts_text(counts, sizeof(counts), &g->cand_boots);
	fputs("; this session: ", out);
	html_put(out, counts);
	fprintf(out, "). Regressed: p &lt; %g after Holm's correction and the median grew by more "
		"than %g%% and %.3f ms. Failed boots: %s.</p>\n", g->params.alpha,
		g->params.threshold * 100, g->params.floor_ns / 1e6,
		g->failure_verdict == GATE_FAILURES_FAIL ? "fail the gate" :
		g->failure_verdict == GATE_FAILURES_TOLERATED ? "no more often than the baseline's" : "none");
	t = gate_rows_table(g);
	if (!t)
		return -1;
	rc = html_table(out, t);
	table_free(t);
	gate_notes(out, g);
	return rc;
}

/* The median boot's first hits, as phases between consecutive ones. */
static int phases_of(const struct boot *b, const struct catalog *cat, struct svg_phase *p,
		     size_t *n)
{
	size_t i, j, m = 0;
	int seen_ms[512];
	int64_t seen_t[512];

	for (i = 0; i < b->n && m < 512; i++) {
		for (j = 0; j < m && seen_ms[j] != b->ms[i]; j++)
			;
		if (j < m)
			continue;
		seen_ms[m] = b->ms[i];
		seen_t[m++] = b->time_ns[i];
	}
	for (*n = 0, i = 1; i < m; i++)
		p[(*n)++] = (struct svg_phase){ cat->ms[seen_ms[i - 1]].name, cat->ms[seen_ms[i]].name,
						seen_t[i - 1], seen_t[i] };
	return 0;
}

struct one_boot {
	const struct catalog *cat;
	struct svg_phase *p;
	size_t n;
};

static int on_median(const struct boot *b, void *data)
{
	struct one_boot *o = data;

	return phases_of(b, o->cat, o->p, &o->n);
}

int page_waterfall(FILE *out, struct report *r, int64_t run, const char *label)
{
	struct one_boot o = { &r->cat, calloc(512, sizeof(struct svg_phase)), 0 };
	struct selection sel;
	int rc;

	if (!o.p)
		return report_oom(r);
	memset(&sel, 0, sizeof(sel));
	sel.run_id = run;
	sel.all_status = true;
	rc = boots_each(r->db, &sel, &r->cat, on_median, &o, r->err, sizeof(r->err));
	if (rc == 0 && o.n)
		svg_waterfall(out, o.p, o.n, PAGE_CHART_W, label);
	else if (rc == 0)
		fputs("<p class=\"note\">No phase to draw: fewer than two milestones.</p>\n", out);
	free(o.p);
	return rc ? 2 : 0;
}

static int median_boot(FILE *out, struct report *r, const struct site_session *c)
{
	char file[40], text[80];

	fputs("<h2 id=\"waterfall\">The median boot</h2>\n", out);
	if (!c->median_run) {
		fputs("<p class=\"note\">No ok boot.</p>\n", out);
		return 0;
	}
	page_boot_file(c->median_run, file, sizeof(file));
	snprintf(text, sizeof(text), "run %lld", (long long)c->median_run);
	fputs("<p class=\"note\">The ok boot whose total time is the median one (a real boot, "
	      "not a mix): ", out);
	page_link(out, file, text);
	fputs(".</p>\n", out);
	return page_waterfall(out, r, c->median_run, "the phases of the session's median boot");
}

static int stage_dists(FILE *out, const struct site *s, size_t k)
{
	size_t i, n = 0;
	struct svg_dist_row *rows = calloc(s->samples.spans.n + 1, sizeof(*rows));
	int64_t **copies = calloc(s->samples.spans.n + 1, sizeof(*copies));	/* the rows' values */
	int rc = -1;

	if (!rows || !copies)
		goto out;
	for (i = 0; i < s->samples.spans.n; i++) {
		const struct sample *v = span_samples_at(&s->samples, k, i);

		if (!v->n)
			continue;
		copies[n] = sample_values(v);	/* the site's samples stay compact */
		if (!copies[n])
			goto out;
		rows[n] = (struct svg_dist_row){ s->samples.spans.v[i].name, NULL, copies[n], v->n,
						 palette_colour(i) };
		n++;
	}
	fputs("<h2 id=\"stages\">Each stage's distribution</h2>\n<p class=\"note\">Every ok boot, "
	      "each stage on its own scale: box p25..p75 with the median, whiskers min..max."
	      "</p>\n", out);
	if (n)
		svg_dist(out, rows, n, false, PAGE_CHART_W, "each stage's distribution in the session");
	rc = 0;
out:
	for (i = 0; copies && i < n; i++)
		free(copies[i]);
	free(copies);
	free(rows);
	return rc;
}

static int summary(FILE *out, const struct site *s, struct report *r, size_t k,
		   struct session_read *sr)
{
	char name[64], value[32];
	char *names[1] = { name }, *values[1] = { value };
	struct grouping g;
	struct table *t;
	int rc;

	memset(&g, 0, sizeof(g));
	snprintf(name, sizeof(name), "session %lld", (long long)s->sessions[k].info.id);
	snprintf(value, sizeof(value), "%lld", (long long)s->sessions[k].info.id);
	g.names = names;
	g.values = values;
	g.n = 1;
	fputs("<h2 id=\"summary\">Summary</h2>\n", out);
	t = summary_table(&sr->set, &sr->spans, &g, &r->cat);
	if (!t)
		return -1;
	rc = html_table(out, t);
	table_free(t);
	return rc;
}

static void boots_list(FILE *out, const struct site_session *c, const struct session_read *sr)
{
	char file[40], text[32];
	size_t i;

	fputs("<h2 id=\"boots\">Boots</h2>\n<table>\n<thead><tr><th>run</th><th class=\"num\">boot"
	      "</th><th>status</th><th class=\"num\">last point (ms)</th><th class=\"num\">vmm cpu "
	      "(ms)</th><th>why</th></tr></thead>\n<tbody>\n", out);
	for (i = 0; i < sr->nrows; i++) {
		const struct boot_row *b = &sr->rows[i];

		page_boot_file(b->id, file, sizeof(file));
		snprintf(text, sizeof(text), "%lld", (long long)b->id);
		fputs("<tr><td>", out);
		if (c->boots_paged || b->id == c->median_run)
			page_link(out, file, text);
		else
			html_put(out, text);
		fprintf(out, "</td><td class=\"num\">%lld</td><td>", (long long)b->seq);
		html_put(out, b->status);
		fputs("</td><td class=\"num\">", out);
		if (b->total_ns >= 0)
			fprintf(out, "%.3f", (double)b->total_ns / 1e6);
		fputs("</td><td class=\"num\">", out);
		if (b->cpu_ns >= 0)
			fprintf(out, "%.1f", (double)b->cpu_ns / 1e6);
		fputs("</td><td>", out);
		html_put(out, b->detail);
		fputs("</td></tr>\n", out);
	}
	fputs("</tbody></table>\n", out);
}

static int body(FILE *out, struct site *s, struct report *r, size_t k, struct session_read *sr)
{
	const struct site_session *c = &s->sessions[k];
	char title[300];
	int rc;

	nav(out, s, k);
	snprintf(title, sizeof(title), "Session %lld", (long long)c->info.id);
	fputs("<h1>", out);
	html_put(out, title);
	if (c->info.label) {
		fputs(": ", out);
		html_put(out, c->info.label);
	}
	fputs("</h1>\n", out);
	if (time_line(out, s, k) < 0)
		return report_oom(r);
	page_changes_note(out, s, k);
	facts(out, c);
	if (gate_section(out, s, k) < 0)
		return report_oom(r);
	rc = median_boot(out, r, c);
	if (rc == 0 && stage_dists(out, s, k) < 0)
		rc = report_oom(r);
	if (rc == 0 && summary(out, s, r, k, sr) < 0)
		rc = report_oom(r);
	if (rc == 0)
		boots_list(out, c, sr);
	return rc;
}

int page_session_write(struct site *s, struct report *r, size_t k)
{
	struct session_read sr;
	struct site_page p;
	char file[40], title[300];
	int rc = session_boots_read(r, &s->sessions[k], &sr);

	page_session_file(s, k, file, sizeof(file));
	if (rc == 0 && site_page_begin(&p, s->dir, file) < 0)
		rc = report_oom(r);
	if (rc) {
		session_read_release(&sr);
		return rc;
	}
	page_session_caption(s, k, title, sizeof(title));
	page_begin(p.out, title);
	rc = body(p.out, s, r, k, &sr);
	session_read_release(&sr);
	if (rc) {
		site_page_abort(&p);
		return rc;
	}
	page_end(p.out);
	return site_page_commit(&p, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}
