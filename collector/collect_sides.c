/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The sessions a collector writes: one, or --ab's two (base and candidate),
 * each with its VMM command, its tags, its record and its store.
 */
#include "collect.h"
#include "version.h"
#include "wallclock.h"
#include "../common/message.h"
#include "../common/path.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int side_resolve(struct side *side, char **argv, char *err, size_t errlen)
{
	const char *name = argv[0];

	side->argv = argv;
	side->vmm_path = binary_resolve(name);
	if (!side->vmm_path)
		return msg_fail(err, errlen, "cannot run the VMM '%s': %s%s", name, strerror(errno),
			    errno == ENOENT && !strchr(name, '/') ? " (not found in PATH)" : "");
	side->command = command_line_quote(argv);
	if (!side->command)
		return msg_fail(err, errlen, "out of memory");
	return 0;
}

/* The VMM command, or --ab's two: the base before ':::', the candidate after. */
int sides_resolve(struct collector *c, char *err, size_t errlen)
{
	if (side_resolve(&c->sides[0], c->opts->vmm_argv, err, errlen) < 0 ||
	    (c->opts->ab && side_resolve(&c->sides[1], c->opts->cand_argv, err, errlen) < 0))
		return -1;
	if (c->opts->ab && c->opts->uprobe &&
	    strcmp(c->sides[0].vmm_path, c->sides[1].vmm_path) != 0)
		return msg_fail(err, errlen, "--uprobe with --ab needs one VMM binary on both sides "
				"('%s' and '%s' differ)", c->sides[0].vmm_path, c->sides[1].vmm_path);
	side_enter(c, &c->sides[0]);
	return 0;
}

/* --ab: the session's own tags, then ab=base|cand and ab_pair=PAIR. */
static void side_tags(struct collector *c, struct side *side, const char *ab, char *pair)
{
	size_t i;

	for (i = 0; i < c->opts->ntags; i++)
		side->tags[side->ntags++] = c->opts->tags[i];
	if (!c->opts->ab)
		return;
	snprintf(side->ab_text[0], sizeof(side->ab_text[0]), "ab");
	snprintf(side->ab_text[1], sizeof(side->ab_text[1]), "%s", ab);
	snprintf(side->ab_text[2], sizeof(side->ab_text[2]), "ab_pair");
	side->tags[side->ntags++] = (struct tag){ side->ab_text[0], side->ab_text[1] };
	side->tags[side->ntags++] = (struct tag){ side->ab_text[2], pair };
}

static void side_info_fill(struct collector *c, struct side *side, const char *ab,
			   char *pair)
{
	struct session_info *si = &side->info;

	uuid_text(side->uuid);
	side_tags(c, side, ab, pair);
	si->uuid = side->uuid;
	si->started_at = c->started_at;
	si->host = c->host;
	si->host_kernel = c->kernel;
	si->cpu_model = c->cpu;
	si->kvmboot_version = KVMBOOT_VERSION;
	si->label = c->opts->label;
	si->vmm_command = side->command;
	si->vmm_binary = side->vmm_path;
	si->vmm_version = c->opts->vmm_version;
	si->vmm_user = c->user;
	si->point_table = c->opts->table;
	si->trace_clock = "mono";
	si->runs_requested = c->opts->runs;
	si->warmup = c->opts->warmup;
	si->timeout_ns = c->opts->timeout_ns;
	si->tags = side->tags;
	si->ntags = side->ntags;
}

void sides_info_fill(struct collector *c)
{
	if (c->opts->started_at_given) {	/* the boots' times follow from it */
		wallclock_start_at(c->opts->started_at_ns);
		wallclock_text(c->opts->started_at_ns, c->started_at);
	} else {
		utc_now_text(c->started_at);
	}
	host_name(c->host, sizeof(c->host));
	host_kernel(c->kernel, sizeof(c->kernel));
	host_cpu_model(c->cpu, sizeof(c->cpu));
	uuid_text(c->ab_pair);
	side_info_fill(c, &c->sides[0], "base", c->ab_pair);
	if (c->opts->ab)
		side_info_fill(c, &c->sides[1], "cand", c->ab_pair);
}

int sides_stores_open(struct collector *c, char *err, size_t errlen)
{
	int i;

	for (i = 0; i < (c->opts->ab ? 2 : 1); i++)
		if (store_open(&c->sides[i].store, c->db, &c->sides[i].info, err, errlen) < 0)
			return -1;
	return 0;
}

void side_enter(struct collector *c, struct side *side)
{
	c->side = side;
	c->spec.argv = side->argv;
	c->spec.path = side->vmm_path;
}

void sides_release(struct collector *c)
{
	char err[256];
	size_t i;

	for (i = 0; i < 2; i++) {
		if (store_close(c->sides[i].store, err, sizeof(err)) < 0)
			fprintf(stderr, "kvmboot-collect: %s\n", err);
		c->sides[i].store = NULL;
		summary_release(&c->sides[i].summary);
		free(c->sides[i].vmm_path);
		free(c->sides[i].command);
		c->sides[i].vmm_path = c->sides[i].command = NULL;
	}
}
