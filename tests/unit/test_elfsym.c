/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Finding functions in ELF files, checked against nm and readelf. */
#include "unit.h"
#include "collector/elfsym.h"

#include <dirent.h>
#include <elf.h>
#include <stdarg.h>
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

/* PATH's contents in a buffer to free; NULL when unreadable. */
static unsigned char *file_load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long n = 0;

	if (f && fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)n)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*size = buf ? (size_t)n : 0;
	if (f)
		fclose(f);
	return buf;
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

/*
 * Stripped binaries whose functions are only in debug information, built
 * here with the toolchain: a static function that no .dynsym has.
 */
static const char program[] =
	"static int __attribute__((noinline, used)) kvmboot_hidden_fn(int x) { return x * 3; }\n"
	"int main(int argc, char **argv) { (void)argv; return kvmboot_hidden_fn(argc); }\n";

/* Runs a shell command made from FMT in DIR; its exit status. */
static int sh(const char *dir, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int sh(const char *dir, const char *fmt, ...)
{
	char cmd[2048], body[1536];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s' && { %s; } >/dev/null 2>&1", dir, body);
	return system(cmd);
}

/* DIR/prog built with symbols, and the offset nm gives its hidden function (0: no compiler). */
static uint64_t program_build(char *dir)
{
	char path[600];
	FILE *f;

	if (!mkdtemp(dir))
		return 0;
	snprintf(path, sizeof(path), "%s/prog.c", dir);
	f = fopen(path, "w");
	if (!f)
		return 0;
	fputs(program, f);
	fclose(f);
	if (sh(dir, "cc -g -O1 -o prog prog.c") != 0)
		return 0;
	snprintf(path, sizeof(path), "%s/prog", dir);
	return reference_offset(path, "kvmboot_hidden_fn", 0);
}

static uint64_t lookup(const char *dir, const char *file, const char *symbol, int *rc)
{
	char path[600];
	uint64_t off = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	*rc = elf_symbol_offset(path, symbol, &off);
	return off;
}

static void test_elfsym__debuglink_beside_and_in_dot_debug(void)
{
	char dir[] = "/tmp/kvmboot-elf-XXXXXX";
	uint64_t want = program_build(dir);
	int rc;

	if (!want) {
		printf("# no cc, nm or readelf: not run\n");
		return;
	}
	CHECK_INT(sh(dir, "objcopy --only-keep-debug prog prog.debug && strip --strip-all prog"
		     " && objcopy --add-gnu-debuglink=prog.debug prog"), 0);
	/* The stripped file alone has no such function. */
	CHECK_INT(sh(dir, "! nm prog 2>/dev/null | grep -q kvmboot_hidden_fn"), 0);
	CHECK_INT(lookup(dir, "prog", "kvmboot_hidden_fn", &rc), want);
	CHECK_INT(rc, 0);
	CHECK_INT(sh(dir, "mkdir .debug && mv prog.debug .debug/"), 0);
	CHECK_INT(lookup(dir, "prog", "kvmboot_hidden_fn", &rc), want);
	CHECK_INT(rc, 0);
	lookup(dir, "prog", "kvmboot_not_there", &rc);
	CHECK_INT(rc, -ENOENT);
	/* Without its debug file the function is truly absent. */
	CHECK_INT(sh(dir, "rm -r .debug"), 0);
	lookup(dir, "prog", "kvmboot_hidden_fn", &rc);
	CHECK_INT(rc, -ENOENT);
	sh("/", "rm -rf '%s'", dir);
}

/* .gnu_debugdata made as Fedora's find-debuginfo does: the functions .dynsym lacks, xz'd. */
static void test_elfsym__minidebuginfo(void)
{
	char dir[] = "/tmp/kvmboot-elf-XXXXXX", path[600];
	uint64_t want = program_build(dir), off = 0;
	unsigned char *image;
	size_t size;
	int rc;

	if (!want || system("command -v xz >/dev/null") != 0) {
		printf("# no cc, nm, readelf or xz: not run\n");
		return;
	}
	CHECK_INT(sh(dir, "nm -D --format=posix --defined-only prog | awk '{print $1}' | sort > dyn"
		     " && nm --format=posix --defined-only prog | awk '$2 ~ /[Tt]/ {print $1}' | sort > funcs"
		     " && comm -13 dyn funcs > keep && objcopy --only-keep-debug prog mini"
		     " && objcopy -S --remove-section .gdb_index --remove-section .comment"
		     " --keep-symbols=keep mini mini.small && xz mini.small && strip --strip-all prog"
		     " && objcopy --add-section .gnu_debugdata=mini.small.xz prog"), 0);
	CHECK_INT(sh(dir, "! nm prog 2>/dev/null | grep -q kvmboot_hidden_fn"), 0);
	CHECK_INT(lookup(dir, "prog", "kvmboot_hidden_fn", &rc), want);
	CHECK_INT(rc, 0);
	/* The buffer form reads it too: it is inside the file. */
	snprintf(path, sizeof(path), "%s/prog", dir);
	image = file_load(path, &size);
	CHECK(image != NULL);
	CHECK_INT(elf_image_symbol_offset(image, size, "kvmboot_hidden_fn", &off), 0);
	CHECK_INT(off, want);
	free(image);
	sh("/", "rm -rf '%s'", dir);
}

/*
 * Found by fuzzing: a loadable segment whose file offset lies past the end
 * of the file gave an offset outside the file (for a uprobe that cannot be
 * placed). The buffer version must agree with the file version, and refuse
 * such a file as damaged.
 */
static void test_elfsym__segment_outside_file(void)
{
	uint64_t want = 0, off = 0;
	size_t size, i;
	unsigned char *buf = file_load("/proc/self/exe", &size);
	Elf64_Ehdr *eh = (Elf64_Ehdr *)buf;

	CHECK(buf != NULL);
	if (!buf)
		return;
	CHECK_INT(elf_symbol_offset("/proc/self/exe", "main", &want), 0);
	CHECK_INT(elf_image_symbol_offset(buf, size, "main", &off), 0);
	CHECK_INT(off, want);
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr *ph = (Elf64_Phdr *)(buf + eh->e_phoff) + i;

		if (ph->p_type == PT_LOAD && want >= ph->p_offset && want - ph->p_offset < ph->p_filesz)
			ph->p_offset = 0x24000000;	/* as the fuzzer's file had it */
	}
	CHECK_INT(elf_image_symbol_offset(buf, size, "main", &off), -ENOEXEC);
	free(buf);
}

