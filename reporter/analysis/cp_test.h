/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The test of a split, over units (sessions, or blocks of sessions) in
 * time order, each with a score that sums to 0 over all of them: the
 * standardized CUSUM of the scores, and its permutation p-value. Pure.
 */
#ifndef KVMBOOT_CP_TEST_H
#define KVMBOOT_CP_TEST_H

#include <stddef.h>
#include <stdint.h>

/*
 * |S_T| / sqrt(T (M - T)), S_T the sum of the first T of the M scores U:
 * under random orders of the units its variance is the same for every T
 * (S_T is a sample of T of the M scores, drawn without replacement).
 * 0 < T < M.
 */
double cp_split_stat(const int64_t *u, size_t m, size_t t);

/*
 * The largest split statistic of U over T in [TMIN, TMAX] (0 < TMIN <=
 * TMAX < M), and in *ARG the first T that reaches it.
 */
double cp_scan(const int64_t *u, size_t m, size_t tmin, size_t tmax, size_t *arg);

/*
 * Permutations the test draws for M units at level ALPHA: enough for a
 * p-value of ALPHA / 2, and up to 9999 while the work stays small.
 */
unsigned cp_permutations(size_t m, double alpha);

/*
 * An upper bound of the permutation p-value of STAT that holds for any
 * scores: Serfling's inequality for a sum drawn without replacement from
 * values of a bounded range, summed over every T in [TMIN, TMAX].
 */
double cp_tail_bound(const int64_t *u, size_t m, size_t tmin, size_t tmax, double stat);

/*
 * The permutation p-value of STAT: (1 + orders whose scan over [TMIN,
 * TMAX] reaches STAT) / (1 + orders drawn), over cp_permutations(M,
 * ALPHA) random orders of U drawn from SEED; or, once 10 orders have
 * reached it, 10 / orders drawn (Besag and Clifford's sequential p-value);
 * none drawn when cp_tail_bound() is already below ALPHA (p is then that
 * bound). 0 or -ENOMEM.
 */
int cp_permutation_p(const int64_t *u, size_t m, size_t tmin, size_t tmax, double stat,
		     double alpha, uint64_t seed, double *p);

/* A seed for one test, mixed from the caller's SEED and the test's bounds. */
uint64_t cp_seed_mix(uint64_t seed, uint64_t a, uint64_t b);

#endif
