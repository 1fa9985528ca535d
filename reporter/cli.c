/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-report's command line: global options, then the command's. */
#include "cli.h"
#include "../common/message.h"
#include "../schema/db.h"
#include "site/site.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.0.0"
#endif

#define SELECT_HELP \
	"SELECT: --session ID (repeatable), --label TEXT, --host NAME,\n" \
	"        --tag KEY=VALUE (repeatable),\n" \
	"        --since DATE, --until DATE (YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z], UTC\n" \
	"        or --local; -7d, -2h, '2 weeks ago', yesterday, today, now;\n" \
	"        --until includes a whole day), --last N (the last N sessions),\n" \
	"        --status ok|all (default ok)\n"

const struct command report_commands[] = {
	{ "sessions", cmd_sessions, OPT_SELECT, 0, 0, "sessions [SELECT]",
	  "one line per session: id, start, label, tags, boots, boots ok" },
	{ "runs", cmd_runs, OPT_SELECT, 0, 0, "runs [SELECT]",
	  "one line per boot: id, session, status, milestones in ms" },
	{ "show", cmd_show, OPT_SELECT | OPT_STAGES, 0, 1, "show [RUN|SELECT]",
	  "each boot as a timeline: time since exec and since the milestone before,\n"
	  "      then its stages" },
	{ "summary", cmd_summary, OPT_SELECT | OPT_BY | OPT_STAGES, 0, 0,
	  "summary [SELECT] [--by label|session|day|host|tag:KEY]",
	  "per milestone, phase, stage: n, median, mean, stddev, min, p90, p99, max" },
	{ "compare", cmd_compare, OPT_MILESTONE | OPT_THRESHOLD | OPT_ALPHA | OPT_STAGES |
	  OPT_MIN_CHANGE, 2, 2,
	  "compare BASE CAND [--milestone NAME|--span A..B] [--threshold PCT]\n"
	  "           [--alpha P] [--min-change-ms MS]",
	  "verdict per stage, milestone and phase: pass, improved, regressed,\n"
	  "      inconclusive; exit 0, 1 (regressed or failed boots), 3 (inconclusive)" },
	{ "gate", cmd_gate, OPT_STAGES | OPT_GATE | OPT_THRESHOLD | OPT_ALPHA | OPT_JUNIT |
	  OPT_MIN_CHANGE, 0, 1,
	  "gate [CAND] [--baseline last:N|SPEC] [--same KEYS|none] [--milestones]\n"
	  "           [--threshold PCT] [--alpha P] [--min-change-ms MS] [--max-failed N]",
	  "tonight's session against its recent history: pass, improved, regressed,\n"
	  "      inconclusive; exit 0, 1 (regressed or failed boots), 3 (inconclusive)" },
	{ "time", cmd_time, OPT_SELECT | OPT_STAGES, 0, 1, "time [RUN|SELECT]",
	  "the boot in one line, stage by stage (medians for a selection)" },
	{ "export", cmd_export, OPT_SELECT | OPT_OUTPUT | OPT_OPENMETRICS, 0, 0,
	  "export [SELECT] [-f openmetrics] [-o FILE]",
	  "one row per boot and trace point, for other tools; -f openmetrics: the\n"
	  "      newest figures of each host and label, for Prometheus" },
	{ "sql", cmd_sql, OPT_LIMITS, 0, 1,
	  "sql 'SELECT ...'|-|--file FILE [--timeout SEC] [--max-memory MB]",
	  "an ad-hoc read-only query, printed in the chosen format; '-': the query\n"
	  "      from standard input" },
	{ "console", cmd_console, 0, 1, 1, "console RUN",
	  "a boot's console lines, with time since exec and since the line before" },
	{ "plot", cmd_plot, OPT_SELECT | OPT_BY | OPT_MILESTONE | OPT_PHASE | OPT_OUTPUT |
	  OPT_SCRIPT | OPT_CHANGES | OPT_MIN_CHANGE | OPT_ALPHA | OPT_STAGES, 1, 2,
	  "plot trend|timeline|dist [RUN|SELECT] [OPTIONS] -o FILE.png|FILE.svg",
	  "charts with gnuplot: trends of medians, a boot's timeline, distributions" },
	{ "changes", cmd_changes, OPT_SELECT | OPT_BY | OPT_MILESTONE | OPT_PHASE | OPT_ALPHA |
	  OPT_STAGES | OPT_CHANGES | OPT_MIN_CHANGE | OPT_FAIL_RECENT, 0, 0,
	  "changes [SELECT] [--by label|host|tag:KEY]\n"
	  "          [--stage NAME|--milestone NAME|--span A..B] [--min-change PCT]\n"
	  "          [--min-change-ms MS] [--alpha P] [--since DATE|SESSION]\n"
	  "          [--fail-recent N]",
	  "change points: where boot time stepped up or down, by how much, at which\n"
	  "      session (and commit); with --since, the drift since then too" },
	{ "html", cmd_html, OPT_SELECT | OPT_BY | OPT_OUTPUT | OPT_THRESHOLD | OPT_ALPHA |
	  OPT_MIN_CHANGE | OPT_CHANGES | OPT_STAGES | OPT_PAGES, 0, 0,
	  "html -o DIR [SELECT] [--by label|host|tag:KEY] [--pages N|all]",
	  "the report page: a static site of the whole history, for a browser" },
	{ NULL, NULL, 0, 0, 0, NULL, NULL },
};

