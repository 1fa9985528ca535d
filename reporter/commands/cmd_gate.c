/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report gate [CAND]: tonight's session against its recent
 * history. Failed boots count; each stage (or milestone) gets one of four
 * outcomes; exit 0 pass or improved, 1 regressed or failed boots, 3
 * inconclusive, 2 usage error.
 */
#include "gate.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct side_ctx {
	struct gate_report *g;
	size_t side;
	struct boot_counts *counts;
};

static int on_boot(const struct boot *b, void *data)
{
	struct side_ctx *c = data;

	c->counts->total++;
	if (strcmp(b->status, "ok") != 0) {
		c->counts->failed++;
		c->counts->timeout += strcmp(b->status, "timeout") == 0;
		c->counts->lost_events += strcmp(b->status, "lost_events") == 0;
		return 0;
	}
	c->counts->ok++;
	return span_samples_add(&c->g->samples, c->side, b) < 0 ? -ENOMEM : 0;
}

/* Every boot of one session, whatever its status, into SIDE. 0 or 2. */
static int session_read(struct report *r, struct gate_report *g, int64_t id, size_t side)
{
	struct side_ctx c = { g, side, side ? &g->cand_boots : &g->base_boots };
	struct selection sel;
	int rc;

	memset(&sel, 0, sizeof(sel));
	sel.session_ids[0] = id;
	sel.nsessions = 1;
	sel.all_status = true;
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc == -ENOMEM)
		return report_oom(r);
	return rc ? 2 : 0;
}

static int max_failed_parse(struct report *r, struct gate_failures *f, const char *text)
{
	char *end;

	if (!text)
		return 0;
	f->limit = strtod(text, &end);
	f->limit_given = true;
	f->limit_percent = *end == '%';
	if (end == text || f->limit < 0 || (*end && strcmp(end, "%") != 0) ||
	    (f->limit_percent && f->limit > 100) || (!f->limit_percent && f->limit != (long)f->limit))
		return msg_fail(r->err, sizeof(r->err), "--max-failed: '%s' is not a number of "
				"boots (2) or a percentage (10%%)", text), 2;
	return 0;
}

static int gate_load(struct report *r, struct gate_report *g)
{
	const struct report_args *a = r->args;
	struct span_list spans;
	size_t i;
	int rc;

	rc = gate_sides_load(r, a->npos ? a->pos[0] : NULL, a->baseline, &g->sides);
	if (rc == 0)
		rc = gate_sides_same(r, &g->sides, a->same);
	if (rc == 0)
		rc = stage_list_build(r, a->milestones, &spans);
	if (rc == 0)
		rc = span_samples_init(r, &g->samples, &spans, 2);
	for (i = 0; rc == 0 && i < g->sides.nbase; i++)
		rc = session_read(r, g, g->sides.base[i].id, 0);
	if (rc == 0)
		rc = session_read(r, g, g->sides.cand.id, 1);
	return rc;
}

int cmd_gate(struct report *r)
{
	const struct report_args *a = r->args;
	struct gate_report g;
	int rc;

	memset(&g, 0, sizeof(g));
	g.params = (struct gate_params){ a->alpha, a->threshold, a->floor_ms * 1e6, true };
	g.milestones = a->milestones;
	g.max_failed = a->max_failed;
	rc = max_failed_parse(r, &g.failures, a->max_failed);
	if (rc == 0)
		rc = gate_load(r, &g);
	if (rc == 0)
		rc = gate_judge(r, &g);
	if (rc == 0) {
		if (gate_render(r->out, &g, a) < 0)
			rc = (msg_fail(r->err, sizeof(r->err), "cannot write the output: %s",
				       strerror(errno)), 2);
		else
			rc = g.status;
	}
	gate_report_release(&g);
	return rc;
}
