/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text from outside, shown so that a terminal only ever prints it. */
#include "text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */

static bool continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* The range the second byte of a sequence led by LEAD must be in (RFC 3629). */
static void second_range(unsigned char lead, unsigned char *lo, unsigned char *hi)
{
	*lo = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
	*hi = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
}

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo, hi;
	size_t len, i;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xc2 || u[0] > 0xf4)
		return 0;	/* a continuation byte, an overlong lead, or past U+10FFFF */
	len = u[0] < 0xe0 ? 2 : u[0] < 0xf0 ? 3 : 4;
	second_range(u[0], &lo, &hi);
	if (n < len || u[1] < lo || u[1] > hi)
		return 0;
	*cp = u[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if (!continuation(u[i]))
			return 0;
		*cp = (*cp << 6) | (u[i] & 0x3f);
	}
	return len;
}

bool text_is_control(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

size_t text_show_next(const char *s, size_t n, const char **show, size_t *show_len)
{
	uint32_t cp;
	size_t len = utf8_decode(s, n, &cp);

	if (len == 0) {
		unsigned char c = (unsigned char)s[0];

		/* A raw C1 byte is a control character to a Latin-1 terminal. */
		*show = c >= 0x80 && c <= 0x9f ? " " : REPLACEMENT;
		*show_len = strlen(*show);
		return 1;
	}
	*show = text_is_control(cp) ? " " : s;
	*show_len = text_is_control(cp) ? 1 : len;
	return len;
}

size_t text_show_width(const char *s, size_t n)
{
	const char *show;
	size_t width = 0, shown, used;

	for (; n > 0; s += used, n -= used, width++)
		used = text_show_next(s, n, &show, &shown);
	return width;
}

void text_show_put(FILE *out, const char *s, size_t n)
{
	const char *show;
	size_t shown, used;

	for (; n > 0; s += used, n -= used) {
		used = text_show_next(s, n, &show, &shown);
		fwrite(show, 1, shown, out);
	}
}

char *text_show_dup(const char *s)
{
	size_t n = strlen(s), len = 0, shown, used;
	char *out = malloc(n * 3 + 1);	/* a byte shows as 3 at most (U+FFFD) */
	const char *show;

	if (!out)
		return NULL;
	for (; n > 0; s += used, n -= used) {
		used = text_show_next(s, n, &show, &shown);
		memcpy(out + len, show, shown);
		len += shown;
	}
	out[len] = '\0';
	return out;
}

int text_name_check(const char *name, size_t *at)
{
	size_t n = strlen(name), i, len;
	uint32_t cp;

	for (i = 0; i < n; i += len) {
		len = utf8_decode(name + i, n - i, &cp);
		*at = i;
		if (len == 0)
			return -EILSEQ;
		if (text_is_control(cp))
			return -EINVAL;
	}
	return 0;
}

void text_escape(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s), used = 0, i, step;
	uint32_t cp;

	if (len == 0)
		return;
	for (i = 0; i < n; i += step) {
		step = utf8_decode(s + i, n - i, &cp);
		if (step == 0 || text_is_control(cp)) {
			size_t k, bytes = step ? step : 1;

			if (used + 4 * bytes >= len)
				break;
			for (k = 0; k < bytes; k++)
				used += (size_t)snprintf(buf + used, len - used, "\\x%02x",
							 (unsigned char)s[i + k]);
			step = bytes;
			continue;
		}
		if (used + step >= len)
			break;
		memcpy(buf + used, s + i, step);
		used += step;
	}
	buf[used] = '\0';
}
