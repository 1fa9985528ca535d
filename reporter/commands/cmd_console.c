/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * kvmboot-report console RUN: what the guest wrote as text during one
 * boot, line by line, with the time since the exec and since the line
 * before, so that a person can see where the time went between two lines.
 */
#include "../report.h"
#include "../data/console.h"

#include <stdint.h>

int cmd_console(struct report *r)
{
	struct table *t;
	int64_t run_id;

	if (run_resolve(r->db, r->args->pos[0], &run_id, r->err, sizeof(r->err)) < 0)
		return 2;
	if (console_table_load(r->db, run_id, &t, r->err, sizeof(r->err)) < 0)
		return 2;
	t->width = SIZE_MAX;	/* free text: long lines run on rather than fold */
	if (t->nrows == 0 && r->args->format == FORMAT_TABLE)
		table_title_set(t, "run %lld has no console text (kvmboot-collect --console chooses "
				"the ports; SeaBIOS writes its log to 0x402 with QEMU's "
				"-device isa-debugcon,iobase=0x402)", (long long)run_id);
	return report_table_print(r, t);
}
