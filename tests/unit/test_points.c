/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Trace-point tables and PORT:VALUE=NAME parsing. */
#include "unit.h"
#include "collector/parse.h"
#include "collector/points.h"

static void test_points__qboot_table(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];

	CHECK_INT(point_map_load(&map, "qboot", NULL, 0), 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf5, 1, buf, sizeof(buf)), "fw_start");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 2, buf, sizeof(buf)), "linux_start_fwcfg");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 3, buf, sizeof(buf)), "linux_start_boot");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 4, buf, sizeof(buf)), "linux_start_pvhboot");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf5, 5, buf, sizeof(buf)), "fw_do_boot");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 6, buf, sizeof(buf)), "linux_start_kernel");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 7, buf, sizeof(buf)), "linux_start_user");
	CHECK_INT(map.nports, 2);
}

static void test_points__qboot_2019_table(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];

	CHECK_INT(point_map_load(&map, "qboot-2019", NULL, 0), 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf5, 1, buf, sizeof(buf)), "fw_start");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf5, 4, buf, sizeof(buf)), "fw_do_boot");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 3, buf, sizeof(buf)), "linux_start_boot");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 5, buf, sizeof(buf)), "linux_start_kernel");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 6, buf, sizeof(buf)), "linux_start_user");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 7, buf, sizeof(buf)), "point 7");
}

static void test_points__unknown_table(void)
{
	struct point_map map;

	char err[256];

	CHECK_INT(point_map_load(&map, "qboot2", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "--table: no table 'qboot2' (see kvmboot-collect --help)");
}

static void test_points__unnamed_value_and_other_port(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];

	point_map_load(&map, "qboot", NULL, 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 9, buf, sizeof(buf)), "point 9");
	CHECK(point_map_name(&map, POINT_PIO, 0x80, 1, buf, sizeof(buf)) == NULL);
}

static void test_points__spec_hex_and_decimal(void)
{
	struct point_def def;
	char err[256];

	CHECK_INT(point_spec_parse("0xf4:8=initrd_loaded", &def, err, sizeof(err)), 0);
	CHECK_INT(def.port, 0xf4);
	CHECK_INT(def.value, 8);
	CHECK_STR(def.name, "initrd_loaded");
	CHECK_INT(point_spec_parse("128:0x41=user", &def, err, sizeof(err)), 0);
	CHECK_INT(def.port, 128);
	CHECK_INT(def.value, 0x41);
}

static void test_points__spec_rejects_bad_input(void)
{
	static const char *const bad[] = {
		"0xf4:8", "0xf4=x", "f4:8=x", "0xf4:8=", "0x10000:1=x", "0xf4:-1=x",
		"0xf4:8=vmm_exit", "0xf4:0x100000000=x", ":1=x",
		"0x:1=x", "0xf4:08x=y",
	};
	struct point_def def;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_INT(point_spec_parse(bad[i], &def, err, sizeof(err)), -EINVAL);
		CHECK(err[0] != '\0');
	}
}

/* Names are UTF-8 text: anything but control characters (C0, DEL, C1). */
static void test_points__spec_names_text_without_controls(void)
{
	static const char *const bad[] = {
		"0xf4:8=a\x1b[31mb", "0xf4:8=bell\x07", "0xf4:8=a\nb", "0xf4:8=tab\t",
		"0xf4:8=del\x7f", "0xf4:8=csi\xc2\x9b", "0xf4:8=raw\x9b", "0xf4:8=latin1\xe9",
	};
	struct point_def def;
	char err[256];
	size_t i;

	CHECK_INT(point_spec_parse("0xf4:8=a \"b\", c|d 'e' $f `g` \xc3\xa9\xe2\x9c\x93", &def,
				   err, sizeof(err)), 0);
	CHECK_STR(def.name, "a \"b\", c|d 'e' $f `g` \xc3\xa9\xe2\x9c\x93");
	CHECK_INT(point_spec_parse("0xf4:8=has space", &def, err, sizeof(err)), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		CHECK_INT(point_spec_parse(bad[i], &def, err, sizeof(err)), -EINVAL);
		CHECK(strstr(err, "without control characters") != NULL);
		CHECK(!strchr(err, '\x1b') && !strchr(err, '\n') && !strchr(err, '\x7f'));
	}
	point_spec_parse(bad[0], &def, err, sizeof(err));
	CHECK_STR(err, "point name 'a\\x1b[31mb': a control character at byte 1 (a name is UTF-8 "
		  "text without control characters)");
	point_spec_parse(bad[7], &def, err, sizeof(err));
	CHECK_STR(err, "point name 'latin1\\xe9': not UTF-8 at byte 6 (a name is UTF-8 text "
		  "without control characters)");
}

