/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Console lines from port writes, and the rules that name them. */
#include "unit.h"
#include "collector/console.h"
#include "collector/textrules.h"

static void feed_text(struct console *c, uint16_t port, const char *text, int64_t t0)
{
	for (; *text; text++, t0 += 10)
		console_feed(c, port, (unsigned char)*text, 1, t0);
}

static void test_console__lines_stamped_with_first_byte(void)
{
	uint16_t ports[] = { 0x402 };
	struct console c;

	console_init(&c, ports, 1);
	feed_text(&c, 0x402, "SeaBIOS\r\n\nBooting", 1000);
	CHECK_INT(console_finish(&c), 0);
	CHECK_INT(c.nlines, 2);		/* the empty line says nothing */
	CHECK_STR(c.lines[0].text, "SeaBIOS");
	CHECK_INT(c.lines[0].time_ns, 1000);
	CHECK_STR(c.lines[1].text, "Booting");	/* no final newline: still a line */
	CHECK_INT(c.lines[1].time_ns, 1000 + 10 * 10);
	CHECK_INT(c.lines[1].port, 0x402);
	console_release(&c);
}

static void test_console__uart_text_only_while_dlab_clear(void)
{
	uint16_t ports[] = { 0x3f8 };
	struct console c;

	console_init(&c, ports, 1);
	CHECK(console_wants(&c, 0x3f8));
	CHECK(console_wants(&c, 0x3fb));	/* LCR */
	CHECK(!console_wants(&c, 0x3f9));
	console_feed(&c, 0x3fb, 0x80, 1, 1);	/* DLAB on: 0x3f8 is the divisor */
	console_feed(&c, 0x3f8, 0x01, 1, 2);
	console_feed(&c, 0x3fb, 0x03, 1, 3);	/* 8N1, DLAB off */
	feed_text(&c, 0x3f8, "Linux version 6.1\n", 100);
	console_feed(&c, 0x3fb, 0x83, 1, 500);
	console_feed(&c, 0x3f8, 'X', 1, 501);	/* divisor again: not text */
	console_feed(&c, 0x3fb, 0x03, 1, 502);
	feed_text(&c, 0x3f8, "ok\n", 600);
	CHECK_INT(console_finish(&c), 0);
	CHECK_INT(c.nlines, 2);
	CHECK_STR(c.lines[0].text, "Linux version 6.1");
	CHECK_INT(c.lines[0].time_ns, 100);
	CHECK_STR(c.lines[1].text, "ok");
	console_release(&c);
}

static void test_console__escapes_and_controls_dropped(void)
{
	uint16_t ports[] = { 0x3f8 };
	struct console c;

	console_init(&c, ports, 1);
	feed_text(&c, 0x3f8, "[\x1b[0;32m  OK  \x1b[0m] Reached target\x07 Basic\tSystem.\n", 0);
	console_finish(&c);
	CHECK_STR(c.lines[0].text, "[  OK  ] Reached target Basic\tSystem.");
	console_release(&c);
}

static void test_console__string_io_counted_as_lost(void)
{
	uint16_t ports[] = { 0xe9 };
	struct console c;

	console_init(&c, ports, 1);
	console_feed(&c, 0xe9, 'a', 5, 10);	/* rep outsb of 5: the trace shows 'a' only */
	console_feed(&c, 0xe9, '\n', 1, 20);
	console_finish(&c);
	CHECK_INT(c.lost_bytes, 4);
	CHECK_STR(c.lines[0].text, "a");
	console_release(&c);
}

static void test_console__ports_interleaved_sorted_by_start(void)
{
	uint16_t ports[] = { 0x402, 0x3f8 };
	struct console c;

	console_init(&c, ports, 2);
	console_feed(&c, 0x402, 'a', 1, 10);	/* a line that starts first */
	feed_text(&c, 0x3f8, "b\n", 20);	/* and one that ends first */
	console_feed(&c, 0x402, '\n', 1, 40);
	console_finish(&c);
	CHECK_INT(c.nlines, 2);
	CHECK_STR(c.lines[0].text, "a");
	CHECK_STR(c.lines[1].text, "b");
	console_release(&c);
}

