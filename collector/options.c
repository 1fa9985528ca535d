/* SPDX-License-Identifier: GPL-2.0-or-later */
/* kvmboot-collect's command line. */
#include "../common/message.h"
#include "options.h"
#include "parse.h"
#include "wallclock.h"
#include "../schema/db.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_RUNS 10
#define DEFAULT_TIMEOUT_S 60
#define MAX_TIMEOUT_S 86400

enum { OPT_TABLE = 256, OPT_OK_EXIT, OPT_MMIO_ADDR, OPT_CONSOLE, OPT_MATCH, OPT_RULES,
       OPT_UPROBE, OPT_WATCH, OPT_COMM, OPT_EXE, OPT_DURATION, OPT_IMPORT, OPT_IMPORT_STAP,
       OPT_VMM_VERSION, OPT_STARTED_AT, OPT_PROGRESS, OPT_PREPARE, OPT_CLEANUP, OPT_AB,
       OPT_AB_UNTIL, OPT_AB_COMPARE, OPT_MERGE };

static const struct option long_options[] = {
	{ "runs", required_argument, NULL, 'n' },
	{ "warmup", required_argument, NULL, 'w' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "db", required_argument, NULL, 'd' },
	{ "label", required_argument, NULL, 'l' },
	{ "tag", required_argument, NULL, 't' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "point", required_argument, NULL, 'p' },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ "ok-exit", required_argument, NULL, OPT_OK_EXIT },
	{ "mmio-addr", required_argument, NULL, OPT_MMIO_ADDR },
	{ "console", required_argument, NULL, OPT_CONSOLE },
	{ "match", required_argument, NULL, OPT_MATCH },
	{ "rules", required_argument, NULL, OPT_RULES },
	{ "uprobe", required_argument, NULL, OPT_UPROBE },
	{ "watch", no_argument, NULL, OPT_WATCH },
	{ "comm", required_argument, NULL, OPT_COMM },
	{ "exe", required_argument, NULL, OPT_EXE },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "import", required_argument, NULL, OPT_IMPORT },
	{ "import-stap", required_argument, NULL, OPT_IMPORT_STAP },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "vmm-version", required_argument, NULL, OPT_VMM_VERSION },
	{ "started-at", required_argument, NULL, OPT_STARTED_AT },
	{ "user", required_argument, NULL, 'u' },
	{ "buffer-kb", required_argument, NULL, 'b' },
	{ "progress", required_argument, NULL, OPT_PROGRESS },
	{ "prepare", required_argument, NULL, OPT_PREPARE },
	{ "ab", no_argument, NULL, OPT_AB },
	{ "ab-until-decided", required_argument, NULL, OPT_AB_UNTIL },
	{ "ab-compare", required_argument, NULL, OPT_AB_COMPARE },
	{ "cleanup", required_argument, NULL, OPT_CLEANUP },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

