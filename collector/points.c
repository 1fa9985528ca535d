/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trace-point tables: which guest writes are which milestone. */
#include "points.h"
#include "parse.h"
#include "../common/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define PIO(port, value, name) { POINT_PIO, port, 0, value, value, NULL, name, NULL }
#define PIO_RANGE(port, lo, hi, fmt) { POINT_PIO, port, 0, lo, hi, fmt, "", NULL }
#define MMIO(address, value, name) { POINT_MMIO, 0, address, value, value, NULL, name, NULL }

struct point_table {
	struct point_table_info info;
	struct point_def defs[12];	/* ends with an empty name and no format */
};

/* The conventions of DESIGN.md; a range's format gets the value written. */
static const struct point_table tables[] = {
	{ { "qboot", "qboot's benchmark.h, qemu-boot-time (current): 0xf4, 0xf5" }, {
		PIO(0xf5, 1, "fw_start"),
		PIO(0xf4, 2, "linux_start_fwcfg"),
		PIO(0xf4, 3, "linux_start_boot"),
		PIO(0xf4, 4, "linux_start_pvhboot"),
		PIO(0xf5, 5, "fw_do_boot"),
		PIO(0xf4, 6, "linux_start_kernel"),
		PIO(0xf4, 7, "linux_start_user"),
	} },
	{ { "qboot-2019", "the 0xf4/0xf5 numbering in use in 2019" }, {
		PIO(0xf5, 1, "fw_start"),
		PIO(0xf5, 4, "fw_do_boot"),
		PIO(0xf4, 3, "linux_start_boot"),
		PIO(0xf4, 5, "linux_start_kernel"),
		PIO(0xf4, 6, "linux_start_user"),
	} },
	{ { "probe404", "one probe port 0x404: the value names the probe" }, {
		PIO_RANGE(0x404, 0, UINT32_MAX, "probe %u"),
	} },
	{ { "chv", "Cloud Hypervisor's debug port 0x80, by value range" }, {
		PIO(0x80, 0x40, "chv_start_kernel"),
		PIO(0x80, 0x41, "chv_start_user"),
		PIO_RANGE(0x80, 0x00, 0x1f, "chv_firmware_0x%02x"),
		PIO_RANGE(0x80, 0x20, 0x3f, "chv_bootloader_0x%02x"),
		PIO_RANGE(0x80, 0x40, 0x5f, "chv_kernel_0x%02x"),
		PIO_RANGE(0x80, 0x60, 0x7f, "chv_userspace_0x%02x"),
		PIO_RANGE(0x80, 0x80, 0xff, "chv_custom_0x%02x"),
	} },
	{ { "firecracker", "Firecracker's boot timer: 123 to 0x3f0, or MMIO 0xc0000000" }, {
		PIO(0x3f0, 123, "firecracker_boot_done"),
		MMIO(0xc0000000ULL, 123, "firecracker_boot_done"),
	} },
};

#define NTABLES (sizeof(tables) / sizeof(tables[0]))

const struct point_table_info *point_tables(void)
{
	static struct point_table_info infos[NTABLES + 1];
	size_t i;

	for (i = 0; i < NTABLES; i++)
		infos[i] = tables[i].info;
	return infos;
}

static bool same_write(const struct point_def *a, const struct point_def *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind == POINT_PIO ? a->port == b->port : a->address == b->address;
}

/* Do A and B match a value in common? */
static bool values_overlap(const struct point_def *a, const struct point_def *b)
{
	return same_write(a, b) && a->value <= b->value_max && b->value <= a->value_max;
}

static int where_add(struct point_map *map, const struct point_def *def)
{
	size_t i;

	if (def->kind == POINT_PIO) {
		for (i = 0; i < map->nports; i++)
			if (map->ports[i] == def->port)
				return 0;
		if (map->nports == POINT_PORTS_MAX)
			return -ENOSPC;
		map->ports[map->nports++] = def->port;
		return 0;
	}
	for (i = 0; i < map->naddresses; i++)
		if (map->addresses[i] == def->address)
			return 0;
	if (map->naddresses == POINT_ADDRESSES_MAX)
		return -ENOSPC;
	map->addresses[map->naddresses++] = def->address;
	return 0;
}