enum {
	L_SESSION = 256, L_LABEL, L_HOST, L_TAG, L_SINCE, L_UNTIL, L_LAST, L_STATUS, L_BY,
	L_MILESTONE, L_THRESHOLD, L_ALPHA, L_PHASE, L_SCRIPT, L_TIMEOUT, L_MAX_MEMORY,
	L_SQL_FILE, L_STAGES, L_STAGE, L_SPAN, L_MILESTONES, L_BASELINE, L_SAME, L_MIN_CHANGE,
	L_MAX_FAILED, L_MIN_CHANGE_PCT, L_FAIL_RECENT, L_LOCAL,
	L_PAGES,
};

static const struct option long_options[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "local", no_argument, NULL, L_LOCAL },
	{ "session", required_argument, NULL, L_SESSION },
	{ "label", required_argument, NULL, L_LABEL },
	{ "host", required_argument, NULL, L_HOST },
	{ "tag", required_argument, NULL, L_TAG },
	{ "since", required_argument, NULL, L_SINCE },
	{ "until", required_argument, NULL, L_UNTIL },
	{ "last", required_argument, NULL, L_LAST },
	{ "status", required_argument, NULL, L_STATUS },
	{ "by", required_argument, NULL, L_BY },
	{ "milestone", required_argument, NULL, L_MILESTONE },
	{ "threshold", required_argument, NULL, L_THRESHOLD },
	{ "alpha", required_argument, NULL, L_ALPHA },
	{ "phase", required_argument, NULL, L_PHASE },
	{ "output", required_argument, NULL, 'o' },
	{ "script", no_argument, NULL, L_SCRIPT },
	{ "timeout", required_argument, NULL, L_TIMEOUT },
	{ "max-memory", required_argument, NULL, L_MAX_MEMORY },
	{ "file", required_argument, NULL, L_SQL_FILE },
	{ "stages", required_argument, NULL, L_STAGES },
	{ "stage", required_argument, NULL, L_STAGE },
	{ "span", required_argument, NULL, L_SPAN },
	{ "milestones", no_argument, NULL, L_MILESTONES },
	{ "baseline", required_argument, NULL, L_BASELINE },
	{ "same", required_argument, NULL, L_SAME },
	{ "min-change-ms", required_argument, NULL, L_MIN_CHANGE },
	{ "max-failed", required_argument, NULL, L_MAX_FAILED },
	{ "min-change", required_argument, NULL, L_MIN_CHANGE_PCT },
	{ "fail-recent", required_argument, NULL, L_FAIL_RECENT },
	{ "pages", required_argument, NULL, L_PAGES },
	{ NULL, 0, NULL, 0 },
};

void cli_usage(FILE *out)
{
	const struct command *c;

	fprintf(out, "usage: kvmboot-report [-d FILE] [-f table|csv|json|markdown] COMMAND [ARGS]\n\n"
		"Reads a kvmboot database (read-only) and answers questions about the boots.\n"
		"  -d, --db FILE      database (default $KVMBOOT_DB, else ./kvmboot.db)\n"
		"  -f, --format FMT   table (default), csv, json or markdown; times are ms with\n"
		"                     three decimals in table/markdown, integer ns in csv/json\n"
		"  -h, --help         this help; after a command, the command's help\n"
		"  -V, --version      show the version\n"
		"      --local        dates in local time, not UTC: those printed, those of\n"
		"                     SELECT, days of grouping\n\n"
		"commands:\n");
	for (c = report_commands; c->name; c++)
		fprintf(out, "  %-58s\n      %s\n", c->usage, c->help);
	fprintf(out, "\n" SELECT_HELP
		"BASE/CAND: session:ID, label:TEXT, tag:KEY=VALUE, last, last~N (the Nth\n"
		"        session before the last)\n\n"
		"Percentiles are nearest-rank; the median is the middle value (mean of the two\n"
		"middle values for even n); stddev is the sample standard deviation.\n"
		"'kvmboot-report COMMAND --help' describes a command.\n");
}

