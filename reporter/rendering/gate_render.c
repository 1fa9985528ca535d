/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report gate's output: a table that fits a terminal with each
 * verdict beside its figures, markdown for a CI summary, one json
 * document with an envelope, and JUnit XML for CI test reports.
 */
#include "../commands/gate.h"
#include "table.h"
#include "gate_cells.h"
#include "../../common/text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.0.0"
#endif

/* The version of the json document's layout: raised when a field changes meaning. */
#define GATE_JSON_SCHEMA 1

static const struct column columns[] = {
	{ "name", COL_TEXT, SHOW_ALL, 20, true },
	{ "definition", COL_TEXT, SHOW_DATA, 0, false },
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
	{ "margin", COL_TIME, SHOW_DATA, 0, false },
	{ "p_mannwhitney", COL_PVALUE, SHOW_DATA, 0, false },
	{ "p_ks", COL_PVALUE, SHOW_DATA, 0, false },
	{ "p", COL_PVALUE, SHOW_ALL, 0, false },
	{ "verdict", COL_TEXT, SHOW_ALL, 0, false },
	{ "reason", COL_TEXT, SHOW_DATA, 0, false },
	{ "more_boots", COL_INT, SHOW_DATA, 0, false },
};
enum { C_NAME, C_DEF, C_BASE_N, C_CAND_N, C_BASE_MED, C_CAND_MED, C_BASE, C_CAND, C_CHANGE,
       C_CI, C_CI_LOW, C_CI_HIGH, C_MARGIN, C_P_MW, C_P_KS, C_P, C_VERDICT, C_REASON, C_MORE };

static const struct gate_cell_columns cells = {
	.base_n = C_BASE_N, .cand_n = C_CAND_N, .base_med = C_BASE_MED, .base = C_BASE,
	.cand_med = C_CAND_MED, .cand = C_CAND, .change = C_CHANGE, .margin = C_MARGIN, .p = C_P,
	.p_mw = C_P_MW, .p_ks = C_P_KS, .ci = C_CI, .ci_low = C_CI_LOW, .ci_high = C_CI_HIGH,
	.reason = C_REASON, .more = C_MORE,
};

static int item_row(struct table *t, const struct gate_report *g, size_t i)
{
	const struct gate_item *it = &g->items[i];
	const struct span *s = &g->samples.spans.v[i];
	char def[2 * SPAN_TEXT_MAX];
	long row = table_row_add(t);

	if (row < 0)
		return -1;
	span_format(s, def, sizeof(def));
	table_text_set(t, (size_t)row, C_NAME, s->name);
	table_text_set(t, (size_t)row, C_DEF, def);
	table_text_set(t, (size_t)row, C_VERDICT, gate_outcome_name(it->outcome));
	gate_item_cells(t, (size_t)row, it, &cells);
	return 0;
}

struct table *gate_rows_table(const struct gate_report *g)
{
	struct table *t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	size_t i;

	for (i = 0; t && i < g->samples.spans.n; i++)
		if (item_row(t, g, i) < 0) {
			table_free(t);
			return NULL;
		}
	return t;
}

/* Text from the database or the user, as a terminal may safely show it. */
static void put_text(FILE *out, const char *s)
{
	text_show_put(out, s, strlen(s));
}

void gate_counts_text(char *buf, size_t len, const struct boot_counts *c)
{
	int n = snprintf(buf, len, "%zu boot%s, %zu ok", c->total, c->total == 1 ? "" : "s", c->ok);

	if (c->failed && n > 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, ", %zu not ok: %zu timeout, %zu lost events, "
			 "%zu failed", c->failed, c->timeout, c->lost_events,
			 c->failed - c->timeout - c->lost_events);
}