static void test_points__override_replaces_name(void)
{
	struct point_map map;
	struct point_def def = { .kind = POINT_PIO, .port = 0xf4, .value = 6, .value_max = 6,
				 .name = "kernel_entry" };
	char buf[POINT_NAME_MAX];
	size_t n;

	point_map_load(&map, "qboot", NULL, 0);
	n = map.n;
	CHECK_INT(point_map_add(&map, &def), 0);
	CHECK_INT(map.n, n);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 6, buf, sizeof(buf)), "kernel_entry");
}

static void test_points__new_port_is_filtered(void)
{
	struct point_map map;
	struct point_def def = { .kind = POINT_PIO, .port = 0x80, .value = 0x40, .value_max = 0x40,
				 .name = "start_kernel" };

	point_map_load(&map, "qboot", NULL, 0);
	CHECK_INT(point_map_add(&map, &def), 0);
	CHECK_INT(map.nports, 3);
	CHECK_INT(map.ports[2], 0x80);
}

static void test_points__probe404(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];
	struct point_def def;
	char err[256];

	CHECK_INT(point_map_load(&map, "probe404", err, sizeof(err)), 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x404, 7, buf, sizeof(buf)), "probe 7");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x404, 4000000000U, buf, sizeof(buf)),
		  "probe 4000000000");
	CHECK(point_map_name(&map, POINT_PIO, 0xf4, 7, buf, sizeof(buf)) == NULL);
	CHECK_INT(point_spec_parse("0x404:3=seabios_post", &def, err, sizeof(err)), 0);
	CHECK_INT(point_map_add(&map, &def), 0);	/* -p names one probe */
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x404, 3, buf, sizeof(buf)), "seabios_post");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x404, 4, buf, sizeof(buf)), "probe 4");
}

static void test_points__chv_ranges(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];

	CHECK_INT(point_map_load(&map, "chv", NULL, 0), 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x00, buf, sizeof(buf)), "chv_firmware_0x00");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x1f, buf, sizeof(buf)), "chv_firmware_0x1f");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x20, buf, sizeof(buf)), "chv_bootloader_0x20");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x40, buf, sizeof(buf)), "chv_start_kernel");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x41, buf, sizeof(buf)), "chv_start_user");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x42, buf, sizeof(buf)), "chv_kernel_0x42");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x7f, buf, sizeof(buf)), "chv_userspace_0x7f");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0xff, buf, sizeof(buf)), "chv_custom_0xff");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x100, buf, sizeof(buf)), "point 256");
}

static void test_points__firecracker_pio_and_mmio(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX];

	CHECK_INT(point_map_load(&map, "firecracker", NULL, 0), 0);
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x3f0, 123, buf, sizeof(buf)), "firecracker_boot_done");
	CHECK_STR(point_map_name(&map, POINT_MMIO, 0xc0000000ULL, 123, buf, sizeof(buf)),
		  "firecracker_boot_done");
	CHECK_INT(map.naddresses, 1);
	point_map_mmio_move(&map, 0xd0000);
	CHECK(point_map_name(&map, POINT_MMIO, 0xc0000000ULL, 123, buf, sizeof(buf)) == NULL);
	CHECK_STR(point_map_name(&map, POINT_MMIO, 0xd0000, 123, buf, sizeof(buf)),
		  "firecracker_boot_done");
	CHECK_INT(map.addresses[0], 0xd0000);
}

static void test_points__tables_together_and_in_conflict(void)
{
	struct point_map map;
	char buf[POINT_NAME_MAX], err[256];

	CHECK_INT(point_map_load(&map, "qboot,chv,firecracker", err, sizeof(err)), 0);
	CHECK_STR(map.tables, "qboot,chv,firecracker");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0xf4, 6, buf, sizeof(buf)), "linux_start_kernel");
	CHECK_STR(point_map_name(&map, POINT_PIO, 0x80, 0x40, buf, sizeof(buf)), "chv_start_kernel");
	CHECK_INT(map.nports, 4);
	CHECK_INT(point_map_load(&map, "qboot,qboot-2019", err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "--table: 'qboot' and 'qboot-2019' both name writes to port 0xf5: use one of them");
	CHECK_INT(point_map_load(&map, "qboot,", err, sizeof(err)), -EINVAL);
}

