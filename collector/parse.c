/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small parsers shared by the option, point and trace-line parsers. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>

/* Folds DIGIT (of BASE) into *VALUE; false when it would pass MAX. */
static bool digit_add(unsigned long long *value, unsigned digit, unsigned base,
		      unsigned long long max)
{
	if (digit > max || *value > (max - digit) / base)
		return false;
	*value = *value * base + digit;
	return true;
}

static int digit_of(char c, unsigned base)
{
	if (isdigit((unsigned char)c))
		return c - '0';
	if (base == 16 && isxdigit((unsigned char)c))
		return tolower((unsigned char)c) - 'a' + 10;
	return -1;
}

int parse_number_span(const char *text, size_t len, unsigned long long max,
		      unsigned long long *out)
{
	unsigned base = 10;
	unsigned long long value = 0;
	bool range = true;
	size_t i = 0;

	if (len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -EINVAL;
	for (; i < len; i++) {
		int d = digit_of(text[i], base);

		if (d < 0)
			return -EINVAL;
		/* Every digit is read, so "12x" is not a number even past MAX. */
		range = range && digit_add(&value, (unsigned)d, base, max);
	}
	if (!range)
		return -ERANGE;
	*out = value;
	return 0;
}

int parse_number(const char *text, unsigned long long max, unsigned long long *out)
{
	size_t len = 0;

	while (text[len])
		len++;
	return parse_number_span(text, len, max, out);
}
