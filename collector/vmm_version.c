/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMM's own idea of its version, for the session record. */
#include "vmm_version.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PROBE_TIMEOUT_NS 5000000000LL

/*
 * Only an ELF executable is asked: a wrapper script given "--version"
 * would pass it on to who knows what, or boot a VM.
 */
static bool elf_executable(const char *path)
{
	unsigned char magic[4];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	bool elf;

	if (fd < 0)
		return false;
	elf = read(fd, magic, sizeof(magic)) == (ssize_t)sizeof(magic) &&
	      memcmp(magic, "\177ELF", 4) == 0;
	close(fd);
	return elf;
}

void vmm_version_probe(const struct launch_spec *vmm, char *out, size_t len)
{
	char path[4096], version_arg[] = "--version";
	char *argv[] = { path, version_arg, NULL };
	struct launch_spec spec = *vmm;
	struct vmm_exit exit_info = { 0 };
	struct vmm_proc proc;
	char err[256];
	int fds[2], signo = 0;
	ssize_t n;

	out[0] = '\0';
	if (!elf_executable(vmm->path))
		return;
	snprintf(path, sizeof(path), "%s", vmm->path);
	if (pipe2(fds, O_CLOEXEC) < 0)
		return;
	spec.argv = argv;
	spec.out_fd = fds[1];
	spec.mark_fd = -1;
	if (vmm_start(&spec, &proc, err, sizeof(err)) < 0)
		goto out_close;
	if (vmm_wait(&proc, PROBE_TIMEOUT_NS, -1, &signo, NULL, &exit_info) != WAIT_EXITED)
		vmm_kill(&proc, NULL);
	vmm_proc_release(&proc);
	close(fds[1]);
	fds[1] = -1;
	n = read(fds[0], out, len - 1);
	out[n > 0 && exit_info.exited && exit_info.exit_code == 0 ? n : 0] = '\0';
	out[strcspn(out, "\n")] = '\0';
out_close:
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
}
