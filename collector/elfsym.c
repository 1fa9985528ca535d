/* Where a function is in an ELF file, for a uprobe. Every offset read from
 * the file is checked against its size: the file may be anything. */
#include "elfsym.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct image {
	const unsigned char *data;
	size_t size;
};

static bool in_file(const struct image *im, uint64_t off, uint64_t len)
{
	return off <= im->size && len <= im->size - off;
}

static const Elf64_Shdr *section(const struct image *im, const Elf64_Ehdr *eh, unsigned i)
{
	uint64_t off = eh->e_shoff + (uint64_t)i * eh->e_shentsize;

	if (i >= eh->e_shnum || !in_file(im, off, sizeof(Elf64_Shdr)))
		return NULL;
	return (const Elf64_Shdr *)(im->data + off);
}

/* The function's address in table SH (a SHT_SYMTAB or SHT_DYNSYM), or 0. */
static uint64_t table_lookup(const struct image *im, const Elf64_Ehdr *eh,
			     const Elf64_Shdr *sh, const char *symbol)
{
	const Elf64_Shdr *strtab = section(im, eh, sh->sh_link);
	uint64_t i, n;

	if (!strtab || sh->sh_entsize != sizeof(Elf64_Sym) || !in_file(im, sh->sh_offset, sh->sh_size) ||
	    !in_file(im, strtab->sh_offset, strtab->sh_size))
		return 0;
	n = sh->sh_size / sizeof(Elf64_Sym);
	for (i = 0; i < n; i++) {
		const Elf64_Sym *s = (const Elf64_Sym *)(im->data + sh->sh_offset) + i;
		const char *name = (const char *)im->data + strtab->sh_offset + s->st_name;
		size_t room = strtab->sh_size - s->st_name;

		if (s->st_name >= strtab->sh_size || ELF64_ST_TYPE(s->st_info) != STT_FUNC ||
		    s->st_shndx == SHN_UNDEF || s->st_value == 0)
			continue;
		if (strnlen(name, room) < room && strcmp(name, symbol) == 0)
			return s->st_value;
	}
	return 0;
}

/* Address to file offset, through the loadable segment that holds it. */
static int address_to_offset(const struct image *im, const Elf64_Ehdr *eh, uint64_t addr,
			     uint64_t *offset)
{
	unsigned i;

	for (i = 0; i < eh->e_phnum; i++) {
		uint64_t off = eh->e_phoff + (uint64_t)i * eh->e_phentsize;
		const Elf64_Phdr *ph;

		if (!in_file(im, off, sizeof(*ph)))
			return -ENOEXEC;
		ph = (const Elf64_Phdr *)(im->data + off);
		if (ph->p_type == PT_LOAD && addr >= ph->p_vaddr && addr - ph->p_vaddr < ph->p_filesz) {
			*offset = addr - ph->p_vaddr + ph->p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

static int image_lookup(const struct image *im, const char *symbol, uint64_t *offset)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)im->data;
	uint32_t kinds[] = { SHT_SYMTAB, SHT_DYNSYM };
	unsigned k, i;

	if (im->size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_phentsize != sizeof(Elf64_Phdr))
		return -ENOEXEC;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < eh->e_shnum; i++) {
			const Elf64_Shdr *sh = section(im, eh, i);
			uint64_t addr;

			if (!sh || sh->sh_type != kinds[k])
				continue;
			addr = table_lookup(im, eh, sh, symbol);
			if (addr)
				return address_to_offset(im, eh, addr, offset);
		}
	}
	return -ENOENT;
}

int elf_symbol_offset(const char *path, const char *symbol, uint64_t *offset)
{
	struct image im;
	struct stat st;
	void *map;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || st.st_size == 0) {
		rc = st.st_size == 0 ? -ENOEXEC : -errno;
		close(fd);
		return rc;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -errno;
	im.data = map;
	im.size = (size_t)st.st_size;
	rc = image_lookup(&im, symbol, offset);
	munmap(map, im.size);
	return rc;
}
