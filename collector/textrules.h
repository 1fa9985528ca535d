/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rules that turn console lines into milestones: --match 'REGEX=NAME'
 * (POSIX extended) first, then the built-in sets. For each line the first
 * rule that matches names it.
 */
#ifndef KVMBOOT_TEXTRULES_H
#define KVMBOOT_TEXTRULES_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>

struct text_rule {
	const char *set;	/* "seabios", "linux", "systemd", or "match" */
	char *pattern;
	char *name;
	regex_t re;
};

struct text_rules {
	struct text_rule *r;
	size_t n;
};

struct text_rule_info {
	const char *set, *pattern, *name, *meaning;
};

/* The built-in rules, for --help and README; ends with a NULL set. */
const struct text_rule_info *text_rules_builtin(void);

/*
 * Builds the rules: MATCHES ('REGEX=NAME', the last '=' ends the regex)
 * then the built-in SETS ("seabios,linux,systemd", or "none"). 0, or
 * -EINVAL with ERR. Release with text_rules_release() either way.
 */
int text_rules_build(struct text_rules *rs, const char *sets, char *const *matches,
		     size_t nmatches, char *err, size_t errlen);

/* The milestone name of LINE, or NULL. */
const char *text_rules_match(const struct text_rules *rs, const char *line);

void text_rules_release(struct text_rules *rs);

#endif
