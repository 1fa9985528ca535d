/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Trace-point tables: which guest writes are which milestone. A point is a
 * write to an I/O port (kvm_pio) or to a guest physical address (kvm_mmio)
 * of one value, or of a range of values named by a format.
 */
#ifndef KVMBOOT_POINTS_H
#define KVMBOOT_POINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define POINT_NAME_MAX 64
#define POINT_MAP_MAX 256
#define POINT_PORTS_MAX 16
#define POINT_ADDRESSES_MAX 8

enum point_kind { POINT_PIO, POINT_MMIO };

struct point_def {
	enum point_kind kind;
	uint16_t port;		/* POINT_PIO */
	uint64_t address;	/* POINT_MMIO */
	uint32_t value, value_max;	/* the values it matches (equal for one) */
	const char *format;	/* a range's name with its value ("probe %u"); NULL: name */
	char name[POINT_NAME_MAX];
	const char *table;	/* where it came from; NULL for -p */
};

struct point_map {
	char tables[128];	/* "qboot" or "qboot,chv" */
	struct point_def defs[POINT_MAP_MAX];
	size_t n;
	uint16_t ports[POINT_PORTS_MAX];	/* distinct ports, in first-seen order */
	size_t nports;
	uint64_t addresses[POINT_ADDRESSES_MAX];	/* distinct MMIO addresses */
	size_t naddresses;
};

struct point_table_info {
	const char *name;
	const char *description;
};

/* The built-in tables, for --help and documentation; ends with a NULL name. */
const struct point_table_info *point_tables(void);

/*
 * Loads the tables NAMES ("qboot" or "qboot,chv") into MAP, emptied first.
 * Returns 0, or -EINVAL with ERR (unknown table, two tables naming the
 * same write).
 */
int point_map_load(struct point_map *map, const char *names, char *err, size_t errlen);

/*
 * Parses "PORT:VALUE=NAME" or "mmio:ADDRESS:VALUE=NAME" (numbers decimal or
 * 0x-hex). Returns 0, or -EINVAL with the reason in ERR.
 */
int point_spec_parse(const char *spec, struct point_def *def, char *err, size_t errlen);

/* Adds DEF, replacing the name of the same single-value write; -ENOSPC when full. */
int point_map_add(struct point_map *map, const struct point_def *def);

/* Moves every MMIO point to ADDRESS (--mmio-addr). */
void point_map_mmio_move(struct point_map *map, uint64_t address);

/*
 * Names a write of VALUE to PORT (pio) or ADDRESS (mmio): a single-value
 * point first, then a range, then "point VALUE" for another value on a port
 * or address of the map; NULL for other ports and addresses. The result
 * points into MAP or BUF.
 */
const char *point_map_name(const struct point_map *map, enum point_kind kind, uint64_t where,
			   uint32_t value, char *buf, size_t buflen);

#endif
