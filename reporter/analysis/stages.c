/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The built-in stages. Each end lists milestones in order of preference:
 * the first one the boot has counts. The first five tile a boot that has
 * all its milestones (vmm + firmware + loader + kernel + userspace ==
 * total); each is still measured in a boot that lacks the others.
 */
#include "stages.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * Trace points come before console lines in every list: a job that adds
 * console rules (or uprobes, or custom points) keeps every stage it had.
 */
/* Where the firmware hands over: the latest hand-over the boot records
 * (after the option ROM, else when the firmware is done). */
#define FIRMWARE_END \
	"linux_start_boot|linux_start_pvhboot|linux_start_fwcfg|fw_do_boot|seabios_booting"
/* The kernel starts: its first statement, else its banner (console). */
#define KERNEL_START "linux_start_kernel|chv_start_kernel|linux_version"
/* The kernel hands over to init: the trace point, else the console line. */
#define KERNEL_END "linux_start_user|chv_start_user|linux_run_init"
/* The boot is done: a point the guest writes when it is up, else the VMM's exit. */
#define BOOT_END "boot_done|vmm_exit"

static const struct {
	const char *name, *def, *why;
} builtin[] = {
	{ "vmm", "vmm_exec..vmm_init_end",
	  "the VMM starts: exec to its first vCPU run (loading, device set-up)" },
	{ "firmware", "vmm_init_end.." FIRMWARE_END,
	  "firmware: first vCPU run to the hand-over to the kernel (option ROMs included)" },
	{ "loader", FIRMWARE_END ".." KERNEL_START,
	  "the kernel's set-up code and decompression, up to start_kernel" },
	{ "kernel", KERNEL_START ".." KERNEL_END,
	  "the kernel proper: start_kernel to running init" },
	{ "userspace", KERNEL_END ".." BOOT_END,
	  "init to boot_done, else to the VMM's exit (a guest that powers off when up)" },
	{ STAGES_TOTAL, "vmm_exec.." BOOT_END,
	  "the whole boot: exec to boot_done, else to the VMM's exit" },
};

int stages_builtin(struct span_list *l)
{
	size_t i;
	struct span s;

	l->n = 0;
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (span_parse(builtin[i].def, &s) < 0)
			return -EINVAL;	/* cannot happen: the table is tested */
		strcpy(s.name, builtin[i].name);
		s.why = builtin[i].why;
		if (span_list_put(l, &s) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* Is the line (LEN bytes) blank or a comment? */
static int line_skipped(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return i == len || line[i] == '#';
}

int stages_parse(const char *text, struct span_list *l, size_t *line)
{
	char buf[2 * SPAN_TEXT_MAX];
	struct span s;
	size_t len;
	int rc;

	l->n = 0;
	for (*line = 1; *text; (*line)++) {
		len = strcspn(text, "\n");
		if (!line_skipped(text, len)) {
			if (len >= sizeof(buf))
				return -E2BIG;
			memcpy(buf, text, len);
			buf[len - (len && buf[len - 1] == '\r')] = '\0';
			buf[len] = '\0';
			rc = span_parse_named(buf, &s);
			if (rc == 0)
				rc = span_list_put(l, &s);
			if (rc < 0)
				return rc;
		}
		text += len + (text[len] == '\n');
	}
	*line = 0;
	return 0;
}
