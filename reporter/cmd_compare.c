/*
 * kvmboot-report compare BASE CAND: a verdict per milestone and phase.
 * Regressed: the Mann-Whitney U test says the samples differ (p < alpha)
 * and the median grew by more than the threshold; improved: the same, the
 * other way. When the boots are too few for any p below alpha, it says so.
 * Exit status 1 when something regressed.
 */
#include "report.h"
#include "series.h"
#include "verdict.h"
#include "stats.h"
#include "../common/message.h"

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

static int on_base(const struct boot *b, void *data)
{
	return series_add_boot(data, 0, b) < 0 ? -1 : 0;
}

static int on_cand(const struct boot *b, void *data)
{
	return series_add_boot(data, 1, b) < 0 ? -1 : 0;
}

static const struct column columns[] = {
	{ "kind", COL_TEXT, SHOW_DATA, 0, false },
	{ "name", COL_TEXT, SHOW_ALL, 24, true },
	{ "n", COL_TEXT, SHOW_TEXT, 0, false },
	{ "base_n", COL_INT, SHOW_DATA, 0, false },
	{ "cand_n", COL_INT, SHOW_DATA, 0, false },
	{ "base_median", COL_TIME, SHOW_DATA, 0, false },
	{ "cand_median", COL_TIME, SHOW_DATA, 0, false },
	{ "base", COL_TIME, SHOW_TEXT, 0, false },
	{ "cand", COL_TIME, SHOW_TEXT, 0, false },
	{ "change", COL_RATIO, SHOW_ALL, 0, false },
	{ "95% CI", COL_TEXT, SHOW_TEXT, 0, false },
	{ "ci_low", COL_RATIO, SHOW_DATA, 0, false },
	{ "ci_high", COL_RATIO, SHOW_DATA, 0, false },
	{ "p", COL_PVALUE, SHOW_ALL, 0, false },
	{ "verdict", COL_TEXT, SHOW_ALL, 0, false },
};
enum { C_KIND, C_NAME, C_N, C_BASE_N, C_CAND_N, C_BASE_MED, C_CAND_MED, C_BASE, C_CAND,
       C_CHANGE, C_CI, C_CI_LOW, C_CI_HIGH, C_P, C_VERDICT };

struct verdicts {
	unsigned regressed, improved;
	char regressed_names[512];
};

/*
 * Fills the statistics of ROW for samples X (base) and Y (cand); returns
 * the verdict, or NULL when out of memory.
 */
static const char *verdict_fill(struct report *r, struct table *t, size_t row,
				struct series *x, struct series *y)
{
	struct verdict v;

	if (verdict_decide(x->v, x->n, y->v, y->n, r->args->alpha, r->args->threshold, &v) < 0)
		return NULL;
	table_real_set(t, row, C_P, v.p);
	if (v.have_change) {
		table_real_set(t, row, C_CHANGE, v.mc.change);
		table_real_set(t, row, C_CI_LOW, v.mc.ci_low);
		table_real_set(t, row, C_CI_HIGH, v.mc.ci_high);
		table_textf_set(t, row, C_CI, "%+.1f%%..%+.1f%%", v.mc.ci_low * 100,
				v.mc.ci_high * 100);
	}
	return v.word;
}

static void verdict_count(struct verdicts *v, const char *verdict, const char *name)
{
	size_t len = strlen(v->regressed_names);

	if (strcmp(verdict, "improved") == 0)
		v->improved++;
	if (strcmp(verdict, "regressed") != 0)
		return;
	v->regressed++;
	snprintf(v->regressed_names + len, sizeof(v->regressed_names) - len, "%s%s",
		 len ? ", " : "", name);
}

static double median_of(struct series *s)
{
	int64_t *copy = malloc(s->n * sizeof(*copy));
	double m;

	if (!copy)
		return NAN;
	memcpy(copy, s->v, s->n * sizeof(*copy));
	m = stats_median(copy, s->n);
	free(copy);
	return m;
}

