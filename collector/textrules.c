/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Rules that turn console lines into milestones. */
#include "textrules.h"
#include "../common/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What unpatched firmware and kernels print, and what it means. */
static const struct text_rule_info builtin[] = {
	{ "seabios", "^SeaBIOS \\(version ", "seabios_version",
	  "SeaBIOS starts (printed before it probes for QEMU's debugcon)" },
	{ "seabios", "^Running option rom at ", "seabios_option_rom",
	  "SeaBIOS runs an option ROM (linuxboot, VGA, iPXE...)" },
	{ "seabios", "^Booting from ", "seabios_booting",
	  "SeaBIOS hands over to the boot device or option ROM" },
	{ "linux", "Linux version [0-9]", "linux_version",
	  "the kernel's banner, printed early in start_kernel" },
	{ "linux", "Freeing unused kernel (image|memory)", "linux_free_init",
	  "the kernel frees its init memory, just before running init" },
	{ "linux", "Run /[^ ]* as init process", "linux_run_init",
	  "the kernel runs init: the start of user space" },
	{ "systemd", "Reached target", "systemd_reached_target",
	  "systemd reached its first target" },
	{ NULL, NULL, NULL, NULL },
};

const struct text_rule_info *text_rules_builtin(void)
{
	return builtin;
}

static int rule_add(struct text_rules *rs, const char *set, const char *pattern, size_t plen,
		    const char *name, char *err, size_t errlen)
{
	struct text_rule *r, *grown = realloc(rs->r, (rs->n + 1) * sizeof(*grown));
	char why[256], shown[512];
	int rc;

	if (!grown)
		return snprintf(err, errlen, "out of memory"), -ENOMEM;
	rs->r = grown;
	r = &rs->r[rs->n];
	memset(r, 0, sizeof(*r));
	r->set = set;
	r->pattern = strndup(pattern, plen);
	r->name = strdup(name);
	if (!r->pattern || !r->name) {
		free(r->pattern);
		free(r->name);
		return snprintf(err, errlen, "out of memory"), -ENOMEM;
	}
	rc = regcomp(&r->re, r->pattern, REG_EXTENDED | REG_NOSUB);
	if (rc != 0) {
		regerror(rc, &r->re, why, sizeof(why));
		text_escape(r->pattern, shown, sizeof(shown));
		snprintf(err, errlen, "--match: '%s' is not a POSIX extended regex: %s", shown, why);
		free(r->pattern);
		free(r->name);
		return -EINVAL;
	}
	rs->n++;
	return 0;
}

/* NAME as the collector's points take it: see name_check in points.c. */
static const char *name_problem(const char *name)
{
	size_t at;

	if (!*name || strlen(name) > 63)
		return "1 to 63 bytes";
	if (text_name_check(name, &at) < 0)
		return "UTF-8 text without control characters";
	if (!strcmp(name, "vmm_exec") || !strcmp(name, "vmm_init_end") || !strcmp(name, "vmm_exit"))
		return "not a vmm_ milestone";
	return NULL;
}

static int match_add(struct text_rules *rs, const char *spec, char *err, size_t errlen)
{
	const char *equals = strrchr(spec, '='), *why = equals ? name_problem(equals + 1) : NULL;
	char shown[512];

	if (!equals || equals == spec || why) {
		text_escape(spec, shown, sizeof(shown));
		snprintf(err, errlen, "--match: '%s' is not REGEX=NAME (NAME: %s)", shown,
			 why ? why : "1 to 63 bytes of UTF-8 text without control characters, "
			 "not a vmm_ milestone");
		return -EINVAL;
	}
	return rule_add(rs, "match", spec, (size_t)(equals - spec), equals + 1, err, errlen);
}

static int set_add(struct text_rules *rs, const char *set, size_t len, char *err, size_t errlen)
{
	const struct text_rule_info *b;
	bool found = false;

	for (b = builtin; b->set; b++) {
		if (strlen(b->set) != len || strncmp(b->set, set, len) != 0)
			continue;
		found = true;
		if (rule_add(rs, b->set, b->pattern, strlen(b->pattern), b->name, err, errlen) < 0)
			return -EINVAL;
	}
	if (!found) {
		snprintf(err, errlen, "--rules: no rule set '%.*s' (seabios, linux, systemd or none)",
			 (int)len, set);
		return -EINVAL;
	}
	return 0;
}

int text_rules_build(struct text_rules *rs, const char *sets, char *const *matches,
		     size_t nmatches, char *err, size_t errlen)
{
	const char *p = sets;
	size_t i;

	memset(rs, 0, sizeof(*rs));
	for (i = 0; i < nmatches; i++)
		if (match_add(rs, matches[i], err, errlen) < 0)
			return -EINVAL;
	if (strcmp(sets, "none") == 0)
		return 0;
	do {
		size_t len = strcspn(p, ",");

		if (set_add(rs, p, len, err, errlen) < 0)
			return -EINVAL;
		p += len;
	} while (*p++ == ',');
	return 0;
}

const char *text_rules_match(const struct text_rules *rs, const char *line)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (regexec(&rs->r[i].re, line, 0, NULL, 0) == 0)
			return rs->r[i].name;
	return NULL;
}

void text_rules_release(struct text_rules *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		regfree(&rs->r[i].re);
		free(rs->r[i].pattern);
		free(rs->r[i].name);
	}
	free(rs->r);
	memset(rs, 0, sizeof(*rs));
}
