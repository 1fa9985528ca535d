/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the commands share: selections, printing, naming. */
#include "report.h"
#include "../common/message.h"

#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.0.0"
#endif

#include <errno.h>
#include <stdbool.h>
#include <string.h>

int report_selection(struct report *r, const struct select_opts *opts, struct selection *sel)
{
	return selection_build(r->db, opts, sel, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}

void report_empty_note(struct report *r, const struct selection *sel)
{
	char err[256];
	int64_t others = sel->all_status || sel->run_id ? 0
			 : selection_count(r->db, sel, true, err, sizeof(err));

	if (others > 0)
		fprintf(stderr, "kvmboot-report: no ok boot matches the selection, but %lld %s "
			"(--status all shows %s)\n", (long long)others,
			others == 1 ? "boot that is not ok does" : "boots that are not ok do",
			others == 1 ? "it" : "them");
	else
		fprintf(stderr, "kvmboot-report: no boot matches the selection\n");
}

/* "key": ["a", "b"] for the N strings LIST; nothing when N is 0. */
static void json_list(FILE *out, const char *key, const char *const *list, size_t n)
{
	size_t i;

	if (!n)
		return;
	fprintf(out, ", \"%s\": [", key);
	for (i = 0; i < n; i++) {
		fputs(i ? ", " : "", out);
		json_text_print(out, list[i]);
	}
	fputs("]", out);
}

/* ", "key": "text"" when TEXT was given. */
static void json_field(FILE *out, const char *key, const char *text)
{
	if (!text)
		return;
	fprintf(out, ", \"%s\": ", key);
	json_text_print(out, text);
}

static void json_selection(FILE *out, const struct select_opts *s)
{
	json_list(out, "session", s->sessions, s->nsessions);
	json_field(out, "label", s->label);
	json_field(out, "host", s->host);
	json_list(out, "tag", s->tags, s->ntags);
	json_field(out, "since", s->since);
	json_field(out, "until", s->until);
	if (s->last)
		fprintf(out, ", \"last\": %u", s->last);
	fprintf(out, ", \"status\": \"%s\"", s->status ? s->status : "ok");
}

/*
 * What the command was asked, as given: its arguments, and the options
 * the command takes (those left out took their defaults, which are
 * written where they are numbers the figures depend on).
 */
static void json_parameters(FILE *out, const struct report *r)
{
	const struct report_args *a = r->args;
	unsigned takes = r->cmd ? r->cmd->options : 0;

	fputs("{\"local\": ", out);
	fputs(a->local ? "true" : "false", out);
	json_list(out, "args", (const char *const *)a->pos, (size_t)a->npos);
	if (takes & OPT_SELECT)
		json_selection(out, &a->select);
	if (takes & OPT_BY)
		json_field(out, "by", a->by);
	if (takes & OPT_MILESTONE)
		json_field(out, "milestone", a->milestone);
	if (takes & OPT_STAGES) {
		json_field(out, "stages", a->stages_file);
		json_list(out, "stage", a->stage_defs, a->nstage_defs);
		json_list(out, "span", a->spans, a->nspans);
	}
	if (takes & OPT_THRESHOLD)
		fprintf(out, ", \"threshold\": %.17g, \"alpha\": %.17g, \"min_change_ns\": %.0f",
			a->threshold, a->alpha, a->floor_ms * 1e6);
	if (takes & OPT_LIMITS) {
		json_field(out, "file", a->sql_file);
		fprintf(out, ", \"timeout_s\": %.17g, \"max_memory_mib\": %lld", a->timeout,
			a->max_memory);
	}
	fputs("}", out);
}

/* The json document around a command's rows, as the gate's. */
static void json_envelope_begin(FILE *out, const struct report *r)
{
	fprintf(out, "{\n  \"kvmboot_version\": \"%s\",\n  \"schema_version\": %d,\n"
		"  \"command\": \"%s\",\n  \"parameters\": ", KVMBOOT_VERSION, REPORT_JSON_SCHEMA,
		r->cmd ? r->cmd->name : "");
	json_parameters(out, r);
	fputs(",\n  \"rows\": ", out);
}

int report_table_print(struct report *r, struct table *t)
{
	bool json = r->args->format == FORMAT_JSON;
	int rc;

	if (json)
		json_envelope_begin(r->out, r);
	rc = table_print(r->out, t, r->args->format);
	if (json)
		fputs("}\n", r->out);
	rc = rc < 0 || ferror(r->out) ? -EIO : 0;
	table_free(t);
	if (rc < 0) {
		msg_fail(r->err, sizeof(r->err), "cannot write the output: %s", strerror(errno));
		return 2;
	}
	return 0;
}

int report_oom(struct report *r)
{
	msg_fail(r->err, sizeof(r->err), "out of memory");
	return 2;
}
