/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A hash map from process or thread ids to small numbers (pure). */
#ifndef KVMBOOT_PIDMAP_H
#define KVMBOOT_PIDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct pidmap_slot {
	uint32_t key;		/* the id + 1; 0: empty */
	uint32_t value;
};

struct pidmap {
	struct pidmap_slot *slot;
	size_t cap, n;		/* cap: a power of two */
};

/* Sets KEY's value (a new key, or a new value for it); 0 or -ENOMEM. KEY >= 0. */
int pidmap_put(struct pidmap *m, pid_t key, uint32_t value);

/* KEY's value in *VALUE; false when KEY has none. */
bool pidmap_get(const struct pidmap *m, pid_t key, uint32_t *value);

/* Frees the slots; the map is empty and usable again. */
void pidmap_release(struct pidmap *m);

#endif