void options_usage(FILE *out)
{
	const struct point_table_info *t;

	fprintf(out,
"usage: kvmboot-collect [OPTIONS] [--] VMM-COMMAND [ARGS...]\n"
"       kvmboot-collect --watch --comm NAME|--exe PATH [--duration SEC] [-n N]\n"
"                       [OPTIONS]\n"
"       kvmboot-collect --import FILE | --import-stap FILE [OPTIONS]\n"
"       kvmboot-collect -d FLEET.db --merge HOST.db [HOST.db...]\n"
"\n"
"Runs VMM-COMMAND N times under a private tracefs instance and stores each\n"
"boot (exec, first vCPU run, every trace point, exit) in an SQLite database.\n"
"Needs root for tracing; the VMM itself runs as an ordinary user under sudo.\n"
"\n"
"  -n, --runs N            boots to store (default %d)\n"
"  -w, --warmup N          boots to run first and not store (default 0)\n"
"  -j, --jobs N            boot N VMMs at once, batch after batch (a boot storm;\n"
"                          default 1): each boot is its own VMM's process tree\n"
"  -d, --db FILE           database (default $KVMBOOT_DB, else ./kvmboot.db)\n"
"  -l, --label TEXT        label of this session\n"
"  -t, --tag KEY=VALUE     tag the session (repeatable), e.g. commit=1a2b3c\n"
"  -T, --timeout SEC       kill a boot after SEC seconds (default %d)\n"
"  -p, --point PORT:VALUE=NAME\n"
"                          name a trace point (repeatable; decimal or 0x-hex)\n"
"      --table NAME[,NAME] trace-point tables (default qboot):\n",
		DEFAULT_RUNS, DEFAULT_TIMEOUT_S);
	for (t = point_tables(); t->name; t++)
		fprintf(out, "        %-11s %s\n", t->name, t->description);
	fprintf(out,
"      --mmio-addr ADDR    where the tables' MMIO points are (firecracker's boot\n"
"                          timer: 0xc0000000 by default)\n"
"      --console PORTS     ports whose writes are console text, stored line by\n"
"                          line (default 0x402, SeaBIOS's debug log; add 0x3f8\n"
"                          for a serial console, 0xe9; 'none' for no text)\n"
"      --match REGEX=NAME  the first console line matching REGEX (POSIX\n"
"                          extended) is milestone NAME (repeatable; tried\n"
"                          before the built-in rules)\n"
"      --rules SETS        built-in text rules: seabios,linux,systemd (default)\n"
"                          or none\n"
"      --uprobe FUNCS      uprobes on the VMM binary's functions (f,g,...), each\n"
"                          one's first call a milestone fn:NAME; 'qemu' stands\n"
"                          for main, qemu_init, machine_run_board_init,\n"
"                          vm_start, qemu_main_loop, kvm_cpu_exec\n"
"      --ok-exit LIST      VMM exit statuses that mean a good boot (default 0;\n"
"                          QEMU's isa-debug-exit gives (value << 1) | 1)\n"
"      --ab -- BASE ... ::: CAND ...\n"
"                          A/B: boot the two commands in turn, in pairs of\n"
"                          random order, as two sessions (tags ab=base,\n"
"                          ab=cand, ab_pair); at the end print kvmboot-report\n"
"                          compare of the two and exit with its status\n"
"      --ab-until-decided MAX\n"
"                          after -n pairs, go on pair by pair, up to MAX,\n"
"                          while the comparison is inconclusive\n"
"      --ab-compare 'OPTIONS'\n"
"                          options for the comparison (kvmboot-report compare),\n"
"                          e.g. '--threshold 10 --min-change-ms 50'\n"
"      --prepare CMD       run 'sh -c CMD' before every boot (warm-ups too), as\n"
"                          the VMM's user, untimed: reset a disk overlay, drop\n"
"                          caches; a failure ends the session (exit 2)\n"
"      --cleanup CMD       the same after every boot\n"
"      --vmm-version TEXT  the VMM's version for the record (default: the first\n"
"                          line of 'VMM --version', asked after the boots, of\n"
"                          an ELF VMM only)\n"
"  -u, --user USER         run the VMM as USER (default: the sudo caller)\n"
"  -b, --buffer-kb KB      trace ring buffer per CPU (default 4096); a boot\n"
"                          that overflows it is stored as lost_events\n"
"      --progress MODE     auto (default: a live line on a terminal, a line per\n"
"                          boot otherwise, as in a CI log), line, or none\n"
"  -q, --quiet             print nothing but errors\n"
"  -v, --verbose           say more (twice: the VMM's output too)\n"
"      --watch             record every VMM that others start (libvirt, Kata,\n"
"                          test harnesses) instead of launching one: each is a\n"
"                          boot, from its exec to its exit (or -T seconds); the\n"
"                          VMMs are never touched. Ends after --duration SEC,\n"
"                          -n boots, or Ctrl-C\n"
"      --comm NAME         watch executables named NAME (qemu-system-x86_64)\n"
"      --exe PATH          watch the executable PATH\n"
"      --import FILE       store the VMMs of a trace as boots: a trace.dat of\n"
"                          trace-cmd, or text: perf script output, trace-cmd\n"
"                          report, a tracefs trace file ('-': standard input)\n"
"      --import-stap FILE  the same for the output of stap/kvmboot.stp\n"
"      --started-at TIME   the session started at TIME, UTC, in the past\n"
"                          (2026-11-30, 2026-11-30T10:33[:29[.923]][Z]); each\n"
"                          boot at TIME plus its offset since: to backfill\n"
"                          old recordings in their order\n"
"      --merge FILE...     copy the sessions and boots of other kvmboot\n"
"                          databases (other hosts') into -d's, by uuid: what\n"
"                          is there already is skipped, other content under a\n"
"                          known uuid is a conflict; one transaction per file\n"
"  -h, --help              show this help\n"
"  -V, --version           show the version\n"
"\n"
"With --ab the exit status is the comparison's: 0 pass or improved, 1 regressed\n"
"or boots failed, 3 inconclusive, 2 error. --merge: 0 merged, 1 conflicts\n"
"skipped, 2 a file refused (the others are merged).\n"
"Exit status: 0 every boot ok; 1 some boot failed or timed out (all stored);\n"
"2 usage or set-up error (nothing stored); 4 boots stored, but the output\n"
"could not be written (a full disk, a closed pipe); 128+N ended by signal N.\n");
}

