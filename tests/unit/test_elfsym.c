/* Finding functions in ELF files, checked against nm and readelf. */
#include "unit.h"
#include "collector/elfsym.h"

#include <stdlib.h>
#include <unistd.h>

/* The file offset nm and readelf give for SYMBOL in PATH (dynamic symbols
 * when DYNAMIC), or 0 when a tool is missing. */
static uint64_t reference_offset(const char *path, const char *symbol, int dynamic)
{
	char cmd[512];
	unsigned long long addr = 0, vaddr, off;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "nm %s --defined-only '%s' 2>/dev/null | awk '$3 == \"%s\" && "
		 "($2 == \"T\" || $2 == \"t\") { print $1; exit }'", dynamic ? "-D" : "", path, symbol);
	p = popen(cmd, "r");
	if (!p || fscanf(p, "%llx", &addr) != 1)
		addr = 0;
	if (p)
		pclose(p);
	snprintf(cmd, sizeof(cmd), "readelf -lW '%s' | awk '$1 == \"LOAD\" { print $2, $3, $5 }'", path);
	p = popen(cmd, "r");
	while (p && addr) {
		unsigned long long filesz;

		if (fscanf(p, "%llx %llx %llx", &off, &vaddr, &filesz) != 3) {
			addr = 0;
			break;
		}
		if (addr >= vaddr && addr - vaddr < filesz) {
			addr = addr - vaddr + off;
			break;
		}
	}
	if (p)
		pclose(p);
	return addr;
}

static void test_elfsym__own_binary_symtab(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	uint64_t off = 0, want;

	CHECK(n > 0);
	self[n > 0 ? n : 0] = '\0';
	want = reference_offset(self, "main", 0);
	CHECK(want != 0);
	CHECK_INT(elf_symbol_offset(self, "main", &off), 0);
	CHECK_INT(off, want);
	CHECK_INT(elf_symbol_offset(self, "no_such_function_here", &off), -ENOENT);
}

static void test_elfsym__stripped_binary_dynsym(void)
{
	const char *qemu = "/usr/bin/qemu-system-x86_64";
	static const char *const fns[] = { "main", "qemu_init", "vm_start", "kvm_cpu_exec" };
	uint64_t off = 0;
	size_t i;

	if (access(qemu, R_OK) != 0) {
		printf("# no %s: its part is not run\n", qemu);
		return;
	}
	for (i = 0; i < 4; i++) {
		uint64_t want = reference_offset(qemu, fns[i], 1);

		CHECK(want != 0);
		CHECK_INT(elf_symbol_offset(qemu, fns[i], &off), 0);
		CHECK_INT(off, want);
	}
}

static void test_elfsym__not_elf_and_missing(void)
{
	char path[] = "/tmp/kvmboot-elf-XXXXXX";
	int fd = mkstemp(path);
	uint64_t off;

	CHECK(write(fd, "#!/bin/sh\necho hi\n", 18) == 18);
	close(fd);
	CHECK_INT(elf_symbol_offset(path, "main", &off), -ENOEXEC);
	CHECK(truncate(path, 0) == 0);
	CHECK_INT(elf_symbol_offset(path, "main", &off), -ENOEXEC);
	unlink(path);
	CHECK_INT(elf_symbol_offset("/nonexistent/vmm", "main", &off), -ENOENT);
}

UNIT_MAIN(
	TEST(test_elfsym__own_binary_symtab),
	TEST(test_elfsym__stripped_binary_dynsym),
	TEST(test_elfsym__not_elf_and_missing),
)
