/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Drawing with gnuplot: a script (data inline as datablocks) run without
 * a shell in a private temporary directory; the chart (and with --script
 * the script) are then put in place whole. Text from the database reaches the script only through
 * gp_quote().
 */
#ifndef KVMBOOT_GNUPLOT_H
#define KVMBOOT_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/*
 * TEXT, byte for byte, as a gnuplot string expression: single-quoted
 * pieces joined by gnuplot's '.' operator. Inside single quotes gnuplot
 * does no backslash processing, no backquote command substitution and no
 * macro expansion. A quote or a control character (a newline would end
 * the command) is a piece of its own, an octal escape in double quotes:
 * gnuplot reads a doubled quote only after another character ('''a'
 * breaks), and its macro expansion counts every quote character, even
 * inside double quotes. Returns a malloc'd string, or NULL.
 */
char *gp_quote(const char *text);

/* Writes TEXT as a terminal shows it (common/text.h) to OUT, quoted: for
 * everything drawn. */
void gp_put(FILE *out, const char *text);

/* Writes gp_quote(TEXT) to OUT: for file names, which must stay as they are. */
void gp_put_exact(FILE *out, const char *text);

struct plot {
	char *output;		/* the chart, as the user named it */
	bool svg;
	bool keep_script;
	char *script_path;	/* --script: where the script was kept */
	FILE *script;		/* write the chart's commands here */
	char *text;
	size_t len;
};

/*
 * Starts a chart for OUTPUT (.png or .svg): checks where it goes, and
 * writes the terminal and common settings (1200x700, no enhanced text).
 * 0, or -1 with ERR.
 */
int plot_begin(struct plot *p, const char *output, bool keep_script, char *err, size_t errlen);

/*
 * Runs gnuplot on the script. Prints the paths written (the chart, and
 * the script with --script) to OUT. 0, or -1 with ERR (gnuplot missing,
 * or its own message when it failed).
 */
int plot_finish(struct plot *p, FILE *out, char *err, size_t errlen);

void plot_release(struct plot *p);

#endif