int point_map_add(struct point_map *map, const struct point_def *def)
{
	size_t i;

	for (i = 0; i < map->n && def->value == def->value_max; i++) {
		struct point_def *d = &map->defs[i];

		if (same_write(d, def) && d->value == def->value && d->value_max == def->value) {
			*d = *def;
			return 0;
		}
	}
	if (map->n == POINT_MAP_MAX || where_add(map, def) < 0)
		return -ENOSPC;
	map->defs[map->n++] = *def;
	return 0;
}

/* Refuses a table whose writes another table of the map names already. */
static int table_add(struct point_map *map, const struct point_table *t, char *err, size_t errlen)
{
	const struct point_def *def;
	size_t i;

	for (def = t->defs; def->name[0] || def->format; def++) {
		struct point_def d = *def;

		for (i = 0; i < map->n; i++) {
			if (map->defs[i].table && strcmp(map->defs[i].table, t->info.name) != 0 &&
			    values_overlap(&map->defs[i], def)) {
				snprintf(err, errlen, "--table: '%s' and '%s' both name writes to %s "
					 "%#llx: use one of them", map->defs[i].table, t->info.name,
					 def->kind == POINT_PIO ? "port" : "address",
					 (unsigned long long)(def->kind == POINT_PIO ? def->port
							      : def->address));
				return -EINVAL;
			}
		}
		d.table = t->info.name;
		if (point_map_add(map, &d) < 0) {
			snprintf(err, errlen, "--table: too many points or ports");
			return -EINVAL;
		}
	}
	return 0;
}

int point_map_load(struct point_map *map, const char *names, char *err, size_t errlen)
{
	const char *p = names;

	memset(map, 0, sizeof(*map));
	snprintf(map->tables, sizeof(map->tables), "%s", names);
	do {
		size_t len = strcspn(p, ","), i;

		for (i = 0; i < NTABLES; i++)
			if (strlen(tables[i].info.name) == len && strncmp(tables[i].info.name, p, len) == 0)
				break;
		if (i == NTABLES) {
			snprintf(err, errlen, "--table: no table '%.*s' (see kvmboot-collect --help)",
				 (int)len, p);
			return -EINVAL;
		}
		if (table_add(map, &tables[i], err, errlen) < 0)
			return -EINVAL;
		p += len;
	} while (*p++ == ',');
	return 0;
}

void point_map_mmio_move(struct point_map *map, uint64_t address)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->defs[i].kind == POINT_MMIO)
			map->defs[i].address = address;
	for (i = 0; i < map->naddresses; i++)
		map->addresses[i] = address;
	if (map->naddresses > 1)
		map->naddresses = 1;
}

static bool def_matches(const struct point_def *d, enum point_kind kind, uint64_t where,
			uint32_t value)
{
	if (d->kind != kind || value < d->value || value > d->value_max)
		return false;
	return kind == POINT_PIO ? d->port == where : d->address == where;
}

