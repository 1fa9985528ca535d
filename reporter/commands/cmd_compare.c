/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report compare BASE CAND: a verdict per stage, milestone and
 * phase (or per --milestone, or --span), decided as gate decides:
 * pass, improved, regressed, inconclusive, with Holm's correction over
 * every row. Boots that were not ok count as in gate. Exit status 0 pass
 * or improved, 1 regressed or failed boots, 3 inconclusive.
 */
#include "../report.h"
#include "../analysis/series.h"
#include "../analysis/gate_stats.h"
#include "stage_load.h"
#include "../rendering/gate_cells.h"
#include "../../common/message.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* BASE or CAND: session:ID, label:TEXT, tag:KEY=VALUE, last, last~N. */
struct side {
	const char *spec;
	char session_text[32];
	struct select_opts opts;
	struct selection sel;
};

static int last_session(struct report *r, struct side *s, long back)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(r->db, "SELECT id FROM sessions ORDER BY started_at DESC, id DESC"
			       " LIMIT 1 OFFSET ?1", -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "%s", sqlite3_errmsg(r->db));
	sqlite3_bind_int64(stmt, 1, back);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		snprintf(s->session_text, sizeof(s->session_text), "%lld",
			 (long long)sqlite3_column_int64(stmt, 0));
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return msg_fail(r->err, sizeof(r->err), "'%s': the database has no session %ld "
				"before the last", s->spec, back);
	s->opts.sessions[s->opts.nsessions++] = s->session_text;
	return 0;
}

static int side_parse(struct report *r, struct side *s, const char *spec)
{
	char *end;
	long back = 0;

	memset(s, 0, sizeof(*s));
	s->spec = spec;
	s->opts.status = "ok";
	if (strncmp(spec, "session:", 8) == 0 && spec[8])
		s->opts.sessions[s->opts.nsessions++] = spec + 8;
	else if (strncmp(spec, "label:", 6) == 0)
		s->opts.label = spec + 6;
	else if (strncmp(spec, "tag:", 4) == 0 && strchr(spec + 4, '='))
		s->opts.tags[s->opts.ntags++] = spec + 4;
	else if (strcmp(spec, "last") == 0 ||
		 (strncmp(spec, "last~", 5) == 0 && (back = strtol(spec + 5, &end, 10)) > 0 && !*end)) {
		if (last_session(r, s, back) < 0)
			return 2;
	} else {
		return msg_fail(r->err, sizeof(r->err), "'%s' is not session:ID, label:TEXT, "
				"tag:KEY=VALUE, last or last~N", spec), 2;
	}
	return report_selection(r, &s->opts, &s->sel);
}

struct load_ctx {
	struct series_set *set;
	struct span_samples *spans;
	size_t side;
};

static int on_boot(const struct boot *b, void *data)
{
	struct load_ctx *c = data;

	if (series_add_boot(c->set, c->side, b) < 0 || span_samples_add(c->spans, c->side, b) < 0)
		return -ENOMEM;
	return 0;
}

/* The verdict beside the name: a table too wide for the terminal folds after it. */
static const struct column columns[] = {
	{ "kind", COL_TEXT, SHOW_DATA, 0, false },
	{ "name", COL_TEXT, SHOW_ALL, 20, true },
	{ "verdict", COL_TEXT, SHOW_ALL, 0, true },
	{ "change", COL_RATIO, SHOW_ALL, 0, false },
	{ "95% CI", COL_TEXT, SHOW_TEXT, 0, false },
	{ "ci_low", COL_RATIO, SHOW_DATA, 0, false },
	{ "ci_high", COL_RATIO, SHOW_DATA, 0, false },
	{ "p", COL_PVALUE, SHOW_ALL, 0, false },
	{ "p_mannwhitney", COL_PVALUE, SHOW_DATA, 0, false },
	{ "p_ks", COL_PVALUE, SHOW_DATA, 0, false },
	{ "n", COL_TEXT, SHOW_TEXT, 0, false },
	{ "base_n", COL_INT, SHOW_DATA, 0, false },
	{ "cand_n", COL_INT, SHOW_DATA, 0, false },
	{ "base_median", COL_TIME, SHOW_DATA, 0, false },
	{ "cand_median", COL_TIME, SHOW_DATA, 0, false },
	{ "base", COL_TIME, SHOW_TEXT, 0, false },
	{ "cand", COL_TIME, SHOW_TEXT, 0, false },
	{ "reason", COL_TEXT, SHOW_DATA, 0, false },
	{ "more_boots", COL_INT, SHOW_DATA, 0, false },
};
enum { C_KIND, C_NAME, C_VERDICT, C_CHANGE, C_CI, C_CI_LOW, C_CI_HIGH, C_P, C_P_MW, C_P_KS,
       C_N, C_BASE_N, C_CAND_N, C_BASE_MED, C_CAND_MED, C_BASE, C_CAND, C_REASON, C_MORE };