void cli_command_usage(FILE *out, const struct command *c)
{
	const char *prefix = "usage: kvmboot-report [-d FILE] [-f FORMAT]";

	/* The usage on a line of its own where both do not fit in 80 columns. */
	fprintf(out, "%s%s%s\n\n%s\n", prefix, strlen(prefix) + 1 + strlen(c->usage) > 79
		? "\n         " : " ", c->usage, c->help);
	if (c->options & OPT_SELECT)
		fprintf(out, "\n" SELECT_HELP);
	if (c->options & OPT_PAGES)
		fprintf(out, "\n"
			"  -o, --output DIR     the site's directory (made when missing); run again,\n"
			"                       only the series that changed are drawn again\n"
			"  --by label|host|tag:KEY  what a series is (default label)\n"
			"  --pages N|all        pages for the newest N sessions of each series\n"
			"                       (default %d; every boot of the newest has one)\n"
			"  --threshold PCT      the gate's margin (see gate --help)\n"
			"  --min-change PCT     a change point's least change (see changes --help)\n"
			"  --alpha P, --min-change-ms MS: both the gate's and the change points'\n"
			"Prints the path of DIR/index.html.\n", SITE_PAGES_DEFAULT);
	else if (c->options & OPT_SCRIPT)
		fprintf(out, "\n"
			"  trend    [SELECT] [--milestone NAME|--phase A..B|--span A..B]\n"
			"           [--by session|day|tag:KEY] [--min-change PCT] [--min-change-ms MS]\n"
			"           [--alpha P]\n"
			"           median per group in time order, p25..p75 band, min..max bars;\n"
			"           change points (as changes finds them) marked with their change,\n"
			"           each segment's median as steps; per day or week past 800 groups\n"
			"  timeline [RUN|SELECT] [--by label|host|session|day|tag:KEY]\n"
			"           the phases of one boot as a waterfall, or of the median boot\n"
			"           (median total time) of each group, stacked\n"
			"  dist     [SELECT] --by label|host|session|day|tag:KEY\n"
			"           [--milestone NAME|--phase A..B|--span A..B]\n"
			"           box plots per group (strip plots below 10 boots)\n"
			"  -o, --output FILE   the chart: .png (pngcairo) or .svg, 1200x700\n"
			"  --script            keep the gnuplot script (data inline) beside the chart\n");
	else if (c->options & OPT_LIMITS)
		fprintf(out, "\n"
			"  --file FILE        read the query from FILE ('-' for standard input)\n"
			"  --timeout SEC      stop the query after SEC seconds (default %d; 0: never)\n"
			"  --max-memory MB    stop the query when SQLite needs more than MB MiB, or\n"
			"                     when the result would (default %d; 0: no limit)\n"
			"Past a limit: a message naming the option, exit 2, nothing printed.\n",
			SQL_TIMEOUT_DEFAULT, SQL_MEMORY_DEFAULT);
	if (c->options & OPT_OPENMETRICS)
		fprintf(out, "\n"
			"  -f table|csv|json|markdown|openmetrics\n"
			"                     openmetrics: per stage of the newest session of each\n"
			"                     host and label, median, p90, count and sum, and its\n"
			"                     boots and failures, as Prometheus text\n"
			"  -o, --output FILE  write FILE whole (a temporary file renamed into place),\n"
			"                     for node_exporter's textfile collector\n");
	if (c->options & OPT_STAGES)
		fprintf(out, "\nStages (default: vmm, firmware, loader, kernel, userspace, total):\n"
			"  --stages FILE        stage definitions, one 'NAME = A|B..C|D' a line\n"
			"  --stage NAME=A..B    add or replace a stage (repeatable)\n"
			"  --span A..B          also A's first hit to B's first hit (repeatable)\n");
	if (c->options & OPT_GATE)
		fprintf(out, "\nCAND: a session (id, uuid, last, last~N, tag:KEY=VALUE); default the newest\n"
			"  --baseline last:N    the N sessions before CAND, same label and host\n"
			"                       (default last:7); or session:ID, label:TEXT,\n"
			"                       tag:KEY=VALUE (never CAND itself)\n"
			"  --same KEYS          host,cpu,kernel,vmm,cmdline: a difference is an\n"
			"                       error, not a warning (default none)\n"
			"  --milestones         each milestone's time since exec, not the stages\n"
			"  --threshold PCT      margin of a change (default 5)\n"
			"  --min-change-ms MS   a change must also exceed this (default 0.2)\n"
			"  --alpha P            family-wise, Holm over every test (default 0.01)\n"
			"  --max-failed N|PCT%%  not-ok candidate boots allowed (default: none, or\n"
			"                       no more often than in the baseline)\n"
			"  -f table|markdown|json|csv|junit\n"
			"Exit status: 0 pass or improved, 1 regressed or failed boots,\n"
			"3 inconclusive, 2 error.\n");
	else if (c->options & OPT_FAIL_RECENT)
		fprintf(out, "\n"
			"A change point is the first session of a new level: the sessions before and\n"
			"after it (3 or more each) differ more than random orders of the same sessions\n"
			"would (permutation test on the boots' ranks, p < alpha, default 0.01), and\n"
			"their medians differ by --min-change (default 1%%) and --min-change-ms\n"
			"(default 0.2). Each label's sessions form a series per stage (--by changes\n"
			"what a series is); --stage NAME, --milestone NAME, --span A..B or --phase\n"
			"A..B: that one only.\n"
			"  --since DATE|SESSION  from then on, and the drift since then: the first\n"
			"                        sessions against the last (up to 10 each)\n"
			"  --fail-recent N       exit 1 when a change that raised boot time starts in\n"
			"                        the newest N sessions of its series\n"
			"Exit status: 0, 1 (--fail-recent), 2 error.\n");
	else if ((c->options & OPT_THRESHOLD) && !(c->options & OPT_PAGES))
		fprintf(out, "\nBASE/CAND: session:ID, label:TEXT, tag:KEY=VALUE, last, last~N\n"
			"Regressed: a significant difference (Mann-Whitney U or Kolmogorov-Smirnov,\n"
			"Holm over every row, p < alpha, default 0.01) and the median grew by more\n"
			"than the threshold (default 5%%) and --min-change-ms (default 0.2);\n"
			"pass: the 95%% CI of the median's change lies inside that margin;\n"
			"inconclusive: neither (too few boots, or a CI across the margin).\n"
			"Exit status: 0 pass or improved, 1 regressed or failed boots,\n"
			"3 inconclusive, 2 error.\n");
}

