/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Where a function is in an ELF file, for a uprobe (reads the file only). */
#ifndef KVMBOOT_ELFSYM_H
#define KVMBOOT_ELFSYM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Finds the function SYMBOL in the ELF file PATH and sets *OFFSET to its
 * offset in the file. Looks in every symbol table elfutils finds for it:
 * the file's .symtab or .dynsym (stripped binaries keep their exported
 * functions there), its MiniDebugInfo (.gnu_debugdata), and its separate
 * debug file (by build-id or .gnu_debuglink, beside it, in its .debug
 * directory or under /usr/lib/debug: Debian's -dbgsym packages). Returns
 * 0, -ENOENT (no such function), -ENOEXEC (not ELF, or a damaged file),
 * or -errno.
 */
int elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset);

/* The same for a file's contents DATA of SIZE bytes, with no debug file. */
int elf_image_symbol_offset(const void *data, size_t size, const char *symbol, uint64_t *offset);

#endif
