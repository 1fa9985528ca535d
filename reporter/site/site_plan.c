/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What a run of kvmboot-report html draws: each series' fingerprint (a
 * hash of everything its pages show: its sessions, their boots as far as
 * the database tells them apart, which get pages, their baselines, and
 * the options), compared with the manifest of the last run. A series
 * that changed is read and drawn again; the others keep their pages and
 * their row of the index.
 */
#include "site.h"
#include "site_files.h"
#include "../analysis/stats.h"

#include <stdlib.h>
#include <string.h>

#ifndef KVMBOOT_VERSION
#define KVMBOOT_VERSION "0.0.0"
#endif

/* Raised when the pages change for the same data: every page is drawn again. */
#define SITE_FORMAT 2

static uint64_t params_hash(const struct site *s)
{
	uint64_t h = site_hash_text(SITE_HASH_INIT, KVMBOOT_VERSION);
	char def[2 * SPAN_TEXT_MAX];
	size_t i;

	h = site_hash_int(h, SITE_FORMAT);
	h = site_hash_text(h, s->by);
	h = site_hash_int(h, (int64_t)s->pages);
	h = site_hash(h, &s->gate.alpha, sizeof(s->gate.alpha));
	h = site_hash(h, &s->gate.threshold, sizeof(s->gate.threshold));
	h = site_hash(h, &s->gate.floor_ns, sizeof(s->gate.floor_ns));
	h = site_hash(h, &s->cp.alpha, sizeof(s->cp.alpha));
	h = site_hash(h, &s->cp.min_change, sizeof(s->cp.min_change));
	h = site_hash(h, &s->cp.min_change_ns, sizeof(s->cp.min_change_ns));
	h = site_hash_int(h, (int64_t)s->cp.min_segment);
	h = site_hash_int(h, (int64_t)s->cp.seed);
	for (i = 0; i < s->samples.spans.n; i++) {
		span_format(&s->samples.spans.v[i], def, sizeof(def));
		h = site_hash_text(site_hash_text(h, s->samples.spans.v[i].name), def);
	}
	return h;
}

/* What the database tells of a session's boots, and what its page shows of it. */
static uint64_t session_hash(uint64_t h, const struct site_session *c)
{
	int i;

	h = site_hash_int(h, c->info.id);
	h = site_hash_text(h, c->uuid);
	h = site_hash_text(h, c->info.started_at);
	h = site_hash_text(h, c->info.label);
	h = site_hash_text(h, c->tags);
	for (i = 0; i < ENV_N; i++)
		h = site_hash_text(h, c->info.env[i]);
	h = site_hash_int(h, (int64_t)c->boots);
	h = site_hash_int(h, (int64_t)c->ok);
	h = site_hash_int(h, (int64_t)c->timeout);
	h = site_hash_int(h, (int64_t)c->lost_events);
	h = site_hash_int(h, c->max_run);
	return site_hash_int(h, (int64_t)c->paged << 1 | c->boots_paged);
}

static uint64_t series_fingerprint(const struct site *s, const struct site_series *ser)
{
	uint64_t h = site_hash_text(s->params, ser->name);
	size_t i, j;

	for (i = 0; i < ser->n; i++) {
		const struct site_session *c = &s->sessions[ser->sessions[i]];

		h = session_hash(h, c);
		for (j = 0; c->paged && j < c->nbase; j++)
			h = session_hash(h, &s->sessions[c->base[j]]);
	}
	return h;
}

/* Takes the kept row and pages of series SER from K. 0 or -ENOMEM. */
static int kept_take(struct site_series *ser, const struct site_kept *k)
{
	size_t i;

	ser->row = strdup(k->row);
	ser->files = calloc(k->nfiles + 1, sizeof(*ser->files));
	if (!ser->row || !ser->files)
		return -1;
	for (i = 0; i < k->nfiles; i++) {
		ser->files[i] = strdup(k->files[i]);
		if (!ser->files[i])
			return -1;
		ser->nfiles++;
	}
	ser->rank = k->rank;
	return 0;
}

/* Marks the sessions of series SER, and its paged sessions' baselines, to be read. */
static void reads_mark(struct site *s, const struct site_series *ser)
{
	size_t i, j;

	for (i = 0; i < ser->n; i++) {
		struct site_session *c = &s->sessions[ser->sessions[i]];

		c->read = true;
		for (j = 0; c->paged && j < c->nbase; j++)
			s->sessions[c->base[j]].read = true;
	}
}

int site_plan(struct site *s, const struct site_manifest *m)
{
	size_t i;

	s->params = params_hash(s);
	for (i = 0; i < s->nseries; i++) {
		struct site_series *ser = &s->series[i];
		const struct site_kept *k;

		ser->file = site_series_file(s->by, ser->name);
		if (!ser->file)
			return report_oom(s->r);
		ser->fingerprint = series_fingerprint(s, ser);
		k = m->params == s->params ? site_manifest_find(m, ser->file) : NULL;
		ser->changed = !k || k->fingerprint != ser->fingerprint;
		if (!ser->changed && kept_take(ser, k) < 0)
			return report_oom(s->r);
		if (ser->changed)
			reads_mark(s, ser);
	}
	return 0;
}

const struct site_stat *site_stat_at(const struct site *s, size_t k, size_t i)
{
	return &s->stats[k * s->samples.spans.n + i];
}

static void session_release(struct site_session *c)
{
	session_info_release(&c->info);
	free(c->uuid);
	free(c->tags);
	if (c->gate) {
		gate_report_release(c->gate);
		free(c->gate);
	}
}

void site_release(struct site *s)
{
	size_t i, j;

	for (i = 0; i < s->nsessions; i++)
		session_release(&s->sessions[i]);
	for (i = 0; i < s->nseries; i++) {
		free(s->series[i].name);
		free(s->series[i].file);
		free(s->series[i].sessions);
		free(s->series[i].row);
		for (j = 0; j < s->series[i].nfiles; j++)
			free(s->series[i].files[j]);
		free(s->series[i].files);
		free(s->series[i].changes);
	}
	free(s->sessions);
	free(s->series);
	free(s->by_id);
	free(s->stats);
	span_samples_release(&s->samples);
	memset(s, 0, sizeof(*s));
}
