/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --since and --until: absolute, named and relative dates. */
#include "dates.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define DAY_MS 86400000LL

static const struct unit {
	const char *name;
	int64_t ms;
} units[] = {
	{ "s", 1000 }, { "sec", 1000 }, { "second", 1000 },
	{ "m", 60000 }, { "min", 60000 }, { "minute", 60000 },
	{ "h", 3600000 }, { "hr", 3600000 }, { "hour", 3600000 },
	{ "d", DAY_MS }, { "day", DAY_MS }, { "w", 7 * DAY_MS }, { "week", 7 * DAY_MS },
	{ "month", 2629800000LL },	/* 30.44 days, as systemd.time(7) */
	{ "y", 31557600000LL }, { "year", 31557600000LL },	/* 365.25 days */
	{ NULL, 0 },
};

/* The length of a unit WORD of N letters in ms (a plural s allowed past one letter); -1. */
static int64_t unit_ms(const char *word, size_t n)
{
	const struct unit *u;

	for (u = units; u->name; u++) {
		size_t len = strlen(u->name);

		if ((n == len || (n == len + 1 && len > 1 && tolower((unsigned char)word[len]) == 's')) &&
		    strncasecmp(word, u->name, len) == 0)
			return u->ms;
	}
	return -1;
}

static const char *separators_skip(const char *p)
{
	while (*p == ' ' || *p == '.' || *p == '\t')
		p++;
	return p;
}

static size_t letters(const char *p)
{
	size_t n = 0;

	while (isalpha((unsigned char)p[n]))
		n++;
	return n;
}

/* "-7d", "+2h", "-1w 3d", "2 weeks ago", "2.weeks.ago": 0 with *AT, or -1. */
static int relative_parse(const char *p, int64_t now_ms, int64_t *at)
{
	int sign = 0, terms = 0;
	int64_t total = 0;

	if (*p == '-' || *p == '+')
		sign = *p++ == '-' ? -1 : 1;
	while (*(p = separators_skip(p))) {
		long long n = 0;
		size_t len, digits = 0;
		int64_t ms;

		if (terms && !sign && strncasecmp(p, "ago", 3) == 0 && letters(p) == 3 &&
		    !*separators_skip(p + 3)) {
			sign = -1;
			break;
		}
		while (isdigit((unsigned char)p[digits]) && digits < 7)
			n = n * 10 + (p[digits++] - '0');
		if (!digits || isdigit((unsigned char)p[digits]))
			return -1;
		p = separators_skip(p + digits);
		len = letters(p);
		ms = unit_ms(p, len);
		if (ms < 0)
			return -1;
		total += n * ms;
		p += len;
		terms++;
	}
	if (!terms || !sign)
		return -1;
	*at = now_ms + sign * total;
	return 0;
}

/* Seconds since the epoch of TM, read as local time or UTC. */
static time_t tm_to_time(struct tm *tm, bool local)
{
	if (!local)
		return timegm(tm);
	tm->tm_isdst = -1;
	return mktime(tm);
}

/* now, today, yesterday, tomorrow: 0 with *AT, or -1. */
static int named_parse(const char *p, int64_t now_ms, bool local, int64_t *at)
{
	static const char *const days[] = { "yesterday", "today", "tomorrow" };
	time_t now = (time_t)(now_ms / 1000);
	struct tm tm;
	int i;

	if (strcasecmp(p, "now") == 0) {
		*at = now_ms;
		return 0;
	}
	for (i = 0; i < 3; i++)
		if (strcasecmp(p, days[i]) == 0)
			break;
	if (i == 3)
		return -1;
	if (local)
		localtime_r(&now, &tm);
	else
		gmtime_r(&now, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday += i - 1;
	*at = (int64_t)tm_to_time(&tm, local) * 1000;
	return 0;
}

/* ".923": the fraction's milliseconds; the characters read in *N. */
static int fraction_ms(const char *p, int *n)
{
	int ms = 0, digits;

	*n = 0;
	if (*p != '.' || !isdigit((unsigned char)p[1]))
		return 0;
	for (digits = 0; isdigit((unsigned char)p[1 + digits]); digits++)
		if (digits < 3)
			ms = ms * 10 + (p[1 + digits] - '0');
	*n = 1 + digits;
	for (; digits < 3; digits++)	/* ".9" is 900 ms */
		ms *= 10;
	return ms;
}

/* YYYY-MM-DD[(T| )HH:MM[:SS[.FRACTION]]][Z]: 0 with *AT, or -1. */
static int absolute_parse(const char *text, bool end_of_day, bool local, int64_t *at)
{
	struct tm tm = { 0 }, probe;
	int n = 0, y, mo, d, h = 0, mi = 0, s = 0, ms = 0;
	time_t t;

	if (sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	if (text[n] == 'T' || text[n] == ' ') {
		int m = 0, f;

		if (sscanf(text + n + 1, "%2d:%2d%n:%2d%n", &h, &mi, &m, &s, &m) < 2)
			return -1;
		n += 1 + m;
		ms = fraction_ms(text + n, &f);
		n += f;
		end_of_day = false;
	}
	if (text[n] == 'Z') {
		local = false;
		n++;
	}
	if (text[n] || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	probe = tm;
	timegm(&probe);
	if (probe.tm_mday != d || probe.tm_mon != mo - 1)
		return -1;	/* 2026-02-30 */
	tm.tm_mday += end_of_day;	/* midnight after the day, in its own zone */
	t = tm_to_time(&tm, local);
	*at = (int64_t)t * 1000 + ms;
	return 0;
}

int date_bound_parse(const char *text, bool end_of_day, int64_t now_ms, bool local,
		     char *out, size_t len)
{
	int64_t at;
	time_t secs;
	struct tm tm;
	char day[24];

	while (*text == ' ')
		text++;
	if (named_parse(text, now_ms, local, &at) < 0 &&
	    relative_parse(text, now_ms, &at) < 0 &&
	    absolute_parse(text, end_of_day, local, &at) < 0)
		return -1;
	secs = (time_t)(at >= 0 ? at / 1000 : (at - 999) / 1000);
	if (!gmtime_r(&secs, &tm) || tm.tm_year + 1900 < 0 || tm.tm_year + 1900 > 9999)
		return -1;
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, len, "%s.%03d", day, (int)(at - (int64_t)secs * 1000));
	return 0;
}

void date_show(const char *iso, bool local, char *out, size_t len)
{
	struct tm tm = { 0 };
	time_t t;

	snprintf(out, len, "%.16s", iso ? iso : "");
	if (strlen(out) > 10 && out[10] == 'T')
		out[10] = ' ';
	if (!local || !iso || !strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm))
		return;
	t = timegm(&tm);
	if (localtime_r(&t, &tm))
		strftime(out, len, "%Y-%m-%d %H:%M", &tm);
}
