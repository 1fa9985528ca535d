/* Small parsers shared by the option and point parsers. */
#include "parse.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>

int parse_number(const char *text, unsigned long long max, unsigned long long *out)
{
	int base = 10;
	char *end;
	unsigned long long value;

	if (text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
		base = 16;
		text += 2;
	}
	if (!isxdigit((unsigned char)text[0]) || (base == 10 && !isdigit((unsigned char)text[0])))
		return -EINVAL;
	errno = 0;
	value = strtoull(text, &end, base);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || value > max)
		return -ERANGE;
	*out = value;
	return 0;
}
