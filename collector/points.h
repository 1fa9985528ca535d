/* Trace-point tables: which (port, value) writes are which milestone. */
#ifndef KVMBOOT_POINTS_H
#define KVMBOOT_POINTS_H

#include <stddef.h>
#include <stdint.h>

#define POINT_NAME_MAX 64
#define POINT_MAP_MAX 256
#define POINT_PORTS_MAX 16

struct point_def {
	uint16_t port;
	uint32_t value;
	char name[POINT_NAME_MAX];
};

struct point_map {
	const char *table;		/* name of the table it started from */
	struct point_def defs[POINT_MAP_MAX];
	size_t n;
	uint16_t ports[POINT_PORTS_MAX];	/* distinct ports, in first-seen order */
	size_t nports;
};

struct point_table_info {
	const char *name;
	const char *description;
};

/* The built-in tables, for --help and documentation; ends with a NULL name. */
const struct point_table_info *point_tables(void);

/* Loads table NAME into MAP (emptied first); -ENOENT if there is no such table. */
int point_map_load(struct point_map *map, const char *name);

/*
 * Parses "PORT:VALUE=NAME" (PORT and VALUE decimal or 0x-hex). Returns 0,
 * or -EINVAL with the reason in ERR.
 */
int point_spec_parse(const char *spec, struct point_def *def, char *err, size_t errlen);

/* Adds DEF, replacing the name of an existing (port, value); -ENOSPC when full. */
int point_map_add(struct point_map *map, const struct point_def *def);

/*
 * Names a write of VALUE to PORT: the defined name, "point VALUE" for an
 * undefined value on one of the map's ports, NULL for another port. The
 * result points into MAP or BUF.
 */
const char *point_map_name(const struct point_map *map, uint16_t port, uint32_t value,
			   char *buf, size_t buflen);

#endif
