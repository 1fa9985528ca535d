/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * decode_boot over arbitrary raw events, with every built-in table, two
 * console ports, the built-in text rules and three uprobes. Each event is
 * 8 bytes: kind, pid (100 is the VMM), where (a port or address of the
 * tables, or the byte itself), value, count and write, and a 16-bit time.
 */
#include "fuzz.h"
#include "collector/decode.h"

#define EVENTS_MAX 4096

static const uint16_t ports[] = { 0xf4, 0xf5, 0x402, 0x3f8, 0x3fb, 0x404, 0x80, 0x3f0 };
static const uint16_t console_ports[] = { 0x402, 0x3f8 };
static const char uprobe_names[3][64] = { "fn:main", "fn:qemu_init", "fn:vm_start" };

static void config_init(struct decode_config *cfg)
{
	static struct point_map map;
	static struct text_rules rules;
	static char match[] = "^x+y=many_x", *matches[] = { match };
	char err[256];

	if (map.n == 0) {
		FUZZ_ASSERT(point_map_load(&map, "qboot,probe404,chv,firecracker", err, sizeof(err)) == 0);
		FUZZ_ASSERT(text_rules_build(&rules, "seabios,linux,systemd", matches, 1,
					     err, sizeof(err)) == 0);
	}
	*cfg = (struct decode_config){ .map = &map, .console_ports = console_ports, .nconsole = 2,
				       .rules = &rules, .uprobe_names = uprobe_names, .nuprobes = 3 };
}

static void event_read(const uint8_t *b, uint32_t order, struct raw_event *e)
{
	memset(e, 0, sizeof(*e));
	e->kind = (enum raw_kind)(b[0] % (RAW_FORK + 1));
	e->pid = 100 + (b[1] & 3);
	e->port = b[2] < 0xf0 ? ports[b[2] % 8] : b[2];
	e->address = b[2] & 1 ? 0xc0000000ULL : b[2];
	e->value = b[3] | (b[1] & 0x80 ? (uint32_t)b[4] << 24 : 0);
	e->count = b[4] & 0x40 ? (b[4] & 0x3f) + 2 : 1;
	e->write = !(b[4] & 0x80);
	e->ts = 1000000 + ((uint64_t)b[6] | (uint64_t)b[7] << 8) * 1000;
	e->order = order;
}

static void trace_check(const struct boot_trace *bt, size_t n)
{
	size_t i;

	FUZZ_ASSERT(bt->n <= n + 1);
	for (i = 0; i < bt->n; i++) {
		FUZZ_ASSERT(bt->ms[i].name[0] && bt->ms[i].source && bt->ms[i].time_ns >= 0);
		FUZZ_ASSERT(i == 0 || bt->ms[i - 1].time_ns <= bt->ms[i].time_ns);
	}
	for (i = 0; i < bt->console.nlines; i++)
		FUZZ_ASSERT(bt->console.lines[i].time_ns >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct raw_event ev[EVENTS_MAX];
	struct decode_config cfg;
	struct boot_trace bt;
	size_t n = 0, i;

	config_init(&cfg);
	for (i = 0; i + 8 <= size && n < EVENTS_MAX; i += 8)
		event_read(data + i, (uint32_t)n, &ev[n]), n++;
	FUZZ_ASSERT(decode_boot(ev, n, 100, &cfg, &bt) == 0);
	trace_check(&bt, n);
	boot_trace_release(&bt);
	return 0;
}