#define fail(err, errlen, ...) (msg_fail(err, errlen, __VA_ARGS__), -EINVAL)

static int count_parse(const char *text, const char *what, unsigned min,
		       unsigned *out, char *err, size_t errlen)
{
	unsigned long long n;

	if (parse_number(text, 100000, &n) < 0 || n < min)
		return fail(err, errlen, "%s: '%s' is not a whole number from %u to 100000",
			    what, text, min);
	*out = (unsigned)n;
	return 0;
}

static int seconds_parse(const char *text, const char *what, long long *ns, char *err, size_t errlen)
{
	char *end;
	double seconds;

	errno = 0;
	seconds = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(seconds) ||
	    seconds <= 0 || seconds > MAX_TIMEOUT_S)
		return fail(err, errlen, "%s: '%s' is not a number of seconds "
			    "above 0 and at most %d", what, text, MAX_TIMEOUT_S);
	*ns = (long long)(seconds * 1e9);
	return 0;
}

/* --started-at: a past time (a future one would sort above every boot to come). */
static int started_at_parse(struct collect_options *opts, const char *text, char *err, size_t errlen)
{
	char why[256], now[WALLCLOCK_TEXT_LEN];
	int64_t ns;

	if (wallclock_parse(text, &ns, why, sizeof(why)) < 0)
		return fail(err, errlen, "--started-at: %s", why);
	if (ns > wallclock_now()) {
		wallclock_text(wallclock_now(), now);
		return fail(err, errlen, "--started-at: '%s' is in the future (now is %s): give "
			    "the time the recording was made", text, now);
	}
	opts->started_at_ns = ns;
	opts->started_at_given = true;
	return 0;
}

static bool tag_key_valid(const char *key, size_t len)
{
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-", key[i]))
			return false;
	return true;
}

/* Tags are parsed after getopt, from copies kept in opts->tag_text. */
static int tags_parse(struct collect_options *opts, char *err, size_t errlen)
{
	size_t i, j;

	for (i = 0; i < opts->ntags; i++) {
		char *text = opts->tags[i].key;
		char *equals = strchr(text, '=');

		if (!equals || !tag_key_valid(text, (size_t)(equals - text)))
			return fail(err, errlen, "--tag: '%s' is not KEY=VALUE (KEY of letters, "
				    "digits, '_', '.', '-')", text);
		*equals = '\0';
		opts->tags[i].value = equals + 1;
		for (j = 0; j < i; j++)
			if (strcmp(opts->tags[j].key, text) == 0)
				return fail(err, errlen, "--tag: key '%s' given twice", text);
	}
	return 0;
}

/* Copies the tag arguments into one block so they can be split in place. */
static int tags_copy(struct collect_options *opts, char *err, size_t errlen)
{
	size_t i, total = 0;
	char *p;

	for (i = 0; i < opts->ntags; i++)
		total += strlen(opts->tags[i].key) + 1;
	opts->tag_text = p = malloc(total + 1);
	if (!p)
		return fail(err, errlen, "out of memory");
	for (i = 0; i < opts->ntags; i++) {
		size_t len = strlen(opts->tags[i].key) + 1;

		memcpy(p, opts->tags[i].key, len);
		opts->tags[i].key = p;
		p += len;
	}
	return tags_parse(opts, err, errlen);
}

static int ok_exit_parse(struct collect_options *opts, const char *list,
			 char *err, size_t errlen)
{
	char item[16];
	const char *p = list;

	opts->nok_exit = 0;
	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned long long status;

		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		if (len >= sizeof(item) || parse_number(item, 255, &status) < 0 ||
		    opts->nok_exit == OPTIONS_OK_EXIT_MAX)
			return fail(err, errlen, "--ok-exit: '%s' is not a list of exit "
				    "statuses from 0 to 255", list);
		opts->ok_exit[opts->nok_exit++] = (int)status;
		p += len + (p[len] == ',');
	}
	if (opts->nok_exit == 0)
		return fail(err, errlen, "--ok-exit: give at least one exit status");
	return 0;
}

