/* Small parsers shared by the option and point parsers. */
#ifndef KVMBOOT_PARSE_H
#define KVMBOOT_PARSE_H

/*
 * Parses a whole decimal or 0x-hex unsigned number no larger than MAX
 * (a leading 0 does not mean octal). Returns 0, or -EINVAL / -ERANGE.
 */
int parse_number(const char *text, unsigned long long max, unsigned long long *out);

#endif