static int compare_row(struct report *r, struct table *t, struct series *x, struct series *y,
		       const struct series *key, struct verdicts *v)
{
	const struct catalog *cat = &r->cat;
	long row = table_row_add(t);
	size_t nx = x ? x->n : 0, ny = y ? y->n : 0;
	const char *verdict;

	if (row < 0)
		return -1;
	table_text_set(t, (size_t)row, C_KIND, key->phase ? "phase" : "milestone");
	if (key->phase)
		table_textf_set(t, (size_t)row, C_NAME, "%s..%s", cat->ms[key->from].name,
				cat->ms[key->to].name);
	else
		table_text_set(t, (size_t)row, C_NAME, cat->ms[key->to].name);
	table_textf_set(t, (size_t)row, C_N, "%zu/%zu", nx, ny);
	table_int_set(t, (size_t)row, C_BASE_N, (int64_t)nx);
	table_int_set(t, (size_t)row, C_CAND_N, (int64_t)ny);
	if (nx) {
		table_real_set(t, (size_t)row, C_BASE_MED, median_of(x));
		table_real_set(t, (size_t)row, C_BASE, median_of(x));
	}
	if (ny) {
		table_real_set(t, (size_t)row, C_CAND_MED, median_of(y));
		table_real_set(t, (size_t)row, C_CAND, median_of(y));
	}
	if (!nx || !ny)
		verdict = nx ? "only in base" : "only in cand";
	else
		verdict = verdict_fill(r, t, (size_t)row, x, y);
	if (!verdict)
		return -1;
	table_text_set(t, (size_t)row, C_VERDICT, verdict);
	verdict_count(v, verdict, t->cells[(size_t)row * t->ncols + C_NAME].s);
	return 0;
}

/* Is KEY the first series with its (kind, from, to), over both groups? */
static bool key_first(const struct series_set *set, size_t i)
{
	const struct series *k = &set->s[i];

	return k->group == 0 || !series_find(set, 0, k->phase, k->from, k->to);
}

static int rows_build(struct report *r, struct series_set *set, int only, struct table *t,
		      struct verdicts *v)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		const struct series *k = &set->s[i];

		if (!key_first(set, i) || (!k->phase && k->to == 0))
			continue;	/* seen with group 0, or vmm_exec (always 0) */
		if (only >= 0 && (k->phase || k->to != only))
			continue;
		if (compare_row(r, t, series_find(set, 0, k->phase, k->from, k->to),
				series_find(set, 1, k->phase, k->from, k->to), k, v) < 0)
			return -1;
	}
	return 0;
}

static int series_load(struct report *r, struct side *base, struct side *cand,
		       struct series_set *set)
{
	if (series_init(set, 2) < 0)
		return report_oom(r);
	if (boots_each(r->db, &base->sel, &r->cat, on_base, set, r->err, sizeof(r->err)) != 0 ||
	    boots_each(r->db, &cand->sel, &r->cat, on_cand, set, r->err, sizeof(r->err)) != 0 ||
	    series_sort(set, &r->cat) < 0)
		return r->err[0] ? 2 : report_oom(r);
	return 0;
}

static void title_set(struct report *r, struct table *t, const struct side *base,
		      const struct side *cand, const struct series_set *set)
{
	table_title_set(t, "base %s (%zu boots) vs candidate %s (%zu boots), ok boots only\n"
			"medians in ms; change of the median with its bootstrap 95%% CI; "
			"Mann-Whitney U,\ntwo-sided: regressed when p < %g and the median "
			"grew by more than %g%%", base->spec, set->boots[0], cand->spec,
			set->boots[1], r->args->alpha, r->args->threshold * 100);
}

int cmd_compare(struct report *r)
{
	struct side base, cand;
	struct series_set set = { 0 };
	struct verdicts v = { 0, 0, "" };
	struct table *t = NULL;
	int only = -1, rc;

	if (r->args->milestone && (only = catalog_find(&r->cat, r->args->milestone)) < 0)
		return msg_fail(r->err, sizeof(r->err), "--milestone: no milestone '%s' in the "
				"database", r->args->milestone), 2;
	if ((rc = side_parse(r, &base, r->args->pos[0])) || (rc = side_parse(r, &cand, r->args->pos[1])))
		return rc;
	rc = series_load(r, &base, &cand, &set);
	if (rc)
		goto out;
	if (set.boots[0] == 0 || set.boots[1] == 0) {
		/* All boots failed is not "nothing regressed". */
		msg_fail(r->err, sizeof(r->err), "%s '%s' has no ok boot to compare",
			 set.boots[0] ? "candidate" : "base", set.boots[0] ? cand.spec : base.spec);
		rc = 2;
		goto out;
	}
	t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!t || rows_build(r, &set, only, t, &v) < 0) {
		rc = report_oom(r);
		goto out;
	}
	title_set(r, t, &base, &cand, &set);
	rc = report_table_print(r, t);
	t = NULL;
	if (rc == 0 && r->args->format != FORMAT_CSV && r->args->format != FORMAT_JSON)
		fprintf(r->out, "\nverdict: %s%s (%u improved)\n", v.regressed ? "REGRESSED: " : "",
			v.regressed ? v.regressed_names : "nothing regressed", v.improved);
	if (rc == 0)
		rc = v.regressed ? 1 : 0;
out:
	table_free(t);
	series_release(&set);
	return rc;
}