static void test_points__mmio_spec(void)
{
	struct point_def def;
	char err[256];

	CHECK_INT(point_spec_parse("mmio:0xc0000000:123=fc_done", &def, err, sizeof(err)), 0);
	CHECK_INT(def.kind, POINT_MMIO);
	CHECK_INT(def.address, 0xc0000000ULL);
	CHECK_INT(def.value, 123);
	CHECK_STR(def.name, "fc_done");
	CHECK_INT(point_spec_parse("mmio:0xc0000000=x", &def, err, sizeof(err)), -EINVAL);
	CHECK_INT(point_spec_parse("mmio:zz:1=x", &def, err, sizeof(err)), -EINVAL);
}

static void test_parse__number(void)
{
	unsigned long long v;

	CHECK_INT(parse_number("010", 100, &v), 0);
	CHECK_INT(v, 10);	/* not octal */
	CHECK_INT(parse_number("0X1f", 100, &v), 0);
	CHECK_INT(v, 31);
	CHECK_INT(parse_number("101", 100, &v), -ERANGE);
	CHECK_INT(parse_number("", 100, &v), -EINVAL);
	CHECK_INT(parse_number("1a", 100, &v), -EINVAL);
	CHECK_INT(parse_number("+1", 100, &v), -EINVAL);
	CHECK_INT(parse_number("99999999999999999999999", ~0ULL, &v), -ERANGE);
	CHECK_INT(parse_number("18446744073709551615", ~0ULL, &v), 0);
	CHECK(v == ~0ULL);
	CHECK_INT(parse_number("18446744073709551616", ~0ULL, &v), -ERANGE);
	CHECK_INT(parse_number("0xffffffffffffffff", ~0ULL, &v), 0);
	CHECK_INT(parse_number("0x10000000000000000", ~0ULL, &v), -ERANGE);
	CHECK_INT(parse_number("0x", 100, &v), -EINVAL);
	CHECK_INT(parse_number("-1", 100, &v), -EINVAL);
	CHECK_INT(parse_number(" 1", 100, &v), -EINVAL);
	CHECK_INT(parse_number("999999999999999999999x", ~0ULL, &v), -EINVAL);	/* garbage first */
}

/* A field inside a line: only its LEN characters count, all of them. */
static void test_parse__number_span(void)
{
	unsigned long long v;

	CHECK_INT(parse_number_span("0xf4 size", 4, 0xffff, &v), 0);
	CHECK_INT(v, 0xf4);
	CHECK_INT(parse_number_span("0x100f4 size", 7, 0xffff, &v), -ERANGE);
	CHECK_INT(parse_number_span("12x", 3, 100, &v), -EINVAL);
	CHECK_INT(parse_number_span("12x", 2, 100, &v), 0);
	CHECK_INT(v, 12);
	CHECK_INT(parse_number_span("5", 0, 100, &v), -EINVAL);
	CHECK_INT(parse_number_span("9", 1, 8, &v), -ERANGE);	/* a digit past MAX */
	CHECK_INT(parse_number_span("0xf", 3, 8, &v), -ERANGE);
	CHECK_INT(parse_number_span("4194304", 7, 4194304, &v), 0);
	CHECK_INT(parse_number_span("4194305", 7, 4194304, &v), -ERANGE);
}

UNIT_MAIN(
	TEST(test_points__qboot_table),
	TEST(test_points__qboot_2019_table),
	TEST(test_points__unknown_table),
	TEST(test_points__unnamed_value_and_other_port),
	TEST(test_points__spec_hex_and_decimal),
	TEST(test_points__spec_rejects_bad_input),
	TEST(test_points__spec_names_text_without_controls),
	TEST(test_points__override_replaces_name),
	TEST(test_points__new_port_is_filtered),
	TEST(test_points__probe404),
	TEST(test_points__chv_ranges),
	TEST(test_points__firecracker_pio_and_mmio),
	TEST(test_points__tables_together_and_in_conflict),
	TEST(test_points__mmio_spec),
	TEST(test_parse__number),
	TEST(test_parse__number_span),
)
