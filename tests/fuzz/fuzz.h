/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Shared by the libFuzzer harnesses (one small file per target): the
 * entry point's prototype, and the input as NUL-terminated lines.
 */
#ifndef KVMBOOT_FUZZ_H
#define KVMBOOT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A harness's own check: a broken promise of the code under test is a
 * crash for the fuzzer, with the reason printed. */
#define FUZZ_ASSERT(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: broken: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* DATA as a string (a NUL byte in it ends the text early, as it ends a
 * C string read from a file); free it. NULL only when out of memory. */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (text) {
		memcpy(text, data, size);
		text[size] = '\0';
	}
	return text;
}

/* Ends LINE at its newline; the next line, or NULL after the last. */
static inline char *fuzz_line_cut(char *line)
{
	char *nl = strchr(line, '\n');

	if (!nl)
		return NULL;
	*nl = '\0';
	return nl + 1;
}

#endif
