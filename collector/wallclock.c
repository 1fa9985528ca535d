/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The collector's wall clock, which --started-at sets back. */
#include "../common/message.h"
#include "wallclock.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define NS_PER_S 1000000000LL

static bool shifted;
static int64_t shift_start, shift_mono;	/* the time given, and CLOCK_MONOTONIC then */

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
}

int64_t wallclock_now(void)
{
	if (shifted)
		return shift_start + clock_ns(CLOCK_MONOTONIC) - shift_mono;
	return clock_ns(CLOCK_REALTIME);
}

void wallclock_start_at(int64_t start)
{
	shift_mono = clock_ns(CLOCK_MONOTONIC);
	shift_start = start;
	shifted = true;
}

void wallclock_text(int64_t ns, char out[WALLCLOCK_TEXT_LEN])
{
	time_t sec = (time_t)(ns / NS_PER_S);
	struct tm tm;
	char base[24];

	gmtime_r(&sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, WALLCLOCK_TEXT_LEN, "%.19s.%03dZ", base, (int)(ns % NS_PER_S / 1000000));
}

/* Exactly N digits at *P as a number from MIN to MAX; moves P past them. */
static bool digits_read(const char **p, int n, int min, int max, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		v = v * 10 + (*p)[i] - '0';
	}
	*p += n;
	*out = v;
	return v >= min && v <= max;
}

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return days[month - 1] + (month == 2 && leap);
}

/* ".923" (1 to 9 digits) as ns; moves P past it. */
static bool fraction_read(const char **p, int64_t *ns)
{
	int64_t scale = NS_PER_S / 10;

	*ns = 0;
	if (**p != '.')
		return true;
	(*p)++;
	if (!isdigit((unsigned char)**p))
		return false;
	for (; isdigit((unsigned char)**p); (*p)++, scale /= 10) {
		if (scale == 0)
			return false;
		*ns += (**p - '0') * scale;
	}
	return true;
}

/* "THH:MM[:SS[.F]]" after the date, into TM and *FRAC. */
static bool clock_read(const char **p, struct tm *tm, int64_t *frac)
{
	if (**p != 'T' && **p != ' ')
		return true;
	(*p)++;
	if (!digits_read(p, 2, 0, 23, &tm->tm_hour) || *(*p)++ != ':' ||
	    !digits_read(p, 2, 0, 59, &tm->tm_min))
		return false;
	if (**p != ':')
		return true;
	(*p)++;
	return digits_read(p, 2, 0, 59, &tm->tm_sec) && fraction_read(p, frac);
}

int wallclock_parse(const char *text, int64_t *ns, char *err, size_t errlen)
{
	const char *p = text;
	struct tm tm;
	int64_t frac = 0;
	time_t sec;

	memset(&tm, 0, sizeof(tm));
	if (!digits_read(&p, 4, 1970, 9999, &tm.tm_year) || *p++ != '-' ||
	    !digits_read(&p, 2, 1, 12, &tm.tm_mon) || *p++ != '-' ||
	    !digits_read(&p, 2, 1, days_in_month(tm.tm_year, tm.tm_mon), &tm.tm_mday) ||
	    !clock_read(&p, &tm, &frac) || strcmp(p, *p == 'Z' ? "Z" : "") != 0) {
		msg_fail(err, errlen, "'%s' is not a UTC time such as 2026-11-30, "
			 "2026-11-30T10:33 or 2026-11-30T10:33:29.923Z", text);
		return -EINVAL;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	sec = timegm(&tm);
	/* Past 2262, ns do not fit: the latest time there is, far in the future anyway. */
	*ns = sec > (INT64_MAX - frac) / NS_PER_S ? INT64_MAX : (int64_t)sec * NS_PER_S + frac;
	return 0;
}
