/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Facts about the host and the VMM, stored with each session. */
#include "sysinfo.h"
#include "wallclock.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int uuid_text(char out[UUID_TEXT_LEN])
{
	unsigned char b[16];

	if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b))
		return -errno;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);	/* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);	/* RFC 4122 variant */
	snprintf(out, UUID_TEXT_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
		 b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

void utc_now_text(char out[TIME_TEXT_LEN])
{
	wallclock_text(wallclock_now(), out);
}

void host_name(char *out, size_t len)
{
	struct utsname u;

	snprintf(out, len, "%s", uname(&u) == 0 ? u.nodename : "unknown");
}

void host_kernel(char *out, size_t len)
{
	struct utsname u;

	if (uname(&u) == 0)
		snprintf(out, len, "%s %s", u.release, u.version);
	else
		snprintf(out, len, "unknown");
}

void host_cpu_model(char *out, size_t len)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	snprintf(out, len, "unknown");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) != 0 || !colon)
			continue;
		colon += 1 + (colon[1] == ' ');
		colon[strcspn(colon, "\n")] = '\0';
		snprintf(out, len, "%s", colon);
		break;
	}
	fclose(f);
}

/* Does WORD need quotes to survive a shell? */
static int needs_quotes(const char *word)
{
	if (!*word)
		return 1;
	return word[strspn(word, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "0123456789_-+=.,:/@%")] != '\0';
}

char *command_line_quote(char *const *argv)
{
	size_t size = 1, i;
	char *out, *p;

	for (i = 0; argv[i]; i++)
		size += strlen(argv[i]) * 4 + 3;
	out = p = malloc(size);
	if (!out)
		return NULL;
	for (i = 0; argv[i]; i++) {
		const char *c;

		if (i)
			*p++ = ' ';
		if (!needs_quotes(argv[i])) {
			p = stpcpy(p, argv[i]);
			continue;
		}
		*p++ = '\'';
		for (c = argv[i]; *c; c++)
			p = *c == '\'' ? stpcpy(p, "'\\''") : (*p = *c, p + 1);
		*p++ = '\'';
	}
	*p = '\0';
	return out;
}