const char *point_map_name(const struct point_map *map, enum point_kind kind, uint64_t where,
			   uint32_t value, char *buf, size_t buflen)
{
	size_t i;

	for (i = 0; i < map->n; i++)	/* single values before ranges */
		if (map->defs[i].value == map->defs[i].value_max &&
		    def_matches(&map->defs[i], kind, where, value))
			return map->defs[i].name;
	for (i = 0; i < map->n; i++) {
		if (map->defs[i].format && def_matches(&map->defs[i], kind, where, value)) {
			/* Formats come from the tables above only, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
			snprintf(buf, buflen, map->defs[i].format, value);
#pragma GCC diagnostic pop
			return buf;
		}
	}
	for (i = 0; kind == POINT_PIO && i < map->nports; i++)
		if (map->ports[i] == where)
			break;
	if (kind == POINT_PIO && i == map->nports)
		return NULL;
	for (i = 0; kind == POINT_MMIO && i < map->naddresses; i++)
		if (map->addresses[i] == where)
			break;
	if (kind == POINT_MMIO && i == map->naddresses)
		return NULL;
	snprintf(buf, buflen, "point %u", value);
	return buf;
}

/* A name is UTF-8 text without control characters (it reaches terminals,
 * csv, json and charts); the collector's own names cannot be trace points. */
static int name_check(const char *name, char *err, size_t errlen)
{
	static const char *const reserved[] = { "vmm_exec", "vmm_init_end", "vmm_exit" };
	char shown[4 * POINT_NAME_MAX];
	size_t i, at;
	int rc;

	if (!*name || strlen(name) >= POINT_NAME_MAX) {
		snprintf(err, errlen, "a point name needs 1 to %d bytes", POINT_NAME_MAX - 1);
		return -EINVAL;
	}
	rc = text_name_check(name, &at);
	if (rc < 0) {
		text_escape(name, shown, sizeof(shown));
		snprintf(err, errlen, "point name '%s': %s at byte %zu (a name is UTF-8 text "
			 "without control characters)", shown,
			 rc == -EILSEQ ? "not UTF-8" : "a control character", at);
		return -EINVAL;
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (strcmp(name, reserved[i]) == 0) {
			snprintf(err, errlen, "'%s' is the collector's own milestone, not a trace point", name);
			return -EINVAL;
		}
	}
	return 0;
}

/* Splits "A:B=NAME" into A and B; false when it is not of that form. */
static bool spec_split(const char *spec, char *a, char *b, size_t len, const char **name)
{
	const char *colon = strchr(spec, ':'), *equals = strchr(spec, '=');

	if (!colon || !equals || equals < colon || (size_t)(colon - spec) >= len ||
	    (size_t)(equals - colon - 1) >= len)
		return false;
	snprintf(a, len, "%.*s", (int)(colon - spec), spec);
	snprintf(b, len, "%.*s", (int)(equals - colon - 1), colon + 1);
	*name = equals + 1;
	return true;
}

int point_spec_parse(const char *spec, struct point_def *def, char *err, size_t errlen)
{
	bool mmio = strncmp(spec, "mmio:", 5) == 0;
	char where_text[32], value_text[32];
	unsigned long long where, value;
	const char *name;

	memset(def, 0, sizeof(*def));
	if (!spec_split(mmio ? spec + 5 : spec, where_text, value_text, sizeof(where_text), &name)) {
		snprintf(err, errlen, "'%s' is not PORT:VALUE=NAME or mmio:ADDRESS:VALUE=NAME "
			 "(for example 0xf4:8=initrd_loaded)", spec);
		return -EINVAL;
	}
	if (parse_number(where_text, mmio ? UINT64_MAX : 0xffff, &where) < 0) {
		snprintf(err, errlen, "'%s': %s '%s' is not a number from 0 to %s", spec,
			 mmio ? "address" : "port", where_text, mmio ? "0xffffffffffffffff" : "0xffff");
		return -EINVAL;
	}
	if (parse_number(value_text, 0xffffffffULL, &value) < 0) {
		snprintf(err, errlen, "'%s': value '%s' is not a number from 0 to 0xffffffff", spec, value_text);
		return -EINVAL;
	}
	if (name_check(name, err, errlen) < 0)
		return -EINVAL;
	def->kind = mmio ? POINT_MMIO : POINT_PIO;
	def->port = mmio ? 0 : (uint16_t)where;
	def->address = mmio ? where : 0;
	def->value = def->value_max = (uint32_t)value;
	snprintf(def->name, sizeof(def->name), "%s", name);
	return 0;
}
