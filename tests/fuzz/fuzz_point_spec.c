/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Point tables and -p specs: the first line of the input is --table's
 * argument ("qboot,chv"), each other line a -p PORT:VALUE=NAME or
 * mmio:ADDRESS:VALUE=NAME. A point that was added must then name its write.
 */
#include "fuzz.h"
#include "collector/points.h"

static void spec_try(struct point_map *map, const char *spec)
{
	struct point_def def;
	char err[256] = "", buf[POINT_NAME_MAX];
	const char *name;

	if (point_spec_parse(spec, &def, err, sizeof(err)) < 0) {
		FUZZ_ASSERT(err[0]);
		return;
	}
	FUZZ_ASSERT(def.name[0] && strlen(def.name) < POINT_NAME_MAX);
	if (point_map_add(map, &def) < 0)
		return;
	name = point_map_name(map, def.kind, def.kind == POINT_PIO ? def.port : def.address,
			      def.value, buf, sizeof(buf));
	FUZZ_ASSERT(name && strcmp(name, def.name) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct point_map map;
	char *text = fuzz_text(data, size), *line, *next;
	char err[256] = "";

	next = fuzz_line_cut(text);
	if (point_map_load(&map, text, err, sizeof(err)) < 0)
		FUZZ_ASSERT(err[0]);
	for (line = next; line; line = next) {
		next = fuzz_line_cut(line);
		spec_try(&map, line);
	}
	free(text);
	return 0;
}