static void test_console__long_line_split(void)
{
	uint16_t ports[] = { 0x402 };
	struct console c;
	size_t i;

	console_init(&c, ports, 1);
	for (i = 0; i < CONSOLE_LINE_MAX + 5; i++)
		console_feed(&c, 0x402, 'x', 1, (int64_t)i);
	console_finish(&c);
	CHECK_INT(c.nlines, 2);
	CHECK_INT(strlen(c.lines[0].text), CONSOLE_LINE_MAX);
	CHECK_INT(strlen(c.lines[1].text), 5);
	console_release(&c);
}

static void test_textrules__builtin_sets(void)
{
	struct text_rules rs;
	char err[256];

	CHECK_INT(text_rules_build(&rs, "seabios,linux,systemd", NULL, 0, err, sizeof(err)), 0);
	CHECK_STR(text_rules_match(&rs, "SeaBIOS (version 1.16.2-debian-1.16.2-1)"), "seabios_version");
	CHECK_STR(text_rules_match(&rs, "Running option rom at c000:0003"), "seabios_option_rom");
	CHECK_STR(text_rules_match(&rs, "Booting from ROM..."), "seabios_booting");
	CHECK_STR(text_rules_match(&rs, "[    0.000000] Linux version 6.1.0-26-amd64 (gcc)"), "linux_version");
	CHECK_STR(text_rules_match(&rs, "[    1.2] Freeing unused kernel image (initmem) memory: 2684K"),
		  "linux_free_init");
	CHECK_STR(text_rules_match(&rs, "[    1.3] Run /init as init process"), "linux_run_init");
	CHECK_STR(text_rules_match(&rs, "[    1.3] Run /sbin/init as init process"), "linux_run_init");
	CHECK_STR(text_rules_match(&rs, "[  OK  ] Reached target Basic System."), "systemd_reached_target");
	CHECK(text_rules_match(&rs, "PCI: pci_bios_init_bus_rec bus = 0x0") == NULL);
	CHECK(text_rules_match(&rs, "the SeaBIOS (version 2) copy") == NULL);	/* anchored */
	text_rules_release(&rs);
	CHECK_INT(text_rules_build(&rs, "linux", NULL, 0, err, sizeof(err)), 0);
	CHECK(text_rules_match(&rs, "SeaBIOS (version 1)") == NULL);
	text_rules_release(&rs);
	CHECK_INT(text_rules_build(&rs, "none", NULL, 0, err, sizeof(err)), 0);
	CHECK_INT(rs.n, 0);
	text_rules_release(&rs);
}

