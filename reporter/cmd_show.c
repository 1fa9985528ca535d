/*
 * kvmboot-report show: each boot as a timeline, milestone by milestone:
 * time since the exec and since the previous milestone (the layout of
 * qemu-boot-time's perf script).
 */
#include "report.h"

static const struct column columns[] = {
	{ "run", COL_INT, SHOW_DATA, 0, false },
	{ "run_uuid", COL_TEXT, SHOW_DATA, 0, false },
	{ "session", COL_INT, SHOW_DATA, 0, false },
	{ "boot", COL_INT, SHOW_DATA, 0, false },
	{ "status", COL_TEXT, SHOW_DATA, 0, false },
	{ "point", COL_INT, SHOW_DATA, 0, false },
	{ "milestone", COL_TEXT, SHOW_ALL, 0, true },
	{ "since_exec", COL_TIME, SHOW_ALL, 0, false },
	{ "delta", COL_TIME, SHOW_ALL, 0, false },
};

struct show_ctx {
	struct table *t;
	const struct catalog *cat;
};

static int point_row(struct show_ctx *c, const struct boot *b, size_t i)
{
	long row = table_row_add(c->t);

	if (row < 0)
		return -1;
	if (i == 0 && table_group_set(c->t, (size_t)row, "run %lld: session %lld%s%s%s, boot %lld, %s",
				      (long long)b->id, (long long)b->session_id,
				      b->label ? " '" : "", b->label ? b->label : "",
				      b->label ? "'" : "", (long long)b->seq, b->status) < 0)
		return -1;
	table_int_set(c->t, (size_t)row, 0, b->id);
	table_text_set(c->t, (size_t)row, 1, b->uuid);
	table_int_set(c->t, (size_t)row, 2, b->session_id);
	table_int_set(c->t, (size_t)row, 3, b->seq);
	table_text_set(c->t, (size_t)row, 4, b->status);
	table_int_set(c->t, (size_t)row, 5, (int64_t)i + 1);
	table_text_set(c->t, (size_t)row, 6, c->cat->ms[b->ms[i]].name);
	table_int_set(c->t, (size_t)row, 7, b->time_ns[i]);
	if (i > 0)
		table_int_set(c->t, (size_t)row, 8, b->time_ns[i] - b->time_ns[i - 1]);
	return 0;
}

static int on_boot(const struct boot *b, void *data)
{
	struct show_ctx *c = data;
	size_t i;

	if (b->n == 0) {	/* a boot with no event at all still shows */
		long row = table_row_add(c->t);

		if (row < 0 || table_group_set(c->t, (size_t)row, "run %lld: session %lld, boot %lld, "
					       "%s: no milestone recorded", (long long)b->id,
					       (long long)b->session_id, (long long)b->seq, b->status) < 0)
			return -1;
		table_int_set(c->t, (size_t)row, 0, b->id);
		return 0;
	}
	for (i = 0; i < b->n; i++)
		if (point_row(c, b, i) < 0)
			return -1;
	return 0;
}

int cmd_show(struct report *r)
{
	struct report_args *a = r->args;
	struct show_ctx c = { NULL, &r->cat };
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
	c.t = table_new(columns, sizeof(columns) / sizeof(columns[0]));
	if (!c.t)
		return report_oom(r);
	table_title_set(c.t, "times in ms: since the VMM's exec, and since the previous milestone");
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &c, r->err, sizeof(r->err));
	if (rc != 0) {
		table_free(c.t);
		return r->err[0] ? 2 : report_oom(r);
	}
	if (c.t->nrows == 0)
		report_empty_note(r, &sel);
	return report_table_print(r, c.t);
}
