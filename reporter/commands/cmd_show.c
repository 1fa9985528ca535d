/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report show: each boot as a timeline, milestone by milestone:
 * time since the exec and since the previous milestone (the layout of
 * qemu-boot-time's perf script).
 */
#include "../report.h"
#include "stage_load.h"
#include "../rendering/boot_table.h"

#include <stdlib.h>
#include <string.h>

static int on_boot(const struct boot *b, void *data)
{
	return boot_table_add(data, b);
}

int cmd_show(struct report *r)
{
	struct report_args *a = r->args;
	struct boot_table c = { 0 };
	struct span_list spans;
	struct selection sel;
	int rc;

	if (a->npos == 1 && a->select.given) {
		snprintf(r->err, sizeof(r->err), "show takes a RUN or a selection, not both");
		return 2;
	}
	if (report_selection(r, &a->select, &sel))
		return 2;
	if (a->npos == 1 && run_resolve(r->db, a->pos[0], &sel.run_id, r->err, sizeof(r->err)) < 0)
		return 2;
	rc = stage_list_build(r, false, &spans);
	if (rc)
		return rc;
	if (boot_table_init(&c, &r->cat, &spans) < 0) {
		rc = report_oom(r);
		goto out;
	}
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc != 0) {
		rc = r->err[0] ? 2 : report_oom(r);
		goto out;
	}
	if (c.t->nrows == 0)
		report_empty_note(r, &sel);
	rc = report_table_print(r, c.t);
	c.t = NULL;
out:
	boot_table_release(&c);
	span_list_release(&spans);
	return rc;
}