/* One row to compare: its kind and name, and the two samples. */
struct row_src {
	const char *kind;
	char name[2 * SPAN_TEXT_MAX];
};

struct rows {
	struct row_src *src;
	struct gate_item *items;
	size_t n, cap;
};

static int rows_add(struct rows *rs, const char *kind, const char *name, const int64_t *b,
		    size_t nb, const int64_t *c, size_t nc)
{
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 32;
		struct row_src *src = realloc(rs->src, cap * sizeof(*src));
		struct gate_item *items;

		if (!src)
			return -ENOMEM;
		rs->src = src;
		items = realloc(rs->items, cap * sizeof(*items));
		if (!items)
			return -ENOMEM;
		rs->items = items;
		rs->cap = cap;
	}
	rs->src[rs->n].kind = kind;
	snprintf(rs->src[rs->n].name, sizeof(rs->src[rs->n].name), "%s", name);
	memset(&rs->items[rs->n], 0, sizeof(rs->items[0]));
	rs->items[rs->n].base = b;
	rs->items[rs->n].nb = nb;
	rs->items[rs->n].cand = c;
	rs->items[rs->n++].nc = nc;
	return 0;
}

static const struct gate_cell_columns cells = {
	.base_n = C_BASE_N, .cand_n = C_CAND_N, .base_med = C_BASE_MED, .base = C_BASE,
	.cand_med = C_CAND_MED, .cand = C_CAND, .change = C_CHANGE, .margin = -1, .p = C_P,
	.p_mw = C_P_MW, .p_ks = C_P_KS, .ci = C_CI, .ci_low = C_CI_LOW, .ci_high = C_CI_HIGH,
	.reason = C_REASON, .more = C_MORE,
};

static int row_fill(struct table *t, const struct row_src *src, const struct gate_item *it)
{
	long row = table_row_add(t);

	if (row < 0)
		return -1;
	table_text_set(t, (size_t)row, C_KIND, src->kind);
	table_text_set(t, (size_t)row, C_NAME, src->name);
	table_text_set(t, (size_t)row, C_VERDICT, it->outcome == GATE_NEW ? "only in cand" :
		       it->outcome == GATE_MISSING ? "only in base" : gate_outcome_name(it->outcome));
	table_textf_set(t, (size_t)row, C_N, "%zu/%zu", it->nb, it->nc);
	gate_item_cells(t, (size_t)row, it, &cells);
	return 0;
}

/* Is KEY the first series with its (kind, from, to), over both groups? */
static bool key_first(const struct series_set *set, size_t i)
{
	const struct series *k = &set->s[i];

	return k->group == 0 || !series_find(set, 0, k->phase, k->from, k->to);
}

