/* What the commands share: selections, printing, naming. */
#include "report.h"
#include "../common/message.h"

#include <errno.h>
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

int report_table_print(struct report *r, struct table *t)
{
	int rc = table_print(r->out, t, r->args->format);

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