/* The lines above the table (markdown: a paragraph each). */
static void header_print(FILE *out, const struct gate_report *g, bool md)
{
	const struct session_info *c = &g->sides.cand;
	const char *br = md ? "  \n" : "\n";
	char counts[200];
	size_t i;

	gate_counts_text(counts, sizeof(counts), &g->cand_boots);
	fprintf(out, "%sgate: %s%s candidate session %lld", md ? "**" : "", gate_verdict_word(g),
		md ? "**:" : ":", (long long)c->id);
	if (c->label) {
		fputs(" '", out);
		put_text(out, c->label);
		fputc('\'', out);
	}
	fprintf(out, " (%s)%s", counts, br);
	gate_counts_text(counts, sizeof(counts), &g->base_boots);
	fputs("baseline: ", out);
	put_text(out, g->sides.baseline_text);
	fprintf(out, " (%s)%s", counts, br);
	fprintf(out, "%s: medians in ms; change of the median, bootstrap 95%% CI;%s"
		"p: Mann-Whitney U and Kolmogorov-Smirnov, Holm-adjusted; regressed when%s"
		"p < %g and the median grew by more than %g%% and %.3f ms%s",
		g->milestones ? "milestones (time since exec)" : "stages", br, br, g->params.alpha,
		g->params.threshold * 100, g->params.floor_ns / 1e6, br);
	for (i = 0; i < g->sides.ndiffs; i++) {
		const struct env_diff *d = &g->sides.diffs[i];

		fprintf(out, "%swarning: %zu of %zu baseline sessions ran on another %s: '",
			md ? "> " : "", d->sessions, g->sides.nbase, env_title(d->field));
		put_text(out, d->example);
		fputs("' (the candidate: '", out);
		put_text(out, c->env[d->field]);
		fputs("')\n", out);
	}
	fputc('\n', out);
}

static void failures_print(FILE *out, const struct gate_report *g)
{
	const struct gate_failures *f = &g->failures;

	if (g->failure_verdict == GATE_FAILURES_NONE)
		return;
	fprintf(out, "failed boots: %zu of %zu candidate boots were not ok (baseline: %zu of "
		"%zu): %s\n", f->cand_failed, f->cand_boots, f->base_failed, f->base_boots,
		g->failure_verdict == GATE_FAILURES_FAIL ? (f->limit_given ? "more than "
		"--max-failed allows, the gate fails" : "more often than the baseline, the gate "
		"fails (--max-failed N|PCT% allows some)") : f->limit_given ?
		"within --max-failed" : "no more often than the baseline, reported only");
}

static void notes_print(FILE *out, const struct gate_report *g)
{
	size_t i;

	for (i = 0; i < g->samples.spans.n; i++) {
		const struct gate_item *it = &g->items[i];

		if (it->outcome != GATE_INCONCLUSIVE && it->outcome != GATE_MISSING)
			continue;
		put_text(out, g->samples.spans.v[i].name);
		fprintf(out, ": %s", it->reason);
		if (it->outcome == GATE_MISSING)
			fputc('\n', out);
		else if (it->more_boots < 0)
			fputs("; the change lies too near the margin for the baseline's spread: "
			      "more baseline boots are needed too\n", out);
		else if (it->more_boots > GATE_MORE_MAX)
			fprintf(out, "; more than %d more candidate boots would be needed\n",
				GATE_MORE_MAX);
		else
			fprintf(out, "; about %ld more candidate boot%s would likely decide it "
				"(from the observed spread)\n", it->more_boots,
				it->more_boots == 1 ? "" : "s");
	}
}

static void verdict_print(FILE *out, const struct gate_report *g, bool md)
{
	size_t i, n = 0;

	fprintf(out, "%sverdict: %s", md ? "\n**" : "", gate_verdict_word(g));
	for (i = 0; i < g->samples.spans.n; i++)
		if (g->items[i].outcome == GATE_REGRESSED) {
			fputs(n++ ? ", " : " (regressed: ", out);
			put_text(out, g->samples.spans.v[i].name);
		}
	fprintf(out, "%s (exit %d)%s\n", n ? ")" : "", g->status, md ? "**" : "");
}

static int text_print(FILE *out, const struct gate_report *g, bool md)
{
	struct table *t = gate_rows_table(g);
	int rc;

	if (!t)
		return -ENOMEM;
	header_print(out, g, md);
	rc = table_print(out, t, md ? FORMAT_MARKDOWN : FORMAT_TABLE);
	table_free(t);
	if (rc < 0)
		return rc;
	fputc('\n', out);
	failures_print(out, g);
	notes_print(out, g);
	verdict_print(out, g, md);
	return 0;
}

static int csv_print(FILE *out, const struct gate_report *g)
{
	struct table *t = gate_rows_table(g);
	int rc;

	if (!t)
		return -ENOMEM;
	rc = table_print(out, t, FORMAT_CSV);
	table_free(t);
	return rc;
}

