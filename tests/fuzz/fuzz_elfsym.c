/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The ELF reader over arbitrary files: an offset it finds must lie in the
 * file (the uprobe is placed there). Functions looked up: main, _start,
 * and a name that no seed holds.
 */
#include <errno.h>

#include "fuzz.h"
#include "collector/elfsym.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const symbols[] = { "main", "_start", "kvmboot_fuzz_absent" };
	uint64_t offset;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		offset = UINT64_MAX;
		rc = elf_image_symbol_offset(data, size, symbols[i], &offset);
		FUZZ_ASSERT(rc == 0 || rc == -ENOENT || rc == -ENOEXEC);
		FUZZ_ASSERT(rc != 0 || offset < size);
	}
	return 0;
}
