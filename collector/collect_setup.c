/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Setting up a collection session, and tearing it down on every path. */
#include "../common/message.h"
#include "collect.h"
#include "version.h"
#include "instance.h"
#include "vmm_version.h"
#include "wallclock.h"
#include "../schema/db.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* -u USER, else the caller (under sudo: the calling user, not root). */
static int user_resolve(struct collector *c, char *err, size_t errlen)
{
	const char *name = c->opts->user;
	struct passwd *pw = NULL;

	if (name && !(pw = getpwnam(name)))
		return msg_fail(err, errlen, "--user: no user '%s' on this host", name);
	snprintf(c->user, sizeof(c->user), "%s", pw ? pw->pw_name : c->caller.name);
	c->spec.uid = pw ? pw->pw_uid : c->caller.uid;
	c->spec.gid = pw ? pw->pw_gid : c->caller.gid;
	if (c->spec.uid == geteuid())
		return 0;
	if (geteuid() != 0)
		return msg_fail(err, errlen, "--user %s: switching user needs root", c->user);
	c->spec.drop = true;
	if (!pw) {	/* the caller, whose groups we know */
		c->spec.groups = c->caller.groups;
		c->spec.ngroups = c->caller.ngroups;
		return 0;
	}
	if (user_groups_find(c->user, c->spec.gid, &c->user_groups, &c->spec.ngroups) < 0)
		return msg_fail(err, errlen, "--user %s: cannot read the user's groups", c->user);
	c->spec.groups = c->user_groups;
	return 0;
}

static int points_resolve(struct collector *c, char *err, size_t errlen)
{
	size_t i;

	if (point_map_load(&c->map, c->opts->table, err, errlen) < 0)
		return -1;
	if (c->opts->mmio_moved)
		point_map_mmio_move(&c->map, c->opts->mmio_addr);
	for (i = 0; i < c->opts->npoints; i++)
		if (point_map_add(&c->map, &c->opts->points[i]) < 0)
			return msg_fail(err, errlen, "--point: too many points or ports");
	return 0;
}

static void port_trace(struct collector *c, uint16_t port)
{
	size_t i;

	for (i = 0; i < c->ntraced; i++)
		if (c->traced_ports[i] == port)
			return;
	c->traced_ports[c->ntraced++] = port;
}

/* Console text: its ports are traced too, and are nobody's trace points. */
static int console_resolve(struct collector *c, char *err, size_t errlen)
{
	const struct collect_options *o = c->opts;
	size_t i, j;

	for (i = 0; i < c->map.nports; i++)
		port_trace(c, c->map.ports[i]);
	for (i = 0; i < o->nconsole; i++) {
		for (j = 0; j < c->map.nports; j++)
			if (c->map.ports[j] == o->console_ports[i])
				return msg_fail(err, errlen, "--console: port %#x carries trace points "
						"of --table or -p", o->console_ports[i]);
		port_trace(c, o->console_ports[i]);
		if (console_uart_lcr(o->console_ports[i]))
			port_trace(c, console_uart_lcr(o->console_ports[i]));
	}
	if (text_rules_build(&c->rules, o->rules, o->matches, o->nmatches, err, errlen) < 0)
		return -1;
	c->decode.map = &c->map;
	c->decode.console_ports = o->console_ports;
	c->decode.nconsole = o->nconsole;
	c->decode.rules = &c->rules;
	return 0;
}



/* Can TEXT stand inside a tracefs filter's "..." as itself? */
static bool filter_text_safe(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7f || strchr("\"\\*?[]", *text))
			return false;
	return true;
}

/*
 * --watch: what to watch, as a kernel filter on exec's file name (the
 * names were checked for quotes and wildcards), and for the session record.
 */
