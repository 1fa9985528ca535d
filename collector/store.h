/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writing sessions and boots to the database, one transaction per boot. */
#ifndef KVMBOOT_STORE_H
#define KVMBOOT_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "decode.h"
#include "options.h"

struct session_info {
	const char *uuid, *started_at, *host, *host_kernel, *cpu_model;
	const char *kvmboot_version, *label, *vmm_command, *vmm_binary;
	const char *vmm_version, *vmm_user, *point_table, *trace_clock;
	unsigned runs_requested, warmup;
	int64_t timeout_ns;
	const struct tag *tags;
	size_t ntags;
};

struct run_record {
	unsigned seq;
	const char *status;		/* "ok", "failed", "timeout", "lost_events" */
	const char *status_detail;	/* NULL when ok */
	const char *started_at;
	int exit_code, exit_signal;	/* -1: not applicable */
	int64_t exec_mono_ns;		/* -1: no exec seen */
	int64_t wall_ns;
	uint64_t lost_events;
	int64_t cpu_user_ns, cpu_sys_ns;	/* -1: not measured */
	int64_t max_rss_kb;		/* -1: not measured */
	int64_t batch;			/* -j: the boots started together; 0: none */
	const struct boot_trace *trace;
};

struct store;

/* Prepares the statements. SESSION is written with the first run. 0 or -1 with ERR. */
int store_open(struct store **out, sqlite3 *db, const struct session_info *session,
	       char *err, size_t errlen);

/* Writes one boot (and the session, the first time) in one transaction. */
int store_run(struct store *s, const struct run_record *run, char *err, size_t errlen);

/*
 * Batch mode (--import): one transaction for every boot that follows,
 * until store_batch_end() commits it (COMMIT true) or rolls it back.
 */
int store_batch_begin(struct store *s, char *err, size_t errlen);
int store_batch_end(struct store *s, bool commit, char *err, size_t errlen);

/*
 * Records the VMM's version in the session once known (it is asked after
 * the boots: never a boot itself, never in their way). 0 when there is no
 * session row yet, or -1 with ERR.
 */
int store_vmm_version(struct store *s, const char *version, char *err, size_t errlen);

/* The session's row id once written, else 0. */
int64_t store_session_id(const struct store *s);

/* Finalizes the statements; 0, or -1 with ERR if one failed. Accepts NULL. */
int store_close(struct store *s, char *err, size_t errlen);

#endif