static int series_rows(struct report *r, struct series_set *set, int only, struct rows *rs)
{
	const struct catalog *cat = &r->cat;
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct series *k = &set->s[i];
		struct series *x, *y;
		char name[2 * SPAN_TEXT_MAX];

		if (!key_first(set, i) || (!k->phase && k->to == 0))
			continue;	/* seen with group 0, or vmm_exec (always 0) */
		if (only >= 0 && (k->phase || k->to != only))
			continue;
		x = series_find(set, 0, k->phase, k->from, k->to);
		y = series_find(set, 1, k->phase, k->from, k->to);
		snprintf(name, sizeof(name), "%s%s%s", k->phase ? cat->ms[k->from].name : "",
			 k->phase ? ".." : "", cat->ms[k->to].name);
		if (rows_add(rs, k->phase ? "phase" : "milestone", name, x ? x->v : NULL,
			     x ? x->n : 0, y ? y->v : NULL, y ? y->n : 0) < 0)
			return -1;
	}
	return 0;
}

/* Stages and spans; with SPANS_ONLY (--span given) the spans alone. */
static int span_rows(struct span_samples *ss, bool spans_only, struct rows *rs)
{
	size_t i;

	for (i = 0; i < ss->spans.n; i++) {
		struct sample *x = span_samples_at(ss, 0, i), *y = span_samples_at(ss, 1, i);
		const char *kind = span_kind(&ss->spans.v[i]);

		if ((!x->n && !y->n) || (spans_only && strcmp(kind, "span") != 0))
			continue;	/* a stage of milestones neither side has */
		if (rows_add(rs, kind, ss->spans.v[i].name, x->v, x->n, y->v, y->n) < 0)
			return -1;
	}
	return 0;
}

static int series_load(struct report *r, struct side *base, struct side *cand,
		       struct series_set *set, struct span_samples *ss)
{
	struct load_ctx bc = { set, ss, 0 }, cc = { set, ss, 1 };

	if (series_init(set, 2) < 0)
		return report_oom(r);
	if (boots_each(r->db, &base->sel, &r->cat, on_boot, &bc, r->err, sizeof(r->err)) != 0 ||
	    boots_each(r->db, &cand->sel, &r->cat, on_boot, &cc, r->err, sizeof(r->err)) != 0 ||
	    series_sort(set, &r->cat) < 0 || series_expand_all(set) < 0 ||
	    span_samples_expand(ss) < 0)
		return r->err[0] ? 2 : report_oom(r);
	return 0;
}

static void title_set(struct report *r, struct table *t, const struct side *base,
		      const struct side *cand, const struct series_set *set)
{
	table_title_set(t, "base %s (%zu boots) vs candidate %s (%zu boots), ok boots only\n"
			"change of the median with its bootstrap 95%% CI; p: Mann-Whitney U and\n"
			"Kolmogorov-Smirnov, Holm-adjusted over every row; regressed when p < %g\n"
			"and the median grew by more than %g%% and %.3f ms; medians in ms",
			base->spec, set->boots[0], cand->spec, set->boots[1], r->args->alpha,
			r->args->threshold * 100, r->args->floor_ms);
}

/* Boots of SIDE's selection that are not ok. */
static int64_t not_ok(struct report *r, const struct side *s, size_t ok)
{
	int64_t all = selection_count(r->db, &s->sel, true, r->err, sizeof(r->err));

	return all < 0 ? -1 : all - (int64_t)ok;
}

static int failures_check(struct report *r, const struct side *base, const struct side *cand,
			  const struct series_set *set, struct gate_failures *fo,
			  enum gate_failure_verdict *out)
{
	struct gate_failures f = { 0 };
	int64_t nb = not_ok(r, base, set->boots[0]), nc = not_ok(r, cand, set->boots[1]);

	if (nb < 0 || nc < 0)
		return 2;
	f.base_failed = (size_t)nb;
	f.base_boots = set->boots[0] + f.base_failed;
	f.cand_failed = (size_t)nc;
	f.cand_boots = set->boots[1] + f.cand_failed;
	*out = gate_failures_judge(&f);
	*fo = f;
	return 0;
}

static void failures_print(struct report *r, const struct gate_failures *f,
			   enum gate_failure_verdict v)
{
	if (v != GATE_FAILURES_NONE)
		fprintf(r->out, "\nnot ok: %zu of %zu candidate boots (base: %zu of %zu): %s\n",
			f->cand_failed, f->cand_boots, f->base_failed, f->base_boots,
			v == GATE_FAILURES_FAIL ? "more often than the base, the comparison fails"
			: "no more often than the base, reported only");
}