static int watch_resolve(struct collector *c, char *err, size_t errlen)
{
	const struct collect_options *o = c->opts;
	char *real = o->watch_exe ? realpath(o->watch_exe, NULL) : NULL;
	int rc;

	if (o->watch_exe && !real)
		return msg_fail(err, errlen, "--exe: cannot watch '%s': %s", o->watch_exe,
				strerror(errno));
	/* The names go into a kernel filter string: nothing may end it early. */
	if (real && !filter_text_safe(real)) {
		free(real);
		return msg_fail(err, errlen, "--exe: '%s' resolves to a path with quotes, "
				"backslashes, wildcards or control characters, which a tracefs "
				"filter cannot hold", o->watch_exe);
	}
	if (o->watch_exe)
		rc = asprintf(&c->exec_filter, "filename == \"%s\" || filename == \"%s\"",
			      o->watch_exe, real);
	else
		rc = asprintf(&c->exec_filter, "filename ~ \"*/%s\" || filename == \"%s\"%s%s%s",
			      o->watch_comm, o->watch_comm,
			      /* a 15-character comm may be cut short: match the rest too */
			      strlen(o->watch_comm) == 15 ? " || filename ~ \"*/" : "",
			      strlen(o->watch_comm) == 15 ? o->watch_comm : "",
			      strlen(o->watch_comm) == 15 ? "*\"" : "");
	c->side->vmm_path = real ? real : strdup(o->watch_comm);
	if (rc < 0 || !c->side->vmm_path || asprintf(&c->side->command, "(watch) --%s %s", o->watch_exe ?
					       "exe" : "comm", o->watch_exe ? o->watch_exe
					       : o->watch_comm) < 0)
		return msg_fail(err, errlen, "out of memory");
	snprintf(c->user, sizeof(c->user), "(watched)");
	side_enter(c, c->side);
	/* Only its version is ever asked, as the caller, not root. */
	c->spec.drop = c->caller.other;
	c->spec.uid = c->caller.uid;
	c->spec.gid = c->caller.gid;
	c->spec.groups = c->caller.groups;
	c->spec.ngroups = c->caller.ngroups;
	return 0;
}

/* Each VMM's output (one per boot of a batch): a pipe read while it runs. */
static int output_open(struct collector *c, char *err, size_t errlen)
{
	size_t i;
	int rc;

	c->outputs = calloc(c->opts->jobs, sizeof(*c->outputs));
	c->decoders = calloc(c->opts->jobs, sizeof(*c->decoders));
	if (!c->outputs || !c->decoders)
		return msg_fail(err, errlen, "out of memory");
	for (i = 0; i < c->opts->jobs; i++)
		c->outputs[i].read_fd = c->outputs[i].write_fd = -1;
	for (i = 0; i < c->opts->jobs; i++) {
		rc = vmm_output_open(&c->outputs[i]);
		if (rc < 0)
			return msg_fail(err, errlen, "cannot make a pipe for the VMM's output: %s",
					strerror(-rc));
		c->outputs[i].echo = c->opts->verbosity >= 2 ? stderr : NULL;	/* -vv: as it comes */
	}
	c->spec.out_fd = c->outputs[0].write_fd;
	return 0;
}

/* Under sudo the database is opened and created with the caller's rights. */
static int db_setup(struct collector *c, char *err, size_t errlen)
{
	struct db_open_result r;

	if (db_act_as(&c->caller) < 0)
		return msg_fail(err, errlen, "cannot set up SQLite to act for the calling user");
	db_interrupt_on(c->signal_fd);	/* Ctrl-C ends a wait for another writer */
	if (db_open(c->opts->db_path, DB_READ_WRITE, &r, err, errlen) < 0)
		return -1;
	c->db = r.db;
	c->db_created = r.created;
	return 0;
}






/* A sweep's findings: what collectors that were killed had left. */
static void swept_say(const char *what, void *ctx)
{
	struct collector *c = ctx;

	if (c->opts->verbosity >= 0)
		fprintf(stderr, "kvmboot-collect: removed %s, left by a collector that is gone\n",
			what);
}

/* Our instance first (sweeping others'), then uprobes in it, then the events. */
static int tracer_setup(struct collector *c, char *err, size_t errlen)
{
	struct tracer_config cfg = {
		.ports = c->traced_ports, .nports = c->ntraced,
		.addresses = c->map.addresses, .naddresses = c->map.naddresses,
		.exec_filter = c->exec_filter,
		.buffer_kb = c->opts->buffer_kb,
	};

	if (instance_claim(&c->claim, swept_say, c, err, errlen) < 0)
		return -1;
	/* Uprobes before the tracer, which reads their formats from tracefs. */
	if (c->opts->uprobe && uprobes_create(&c->uprobes, c->claim.uprobe_system, c->side->vmm_path,
					      c->opts->uprobe, err, errlen) < 0)
		return -1;
	cfg.uprobe_system = c->uprobes.n ? c->uprobes.system : NULL;
	cfg.uprobe_events = c->uprobes.events;
	cfg.nuprobes = c->uprobes.n;
	c->decode.uprobe_names = c->uprobes.milestones;
	c->decode.nuprobes = c->uprobes.n;
	if (tracer_open(&c->tracer, c->claim.name, &cfg, err, errlen) < 0)
		return -1;
	c->spec.mark_fd = tracer_marker_fd(c->tracer);
	return 0;
}