static int point_option_parse(struct collect_options *opts, const char *arg,
			      char *err, size_t errlen)
{
	char why[256];

	if (point_spec_parse(arg, &opts->points[opts->npoints++], why, sizeof(why)) < 0)
		return fail(err, errlen, "--point: %s", why);
	return 0;
}

static int mmio_addr_parse(struct collect_options *opts, const char *arg, char *err, size_t errlen)
{
	unsigned long long address;

	if (parse_number(arg, UINT64_MAX, &address) < 0)
		return fail(err, errlen, "--mmio-addr: '%s' is not an address (decimal or 0x-hex)", arg);
	opts->mmio_addr = address;
	opts->mmio_moved = true;
	return 0;
}

/* "0x402,0x3f8", or "none". */
static int console_parse(struct collect_options *opts, const char *list, char *err, size_t errlen)
{
	const char *p = list;
	char item[16];

	opts->nconsole = 0;
	if (strcmp(list, "none") == 0)
		return 0;
	do {
		size_t len = strcspn(p, ",");
		unsigned long long port;

		snprintf(item, sizeof(item), "%.*s", (int)len, p);
		if (len >= sizeof(item) || parse_number(item, 0xffff, &port) < 0 ||
		    opts->nconsole == 4)
			return fail(err, errlen, "--console: '%s' is not 'none' or up to 4 ports "
				    "(e.g. 0x402,0x3f8)", list);
		opts->console_ports[opts->nconsole++] = (uint16_t)port;
		p += len;
	} while (*p++ == ',');
	return 0;
}

/* An import reads a file: nothing is launched, watched or probed. */
static int import_check(struct collect_options *opts, int nargs, char *err, size_t errlen)
{
	if (opts->import_path && opts->import_stap)
		return fail(err, errlen, "give --import or --import-stap, not both");
	if (nargs > 0)
		return fail(err, errlen, "--import%s reads a trace: give no VMM command",
			    opts->import_stap ? "-stap" : "");
	if (opts->watch || opts->runs_given || opts->warmup || opts->user || opts->uprobe ||
	    opts->prepare || opts->cleanup || opts->jobs > 1)
		return fail(err, errlen, "--import%s does not go with %s", opts->import_stap ? "-stap" : "",
			    opts->watch ? "--watch" : opts->runs_given ? "--runs" : opts->warmup ?
			    "--warmup" : opts->user ? "--user" : opts->uprobe ? "--uprobe" :
			    opts->prepare ? "--prepare" : opts->cleanup ? "--cleanup" : "--jobs");
	return 0;
}

/* --merge copies databases into -d's: it takes files and -d, nothing else. */
static int merge_check(struct collect_options *opts, int argc, char **argv,
		       char *err, size_t errlen)
{
	if (optind >= argc)
		return fail(err, errlen, "--merge needs the databases to merge "
			    "(kvmboot-collect -d FLEET.db --merge HOST.db ...)");
	if (opts->import_path || opts->import_stap || opts->watch || opts->ab || opts->label ||
	    opts->ntags || opts->runs_given || opts->started_at_given || opts->uprobe ||
	    opts->user || opts->prepare || opts->cleanup)
		return fail(err, errlen, "--merge copies databases as they are: it takes -d "
			    "and the files only");
	if (!*opts->db_path)
		return fail(err, errlen, "--db: the file name is empty");
	opts->merge_paths = argv + optind;
	return 0;
}

static bool has_control(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7f)
			return true;
	return false;
}

/* --watch takes what to watch, and no VMM command of its own. */
static int watch_check(struct collect_options *opts, int nargs, char *err, size_t errlen)
{
	if (!opts->watch)
		return fail(err, errlen, "--comm, --exe and --duration go with --watch");
	if (!opts->watch_comm == !opts->watch_exe)
		return fail(err, errlen, "--watch needs --comm NAME or --exe PATH (one of them)");
	if (nargs > 0)
		return fail(err, errlen, "--watch records VMMs that others start: give no VMM command");
	if (opts->warmup || opts->user || opts->prepare || opts->cleanup || opts->jobs > 1)
		return fail(err, errlen, "--%s does not apply to --watch", opts->warmup ? "warmup" :
			    opts->user ? "user" : opts->prepare ? "prepare" :
			    opts->cleanup ? "cleanup" : "jobs");
	if (opts->uprobe && !opts->watch_exe)
		return fail(err, errlen, "--uprobe with --watch needs --exe PATH (the binary to probe)");
	if (opts->watch_comm && (strchr(opts->watch_comm, '/') || strpbrk(opts->watch_comm, "*?[\\\"") ||
				 has_control(opts->watch_comm)))
		return fail(err, errlen, "--comm: '%s' is a file name, without '/' or wildcards",
			    opts->watch_comm);
	if (opts->watch_exe && (opts->watch_exe[0] != '/' || strpbrk(opts->watch_exe, "*?[\\\"") ||
				has_control(opts->watch_exe)))
		return fail(err, errlen, "--exe: '%s' is an absolute path, without wildcards",
			    opts->watch_exe);
	if (!opts->runs_given)
		opts->runs = 0;	/* no count: until --duration or a signal */
	return 0;
}