static void verdict_print(struct report *r, const struct rows *rs, int status)
{
	size_t i, n = 0;

	fprintf(r->out, "\nverdict: %s", status == 1 ? "REGRESSED" : status == 3 ?
		"inconclusive" : "pass");
	for (i = 0; i < rs->n; i++)
		if (rs->items[i].outcome == GATE_REGRESSED)
			fprintf(r->out, "%s%s", n++ ? ", " : ": ", rs->src[i].name);
	fprintf(r->out, " (exit %d)\n", status);
}

static int rows_build(struct report *r, struct series_set *set, struct span_samples *ss,
		      int only, struct rows *rs)
{
	if (only < 0 && span_rows(ss, r->args->nspans > 0, rs) < 0)
		return -1;
	return only >= 0 || r->args->nspans == 0 ? series_rows(r, set, only, rs) : 0;
}

static int compare_run(struct report *r, struct side *base, struct side *cand, int only,
		       struct series_set *set, struct span_samples *ss)
{
	struct gate_params params = { r->args->alpha, r->args->threshold, r->args->floor_ms * 1e6,
				      true };
	enum gate_failure_verdict fv;
	struct gate_failures f;
	struct rows rs = { 0 };
	struct table *t = NULL;
	size_t i;
	int rc;

	rc = failures_check(r, base, cand, set, &f, &fv);
	if (rc)
		return rc;
	if (rows_build(r, set, ss, only, &rs) < 0 || gate_decide(rs.items, rs.n, &params) < 0 ||
	    !(t = table_new(columns, sizeof(columns) / sizeof(columns[0])))) {
		rc = report_oom(r);
		goto out;
	}
	for (i = 0; i < rs.n; i++)
		if (row_fill(t, &rs.src[i], &rs.items[i]) < 0) {
			rc = report_oom(r);
			goto out;
		}
	title_set(r, t, base, cand, set);
	rc = report_table_print(r, t);
	t = NULL;
	if (rc == 0) {
		rc = gate_exit_status(rs.items, rs.n, fv);
		if (r->args->format != FORMAT_CSV && r->args->format != FORMAT_JSON) {
			failures_print(r, &f, fv);
			verdict_print(r, &rs, rc);
		}
	}
out:
	table_free(t);
	free(rs.src);
	free(rs.items);
	return rc;
}

int cmd_compare(struct report *r)
{
	struct side base, cand;
	struct series_set set = { 0 };
	struct span_samples ss = { 0 };
	struct span_list spans;
	int only = -1, rc;

	if (r->args->milestone && (only = catalog_find(&r->cat, r->args->milestone)) < 0)
		return msg_fail(r->err, sizeof(r->err), "--milestone: no milestone '%s' in the "
				"database", r->args->milestone), 2;
	if ((rc = side_parse(r, &base, r->args->pos[0])) || (rc = side_parse(r, &cand, r->args->pos[1])))
		return rc;
	rc = stage_list_build(r, false, &spans);
	if (rc == 0)
		rc = span_list_add_cpu(r, &spans);
	if (rc == 0)
		rc = span_samples_init(r, &ss, &spans, 2);
	if (rc == 0)
		rc = series_load(r, &base, &cand, &set, &ss);
	if (rc)
		goto out;
	if (set.boots[0] == 0 || set.boots[1] == 0) {
		/* All boots failed is not "nothing regressed". */
		msg_fail(r->err, sizeof(r->err), "%s '%s' has no ok boot to compare",
			 set.boots[0] ? "candidate" : "base", set.boots[0] ? cand.spec : base.spec);
		rc = 2;
		goto out;
	}
	rc = compare_run(r, &base, &cand, only, &set, &ss);
out:
	span_samples_release(&ss);
	series_release(&set);
	return rc;
}