/*
 * TEXT as a json string: valid UTF-8 passed through, control characters
 * (C0, DEL, C1) as \u escapes, bytes that are not UTF-8 as U+FFFD, so
 * that the document always parses.
 */
static void json_str(FILE *out, const char *text)
{
	size_t n, len;
	uint32_t cp;

	if (!text) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (len = strlen(text); len; text += n, len -= n) {
		n = utf8_decode(text, len, &cp);
		if (n == 0) {
			fputs("\\ufffd", out);
			n = 1;
		} else if (cp == '"' || cp == '\\') {
			fprintf(out, "\\%c", (int)cp);
		} else if (text_is_control(cp)) {
			fprintf(out, "\\u%04x", (unsigned)cp);
		} else {
			fwrite(text, 1, n, out);
		}
	}
	fputc('"', out);
}

static void json_counts(FILE *out, const struct boot_counts *c)
{
	fprintf(out, "\"boots\": %zu, \"ok\": %zu, \"not_ok\": %zu, \"timeout\": %zu, "
		"\"lost_events\": %zu, \"failed\": %zu", c->total, c->ok, c->failed, c->timeout,
		c->lost_events, c->failed - c->timeout - c->lost_events);
}

static void json_envelope(FILE *out, const struct gate_report *g, const struct report_args *a)
{
	static const char *const failure_words[] = { "none", "tolerated", "fail" };
	const struct session_info *c = &g->sides.cand;
	size_t i;

	fprintf(out, "{\n  \"kvmboot_version\": \"%s\",\n  \"schema_version\": %d,\n"
		"  \"command\": \"gate\",\n  \"parameters\": {\"items\": \"%s\", \"baseline\": ",
		KVMBOOT_VERSION, GATE_JSON_SCHEMA, g->milestones ? "milestones" : "stages");
	json_str(out, a->baseline ? a->baseline : "last:7");
	fputs(", \"same\": ", out);
	json_str(out, a->same ? a->same : "none");
	fprintf(out, ", \"threshold\": %.17g, \"alpha\": %.17g, \"min_change_ns\": %.0f, "
		"\"max_failed\": ", g->params.threshold, g->params.alpha, g->params.floor_ns);
	json_str(out, g->max_failed);
	fprintf(out, "},\n  \"verdict\": \"%s\",\n  \"exit_status\": %d,\n  \"candidate\": "
		"{\"session\": %lld, \"label\": ", gate_verdict_word(g), g->status, (long long)c->id);
	json_str(out, c->label);
	fputs(", \"started_at\": ", out);
	json_str(out, c->started_at);
	fputs(", ", out);
	json_counts(out, &g->cand_boots);
	fputs("},\n  \"baseline\": {\"description\": ", out);
	json_str(out, g->sides.baseline_text);
	fputs(", \"sessions\": [", out);
	for (i = 0; i < g->sides.nbase; i++)
		fprintf(out, "%s%lld", i ? ", " : "", (long long)g->sides.base[i].id);
	fputs("], ", out);
	json_counts(out, &g->base_boots);
	fprintf(out, "},\n  \"failed_boots\": \"%s\",\n  \"warnings\": [",
		failure_words[g->failure_verdict]);
	for (i = 0; i < g->sides.ndiffs; i++) {
		const struct env_diff *d = &g->sides.diffs[i];

		fprintf(out, "%s\n    {\"what\": ", i ? "," : "");
		json_str(out, env_title(d->field));
		fprintf(out, ", \"same_key\": \"%s\", \"sessions\": %zu, \"baseline\": ",
			env_key(d->field), d->sessions);
		json_str(out, d->example);
		fputs(", \"candidate\": ", out);
		json_str(out, c->env[d->field]);
		fputs("}", out);
	}
	fputs(g->sides.ndiffs ? "\n  ],\n  \"rows\": " : "],\n  \"rows\": ", out);
}

static int json_print(FILE *out, const struct gate_report *g, const struct report_args *a)
{
	struct table *t = gate_rows_table(g);
	int rc;

	if (!t)
		return -ENOMEM;
	json_envelope(out, g, a);
	rc = table_print(out, t, FORMAT_JSON);
	table_free(t);
	fputs("}\n", out);
	return rc;
}

