/* Drawing with gnuplot, without a shell, from a script of our own. */
#include "gnuplot.h"
#include "../common/message.h"
#include "../common/path.h"

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

char *gp_quote(const char *text)
{
	char *out = malloc(strlen(text) * 2 + 3), *p = out;

	if (!out)
		return NULL;
	*p++ = '\'';
	for (; *text; text++) {
		unsigned char c = (unsigned char)*text;

		if (c == '\'')
			*p++ = '\'';
		*p++ = c < 0x20 || c == 0x7f ? ' ' : (char)c;
	}
	*p++ = '\'';
	*p = '\0';
	return out;
}

void gp_put(FILE *out, const char *text)
{
	char *q = gp_quote(text);

	fputs(q ? q : "''", out);
	free(q);
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

/* Where the script goes, and the name the script uses for the chart. */
struct place {
	char dir[4096];		/* gnuplot runs here */
	char script[4096];	/* path of the script */
	char chart[4096];	/* the chart, as the script names it */
	bool temporary;
};

/* "a/b/c.png" -> "a/b" and "c.png"; "c.png" -> "." and "c.png". */
static void path_split(const char *path, char *dir, size_t dlen, const char **base)
{
	const char *slash = strrchr(path, '/');

	if (!slash) {
		snprintf(dir, dlen, ".");
		*base = path;
	} else {
		snprintf(dir, dlen, "%.*s", slash == path ? 1 : (int)(slash - path), path);
		*base = slash + 1;
	}
}

static int place_choose(const struct plot *p, struct place *pl, char *err, size_t errlen)
{
	const char *tmp = getenv("TMPDIR"), *base, *dot;
	char dir[4096], *abs;

	memset(pl, 0, sizeof(*pl));
	path_split(p->output, dir, sizeof(dir), &base);
	if (p->keep_script) {	/* beside the chart, names relative to it */
		dot = strrchr(base, '.');
		snprintf(pl->dir, sizeof(pl->dir), "%s", dir);
		snprintf(pl->chart, sizeof(pl->chart), "%s", base);
		snprintf(pl->script, sizeof(pl->script), "%s/%.*s.gp", dir, (int)(dot - base), base);
		return 0;
	}
	abs = realpath(dir, NULL);
	if (!abs)
		return msg_fail(err, errlen, "-o: cannot resolve '%s': %s", dir, strerror(errno));
	snprintf(pl->chart, sizeof(pl->chart), "%s/%s", abs, base);
	free(abs);
	snprintf(pl->dir, sizeof(pl->dir), "%s/kvmboot-plot-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(pl->dir))
		return msg_fail(err, errlen, "cannot make a temporary directory in '%s': %s",
				tmp && *tmp ? tmp : "/tmp", strerror(errno));
	pl->temporary = true;
	snprintf(pl->script, sizeof(pl->script), "%s/chart.gp", pl->dir);
	return 0;
}

static int script_write(struct plot *p, const struct place *pl, char *err, size_t errlen)
{
	FILE *f;
	size_t body;

	fprintf(p->script, "\n");
	fflush(p->script);
	body = p->len;
	f = fopen(pl->script, "w");
	if (!f)
		return msg_fail(err, errlen, "cannot write '%s': %s", pl->script, strerror(errno));
	fprintf(f, "# Written by kvmboot-report; 'gnuplot %s' draws the chart again.\n",
		p->keep_script ? strrchr(pl->script, '/') + 1 : "FILE");
	fprintf(f, "set terminal %s size 1200,700 noenhanced font 'DejaVu Sans,10'%s\n",
		p->svg ? "svg" : "pngcairo", p->svg ? " dynamic background '#ffffff'" : "");
	fputs("set output ", f);
	gp_put(f, pl->chart);
	fputs("\nset termoption noenhanced\n", f);
	fwrite(p->text, 1, body, f);
	if (fclose(f) != 0)
		return msg_fail(err, errlen, "cannot write '%s': %s", pl->script, strerror(errno));
	return 0;
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
	if (place_choose(p, &pl, err, errlen) < 0)
		goto out;
	if (script_write(p, &pl, err, errlen) == 0 && gnuplot_run(gnuplot, &pl, err, errlen) == 0) {
		if (stat(p->output, &st) < 0 || st.st_size == 0)
			msg_fail(err, errlen, "gnuplot wrote no chart to '%s'", p->output);
		else
			rc = 0;
	}
	if (rc == 0) {
		fprintf(out, "%s\n", p->output);
		if (p->keep_script)
			fprintf(out, "%s\n", pl.script);
	}
	if (pl.temporary) {
		unlink(pl.script);
		rmdir(pl.dir);
	}
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
	memset(p, 0, sizeof(*p));
}
