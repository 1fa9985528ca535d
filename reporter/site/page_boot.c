/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A boot's page: its waterfall, its timeline as show prints it, its console as console does. */
#include "page.h"
#include "site_files.h"
#include "../data/console.h"
#include "../rendering/boot_table.h"
#include "../rendering/html.h"

#include <errno.h>
#include <string.h>

static void nav(FILE *out, const struct site *s, size_t k)
{
	const struct site_series *ser = &s->series[s->sessions[k].series];
	char file[40], text[64];

	page_session_file(s, k, file, sizeof(file));
	snprintf(text, sizeof(text), "session %lld", (long long)s->sessions[k].info.id);
	fputs("<nav><a href=\"index.html\">all series</a>", out);
	page_link(out, ser->file, ser->name);
	page_link(out, file, text);
	fputs("</nav>\n", out);
}

static int on_boot(const struct boot *b, void *data)
{
	return boot_table_add(data, b) < 0 ? -ENOMEM : 0;
}

/* The boot as show RUN prints it. 0, or 2 with r->err. */
static int timeline(FILE *out, struct report *r, int64_t run)
{
	struct boot_table bt;
	struct span_list spans;
	struct selection sel;
	int rc = stage_list_build(r, false, &spans);

	if (rc)
		return rc;
	if (boot_table_init(&bt, &r->cat, &spans) < 0) {
		span_list_release(&spans);
		return report_oom(r);
	}
	memset(&sel, 0, sizeof(sel));
	sel.run_id = run;
	sel.all_status = true;
	rc = boots_each(r->db, &sel, &r->cat, on_boot, &bt, r->err, sizeof(r->err));
	if (rc == 0 && html_table(out, bt.t) < 0)
		rc = -ENOMEM;
	boot_table_release(&bt);
	span_list_release(&spans);
	if (rc == -ENOMEM || (rc && !r->err[0]))
		return report_oom(r);
	return rc ? 2 : 0;
}

/* The console as console RUN prints it. 0, or 2 with r->err. */
static int console(FILE *out, struct report *r, int64_t run)
{
	struct table *t;

	fputs("<h2 id=\"console\">Console</h2>\n", out);
	if (console_table_load(r->db, run, &t, r->err, sizeof(r->err)) < 0)
		return 2;
	if (t->nrows == 0)
		fputs("<p class=\"note\">No console text (kvmboot-collect --console chooses the ports; "
		      "SeaBIOS writes its log to 0x402 with QEMU's -device isa-debugcon,iobase=0x402)."
		      "</p>\n", out);
	else {
		fputs("<div class=\"console\">\n", out);
		html_table(out, t);
		fputs("</div>\n", out);
	}
	table_free(t);
	return 0;
}

int page_boot_write(struct site *s, struct report *r, size_t k, int64_t run)
{
	struct site_page p;
	char file[40], title[64];
	int rc;

	page_boot_file(run, file, sizeof(file));
	if (site_page_begin(&p, s->dir, file) < 0)
		return report_oom(r);
	snprintf(title, sizeof(title), "Run %lld", (long long)run);
	page_begin(p.out, title);
	nav(p.out, s, k);
	fputs("<h1>", p.out);
	html_put(p.out, title);
	fprintf(p.out, "</h1>\n<h2 id=\"waterfall\">Its phases</h2>\n");
	rc = page_waterfall(p.out, r, run, "the phases of the boot");
	if (rc == 0) {
		fputs("<h2 id=\"timeline\">Its timeline</h2>\n", p.out);
		rc = timeline(p.out, r, run);
	}
	if (rc == 0)
		rc = console(p.out, r, run);
	if (rc) {
		site_page_abort(&p);
		return rc;
	}
	page_end(p.out);
	return site_page_commit(&p, r->err, sizeof(r->err)) < 0 ? 2 : 0;
}
