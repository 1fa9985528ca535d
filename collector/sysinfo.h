/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts about the host and the VMM, stored with each session. */
#ifndef KVMBOOT_SYSINFO_H
#define KVMBOOT_SYSINFO_H

#include <stddef.h>

#include "../common/path.h"

#define UUID_TEXT_LEN 37
#define TIME_TEXT_LEN 32

/* A random (version 4) UUID as text. 0 or -errno. */
int uuid_text(char out[UUID_TEXT_LEN]);

/*
 * Now, as ISO 8601 UTC with milliseconds: 2026-11-21T08:44:11.123Z (the
 * collector's wall clock: --started-at sets it back).
 */
void utc_now_text(char out[TIME_TEXT_LEN]);

/* Host name; kernel release and version; CPU model (or "unknown"). */
void host_name(char *out, size_t len);
void host_kernel(char *out, size_t len);
void host_cpu_model(char *out, size_t len);

/* ARGV as one shell-quoted line (malloc'd), or NULL. */
char *command_line_quote(char *const *argv);

#endif
