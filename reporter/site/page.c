/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the report page's pages share: head, links, captions, the style sheet. */
#include "page.h"
#include "site_files.h"
#include "../analysis/stages.h"
#include "../rendering/html.h"

#include <string.h>

#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.0.0"
#endif

/* One style sheet for every page; no script anywhere. */
static const char css[] =
	"body { font: 14px/1.45 \"DejaVu Sans\", sans-serif; color: #222; margin: 1.2em auto;"
	" max-width: 1000px; padding: 0 1em; }\n"
	"h1 { font-size: 1.45em; margin: 0.3em 0; } h2 { font-size: 1.15em; margin: 1.6em 0 0.5em; }\n"
	"nav { font-size: 0.9em; color: #666; } nav a { margin-right: 0.8em; }\n"
	"a { color: #1f5fa0; } a:visited { color: #5a3f8f; }\n"
	"table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.9em; }\n"
	"th, td { padding: 0.2em 0.6em; border-bottom: 1px solid #e3e3e3; text-align: left;"
	" vertical-align: top; }\n"
	"th { background: #f4f4f4; } td.num, th.num { text-align: right;"
	" font-variant-numeric: tabular-nums; }\n"
	"tr.group th { background: #eef3f8; font-weight: normal; font-style: italic; }\n"
	"caption { text-align: left; color: #666; padding-bottom: 0.3em; }\n"
	".line { font-family: \"DejaVu Sans Mono\", monospace; background: #f6f6f6;"
	" padding: 0.5em 0.7em; overflow-wrap: anywhere; }\n"
	".note { color: #666; font-size: 0.9em; }\n"
	".console td:last-child { font-family: \"DejaVu Sans Mono\", monospace; white-space: pre-wrap;"
	" overflow-wrap: anywhere; }\n"
	".facts th { width: 11em; } .facts td { overflow-wrap: anywhere; }\n"
	".v { font-weight: bold; padding: 0.05em 0.45em; border-radius: 3px; white-space: nowrap; }\n"
	".v-regressed, .v-failed { background: #fbe3e3; color: #a31515; }\n"
	".v-improved { background: #e3f4e3; color: #1d6b1d; }\n"
	".v-pass { background: #eef4ee; color: #2d5f2d; }\n"
	".v-inconclusive { background: #fdf3dc; color: #7a5a00; }\n"
	".v-none { color: #777; font-weight: normal; }\n"
	".up { color: #a31515; } .down { color: #1d6b1d; }\n"
	"svg { display: block; margin: 0.3em 0 0.8em; overflow: visible; }\n"
	"svg text { font-family: \"DejaVu Sans\", sans-serif; fill: #222; }\n"
	"svg text.t { font-size: 12px; } svg text.s { font-size: 10px; }\n"
	"svg text.head { font-weight: bold; } svg text.mark { font-weight: bold; }\n"
	"svg line.grid { stroke: #e8e8e8; } svg line.axis { stroke: #888; }\n"
	"svg .box line { stroke: #444; } svg polyline.spark { fill: none; stroke: #1f77b4;"
	" stroke-width: 1.3; }\n"
	"svg a:hover circle, svg a:hover rect { stroke: #000; stroke-width: 1; }\n"
	"td svg { margin: 0; }\n";

void page_begin(FILE *out, const char *title)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", out);
	html_put(out, title);
	fputs("</title>\n<link rel=\"stylesheet\" href=\"kvmboot.css\">\n</head>\n<body>\n", out);
}

void page_end(FILE *out)
{
	fputs("<p class=\"note\">Written by kvmboot-report html " KVMBOOT_VERSION
	      " from the boots in its database; times are UTC.</p>\n</body>\n</html>\n", out);
}

void page_link(FILE *out, const char *href, const char *text)
{
	fputs("<a href=\"", out);
	html_put(out, href);
	fputs("\">", out);
	html_put(out, text);
	fputs("</a>", out);
}

void page_session_file(const struct site *s, size_t k, char *buf, size_t len)
{
	snprintf(buf, len, "session-%lld.html", (long long)s->sessions[k].info.id);
}

void page_boot_file(int64_t run, char *buf, size_t len)
{
	snprintf(buf, len, "boot-%lld.html", (long long)run);
}

void page_time_short(const char *iso, char *buf, size_t len)
{
	/* "2026-01-05T02:00:00.000Z" -> "2026-01-05 02:00" */
	snprintf(buf, len, "%.16s", iso ? iso : "");
	if (strlen(buf) > 10 && buf[10] == 'T')
		buf[10] = ' ';
}

void page_session_caption(const struct site *s, size_t k, char *buf, size_t len)
{
	const struct site_session *c = &s->sessions[k];
	char when[32];

	page_time_short(c->info.started_at, when, sizeof(when));
	snprintf(buf, len, "session %lld, %s%s%s", (long long)c->info.id, when, c->tags ? ", " : "",
		 c->tags ? c->tags : "");
}

const char *page_verdict_class(const char *word)
{
	if (!word)
		return "v v-none";
	if (strcmp(word, "regressed") == 0)
		return "v v-regressed";
	if (strcmp(word, "failed") == 0)
		return "v v-failed";
	if (strcmp(word, "improved") == 0)
		return "v v-improved";
	if (strcmp(word, "pass") == 0)
		return "v v-pass";
	return "v v-inconclusive";
}

size_t page_total_span(const struct site *s)
{
	int i = span_list_find(&s->samples.spans, STAGES_TOTAL);

	return i >= 0 ? (size_t)i : s->samples.spans.n ? s->samples.spans.n - 1 : 0;
}

int page_css_write(const struct site *s, char *err, size_t errlen)
{
	struct site_page p;

	if (site_page_begin(&p, s->dir, "kvmboot.css") < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fputs(css, p.out);
	return site_page_commit(&p, err, errlen);
}
