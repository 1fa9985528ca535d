/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The VMM's own idea of its version, for the session record. */
#ifndef KVMBOOT_VMM_VERSION_H
#define KVMBOOT_VMM_VERSION_H

#include <stdbool.h>
#include <stddef.h>

#include "launch.h"

/*
 * Runs "VMM --version" as the VMM's user (5 s at most) and keeps the first
 * line of its output in OUT; OUT is empty when that did not work or the
 * VMM is not an ELF executable (a script is never run for it).
 */
void vmm_version_probe(const struct launch_spec *vmm, char *out, size_t len);

#endif
