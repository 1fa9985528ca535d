/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Console text from port writes, line by line (pure, no kernel). Each
 * kvm_pio write of one byte to a console port is a character; a line is
 * stamped with the time of its first byte. On a UART (0x3f8 and the other
 * COM ports) only data-register writes made while DLAB is clear are text:
 * the line control register (base + 3) is followed for that.
 */
#ifndef KVMBOOT_CONSOLE_H
#define KVMBOOT_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_PORTS_MAX 4
#define CONSOLE_LINE_MAX 1024
/* What a boot keeps of its console; the rest is counted, not kept. */
#define CONSOLE_TEXT_MAX (1024 * 1024)
#define CONSOLE_LINES_MAX 65536

struct console_line {
	uint16_t port;
	int64_t time_ns;	/* of the first byte */
	char *text;
};

struct console_stream {
	uint16_t port;
	bool uart;		/* a COM port: follow DLAB in its LCR */
	bool dlab;
	int escape;		/* inside an escape sequence: 1 after ESC, 2 inside CSI */
	char buf[CONSOLE_LINE_MAX + 1];
	size_t len;
	int64_t start_ns;
};

struct console {
	struct console_stream s[CONSOLE_PORTS_MAX];
	size_t n;
	struct console_line *lines;
	size_t nlines, cap;
	uint64_t lost_bytes;	/* string I/O: only the first byte of each is traced */
	size_t text_bytes;	/* kept in lines so far */
	uint64_t dropped_bytes;	/* past CONSOLE_TEXT_MAX or CONSOLE_LINES_MAX */
};

/* Sets C up for PORTS (N <= CONSOLE_PORTS_MAX). */
void console_init(struct console *c, const uint16_t *ports, size_t n);

/* Is a write to PORT text, or a UART's line control? */
bool console_wants(const struct console *c, uint16_t port);

/* Feeds a write of VALUE (COUNT > 1: string I/O) at TIME_NS. 0 or -ENOMEM. */
int console_feed(struct console *c, uint16_t port, uint32_t value, uint32_t count, int64_t time_ns);

/* Ends the lines still open (text without a final newline) and puts the
 * lines in the order they began. 0 or -ENOMEM. */
int console_finish(struct console *c);

void console_release(struct console *c);

/* The line control register of a COM port at BASE, or 0 when BASE is not one. */
uint16_t console_uart_lcr(uint16_t base);

#endif
