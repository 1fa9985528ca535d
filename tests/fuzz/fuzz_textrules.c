/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Text rules: the first line of the input is --rules' argument
 * ("seabios,linux" or "none"), then up to 8 --match REGEX=NAME specs up to
 * a line "--", then console lines to match. A rule's name is what matches.
 */
#include "fuzz.h"
#include "collector/textrules.h"

#define MATCHES_MAX 8

/*
 * glibc's regcomp copies a subexpression for each '+' and for each bound
 * of a {m,n} repeat, and its closures grow with stacked '?' and '*', so
 * nested repeats grow exponentially ("a" and twenty '+' take 700 MB, "a"
 * with thirty '?' and six '+' runs past 30 s). That is glibc's, with a
 * pattern the user writes on the command line: such specs are left out.
 */
static bool regcomp_tame(const char *spec)
{
	size_t repeats = 0, braces = 0;

	for (; *spec; spec++) {
		repeats += *spec == '+' || *spec == '?' || *spec == '*' || *spec == '{';
		braces += *spec == '{';
	}
	return repeats <= 8 && braces <= 1;
}

static bool rules_name(const struct text_rules *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rs->r[i].name == name)
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_text(data, size), *line, *next, *matches[MATCHES_MAX];
	struct text_rules rs;
	size_t n = 0;
	char err[512] = "";
	const char *name;

	next = fuzz_line_cut(text);
	for (line = next; line && strcmp(line, "--") != 0 && n < MATCHES_MAX; line = next) {
		next = fuzz_line_cut(line);
		if (regcomp_tame(line))
			matches[n++] = line;
	}
	next = line && strcmp(line, "--") == 0 ? fuzz_line_cut(line) : line;
	if (text_rules_build(&rs, text, matches, n, err, sizeof(err)) < 0) {
		FUZZ_ASSERT(err[0]);
		next = NULL;
	}
	for (line = next; line; line = next) {
		next = fuzz_line_cut(line);
		name = text_rules_match(&rs, line);
		FUZZ_ASSERT(!name || rules_name(&rs, name));
	}
	text_rules_release(&rs);
	free(text);
	return 0;
}
