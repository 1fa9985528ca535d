/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The console decoder over a stream of port writes. The first byte picks
 * the console ports; then each write is 4 bytes: which port (a console
 * port, a UART's line control register, or another port), the value, a
 * string-I/O count, and the time since the write before.
 */
#include "fuzz.h"
#include "collector/console.h"

static const uint16_t candidates[] = { 0x402, 0x3f8, 0xe9, 0x2f8 };
static const uint16_t others[] = { 0x3fb, 0x2fb, 0x3f9, 0x80 };

static void lines_check(const struct console *c)
{
	size_t i;
	const char *t;

	for (i = 0; i < c->nlines; i++) {
		const struct console_line *l = &c->lines[i];

		FUZZ_ASSERT(console_wants(c, l->port));
		FUZZ_ASSERT(l->text[0] && strlen(l->text) <= CONSOLE_LINE_MAX);
		for (t = l->text; *t; t++)
			FUZZ_ASSERT((unsigned char)*t >= 0x20 || *t == '\t');
		if (i == 0)
			continue;
		FUZZ_ASSERT(l[-1].time_ns < l->time_ns ||
			    (l[-1].time_ns == l->time_ns && l[-1].port <= l->port));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct console c;
	uint16_t ports[4];
	size_t n = 0, i;
	int64_t t = 0;

	if (size < 1)
		return 0;
	for (i = 0; i < 4; i++)
		if (data[0] & (1u << i))
			ports[n++] = candidates[i];
	console_init(&c, ports, n);
	for (i = 1; i + 4 <= size; i += 4) {
		uint8_t which = data[i] % 8;
		uint16_t port = which < 4 ? candidates[which] : others[which - 4];
		uint32_t count = data[i + 2] < 0xf0 ? 1 : data[i + 2] - 0xee;

		t += data[i + 3];
		FUZZ_ASSERT(console_feed(&c, port, data[i + 1], count, t) == 0);
	}
	FUZZ_ASSERT(console_finish(&c) == 0);
	lines_check(&c);
	console_release(&c);
	return 0;
}