/*
 * Found by fuzzing: headers at offsets that are not multiples of 8 were read
 * in place, a misaligned access (undefined behaviour, which UBSan stops
 * at). The same file one byte off its alignment must give the same offset.
 */
static void test_elfsym__unaligned_headers(void)
{
	uint64_t want = 0, off = 0;
	size_t size;
	unsigned char *buf = file_load("/proc/self/exe", &size), *odd = malloc(size + 1);

	CHECK(buf != NULL && odd != NULL);
	if (buf && odd) {
		memcpy(odd + 1, buf, size);
		CHECK_INT(elf_image_symbol_offset(buf, size, "main", &want), 0);
		CHECK_INT(elf_image_symbol_offset(odd + 1, size, "main", &off), 0);
		CHECK_INT(off, want);
	}
	free(buf);
	free(odd);
}

/*
 * Found by fuzzing: an ELF header cut short at 47 bytes. elfutils 0.188's
 * dwfl_report_offline_memory dereferenced NULL on it; both forms refuse it.
 */
static void test_elfsym__truncated_header(void)
{
	static const unsigned char image[] = {
		0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x7f, 0x45, 0x4c,
		0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x02, 0x00, 0x3e, 0x00, 0x01, 0x00, 0x00, 0x00, 0xb3, 0x00, 0x40,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	char path[] = "/tmp/kvmboot-elf-XXXXXX";
	uint64_t off = 0;
	int fd = mkstemp(path);

	CHECK_INT(elf_image_symbol_offset(image, sizeof(image), "main", &off), -ENOEXEC);
	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(write(fd, image, sizeof(image)), (int)sizeof(image));
	close(fd);
	CHECK_INT(elf_symbol_offset(path, "main", &off), -ENOEXEC);
	unlink(path);
}

/* The descriptors open in this process. */
static int descriptors_open(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}

/*
 * Found by fuzzing (it ran out of descriptors): a file that is not ELF
 * left its descriptor open, libdwfl keeping only those of modules it made.
 */
static void test_elfsym__no_descriptor_left(void)
{
	static const char text[] = "not an ELF file\n";
	char path[] = "/tmp/kvmboot-elf-XXXXXX";
	uint64_t off = 0;
	int fd = mkstemp(path), before, i;

	CHECK(fd >= 0);
	if (fd < 0)
		return;
	CHECK_INT(write(fd, text, sizeof(text) - 1), (int)sizeof(text) - 1);
	close(fd);
	before = descriptors_open();
	for (i = 0; i < 3; i++) {
		CHECK_INT(elf_symbol_offset(path, "main", &off), -ENOEXEC);
		CHECK_INT(elf_image_symbol_offset(text, sizeof(text) - 1, "main", &off), -ENOEXEC);
		CHECK_INT(elf_symbol_offset("/proc/self/exe", "main", &off), 0);
	}
	CHECK_INT(descriptors_open(), before);
	unlink(path);
}

UNIT_MAIN(
	TEST(test_elfsym__own_binary_symtab),
	TEST(test_elfsym__stripped_binary_dynsym),
	TEST(test_elfsym__not_elf_and_missing),
	TEST(test_elfsym__debuglink_beside_and_in_dot_debug),
	TEST(test_elfsym__minidebuginfo),
	TEST(test_elfsym__segment_outside_file),
	TEST(test_elfsym__unaligned_headers),
	TEST(test_elfsym__truncated_header),
	TEST(test_elfsym__no_descriptor_left),
)