const struct command *command_find(const char *name)
{
	const struct command *c;

	for (c = report_commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

static int number_parse(const char *text, double min, double max, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(v) || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int select_apply(struct select_opts *s, int c, char *arg, char *err, size_t errlen)
{
	double last;

	s->given = true;
	switch (c) {
	case L_SESSION:
		if (s->nsessions == SELECT_MAX)
			return msg_fail(err, errlen, "--session: at most %d", SELECT_MAX);
		s->sessions[s->nsessions++] = arg;
		return 0;
	case L_TAG:
		if (s->ntags == SELECT_MAX)
			return msg_fail(err, errlen, "--tag: at most %d", SELECT_MAX);
		s->tags[s->ntags++] = arg;
		return 0;
	case L_LABEL: s->label = arg; return 0;
	case L_HOST: s->host = arg; return 0;
	case L_SINCE: s->since = arg; return 0;
	case L_UNTIL: s->until = arg; return 0;
	case L_STATUS: s->status = arg; return 0;
	default:
		if (number_parse(arg, 1, 1e9, &last) < 0 || last != floor(last))
			return msg_fail(err, errlen, "--last: '%s' is not a whole number above 0", arg);
		s->last = (unsigned)last;
		return 0;
	}
}

/* Which OPT_* bit an option needs, 0 for the ones every command takes. */
static unsigned option_bit(int c)
{
	if (c >= L_SESSION && c <= L_STATUS)
		return OPT_SELECT;
	if (c == 'o' || c == L_SCRIPT)
		return c == 'o' ? OPT_OUTPUT : OPT_SCRIPT;
	if (c == L_TIMEOUT || c == L_MAX_MEMORY || c == L_SQL_FILE)
		return OPT_LIMITS;
	if (c >= L_STAGES && c <= L_SPAN)
		return OPT_STAGES;
	if (c == L_MIN_CHANGE)
		return OPT_MIN_CHANGE;
	if (c == L_PAGES)
		return OPT_PAGES;
	if (c >= L_MILESTONES && c <= L_MAX_FAILED)
		return OPT_GATE;
	if (c == L_MIN_CHANGE_PCT || c == L_FAIL_RECENT)
		return c == L_MIN_CHANGE_PCT ? OPT_CHANGES : OPT_FAIL_RECENT;
	return c == L_BY ? OPT_BY : c == L_MILESTONE ? OPT_MILESTONE : c == L_PHASE ? OPT_PHASE :
	       c == L_THRESHOLD ? OPT_THRESHOLD : c == L_ALPHA ? OPT_ALPHA : 0;
}

static int list_add(const char **list, size_t *n, const char *arg, const char *name,
		    char *err, size_t errlen)
{
	if (*n == ARGS_SPANS_MAX)
		return msg_fail(err, errlen, "%s: at most %d", name, ARGS_SPANS_MAX);
	list[(*n)++] = arg;
	return 0;
}

static int fail_recent_parse(struct report_args *a, const char *arg, char *err, size_t errlen)
{
	double n;

	if (number_parse(arg, 1, 1e9, &n) < 0 || n != floor(n))
		return msg_fail(err, errlen, "--fail-recent: '%s' is not a whole number of sessions "
				"above 0", arg);
	a->fail_recent = (unsigned)n;
	return 0;
}

static int option_apply(struct report_args *a, int c, char *arg, char *err, size_t errlen)
{
	double mb;
	int f;

	switch (c) {
	case 'd': a->db_path = arg; return 0;
	case 'h': a->help = 1; return 0;
	case 'V': a->help = 2; return 0;
	case L_LOCAL: a->local = a->select.local = true; return 0;
	case 'f':
		a->junit = strcasecmp(arg, "junit") == 0;
		a->openmetrics = strcasecmp(arg, "openmetrics") == 0;
		if (a->junit || a->openmetrics)
			return 0;
		f = format_parse(arg);
		if (f < 0)
			return msg_fail(err, errlen, "--format: '%s' is not table, csv, json or markdown", arg);
		a->format = (enum format)f;
		return 0;
	case L_BY: a->by = arg; return 0;
	case L_MILESTONE: a->milestone = arg; return 0;
	case L_PHASE: a->phase = arg; return 0;
	case 'o': a->output = arg; return 0;
	case L_SCRIPT: a->keep_script = true; return 0;
	case L_STAGES: a->stages_file = arg; return 0;
	case L_MILESTONES: a->milestones = true; return 0;
	case L_BASELINE: a->baseline = arg; return 0;
	case L_SAME: a->same = arg; return 0;
	case L_MAX_FAILED: a->max_failed = arg; return 0;
	case L_SQL_FILE: a->sql_file = arg; return 0;
	case L_STAGE:
	case L_SPAN:
		return list_add(c == L_STAGE ? a->stage_defs : a->spans,
				c == L_STAGE ? &a->nstage_defs : &a->nspans, arg,
				c == L_STAGE ? "--stage" : "--span", err, errlen);
	case L_PAGES:
		if (strcmp(arg, "all") == 0) {
			a->pages = 0;
			return 0;
		}
		if (number_parse(arg, 1, 1e9, &mb) < 0 || mb != floor(mb))
			return msg_fail(err, errlen, "--pages: '%s' is not a whole number above 0, "
					"or all", arg);
		a->pages = (long)mb;
		return 0;
	case L_MIN_CHANGE:
		if (number_parse(arg, 0, 1e6, &a->floor_ms) < 0)
			return msg_fail(err, errlen, "--min-change-ms: '%s' is not a number of "
					"milliseconds from 0", arg);
		return 0;
	case L_THRESHOLD:
		if (number_parse(arg, 0, 1000, &a->threshold) < 0)
			return msg_fail(err, errlen, "--threshold: '%s' is not a percentage from 0 to 1000", arg);
		a->threshold /= 100;
		return 0;
	case L_ALPHA:
		if (number_parse(arg, 0, 1, &a->alpha) < 0 || a->alpha <= 0 || a->alpha >= 1)
			return msg_fail(err, errlen, "--alpha: '%s' is not a probability between 0 and 1", arg);
		return 0;
	case L_TIMEOUT:
		if (number_parse(arg, 0, 1e6, &a->timeout) < 0)
			return msg_fail(err, errlen, "--timeout: '%s' is not a number of seconds from 0 "
					"(no limit) to 1000000", arg);
		return 0;
	case L_MAX_MEMORY:
		if (number_parse(arg, 0, 1 << 30, &mb) < 0 || mb != floor(mb))
			return msg_fail(err, errlen, "--max-memory: '%s' is not a whole number of MiB "
					"from 0 (no limit) to %d", arg, 1 << 30);
		a->max_memory = (long long)mb;
		return 0;
	case L_MIN_CHANGE_PCT:
		if (number_parse(arg, 0, 1000, &a->min_change) < 0)
			return msg_fail(err, errlen, "--min-change: '%s' is not a percentage from 0 to 1000", arg);
		a->min_change /= 100;
		return 0;
	case L_FAIL_RECENT:
		return fail_recent_parse(a, arg, err, errlen);
	default:
		return select_apply(&a->select, c, arg, err, errlen);
	}
}

/* getopt over ARGV; STOP_AT_COMMAND for the global part. */
static int options_walk(int argc, char **argv, struct report_args *a, bool global,
			const struct command *cmd, char *err, size_t errlen)
{
	int c, index;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, global ? "+:d:f:hV" : ":d:f:o:h", long_options,
				&index)) != -1) {
		if (c == '?' || c == ':')
			return msg_fail(err, errlen, c == ':' ? "option '%s' needs a value" :
					"unknown option '%s' (see kvmboot-report --help)", argv[optind - 1]);
		/* Only long options need a command; index names the one given. */
		if (global && option_bit(c))
			return msg_fail(err, errlen, "option '--%s' goes after the command",
					long_options[index].name);
		if (!global && option_bit(c) && !(cmd->options & option_bit(c)))
			return msg_fail(err, errlen, "option '--%s' does not apply to '%s'",
					long_options[index].name, cmd->name);
		a->given |= option_bit(c);
		if (option_apply(a, c, optarg, err, errlen) < 0)
			return -1;
	}
	return optind;
}

