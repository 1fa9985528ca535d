/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Compact value lists: order kept, offsets that do not fit 32 bits, moves. */
#include "unit.h"
#include "reporter/analysis/values.h"

#include <stdlib.h>

/* Boot times fit as 32-bit offsets; reading them back gives them in order. */
static void test_values__order_kept_across_blocks(void)
{
	struct values v = { 0 };
	int64_t *a;
	size_t i, bad = 0;

	for (i = 0; i < 200000; i++)
		CHECK_INT(values_push(&v, 700000000 + (int64_t)(i * 7919 % 100003)), 0);
	CHECK_INT(v.n, 200000);
	a = values_array(&v);
	CHECK(a != NULL);
	for (i = 0; a && i < 200000; i++)
		bad += a[i] != 700000000 + (int64_t)(i * 7919 % 100003);
	CHECK_INT(bad, 0);
	free(a);
	values_release(&v);
	CHECK(v.head == NULL && v.n == 0);
}

/* A value more than 2^31 from the block's first one widens the block, exactly. */
static void test_values__wide_values_exact(void)
{
	static const int64_t want[] = { 5, -3, INT64_MAX, INT64_MIN, 0, 4000000000LL, -1, 7 };
	struct values v = { 0 };
	int64_t got[8];
	size_t i;

	for (i = 0; i < 8; i++)
		CHECK_INT(values_push(&v, want[i]), 0);
	values_copy(&v, got);
	for (i = 0; i < 8; i++)
		CHECK(got[i] == want[i]);
	values_release(&v);
}

/* Appending moves the blocks: the order is TO's values, then FROM's; FROM is empty. */
static void test_values__append_moves(void)
{
	struct values a = { 0 }, b = { 0 }, e = { 0 };
	int64_t got[41];
	size_t i, bad = 0;

	for (i = 0; i < 20; i++) {
		CHECK_INT(values_push(&a, (int64_t)i), 0);
		CHECK_INT(values_push(&b, 100 + (int64_t)i), 0);
	}
	values_append(&a, &e);		/* nothing to move */
	values_append(&e, &a);		/* into an empty list */
	values_append(&e, &b);
	CHECK_INT(e.n, 40);
	CHECK(a.head == NULL && a.n == 0 && b.head == NULL && b.n == 0);
	values_copy(&e, got);
	for (i = 0; i < 40; i++)
		bad += got[i] != (i < 20 ? (int64_t)i : 100 + (int64_t)(i - 20));
	CHECK_INT(bad, 0);
	CHECK_INT(values_push(&e, 9), 0);	/* the tail moved too */
	values_copy(&e, got);
	CHECK(e.n == 41 && got[39] == 119 && got[40] == 9);
	values_release(&e);
}

/*
 * A list put together from many pieces, as summary's windows of boots
 * make it (each piece's last block trimmed as the next one follows it,
 * narrow and wide blocks alike), keeps every value in order, and takes
 * more values after.
 */
static void test_values__many_pieces_in_order(void)
{
	struct values all = { 0 }, piece = { 0 };
	int64_t want[1000], *got;
	size_t n = 0, i, k, bad = 0;

	for (k = 0; k < 50; k++) {
		for (i = 0; i < k * 7 % 40; i++, n++) {
			want[n] = k % 3 ? (int64_t)n : (int64_t)n << 40;	/* every third wide */
			CHECK_INT(values_push(&piece, want[n]), 0);
		}
		values_append(&all, &piece);
	}
	want[n++] = 5;
	CHECK_INT(values_push(&all, 5), 0);
	CHECK_INT(all.n, n);
	got = values_array(&all);
	CHECK(got != NULL);
	for (i = 0; got && i < n; i++)
		bad += got[i] != want[i];
	CHECK_INT(bad, 0);
	free(got);
	values_release(&all);
}

/* Assigning replaces the values; an empty list gives an array of one slot. */
static void test_values__assign_and_empty(void)
{
	static const int64_t a[] = { 3, 1, 2 };
	struct values v = { 0 };
	int64_t got[3], *empty;

	empty = values_array(&v);
	CHECK(empty != NULL);
	free(empty);
	CHECK_INT(values_push(&v, 42), 0);
	CHECK_INT(values_assign(&v, a, 3), 0);
	CHECK_INT(v.n, 3);
	values_copy(&v, got);
	CHECK(got[0] == 3 && got[1] == 1 && got[2] == 2);
	values_release(&v);
}

UNIT_MAIN(
	TEST(test_values__order_kept_across_blocks),
	TEST(test_values__wide_values_exact),
	TEST(test_values__append_moves),
	TEST(test_values__many_pieces_in_order),
	TEST(test_values__assign_and_empty),
)