/*
 * --ab: "BASE ... ::: CAND ..." (a lone ':::', as GNU parallel has it): the
 * separator becomes the end of the base command. Without --ab a ':::' is
 * only an argument, but one a user surely meant as a separator: refused.
 */
static int ab_split(struct collect_options *opts, char **args, int n, char *err, size_t errlen)
{
	int i, at = -1;

	for (i = 0; i < n; i++)
		if (strcmp(args[i], ":::") == 0) {
			if (at >= 0)
				return fail(err, errlen, "--ab: give one ':::' between the two commands");
			at = i;
		}
	if (!opts->ab)
		return at < 0 ? 0 : fail(err, errlen, "':::' separates --ab's two commands: give --ab");
	if (opts->jobs > 1)
		return fail(err, errlen, "--ab boots its two commands in turn: -j does not go with it");
	if (at <= 0 || at == n - 1)
		return fail(err, errlen, "--ab needs two commands: -- BASE-COMMAND ... ::: "
			    "CANDIDATE-COMMAND ...");
	args[at] = NULL;
	opts->cand_argv = args + at + 1;
	return 0;
}

static void defaults_set(struct collect_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->action = ACTION_COLLECT;
	opts->runs = DEFAULT_RUNS;
	opts->jobs = 1;
	opts->db_path = db_default_path();
	opts->timeout_ns = DEFAULT_TIMEOUT_S * 1000000000LL;
	opts->table = "qboot";
	opts->nok_exit = 1;
	opts->console_ports[0] = 0x402;	/* SeaBIOS's debug log */
	opts->nconsole = 1;
	opts->rules = "seabios,linux,systemd";
}

static int option_apply(struct collect_options *opts, int c, char *arg,
			char *err, size_t errlen)
{
	switch (c) {
	case 'n':
		opts->runs_given = true;
		return count_parse(arg, "--runs", 1, &opts->runs, err, errlen);
	case OPT_WATCH: opts->watch = true; return 0;
	case OPT_COMM: opts->watch_comm = arg; return 0;
	case OPT_EXE: opts->watch_exe = arg; return 0;
	case OPT_DURATION: return seconds_parse(arg, "--duration", &opts->duration_ns, err, errlen);
	case OPT_IMPORT: opts->import_path = arg; return 0;
	case OPT_IMPORT_STAP: opts->import_stap = arg; return 0;
	case OPT_MERGE: opts->merge = true; return 0;
	case OPT_STARTED_AT: return started_at_parse(opts, arg, err, errlen);
	case 'w': return count_parse(arg, "--warmup", 0, &opts->warmup, err, errlen);
	case 'j':
		if (count_parse(arg, "--jobs", 1, &opts->jobs, err, errlen) < 0 || opts->jobs > JOBS_MAX)
			return fail(err, errlen, "--jobs: '%s' is not a whole number from 1 to %d",
				    arg, JOBS_MAX);
		return 0;
	case 'd': opts->db_path = arg; return 0;
	case 'l': opts->label = arg; return 0;
	case 'T': return seconds_parse(arg, "--timeout", &opts->timeout_ns, err, errlen);
	case OPT_TABLE: opts->table = arg; return 0;
	case OPT_OK_EXIT: return ok_exit_parse(opts, arg, err, errlen);
	case OPT_MMIO_ADDR: return mmio_addr_parse(opts, arg, err, errlen);
	case OPT_CONSOLE: return console_parse(opts, arg, err, errlen);
	case OPT_RULES: opts->rules = arg; return 0;
	case OPT_VMM_VERSION: opts->vmm_version = arg; return 0;
	case OPT_PREPARE: opts->prepare = arg; return 0;
	case OPT_AB: opts->ab = true; return 0;
	case OPT_AB_COMPARE: opts->ab_compare = arg; return 0;
	case OPT_AB_UNTIL: return count_parse(arg, "--ab-until-decided", 1, &opts->ab_max, err, errlen);
	case OPT_CLEANUP: opts->cleanup = arg; return 0;
	case OPT_PROGRESS:
		if (strcmp(arg, "auto") == 0 || strcmp(arg, "line") == 0 || strcmp(arg, "none") == 0) {
			opts->progress = arg[0] == 'a' ? PROGRESS_AUTO : arg[0] == 'l' ?
					 PROGRESS_LINE : PROGRESS_NONE;
			return 0;
		}
		return fail(err, errlen, "--progress: '%s' is not auto, line or none", arg);
	case OPT_UPROBE: opts->uprobe = arg; return 0;
	case OPT_MATCH:
		if (opts->nmatches == OPTIONS_MATCH_MAX)
			return fail(err, errlen, "--match: at most %d rules", OPTIONS_MATCH_MAX);
		opts->matches[opts->nmatches++] = arg;
		return 0;
	case 'u': opts->user = arg; return 0;
	case 'b': return count_parse(arg, "--buffer-kb", 4, &opts->buffer_kb, err, errlen);
	case 'q': opts->verbosity = -1; return 0;
	case 'v': opts->verbosity = opts->verbosity < 0 ? 1 : opts->verbosity + 1; return 0;
	case 'h': opts->action = ACTION_HELP; return 0;
	case 'V': opts->action = ACTION_VERSION; return 0;
	case 't':
		if (opts->ntags == OPTIONS_TAGS_MAX)
			return fail(err, errlen, "--tag: at most %d tags", OPTIONS_TAGS_MAX);
		opts->tags[opts->ntags++].key = arg;
		return 0;
	case 'p':
		if (opts->npoints == OPTIONS_POINTS_MAX)
			return fail(err, errlen, "--point: at most %d points", OPTIONS_POINTS_MAX);
		return point_option_parse(opts, arg, err, errlen);
	default:
		return fail(err, errlen, "unknown option (see kvmboot-collect --help)");
	}
}

