/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Console text from port writes, line by line (pure, no kernel). */
#include "console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define LCR_DLAB 0x80
#define ESC 0x1b

uint16_t console_uart_lcr(uint16_t base)
{
	return base == 0x3f8 || base == 0x2f8 || base == 0x3e8 || base == 0x2e8 ? base + 3 : 0;
}

void console_init(struct console *c, const uint16_t *ports, size_t n)
{
	size_t i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < n && i < CONSOLE_PORTS_MAX; i++) {
		c->s[i].port = ports[i];
		c->s[i].uart = console_uart_lcr(ports[i]) != 0;
	}
	c->n = i;
}

bool console_wants(const struct console *c, uint16_t port)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->s[i].port == port || (c->s[i].uart && console_uart_lcr(c->s[i].port) == port))
			return true;
	return false;
}

static int line_end(struct console *c, struct console_stream *s)
{
	struct console_line *l;

	if (s->len == 0)
		return 0;	/* empty lines say nothing */
	if (c->nlines == CONSOLE_LINES_MAX || c->text_bytes + s->len > CONSOLE_TEXT_MAX) {
		c->dropped_bytes += s->len;	/* a flood: counted, not kept */
		s->len = 0;
		return 0;
	}
	if (c->nlines == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 64;
		struct console_line *lines = realloc(c->lines, cap * sizeof(*lines));

		if (!lines)
			return -ENOMEM;
		c->lines = lines;
		c->cap = cap;
	}
	l = &c->lines[c->nlines];
	l->text = strndup(s->buf, s->len);
	if (!l->text)
		return -ENOMEM;
	l->port = s->port;
	l->time_ns = s->start_ns;
	c->nlines++;
	c->text_bytes += s->len;
	s->len = 0;
	return 0;
}

/* Drops terminal escape sequences (colours): true while inside one. */
static bool escape_skip(struct console_stream *s, unsigned char ch)
{
	if (s->escape == 1) {
		s->escape = ch == '[' ? 2 : 0;
		return true;
	}
	if (s->escape == 2) {
		if (ch >= 0x40 && ch <= 0x7e)
			s->escape = 0;
		return true;
	}
	if (ch == ESC) {
		s->escape = 1;
		return true;
	}
	return false;
}

static int char_add(struct console *c, struct console_stream *s, unsigned char ch, int64_t t)
{
	if (escape_skip(s, ch) || ch == '\r')
		return 0;
	if (ch == '\n')
		return line_end(c, s);
	if (ch < 0x20 && ch != '\t')
		return 0;	/* other control characters are not text */
	if (s->len == 0)
		s->start_ns = t;
	s->buf[s->len++] = (char)ch;
	return s->len == CONSOLE_LINE_MAX ? line_end(c, s) : 0;
}

int console_feed(struct console *c, uint16_t port, uint32_t value, uint32_t count, int64_t time_ns)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		struct console_stream *s = &c->s[i];

		if (s->uart && port == console_uart_lcr(s->port)) {
			s->dlab = (value & LCR_DLAB) != 0;
			return 0;
		}
		if (port != s->port)
			continue;
		if (s->uart && s->dlab)
			return 0;	/* the divisor latch, not text */
		if (count > 1)
			c->lost_bytes += count - 1;
		return char_add(c, s, (unsigned char)value, time_ns);
	}
	return 0;
}

static int line_cmp(const void *a, const void *b)
{
	const struct console_line *x = a, *y = b;

	if (x->time_ns != y->time_ns)
		return x->time_ns < y->time_ns ? -1 : 1;
	return (x->port > y->port) - (x->port < y->port);
}

int console_finish(struct console *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (line_end(c, &c->s[i]) < 0)
			return -ENOMEM;
	/* Lines end in the order their newlines came; show them as they began. */
	if (c->nlines)
		qsort(c->lines, c->nlines, sizeof(*c->lines), line_cmp);
	return 0;
}

void console_release(struct console *c)
{
	size_t i;

	for (i = 0; i < c->nlines; i++)
		free(c->lines[i].text);
	free(c->lines);
	memset(c, 0, sizeof(*c));
}
