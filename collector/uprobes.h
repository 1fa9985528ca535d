/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Uprobes on the VMM's own functions, as tracefs dynamic events in a
 * system of this collector's own ("kvmboot_PID_NS", see instance.h):
 * uprobe_events is global, so only what we created is ever removed.
 */
#ifndef KVMBOOT_UPROBES_H
#define KVMBOOT_UPROBES_H

#include <stddef.h>

#define UPROBES_MAX 16

struct tracefs_dynevent;

struct uprobes {
	char system[64];
	char events[UPROBES_MAX][64];		/* tracefs event names */
	char milestones[UPROBES_MAX][64];	/* "fn:qemu_init" */
	struct tracefs_dynevent *ev[UPROBES_MAX];
	size_t n;
};

/* The functions --uprobe qemu stands for. */
extern const char *const uprobes_qemu_set;

/*
 * Places a uprobe on each function of LIST ("qemu" or "f,g,h") in the ELF
 * file BINARY, in the event system SYSTEM. Returns 0, or -1 with ERR (a
 * missing function names the binary); on failure nothing stays in tracefs.
 */
int uprobes_create(struct uprobes *u, const char *system, const char *binary,
		   const char *list, char *err, size_t errlen);

/* Removes what uprobes_create() made; accepts an empty U. */
void uprobes_destroy(struct uprobes *u);

#endif
