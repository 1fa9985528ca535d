/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What --import reads: lines across blocks, line ends, and what a file is. */
#include "unit.h"
#include "collector/import_input.h"

#include <stdlib.h>
#include <unistd.h>

static char path[] = "/tmp/kvmboot-test-input-XXXXXX";

/* A temporary file holding LEN bytes of DATA; its path. */
static const char *file_of(const char *data, size_t len)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/kvmboot-test-input-XXXXXX");
	fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, data, len) == (ssize_t)len);
	close(fd);
	return path;
}

static enum import_format format_of(const char *data, size_t len)
{
	struct import_input in;
	enum import_format f;

	CHECK_INT(import_input_open(&in, file_of(data, len)), 0);
	f = import_input_format(&in);
	import_input_close(&in);
	unlink(path);
	return f;
}

static void test_import_input__formats(void)
{
	CHECK_INT(format_of("\027\010\104tracing6\0\0", 12), IMPORT_TRACE_DAT);
	CHECK_INT(format_of("PERFILE2\x68\0\0\0", 12), IMPORT_PERF_DATA);
	CHECK_INT(format_of("\177ELF\2\1\1\0", 8), IMPORT_BINARY);
	CHECK_INT(format_of("cpus=2\n  qemu-1 [000] 1.0: kvm_entry: vcpu 0\n", 45), IMPORT_TEXT);
	CHECK_INT(format_of("", 0), IMPORT_TEXT);
}

/* Line ends: \n, \r\n, none at the end; the format look reads nothing away. */
static void test_import_input__line_ends(void)
{
	struct import_input in;
	char *line;

	CHECK_INT(import_input_open(&in, file_of("one\r\n\ntwo\nthree", 15)), 0);
	CHECK_INT(import_input_format(&in), IMPORT_TEXT);
	CHECK_INT(import_input_line(&in, &line), 1);
	CHECK_STR(line, "one");
	CHECK_INT(import_input_line(&in, &line), 1);
	CHECK_STR(line, "");
	CHECK_INT(import_input_line(&in, &line), 1);
	CHECK_STR(line, "two");
	CHECK_INT(import_input_line(&in, &line), 1);
	CHECK_STR(line, "three");
	CHECK_INT(in.lineno, 4);
	CHECK_INT(import_input_line(&in, &line), 0);
	import_input_close(&in);
	unlink(path);
}

/* Many lines across the reading blocks come out whole, in order. */
static void test_import_input__across_blocks(void)
{
	size_t n = 200000, i, len = 0;
	char *data = malloc(n * 16), *line, want[16];
	struct import_input in;

	for (i = 0; i < n; i++)
		len += (size_t)sprintf(data + len, "line %zu%s\n", i, i % 7 ? "" : " x");
	CHECK_INT(import_input_open(&in, file_of(data, len)), 0);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "line %zu%s", i, i % 7 ? "" : " x");
		if (import_input_line(&in, &line) != 1 || strcmp(line, want) != 0) {
			CHECK_STR(line, want);
			break;
		}
	}
	CHECK_INT(import_input_line(&in, &line), 0);
	import_input_close(&in);
	unlink(path);
	free(data);
}

/* A line past 64 KiB is no trace's: an error, not unbounded memory. */
static void test_import_input__long_line(void)
{
	size_t len = IMPORT_LINE_MAX + 10;
	char *data = malloc(len + 8), *line;
	struct import_input in;

	memcpy(data, "ok\n", 3);
	memset(data + 3, 'x', len);
	CHECK_INT(import_input_open(&in, file_of(data, len + 3)), 0);
	CHECK_INT(import_input_line(&in, &line), 1);
	CHECK_INT(import_input_line(&in, &line), -E2BIG);
	import_input_close(&in);
	unlink(path);
	free(data);
}

static void test_import_input__errors(void)
{
	struct import_input in;
	char *line;

	CHECK_INT(import_input_open(&in, "/nonexistent/kvmboot"), -ENOENT);
	CHECK_INT(import_input_open(&in, "/tmp"), 0);
	CHECK_INT(import_input_format(&in), IMPORT_TEXT);
	CHECK_INT(import_input_line(&in, &line), -EISDIR);
	import_input_close(&in);
}

UNIT_MAIN(
	TEST(test_import_input__formats),
	TEST(test_import_input__line_ends),
	TEST(test_import_input__across_blocks),
	TEST(test_import_input__long_line),
	TEST(test_import_input__errors),
)
