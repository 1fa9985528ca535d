/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Where a function is in an ELF file, for a uprobe, with elfutils' libdwfl:
 * the file's own .symtab or .dynsym, the MiniDebugInfo of .gnu_debugdata
 * (an xz-compressed symbol table that Fedora-style builds keep), and the
 * separate debug file found by build-id or .gnu_debuglink under
 * /usr/lib/debug (Debian's -dbgsym packages), next to the file or in its
 * .debug directory. The file may be anything: every offset is checked
 * against its size.
 */
#include "elfsym.h"

#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The file's own view: no separate debug file (a buffer has no path). */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname,
			Dwarf_Addr base, const char *file_name, const char *debuglink_file,
			GElf_Word debuglink_crc, char **debuginfo_file_name)
{
	(void)mod, (void)userdata, (void)modname, (void)base, (void)file_name;
	(void)debuglink_file, (void)debuglink_crc, (void)debuginfo_file_name;
	return -1;
}

/* NULL: elfutils' default path, ":.debug:/usr/lib/debug" (build-id first). */
static char *debuginfo_path;

static const Dwfl_Callbacks file_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

static const Dwfl_Callbacks image_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
	.debuginfo_path = &debuginfo_path,
};

/*
 * The file offset of VADDR (an address of the main file), through the
 * loadable segment that holds it; a segment that lies outside the file's
 * SIZE bytes is damage (-ENOEXEC), not an offset.
 */
static int address_to_offset(Elf *elf, GElf_Addr vaddr, uint64_t size, uint64_t *offset)
{
	size_t n, i;

	if (elf_getphdrnum(elf, &n) != 0)
		return -ENOEXEC;
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return -ENOEXEC;
		if (ph.p_type != PT_LOAD || vaddr < ph.p_vaddr || vaddr - ph.p_vaddr >= ph.p_filesz)
			continue;
		if (ph.p_offset > size || ph.p_filesz > size - ph.p_offset)
			return -ENOEXEC;
		*offset = vaddr - ph.p_vaddr + ph.p_offset;
		return 0;
	}
	return -ENOENT;
}

/* Is the I-th symbol of MOD the defined function SYMBOL? Its address in *ADDR. */
static bool symbol_is(Dwfl_Module *mod, int i, const char *symbol, GElf_Addr *addr)
{
	GElf_Word shndx = SHN_UNDEF;
	GElf_Sym sym;
	const char *name = dwfl_module_getsym_info(mod, i, &sym, addr, &shndx, NULL, NULL);

	return name && GELF_ST_TYPE(sym.st_info) == STT_FUNC && shndx != SHN_UNDEF &&
	       sym.st_value != 0 && strcmp(name, symbol) == 0;
}

/* SYMBOL in the module of a file of SIZE bytes: 0, -ENOENT or -ENOEXEC. */
static int module_lookup(Dwfl_Module *mod, uint64_t size, const char *symbol, uint64_t *offset)
{
	GElf_Addr bias = 0, addr;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	int n, i;

	if (!elf || elf_kind(elf) != ELF_K_ELF)
		return -ENOEXEC;
	n = dwfl_module_getsymtab(mod);
	for (i = 1; i < n; i++)
		if (symbol_is(mod, i, symbol, &addr))
			return address_to_offset(elf, addr - bias, size, offset);
	return -ENOENT;
}

/*
 * SYMBOL in the ELF file open on FD (SIZE bytes, named PATH for its debug
 * files), read with CALLBACKS. Takes FD: a module that libdwfl made owns
 * it until dwfl_end, but where it makes none (not ELF) libdwfl leaves a
 * descriptor it did not open to its caller (fuzzing ran out of them).
 */
static int fd_lookup(const Dwfl_Callbacks *callbacks, const char *path, int fd, uint64_t size,
		     const char *symbol, uint64_t *offset)
{
	Dwfl_Module *mod;
	Dwfl *dwfl = dwfl_begin(callbacks);
	int rc;

	if (!dwfl) {
		close(fd);
		return -ENOMEM;
	}
	mod = dwfl_report_offline(dwfl, "", path, fd);
	dwfl_report_end(dwfl, NULL, NULL);
	rc = mod ? module_lookup(mod, size, symbol, offset) : -ENOEXEC;
	dwfl_end(dwfl);
	if (!mod)
		close(fd);
	return rc;
}

int elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		rc = fstat(fd, &st) < 0 ? -errno : -ENOEXEC;
		close(fd);
		return rc;
	}
	return fd_lookup(&file_callbacks, path, fd, (uint64_t)st.st_size, symbol, offset);
}

/* Writes SIZE bytes of DATA to FD: 0 or -errno. */
static int write_all(int fd, const unsigned char *data, size_t size)
{
	while (size > 0) {
		ssize_t n = write(fd, data, size);

		if (n < 0 && errno != EINTR)
			return -errno;
		if (n > 0) {
			data += n;
			size -= (size_t)n;
		}
	}
	return 0;
}

/*
 * Read through a file in memory, the way elf_symbol_offset reads a file:
 * elfutils 0.188's dwfl_report_offline_memory dereferences NULL on a
 * truncated ELF header (fuzzing found it), and the collector never reads
 * an image from memory anyway.
 */
int elf_image_symbol_offset(const void *data, size_t size, const char *symbol, uint64_t *offset)
{
	int fd, rc;

	if (size == 0)
		return -ENOEXEC;
	fd = memfd_create("kvmboot-elf-image", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, data, size);
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd_lookup(&image_callbacks, "", fd, size, symbol, offset);
}
