/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The collector's wall clock, as stored (ISO 8601 UTC text with
 * milliseconds), which --started-at sets back so that old recordings
 * keep their dates.
 */
#ifndef KVMBOOT_WALLCLOCK_H
#define KVMBOOT_WALLCLOCK_H

#include <stddef.h>
#include <stdint.h>

#define WALLCLOCK_TEXT_LEN 32

/*
 * Parses TIME, UTC: the stored form "2026-11-30T10:33:29.923Z", or
 * YYYY-MM-DD[THH:MM[:SS[.FRACTION]]][Z] (a space for the T will do),
 * years 1970 to 9999, into ns since the epoch. 0, or -EINVAL with the
 * reason in ERR.
 */
int wallclock_parse(const char *text, int64_t *ns, char *err, size_t errlen);

/* NS since the epoch as "2026-11-30T10:33:29.923Z" (cut to the ms). */
void wallclock_text(int64_t ns, char out[WALLCLOCK_TEXT_LEN]);

/* Now, in ns since the epoch, as the clock reads (see wallclock_start_at). */
int64_t wallclock_now(void);

/* From now on, the clock reads START plus the (monotonic) time since this call. */
void wallclock_start_at(int64_t start);

#endif
