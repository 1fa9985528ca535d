/* Where a function is in an ELF file, for a uprobe (reads the file only). */
#ifndef KVMBOOT_ELFSYM_H
#define KVMBOOT_ELFSYM_H

#include <stdint.h>

/*
 * Finds the function SYMBOL in the ELF64 file PATH (in .symtab, else
 * .dynsym: stripped binaries keep their exported functions there) and sets
 * *OFFSET to its offset in the file. Returns 0, -ENOENT (no such
 * function), -ENOEXEC (not a little-endian ELF64 file), or -errno.
 */
int elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset);

#endif
