#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Computes the reference values in tests/unit/test_stats.c with numpy and
# scipy (Debian: python3-numpy python3-scipy), independently of our C code.
# Not run by `make check`: the values are constants in the test.
import numpy as np
from scipy.stats import mannwhitneyu

M64 = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def naive_bootstrap(base, cand, resamples, seed):
    """Resample arrays index by index from the same stream as bootstrap.c."""
    state = seed
    sb, sc = sorted(base), sorted(cand)
    changes = []
    for _ in range(resamples):
        medians = []
        for sample in (sb, sc):
            picks = []
            for _ in range(len(sample)):
                state, r = splitmix64(state)
                picks.append(sample[(r * len(sample)) >> 64])
            medians.append(float(np.median(picks)))
        changes.append((medians[1] - medians[0]) / medians[0])
    changes.sort()
    rank = lambda p: max(1, int(np.ceil(p / 100 * resamples - 1e-9)))
    return changes[rank(2.5) - 1], changes[rank(97.5) - 1]


def describe(v):
    a = np.array(v, dtype=np.float64)
    print(v, "mean", repr(a.mean()), "median", repr(np.median(a)),
          "sd", repr(a.std(ddof=1)) if len(v) > 1 else "-",
          "p90", np.percentile(a, 90, method="inverted_cdf"),
          "p99", np.percentile(a, 99, method="inverted_cdf"))


for v in ([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [7], [3, 8], [5, 5, 5, 1, 5],
          list(range(1, 101)), [1000000007, 999999937, 1000000009, 1000000021, 999999929]):
    describe(v)

for x, y, method in (([1, 2, 3], [4, 5, 6], "exact"),
                     ([1, 2, 3, 4, 5], [6, 7, 8, 9, 10], "exact"),
                     ([10, 20, 30, 40, 50], [15, 25, 35, 45, 55], "exact"),
                     (list(range(1, 41, 2)), list(range(8, 48, 2)), "exact"),
                     ([1, 2, 2], [2, 3, 4], "asymptotic"),
                     ([5, 5, 5], [5, 5, 5], "asymptotic"),
                     ([3, 1, 4, 1, 5, 9, 2, 6], [5, 3, 5, 8, 9, 7, 9, 3, 2], "asymptotic"),
                     (list(range(0, 300, 3)), list(range(10, 310, 3)) + [5], "asymptotic")):
    r = mannwhitneyu(x, y, alternative="two-sided", method=method, use_continuity=True)
    print("mw", len(x), len(y), method, r.statistic, repr(r.pvalue))

base = [100, 103, 98, 101, 99, 102, 97, 104, 100, 101, 99]
cand = [110, 112, 108, 111, 109, 113, 107, 110, 111, 109]
print("bootstrap", naive_bootstrap(base, cand, 200, 0x6B766D626F6F74))

# The exact p in the far tails (test_mannwhitney__exact_far_tails_match_scipy):
# x_i = A*i + 1 (odd), y_j = B*j + S (even), so never a tie.
for nx, ny, a, b, s in ((50, 50, 2, 2, 200), (50, 50, 2, 2, 0), (60, 40, 2, 2, 0),
                        (40, 60, 2, 2, 200), (60, 40, 2, 2, 80), (45, 55, 6, 4, 0),
                        (45, 55, 6, 4, 60), (30, 25, 4, 2, 70), (10, 90, 20, 2, 0),
                        (7, 20, 10, 4, 6), (3, 4, 2, 2, 2), (99, 1, 2, 2, 100),
                        (35, 65, 2, 2, 0), (35, 65, 2, 2, 60), (50, 50, 2, 2, -200),
                        (60, 40, 2, 2, -200), (60, 40, 2, 2, -60), (45, 55, 6, 4, -150)):
    x = [a * i + 1 for i in range(nx)]
    y = [b * j + s for j in range(ny)]
    r = mannwhitneyu(x, y, alternative="two-sided", method="exact")
    print("{ %d, %d, %d, %d, %d, %.1f, %r }," % (nx, ny, a, b, s, r.statistic, r.pvalue))

# Kolmogorov-Smirnov, exact (tests/unit/test_gate_stats.c), same x and y.
from scipy.stats import ks_2samp
for nx, ny, a, b, s in ((10, 10, 2, 2, 11), (20, 7, 2, 6, 3), (50, 50, 2, 2, 200),
                        (30, 40, 4, 2, 0), (25, 60, 3, 1, 5), (140, 20, 2, 4, 41),
                        (8, 5, 2, 2, 3), (100, 100, 2, 2, 11)):
    x = [a * i + 1 for i in range(nx)]
    y = [b * j + s for j in range(ny)]
    r = ks_2samp(x, y, alternative="two-sided", method="exact")
    print("{ %d, %d, %d, %d, %d, %r, %r }," % (nx, ny, a, b, s, r.statistic, r.pvalue))
# the same median, another shape
print("ks shape", ks_2samp([1000 + i for i in range(20)],
                           [990 + i for i in range(10)] + [1010 + i for i in range(10)],
                           method="exact").pvalue)