static void defaults_set(struct report_args *a)
{
	memset(a, 0, sizeof(*a));
	a->db_path = db_default_path();
	a->format = FORMAT_TABLE;
	a->threshold = 0.05;
	a->alpha = 0.01;
	a->timeout = SQL_TIMEOUT_DEFAULT;
	a->max_memory = SQL_MEMORY_DEFAULT;
	a->floor_ms = 0.2;
	a->min_change = 0.01;
	a->pages = -1;
}

/* "usage: kvmboot-report USAGE" in ERR, its continuation lines joined: one line. */
static void usage_one_line(const char *usage, char *err, size_t errlen)
{
	size_t at = (size_t)snprintf(err, errlen, "usage: kvmboot-report ");

	for (; *usage && at + 1 < errlen; usage++) {
		if (*usage == '\n') {
			while (usage[1] == ' ')
				usage++;
			err[at++] = ' ';
		} else {
			err[at++] = *usage;
		}
	}
	err[at < errlen ? at : errlen - 1] = '\0';
}

const struct command *cli_parse(int argc, char **argv, struct report_args *a,
				char *err, size_t errlen)
{
	const struct command *cmd;
	int first, rest;

	defaults_set(a);
	err[0] = '\0';
	first = options_walk(argc, argv, a, true, NULL, err, errlen);
	if (first < 0)
		return NULL;
	if (a->help == 2) {
		printf("kvmboot-report %s\n", KVMBOOT_VERSION);
		return NULL;
	}
	if (a->help || first >= argc) {
		cli_usage(a->help ? stdout : stderr);
		if (!a->help)
			msg_fail(err, errlen, "no command given");
		return NULL;
	}
	cmd = command_find(argv[first]);
	if (!cmd) {
		msg_fail(err, errlen, "unknown command '%s' (see kvmboot-report --help)", argv[first]);
		return NULL;
	}
	rest = options_walk(argc - first, argv + first, a, false, cmd, err, errlen);
	if (rest < 0)
		return NULL;
	if (a->help) {
		cli_command_usage(stdout, cmd);
		return NULL;
	}
	if (a->junit && !(cmd->options & OPT_JUNIT)) {
		msg_fail(err, errlen, "--format: junit applies to gate only");
		return NULL;
	}
	if (a->openmetrics && !(cmd->options & OPT_OPENMETRICS)) {
		msg_fail(err, errlen, "--format: openmetrics applies to export only");
		return NULL;
	}
	a->pos = argv + first + rest;
	a->npos = argc - first - rest;
	if (a->npos < cmd->min_pos || a->npos > cmd->max_pos) {
		usage_one_line(cmd->usage, err, errlen);
		return NULL;
	}
	return cmd;
}
