/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Drawing with gnuplot, without a shell, from a script of our own. */
#include "gnuplot.h"
#include "../../common/message.h"
#include "../../common/outfile.h"
#include "../../common/path.h"
#include "../../common/text.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define GNUPLOT_PACKAGE "gnuplot-nox"
#define OUTPUT_MAX 65536	/* what we keep of gnuplot's messages */

/* Bytes that cannot be inside a single-quoted gnuplot string. */
static bool special(unsigned char c)
{
	return c == '\'' || c < 0x20 || c == 0x7f;
}

/* Appends TEXT's first LEN bytes as a quoted piece, or its special byte. */
static char *piece_add(char *p, const char *text, size_t len, bool first)
{
	if (!first)
		*p++ = '.';
	/* A special byte alone, as an octal escape in double quotes (the quote
	 * too: gnuplot's macro expansion counts every quote character, even
	 * inside double quotes, so "'" would make it expand @name in the
	 * single-quoted piece that follows). */
	if (len == 0 && *text) {
		sprintf(p, "\"\\%03o\"", (unsigned char)*text);
		return p + 6;
	}
	*p++ = '\'';
	memcpy(p, text, len);
	p += len;
	*p++ = '\'';
	return p;
}

char *gp_quote(const char *text)
{
	/* A byte takes 7 at most: a special one becomes ."\ooo" */
	char *out = malloc(strlen(text) * 7 + 3), *p = out;
	const char *s;
	bool first = true;

	if (!out)
		return NULL;
	for (s = text; *s || first; first = false) {	/* '' for empty text */
		size_t run = 0;

		while (s[run] && !special((unsigned char)s[run]))
			run++;
		p = piece_add(p, s, run, first);
		s += run ? run : *s ? 1 : 0;
	}
	*p = '\0';
	return out;
}

static void quoted_put(FILE *out, const char *text)
{
	char *q = text ? gp_quote(text) : NULL;

	fputs(q ? q : "''", out);
	free(q);
}

void gp_put(FILE *out, const char *text)
{
	char *shown = text_show_dup(text);

	quoted_put(out, shown);
	free(shown);
}

void gp_put_exact(FILE *out, const char *text)
{
	quoted_put(out, text);
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcasecmp(s + n - m, suffix) == 0;
}

/* Can a file be created where OUTPUT names? */
static int output_check(const char *output, char *err, size_t errlen)
{
	char *copy = strdup(output), *dir;
	struct stat st;
	int rc = 0;

	if (!copy)
		return msg_fail(err, errlen, "out of memory");
	dir = dirname(copy);
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
		rc = msg_fail(err, errlen, "-o: cannot write '%s': no directory '%s'", output, dir);
	else if (access(dir, W_OK) < 0)
		rc = msg_fail(err, errlen, "-o: cannot write '%s': %s", output, strerror(errno));
	free(copy);
	return rc;
}

int plot_begin(struct plot *p, const char *output, bool keep_script, char *err, size_t errlen)
{
	memset(p, 0, sizeof(*p));
	if (!output)
		return msg_fail(err, errlen, "give the chart's file with -o FILE.png or -o FILE.svg");
	if (!ends_with(output, ".png") && !ends_with(output, ".svg"))
		return msg_fail(err, errlen, "-o: '%s' must end in .png or .svg", output);
	if (output_check(output, err, errlen) < 0)
		return -1;
	p->output = strdup(output);
	p->svg = ends_with(output, ".svg");
	p->keep_script = keep_script;
	p->script = open_memstream(&p->text, &p->len);
	if (!p->output || !p->script)
		return msg_fail(err, errlen, "out of memory");
	return 0;
}

/*
 * gnuplot draws in a private temporary directory; the chart (and the
 * script, with --script) are then put in place by outfile, which never
 * writes through a link someone else planted where the chart goes.
 */
struct place {
	char dir[4096];		/* private: gnuplot runs here */
	char script[4200];	/* the script gnuplot runs, in dir */
	char chart[4200];	/* the chart it draws, in dir */
};