static void test_textrules__match_first_and_errors(void)
{
	char m1[] = "^Booting from (ROM|Hard Disk)=boot_handover", m2[] = "a=b=c", bad[] = "([=x";
	char *matches[] = { m1, m2 };
	char *bads[] = { bad };
	struct text_rules rs;
	char err[256];

	CHECK_INT(text_rules_build(&rs, "seabios", matches, 2, err, sizeof(err)), 0);
	CHECK_STR(text_rules_match(&rs, "Booting from ROM..."), "boot_handover");	/* --match first */
	CHECK_STR(text_rules_match(&rs, "Booting from c000:0054"), "seabios_booting");
	CHECK_STR(text_rules_match(&rs, "xa=by"), "c");	/* the last '=' ends the regex */
	text_rules_release(&rs);
	CHECK_INT(text_rules_build(&rs, "none", bads, 1, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "is not a POSIX extended regex") != NULL);
	text_rules_release(&rs);
	CHECK_INT(text_rules_build(&rs, "seabios,dos", NULL, 0, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "--rules: no rule set 'dos' (seabios, linux, systemd or none)");
	text_rules_release(&rs);
}

/* A flood keeps the first CONSOLE_TEXT_MAX bytes of lines and counts the rest. */
static void test_console__flood_capped_and_counted(void)
{
	uint16_t ports[] = { 0x402 };
	struct console c;
	size_t i, n = CONSOLE_TEXT_MAX / 99 + 50;
	char line[101];

	memset(line, 'x', 99);
	line[99] = '\n';
	line[100] = '\0';
	console_init(&c, ports, 1);
	for (i = 0; i < n; i++)
		feed_text(&c, 0x402, line, (int64_t)i * 1000);
	CHECK_INT(console_finish(&c), 0);
	CHECK_INT(c.nlines, CONSOLE_TEXT_MAX / 99);
	CHECK(c.text_bytes <= CONSOLE_TEXT_MAX);
	CHECK_INT(c.dropped_bytes, (n - c.nlines) * 99);
	console_release(&c);
}

/* One-character lines: the line count is capped too. */
static void test_console__many_short_lines_capped(void)
{
	uint16_t ports[] = { 0x402 };
	struct console c;
	size_t i;

	console_init(&c, ports, 1);
	for (i = 0; i < CONSOLE_LINES_MAX + 5; i++)
		feed_text(&c, 0x402, "a\n", (int64_t)i);
	CHECK_INT(console_finish(&c), 0);
	CHECK_INT(c.nlines, CONSOLE_LINES_MAX);
	CHECK_INT(c.dropped_bytes, 5);
	console_release(&c);
}

/* Names are UTF-8 text: quotes, commas, pipes, spaces and accents kept;
 * control characters (C0, DEL, C1) and bytes that are not UTF-8 refused. */
static void test_textrules__match_names_text_without_controls(void)
{
	char good[] = "^Booting=boot \"a,b|c\" \xc3\xa9t\xc3\xa9 'x'";
	char esc[] = "x=a\x1b[31mb", c1[] = "x=a\xc2\x9b", raw[] = "x=a\x9b", nl[] = "x=a\nb";
	char del[] = "x=a\x7f", latin1[] = "x=\xe9t\xe9";
	char *goods[] = { good }, *bads[] = { esc, c1, raw, nl, del, latin1 };
	struct text_rules rs;
	char err[256];
	size_t i;

	CHECK_INT(text_rules_build(&rs, "none", goods, 1, err, sizeof(err)), 0);
	CHECK_STR(text_rules_match(&rs, "Booting"), "boot \"a,b|c\" \xc3\xa9t\xc3\xa9 'x'");
	text_rules_release(&rs);
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++) {
		err[0] = '\0';
		CHECK_INT(text_rules_build(&rs, "none", &bads[i], 1, err, sizeof(err)), -EINVAL);
		CHECK(strstr(err, "without control characters") != NULL);
		CHECK(!strchr(err, '\x1b') && !strchr(err, '\n') && !strchr(err, '\x7f'));
		text_rules_release(&rs);
	}
	text_rules_build(&rs, "none", &bads[0], 1, err, sizeof(err));
	CHECK_STR(err, "--match: 'x=a\\x1b[31mb' is not REGEX=NAME (NAME: UTF-8 text without "
		  "control characters)");
	text_rules_release(&rs);
}

UNIT_MAIN(
	TEST(test_console__flood_capped_and_counted),
	TEST(test_console__many_short_lines_capped),
	TEST(test_console__lines_stamped_with_first_byte),
	TEST(test_console__uart_text_only_while_dlab_clear),
	TEST(test_console__escapes_and_controls_dropped),
	TEST(test_console__string_io_counted_as_lost),
	TEST(test_console__ports_interleaved_sorted_by_start),
	TEST(test_console__long_line_split),
	TEST(test_textrules__builtin_sets),
	TEST(test_textrules__match_first_and_errors),
	TEST(test_textrules__match_names_text_without_controls),
)