/* TEXT as shown (controls blanked, not UTF-8 as U+FFFD), XML's five special characters escaped. */
static void xml_str(FILE *out, const char *text)
{
	size_t len = strlen(text), n, shown;
	const char *show;

	for (; len; text += n, len -= n) {
		n = text_show_next(text, len, &show, &shown);
		if (shown != 1)
			fwrite(show, 1, shown, out);
		else if (*show == '<')
			fputs("&lt;", out);
		else if (*show == '>')
			fputs("&gt;", out);
		else if (*show == '&')
			fputs("&amp;", out);
		else if (*show == '"')
			fputs("&quot;", out);
		else if (*show == '\'')
			fputs("&apos;", out);
		else
			fputc(*show, out);
	}
}

static void junit_case(FILE *out, const struct gate_report *g, size_t i)
{
	const struct gate_item *it = &g->items[i];
	char msg[512];

	fputs("    <testcase classname=\"kvmboot.gate\" name=\"", out);
	xml_str(out, g->samples.spans.v[i].name);
	fputs("\" time=\"0\"", out);
	if (it->nb && it->nc)
		snprintf(msg, sizeof(msg), "%s: median %.3f ms -> %.3f ms (%+.1f%%), p = %.3g; %s",
			 gate_outcome_name(it->outcome), it->base_median / 1e6,
			 it->cand_median / 1e6, it->change * 100, it->p_adj, it->reason);
	else
		snprintf(msg, sizeof(msg), "%s: %s", gate_outcome_name(it->outcome), it->reason);
	if (it->outcome == GATE_REGRESSED || it->outcome == GATE_INCONCLUSIVE ||
	    it->outcome == GATE_MISSING) {
		fputs(it->outcome == GATE_REGRESSED ? ">\n      <failure type=\"regressed\" message=\""
		      : ">\n      <skipped message=\"", out);
		xml_str(out, msg);
		fputs("\"/>\n    </testcase>\n", out);
	} else {
		fputs(">\n      <system-out>", out);
		xml_str(out, msg);
		fputs("</system-out>\n    </testcase>\n", out);
	}
}

static int junit_print(FILE *out, const struct gate_report *g)
{
	size_t i, n = g->samples.spans.n, failures = 0, skipped = 0;

	for (i = 0; i < n; i++) {
		failures += g->items[i].outcome == GATE_REGRESSED;
		skipped += g->items[i].outcome == GATE_INCONCLUSIVE ||
			   g->items[i].outcome == GATE_MISSING;
	}
	failures += g->failure_verdict == GATE_FAILURES_FAIL;
	fprintf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"kvmboot gate\" "
		"tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n  <testsuite name=\"kvmboot gate: "
		"session %lld\" tests=\"%zu\" failures=\"%zu\" skipped=\"%zu\">\n", n + 1, failures,
		skipped, (long long)g->sides.cand.id, n + 1, failures, skipped);
	fprintf(out, "    <testcase classname=\"kvmboot.gate\" name=\"boots\" time=\"0\">\n");
	if (g->failure_verdict == GATE_FAILURES_FAIL)
		fprintf(out, "      <failure type=\"failed boots\" message=\"%zu of %zu candidate "
			"boots were not ok (%zu timeout, %zu lost events); the baseline: %zu of %zu\"/>\n",
			g->failures.cand_failed, g->failures.cand_boots, g->cand_boots.timeout,
			g->cand_boots.lost_events, g->failures.base_failed, g->failures.base_boots);
	fputs("    </testcase>\n", out);
	for (i = 0; i < n; i++)
		junit_case(out, g, i);
	fputs("  </testsuite>\n</testsuites>\n", out);
	return 0;
}

int gate_render(FILE *out, const struct gate_report *g, const struct report_args *a)
{
	int rc;

	if (a->junit)
		rc = junit_print(out, g);
	else if (a->format == FORMAT_JSON)
		rc = json_print(out, g, a);
	else if (a->format == FORMAT_CSV)
		rc = csv_print(out, g);
	else
		rc = text_print(out, g, a->format == FORMAT_MARKDOWN);
	if (rc == -ENOMEM)
		errno = ENOMEM;
	return rc < 0 || ferror(out) ? -1 : 0;
}
