/* Trace-point tables: which (port, value) writes are which milestone. */
#include "points.h"
#include "parse.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct point_table {
	struct point_table_info info;
	struct point_def defs[12];	/* ends with an empty name */
};

/* The numberings of DESIGN.md's trace-point table. */
static const struct point_table tables[] = {
	{ { "qboot", "qboot benchmark.h / qemu-boot-time numbering (current)" }, {
		{ 0xf5, 1, "fw_start" },
		{ 0xf4, 2, "linux_start_fwcfg" },
		{ 0xf4, 3, "linux_start_boot" },
		{ 0xf4, 4, "linux_start_pvhboot" },
		{ 0xf5, 5, "fw_do_boot" },
		{ 0xf4, 6, "linux_start_kernel" },
		{ 0xf4, 7, "linux_start_user" },
	} },
	{ { "qboot-2019", "the numbering in use in 2019" }, {
		{ 0xf5, 1, "fw_start" },
		{ 0xf5, 4, "fw_do_boot" },
		{ 0xf4, 3, "linux_start_boot" },
		{ 0xf4, 5, "linux_start_kernel" },
		{ 0xf4, 6, "linux_start_user" },
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

int point_map_load(struct point_map *map, const char *name)
{
	const struct point_def *def;
	size_t i;

	for (i = 0; i < NTABLES; i++)
		if (strcmp(tables[i].info.name, name) == 0)
			break;
	if (i == NTABLES)
		return -ENOENT;
	memset(map, 0, sizeof(*map));
	map->table = tables[i].info.name;
	for (def = tables[i].defs; def->name[0]; def++)
		point_map_add(map, def);
	return 0;
}

static int port_add(struct point_map *map, uint16_t port)
{
	size_t i;

	for (i = 0; i < map->nports; i++)
		if (map->ports[i] == port)
			return 0;
	if (map->nports == POINT_PORTS_MAX)
		return -ENOSPC;
	map->ports[map->nports++] = port;
	return 0;
}

int point_map_add(struct point_map *map, const struct point_def *def)
{
	size_t i;

	for (i = 0; i < map->n; i++) {
		if (map->defs[i].port == def->port && map->defs[i].value == def->value) {
			map->defs[i] = *def;
			return 0;
		}
	}
	if (map->n == POINT_MAP_MAX || port_add(map, def->port) < 0)
		return -ENOSPC;
	map->defs[map->n++] = *def;
	return 0;
}

const char *point_map_name(const struct point_map *map, uint16_t port, uint32_t value,
			   char *buf, size_t buflen)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->defs[i].port == port && map->defs[i].value == value)
			return map->defs[i].name;
	for (i = 0; i < map->nports; i++) {
		if (map->ports[i] == port) {
			snprintf(buf, buflen, "point %u", value);
			return buf;
		}
	}
	return NULL;
}

/* Names that the collector gives itself cannot be trace points. */
static int name_check(const char *name, char *err, size_t errlen)
{
	static const char *const reserved[] = { "vmm_exec", "vmm_init_end", "vmm_exit" };
	const char *c;
	size_t i;

	if (!*name || strlen(name) >= POINT_NAME_MAX) {
		snprintf(err, errlen, "a point name needs 1 to %d characters", POINT_NAME_MAX - 1);
		return -EINVAL;
	}
	for (c = name; *c; c++) {
		if (*c < 0x21 || *c > 0x7e) {
			snprintf(err, errlen, "point name '%s': use printable characters without spaces", name);
			return -EINVAL;
		}
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++) {
		if (strcmp(name, reserved[i]) == 0) {
			snprintf(err, errlen, "'%s' is the collector's own milestone, not a trace point", name);
			return -EINVAL;
		}
	}
	return 0;
}

int point_spec_parse(const char *spec, struct point_def *def, char *err, size_t errlen)
{
	char port_text[32], value_text[32];
	const char *colon = strchr(spec, ':'), *equals = strchr(spec, '=');
	unsigned long long port, value;

	if (!colon || !equals || equals < colon ||
	    (size_t)(colon - spec) >= sizeof(port_text) ||
	    (size_t)(equals - colon - 1) >= sizeof(value_text)) {
		snprintf(err, errlen, "'%s' is not PORT:VALUE=NAME (for example 0xf4:8=initrd_loaded)", spec);
		return -EINVAL;
	}
	snprintf(port_text, sizeof(port_text), "%.*s", (int)(colon - spec), spec);
	snprintf(value_text, sizeof(value_text), "%.*s", (int)(equals - colon - 1), colon + 1);
	if (parse_number(port_text, 0xffff, &port) < 0) {
		snprintf(err, errlen, "'%s': port '%s' is not a number from 0 to 0xffff", spec, port_text);
		return -EINVAL;
	}
	if (parse_number(value_text, 0xffffffffULL, &value) < 0) {
		snprintf(err, errlen, "'%s': value '%s' is not a number from 0 to 0xffffffff", spec, value_text);
		return -EINVAL;
	}
	if (name_check(equals + 1, err, errlen) < 0)
		return -EINVAL;
	def->port = (uint16_t)port;
	def->value = (uint32_t)value;
	snprintf(def->name, sizeof(def->name), "%s", equals + 1);
	return 0;
}