static int place_make(const struct plot *p, struct place *pl, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR");

	memset(pl, 0, sizeof(*pl));
	snprintf(pl->dir, sizeof(pl->dir), "%s/kvmboot-plot-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(pl->dir))
		return msg_fail(err, errlen, "cannot make a temporary directory in '%s': %s",
				tmp && *tmp ? tmp : "/tmp", strerror(errno));
	snprintf(pl->script, sizeof(pl->script), "%s/chart.gp", pl->dir);
	snprintf(pl->chart, sizeof(pl->chart), "%s/chart.%s", pl->dir, p->svg ? "svg" : "png");
	return 0;
}

static void place_remove(const struct place *pl)
{
	unlink(pl->script);
	unlink(pl->chart);
	rmdir(pl->dir);
}

/* The whole script, drawing into CHART (a name relative to where it runs). */
static char *script_text(struct plot *p, const char *chart, const char *redraw, size_t *len)
{
	FILE *f;
	char *text = NULL;

	fflush(p->script);
	f = open_memstream(&text, len);
	if (!f)
		return NULL;
	fprintf(f, "# Written by kvmboot-report; 'gnuplot %s' draws the chart again.\n", redraw);
	fprintf(f, "set terminal %s size 1200,700 noenhanced font 'DejaVu Sans,10'%s\n",
		p->svg ? "svg" : "pngcairo", p->svg ? " dynamic background '#ffffff'" : "");
	fputs("set output ", f);
	gp_put_exact(f, chart);
	fputs("\nset termoption noenhanced\n", f);
	fwrite(p->text, 1, p->len, f);
	fputs("\n", f);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static int script_write(struct plot *p, const struct place *pl, char *err, size_t errlen)
{
	size_t len;
	char *text = script_text(p, strrchr(pl->chart, '/') + 1, "chart.gp", &len);
	FILE *f;
	int rc = 0;

	if (!text)
		return msg_fail(err, errlen, "out of memory");
	f = fopen(pl->script, "wxe");
	if (!f || fwrite(text, 1, len, f) != len)
		rc = msg_fail(err, errlen, "cannot write '%s': %s", pl->script, strerror(errno));
	if (f && fclose(f) != 0 && rc == 0)
		rc = msg_fail(err, errlen, "cannot write '%s': %s", pl->script, strerror(errno));
	free(text);
	return rc;
}

/* --script: FILE.gp beside the chart, drawing it by its own name when run there. */
static int script_keep(struct plot *p, char *err, size_t errlen)
{
	const char *base = strrchr(p->output, '/') ? strrchr(p->output, '/') + 1 : p->output;
	char path[4200], redraw[4200];
	size_t len;
	char *text;
	int rc;

	snprintf(path, sizeof(path), "%.*s.gp", (int)(strrchr(p->output, '.') - p->output),
		 p->output);
	snprintf(redraw, sizeof(redraw), "%.*s.gp", (int)(strrchr(base, '.') - base), base);
	text = script_text(p, base, redraw, &len);
	if (!text)
		return msg_fail(err, errlen, "out of memory");
	rc = outfile_write(path, text, len, err, errlen);
	free(text);
	if (rc == 0)
		p->script_path = strdup(path);
	return rc;
}

/* Copies the chart gnuplot drew into place. */
static int chart_install(const struct plot *p, const struct place *pl, char *err, size_t errlen)
{
	struct outfile o;
	char buf[65536];
	FILE *in = fopen(pl->chart, "re");
	size_t n;

	if (!in)
		return msg_fail(err, errlen, "gnuplot wrote no chart");
	if (outfile_open(&o, p->output, err, errlen) < 0) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, o.f) != n)
			break;
	if (ferror(in) || ferror(o.f)) {
		msg_fail(err, errlen, "cannot write '%s': %s", p->output, strerror(errno));
		fclose(in);
		outfile_abort(&o);
		return -1;
	}
	fclose(in);
	return outfile_commit(&o, err, errlen);
}

/* The last line of what gnuplot said, for the error message. */
static void last_line(char *text, size_t n, char *out, size_t len)
{
	char *line;

	while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	text[n] = '\0';
	line = strrchr(text, '\n');
	snprintf(out, len, "%s", line ? line + 1 : text);
}

/* Runs "gnuplot SCRIPT" in DIR; 0, or -1 with its last line of output in ERR. */
static int gnuplot_run(const char *gnuplot, const struct place *pl, char *err, size_t errlen)
{
	char said[OUTPUT_MAX], why[512];
	size_t n = 0;
	ssize_t got;
	int fds[2], status = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC) < 0)
		return msg_fail(err, errlen, "cannot run gnuplot: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		int null_fd = open("/dev/null", O_RDONLY);

		dup2(null_fd, STDIN_FILENO);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		if (chdir(pl->dir) == 0)
			execl(gnuplot, "gnuplot", pl->script, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	while ((got = read(fds[0], said + n, sizeof(said) - 1 - n)) > 0 ||
	       (got < 0 && errno == EINTR))
		n += got > 0 ? (size_t)got : 0;
	close(fds[0]);
	if (pid < 0 || waitpid(pid, &status, 0) < 0)
		return msg_fail(err, errlen, "cannot run gnuplot: %s", strerror(errno));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	last_line(said, n, why, sizeof(why));
	return msg_fail(err, errlen, "gnuplot failed%s%s", why[0] ? ": " : "", why);
}

int plot_finish(struct plot *p, FILE *out, char *err, size_t errlen)
{
	char *gnuplot = binary_resolve("gnuplot");
	struct place pl;
	struct stat st;
	int rc = -1;

	if (!gnuplot)
		return msg_fail(err, errlen, "gnuplot is not installed: install the Debian package "
				"%s (apt-get install %s)", GNUPLOT_PACKAGE, GNUPLOT_PACKAGE);
	if (place_make(p, &pl, err, errlen) < 0)
		goto out;
	if (script_write(p, &pl, err, errlen) == 0 && gnuplot_run(gnuplot, &pl, err, errlen) == 0) {
		if (stat(pl.chart, &st) < 0 || st.st_size == 0)
			msg_fail(err, errlen, "gnuplot wrote no chart for '%s'", p->output);
		else if (chart_install(p, &pl, err, errlen) == 0 &&
			 (!p->keep_script || script_keep(p, err, errlen) == 0))
			rc = 0;
	}
	if (rc == 0) {
		fprintf(out, "%s\n", p->output);
		if (p->script_path)
			fprintf(out, "%s\n", p->script_path);
	}
	place_remove(&pl);
out:
	free(gnuplot);
	return rc;
}

void plot_release(struct plot *p)
{
	if (p->script)
		fclose(p->script);
	free(p->text);
	free(p->output);
	free(p->script_path);
	memset(p, 0, sizeof(*p));
}
