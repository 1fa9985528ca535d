/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --since and --until: the dates people type (as journalctl and git take
 * them) turned into the text form sessions.started_at compares with.
 */
#ifndef KVMBOOT_DATES_H
#define KVMBOOT_DATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DATE_BOUND_LEN 32

/* The forms date_bound_parse takes, for messages. */
#define DATE_FORMS "YYYY-MM-DD[THH:MM[:SS[.mmm]]][Z], -7d, -2h, '2 weeks ago', yesterday, " \
		   "today, now"

/* The length date_show writes, its NUL included. */
#define DATE_SHOW_LEN 17

/*
 * Reads TEXT into OUT as "YYYY-MM-DDTHH:MM:SS.mmm" (UTC: it compares as
 * text with the stored "...Z" times). TEXT is one of:
 *   - a time as kvmboot prints it, or a part of it:
 *     YYYY-MM-DD[(T| )HH:MM[:SS[.FRACTION]]][Z]; UTC, or local time with
 *     LOCAL unless it ends in Z. END_OF_DAY: a bare date stands for the
 *     end of that day (so that --until includes it).
 *   - now, today, yesterday, tomorrow (midnight, in the zone LOCAL says);
 *   - a time before or after NOW_MS: "-7d", "+2h", "-1w 3d", "2 weeks ago",
 *     "2.weeks.ago", "90min ago"; units s, sec, second, m, min, minute,
 *     h, hour, d, day, w, week, month (30.44 days), y, year (365.25 days),
 *     with or without a plural s.
 * NOW_MS is milliseconds since the epoch. 0, or -1 when TEXT is none of
 * these.
 */
int date_bound_parse(const char *text, bool end_of_day, int64_t now_ms, bool local,
		     char *out, size_t len);

/*
 * A stored time ("2026-11-21T08:50:25.349Z") as tables print it,
 * "2026-11-21 08:50": UTC, or local time with LOCAL. Text that is not
 * such a time is copied as it is (cut to LEN).
 */
void date_show(const char *iso, bool local, char *out, size_t len);

#endif
