/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text from outside, as a terminal gets it: common/text.c. */
#include "unit.h"
#include "common/text.h"

#include <stdlib.h>

static void check_shown(const char *text, const char *want, size_t width)
{
	char *got = text_show_dup(text);

	CHECK_STR(got, want);
	CHECK_INT(text_show_width(text, strlen(text)), width);
	free(got);
}

static void test_text__utf8_decoded_strictly(void)
{
	uint32_t cp = 0;

	CHECK_INT(utf8_decode("A", 1, &cp), 1);
	CHECK_INT(cp, 'A');
	CHECK_INT(utf8_decode("\xc3\xa9", 2, &cp), 2);
	CHECK_INT(cp, 0xe9);
	CHECK_INT(utf8_decode("\xe2\x82\xac", 3, &cp), 3);	/* the euro sign: 0x82 inside */
	CHECK_INT(cp, 0x20ac);
	CHECK_INT(utf8_decode("\xf0\x9f\x98\x80", 4, &cp), 4);
	CHECK_INT(cp, 0x1f600);
	CHECK_INT(utf8_decode("\xc2\x9b", 2, &cp), 2);	/* U+009B, a C1 control */
	CHECK_INT(cp, 0x9b);
	CHECK_INT(utf8_decode("\xc0\xaf", 2, &cp), 0);	/* overlong '/' */
	CHECK_INT(utf8_decode("\xe0\x80\xaf", 3, &cp), 0);	/* overlong */
	CHECK_INT(utf8_decode("\xed\xa0\x80", 3, &cp), 0);	/* a surrogate */
	CHECK_INT(utf8_decode("\xf4\x90\x80\x80", 4, &cp), 0);	/* past U+10FFFF */
	CHECK_INT(utf8_decode("\xe2\x82", 2, &cp), 0);	/* cut short */
	CHECK_INT(utf8_decode("\xe2\x82x", 3, &cp), 0);
	CHECK_INT(utf8_decode("\x9b", 1, &cp), 0);	/* a lone continuation byte */
	CHECK_INT(utf8_decode("\xff", 1, &cp), 0);
}

static void test_text__controls(void)
{
	CHECK(text_is_control(0));
	CHECK(text_is_control('\n'));
	CHECK(text_is_control(0x1b));
	CHECK(text_is_control(0x7f));
	CHECK(text_is_control(0x80));
	CHECK(text_is_control(0x9b));
	CHECK(text_is_control(0x9f));
	CHECK(!text_is_control(' '));
	CHECK(!text_is_control('~'));
	CHECK(!text_is_control(0xa0));
	CHECK(!text_is_control(0x20ac));
}

static void test_text__c0_and_del_blanked(void)
{
	check_shown("a\x1b[31mred\x07\tb\r\n\x7f", "a [31mred  b   ", 15);
}

static void test_text__c1_blanked_both_ways(void)
{
	/* Raw bytes 0x80-0x9f (a CSI to a Latin-1 terminal), and U+0080..U+009F
	 * in UTF-8: both a space, one column each. */
	check_shown("a\x9b" "31mb", "a 31mb", 6);
	check_shown("a\xc2\x9b" "31mb\xc2\x80\xc2\x9f", "a 31mb  ", 8);
	check_shown("\x80\x9f", "  ", 2);
}

static void test_text__valid_utf8_kept(void)
{
	check_shown("d\xc3\xa9mo \xe2\x82\xac \xe2\x9c\x93 \xc2\xa0x \xf0\x9f\x98\x80",
		    "d\xc3\xa9mo \xe2\x82\xac \xe2\x9c\x93 \xc2\xa0x \xf0\x9f\x98\x80", 13);
	check_shown("", "", 0);
}

static void test_text__not_utf8_replaced(void)
{
	/* Each byte that starts no valid sequence is one U+FFFD: output stays
	 * UTF-8, one column per byte. A broken sequence does not eat the next
	 * character. */
	check_shown("a\xffz", "a\xef\xbf\xbdz", 3);
	check_shown("\xe2\xa2x", "\xef\xbf\xbd\xef\xbf\xbdx", 3);
	check_shown("\xe2\x82x", "\xef\xbf\xbd x", 3);	/* 0x82 alone: C1 */
	check_shown("\xc3", "\xef\xbf\xbd", 1);
	check_shown("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd ", 3);	/* 0x80: C1 */
}

static void test_text__put_writes_what_dup_makes(void)
{
	const char *text = "x\x1b\x9b\xc2\x85\xff\xc3\xa9|";
	char *buf = NULL, *dup = text_show_dup(text);
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	text_show_put(out, text, strlen(text));
	fclose(out);
	CHECK_STR(buf, dup);
	CHECK_STR(dup, "x   \xef\xbf\xbd\xc3\xa9|");
	free(buf);
	free(dup);
}

static void test_text__names(void)
{
	size_t at = 99;

	CHECK_INT(text_name_check("fw_start", &at), 0);
	CHECK_INT(text_name_check("a\"b,c|d 'e' \xc3\xa9\xe2\x9c\x93 $x `y` =z", &at), 0);
	CHECK_INT(text_name_check("ab\x1b[0m", &at), -EINVAL);
	CHECK_INT(at, 2);
	CHECK_INT(text_name_check("a\nb", &at), -EINVAL);
	CHECK_INT(at, 1);
	CHECK_INT(text_name_check("del\x7f", &at), -EINVAL);
	CHECK_INT(at, 3);
	CHECK_INT(text_name_check("c1\xc2\x9b", &at), -EINVAL);
	CHECK_INT(at, 2);
	CHECK_INT(text_name_check("raw\x9b", &at), -EILSEQ);
	CHECK_INT(at, 3);
	CHECK_INT(text_name_check("latin1 \xe9t\xe9", &at), -EILSEQ);
	CHECK_INT(at, 7);
}

static void test_text__escaped_for_messages(void)
{
	char buf[64];

	text_escape("a\x1b[0m\xc2\x9b\xff\xc3\xa9", buf, sizeof(buf));
	CHECK_STR(buf, "a\\x1b[0m\\xc2\\x9b\\xff\xc3\xa9");
	text_escape("abcdef\x1b", buf, 9);	/* cut, never in the middle of an escape */
	CHECK_STR(buf, "abcdef");
	text_escape("ab\xc3\xa9", buf, 4);	/* nor of a character */
	CHECK_STR(buf, "ab");
}

UNIT_MAIN(
	TEST(test_text__utf8_decoded_strictly),
	TEST(test_text__controls),
	TEST(test_text__c0_and_del_blanked),
	TEST(test_text__c1_blanked_both_ways),
	TEST(test_text__valid_utf8_kept),
	TEST(test_text__not_utf8_replaced),
	TEST(test_text__put_writes_what_dup_makes),
	TEST(test_text__names),
	TEST(test_text__escaped_for_messages),
)
