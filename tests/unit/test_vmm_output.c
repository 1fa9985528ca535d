/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMM's output: read from a pipe, its last part kept (a real pipe). */
#include "unit.h"
#include "collector/vmm_output.h"

#include <unistd.h>

static void put(struct vmm_output *o, const char *text)
{
	CHECK_INT(write(o->write_fd, text, strlen(text)), (long long)strlen(text));
	vmm_output_read(o);
}

static void test_vmm_output__last_line(void)
{
	struct vmm_output o;
	char line[64];

	CHECK_INT(vmm_output_open(&o), 0);
	put(&o, "starting\nqemu-system-x86_64: -foo: invalid option\n\n");
	vmm_output_last_line(&o, line, sizeof(line));
	CHECK_STR(line, "qemu-system-x86_64: -foo: invalid option");
	vmm_output_last_line(&o, line, 10);	/* cut to the buffer */
	CHECK_STR(line, "qemu-syst");
	vmm_output_reset(&o);
	vmm_output_last_line(&o, line, sizeof(line));
	CHECK_STR(line, "");
	vmm_output_close(&o);
}

/* More than is kept: the tail stays, whole lines at its end. */
static void test_vmm_output__keeps_the_tail(void)
{
	struct vmm_output o;
	char chunk[1000], line[64];
	size_t i;

	CHECK_INT(vmm_output_open(&o), 0);
	memset(chunk, 'a', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	for (i = 0; i < 3 * VMM_OUTPUT_KEEP / 999; i++)
		put(&o, chunk);
	put(&o, "\nthe error\n");
	CHECK_INT(o.len, VMM_OUTPUT_KEEP);
	CHECK(o.total > 3 * VMM_OUTPUT_KEEP - 1000);
	vmm_output_last_line(&o, line, sizeof(line));
	CHECK_STR(line, "the error");
	vmm_output_close(&o);
}

/* Nothing printed, or a line without its newline. */
static void test_vmm_output__edges(void)
{
	struct vmm_output o;
	char line[64];

	CHECK_INT(vmm_output_open(&o), 0);
	vmm_output_read(&o);	/* empty pipe: returns at once */
	vmm_output_last_line(&o, line, sizeof(line));
	CHECK_STR(line, "");
	put(&o, "one\nlast words");
	vmm_output_last_line(&o, line, sizeof(line));
	CHECK_STR(line, "last words");
	vmm_output_close(&o);
}

UNIT_MAIN(
	TEST(test_vmm_output__last_line),
	TEST(test_vmm_output__keeps_the_tail),
	TEST(test_vmm_output__edges),
)
