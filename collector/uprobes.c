/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Uprobes on the VMM's own functions, removed on every exit path. */
#include "uprobes.h"
#include "elfsym.h"
#include "../common/message.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <tracefs.h>

const char *const uprobes_qemu_set =
	"main,qemu_init,machine_run_board_init,vm_start,qemu_main_loop,kvm_cpu_exec";

/* An event name tracefs accepts: letters, digits, '_', not a digit first. */
static void event_name(const char *symbol, char *out, size_t len)
{
	size_t i;

	snprintf(out, len, "%s%s", isdigit((unsigned char)symbol[0]) ? "f_" : "", symbol);
	for (i = 0; out[i]; i++)
		if (!isalnum((unsigned char)out[i]))
			out[i] = '_';
}

static int probe_add(struct uprobes *u, const char *binary, const char *symbol,
		     char *err, size_t errlen)
{
	struct tracefs_dynevent *ev;
	uint64_t offset;
	int rc = elf_symbol_offset(binary, symbol, &offset);

	if (u->n == UPROBES_MAX)
		return msg_fail(err, errlen, "--uprobe: at most %d functions", UPROBES_MAX);
	if (rc == -ENOENT)
		return msg_fail(err, errlen, "--uprobe: '%s' has no function '%s' (in its symbol "
				"tables, its MiniDebugInfo or a debug file under /usr/lib/debug: for "
				"a stripped binary install its debug symbols, such as Debian's "
				"-dbgsym package; a wrapper script has none)", binary, symbol);
	if (rc < 0)
		return msg_fail(err, errlen, "--uprobe: cannot read the symbols of '%s': %s", binary,
				rc == -ENOEXEC ? "not an ELF file, or a damaged one" : strerror(-rc));
	event_name(symbol, u->events[u->n], sizeof(u->events[0]));
	snprintf(u->milestones[u->n], sizeof(u->milestones[0]), "fn:%s", symbol);
	ev = tracefs_uprobe_alloc(u->system, u->events[u->n], binary, offset, NULL);
	if (!ev || tracefs_dynevent_create(ev) < 0) {
		tracefs_dynevent_free(ev);
		return msg_fail(err, errlen, "--uprobe: cannot place a uprobe on %s in '%s': %s",
				symbol, binary, strerror(errno));
	}
	u->ev[u->n++] = ev;
	return 0;
}

int uprobes_create(struct uprobes *u, const char *system, const char *binary,
		   const char *list, char *err, size_t errlen)
{
	const char *p = strcmp(list, "qemu") == 0 ? uprobes_qemu_set : list;
	char symbol[256];

	memset(u, 0, sizeof(*u));
	snprintf(u->system, sizeof(u->system), "%s", system);
	do {
		size_t len = strcspn(p, ",");

		snprintf(symbol, sizeof(symbol), "%.*s", (int)len, p);
		if (!symbol[0] || probe_add(u, binary, symbol, err, errlen) < 0) {
			if (!symbol[0])
				msg_fail(err, errlen, "--uprobe: '%s' is not 'qemu' or a list of "
					 "functions", list);
			uprobes_destroy(u);
			return -1;
		}
		p += len;
	} while (*p++ == ',');
	return 0;
}

void uprobes_destroy(struct uprobes *u)
{
	size_t i;

	for (i = 0; i < u->n; i++) {
		tracefs_dynevent_destroy(u->ev[i], true);
		tracefs_dynevent_free(u->ev[i]);
	}
	u->n = 0;
}