/* An import needs the database only: no root, no tracefs. */
static int import_setup(struct collector *c, char *err, size_t errlen)
{
	const char *path = c->opts->import_path ? c->opts->import_path : c->opts->import_stap;
	bool in = strcmp(path, "-") == 0;	/* standard input */
	int fd;

	if (!in) {
		caller_enter(&c->caller);	/* what the caller could read, not root */
		fd = open(path, O_RDONLY | O_CLOEXEC);
		caller_leave(&c->caller);
		if (fd < 0)
			return msg_fail(err, errlen, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
	}
	if (asprintf(&c->side->command, "(import%s) %s", c->opts->import_stap ? "-stap" : "",
		     in ? "(standard input)" : path) < 0)
		return msg_fail(err, errlen, "out of memory");
	snprintf(c->user, sizeof(c->user), "(imported)");
	if (db_setup(c, err, errlen) < 0)
		return -1;
	sides_info_fill(c);
	c->side->info.trace_clock = "(from the trace)";
	return store_open(&c->side->store, c->db, &c->side->info, err, errlen);
}

int collector_setup(struct collector *c, struct collect_options *opts, char *err, size_t errlen)
{
	memset(c, 0, sizeof(*c));
	c->opts = opts;
	c->side = &c->sides[0];
	c->signal_fd = c->spec.mark_fd = c->claim.lock_fd = c->janitor.fd = -1;
	c->progress = opts->verbosity >= 0 && opts->progress == PROGRESS_AUTO &&
		      isatty(STDERR_FILENO);
	c->progress_lines = opts->verbosity >= 0 && (opts->progress == PROGRESS_LINE ||
			    (opts->progress == PROGRESS_AUTO && !isatty(STDERR_FILENO)));
	c->signal_fd = signals_catch(&c->old_mask);
	if (c->signal_fd < 0)
		return msg_fail(err, errlen, "cannot set up signal handling: %s", strerror(errno));
	c->spec.child_mask = &c->old_mask;
	if (caller_identify(&c->caller, err, errlen) < 0)
		return -1;
	if (points_resolve(c, err, errlen) < 0 || console_resolve(c, err, errlen) < 0)
		return -1;
	if (opts->import_path || opts->import_stap)
		return import_setup(c, err, errlen);
	if (opts->watch && watch_resolve(c, err, errlen) < 0)
		return -1;
	if (!opts->watch && (user_resolve(c, err, errlen) < 0 || sides_resolve(c, err, errlen) < 0 ||
			     output_open(c, err, errlen) < 0))
		return -1;
	/* The database last: a set-up error before it creates no file. */
	if (tracer_setup(c, err, errlen) < 0 || db_setup(c, err, errlen) < 0)
		return -1;
	sides_info_fill(c);
	if (sides_stores_open(c, err, errlen) < 0)
		return -1;
	janitor_start(&c->janitor, &c->claim, c->uprobes.n > 0);	/* best effort */
	return tracer_start(c->tracer, opts->watch, err, errlen);
}

static bool db_has_sessions(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	bool any = true;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sessions LIMIT 1", -1, &stmt, NULL) != SQLITE_OK)
		return true;
	any = sqlite3_step(stmt) != SQLITE_DONE;
	sqlite3_finalize(stmt);
	return any;
}

/* A database this run created and nobody stored anything in is not left behind. */
static void db_teardown(struct collector *c)
{
	bool remove_it;

	if (!c->db)
		return;
	remove_it = c->db_created && !c->sides[0].stored && !c->sides[1].stored &&
		    !db_has_sessions(c->db);
	sqlite3_close(c->db);
	c->db = NULL;
	if (remove_it)
		db_remove_files(c->opts->db_path);
}

void collector_teardown(struct collector *c)
{
	size_t i;

	/* Events off, uprobes out, then the instance: a uprobe system never
	 * outlives the instance that shows its owner is alive. */
	tracer_events_off(c->tracer);
	uprobes_destroy(&c->uprobes);
	tracer_close(c->tracer);
	c->tracer = NULL;
	janitor_stop(&c->janitor);	/* nothing left for it to do */
	instance_release(&c->claim);
	sides_release(c);
	db_teardown(c);
	event_buf_release(&c->events);
	text_rules_release(&c->rules);
	for (i = 0; c->outputs && i < c->opts->jobs; i++)
		vmm_output_close(&c->outputs[i]);
	free(c->outputs);
	free(c->decoders);
	c->outputs = NULL;
	c->decoders = NULL;
	if (c->signal_fd >= 0)
		close(c->signal_fd);
	c->signal_fd = -1;
	free(c->exec_filter);
	c->exec_filter = NULL;
	free(c->user_groups);
	c->user_groups = NULL;
	caller_release(&c->caller);
}