int options_parse(int argc, char **argv, struct collect_options *opts,
		  char *err, size_t errlen)
{
	struct point_map probe;
	int c;

	defaults_set(opts);
	optind = 0;	/* full re-initialisation, so tests can parse twice */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:n:w:j:d:l:t:T:p:u:b:qvhV", long_options, NULL)) != -1) {
		if (c == '?' || c == ':') {
			const char *what = argv[optind - 1];

			return fail(err, errlen, c == ':' ? "option '%s' needs a value"
				    : "unknown option '%s' (see kvmboot-collect --help)", what);
		}
		if (option_apply(opts, c, optarg, err, errlen) < 0)
			return -EINVAL;
	}
	if (opts->action != ACTION_COLLECT)
		return 0;
	if (opts->merge)
		return merge_check(opts, argc, argv, err, errlen);
	if ((opts->ab_max || opts->ab_compare) && !opts->ab)
		return fail(err, errlen, "--ab-%s goes with --ab", opts->ab_max ? "until-decided" :
			    "compare");
	if (opts->ab && (opts->import_path || opts->import_stap || opts->watch))
		return fail(err, errlen, "--ab boots two commands: it does not go with %s",
			    opts->watch ? "--watch" : "--import");
	if (tags_copy(opts, err, errlen) < 0)
		return -EINVAL;
	if (point_map_load(&probe, opts->table, err, errlen) < 0)
		return -EINVAL;
	if (!*opts->db_path)
		return fail(err, errlen, "--db: the file name is empty");
	if (opts->import_path || opts->import_stap)
		return import_check(opts, argc - optind, err, errlen);
	if (opts->watch || opts->watch_comm || opts->watch_exe || opts->duration_ns)
		return watch_check(opts, argc - optind, err, errlen);
	if (optind >= argc)
		return fail(err, errlen, "no VMM command given (usage: kvmboot-collect "
			    "[OPTIONS] -- VMM-COMMAND [ARGS...])");
	opts->vmm_argv = argv + optind;
	return ab_split(opts, argv + optind, argc - optind, err, errlen);
}

void options_release(struct collect_options *opts)
{
	free(opts->tag_text);
	opts->tag_text = NULL;
}

bool options_exit_ok(const struct collect_options *opts, int status)
{
	size_t i;

	for (i = 0; i < opts->nok_exit; i++)
		if (opts->ok_exit[i] == status)
			return true;
	return false;
}
