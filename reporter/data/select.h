/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which boots a command looks at: --session, --label, --host, --tag,
 * --since, --until, --last, --status, turned into one SQL condition on the tables
 * runs r and sessions s, every value bound as a parameter.
 */
#ifndef KVMBOOT_SELECT_H
#define KVMBOOT_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#define SELECT_MAX 16

/* What the user typed. */
struct select_opts {
	const char *sessions[SELECT_MAX];
	size_t nsessions;
	const char *label;
	const char *host;		/* sessions.host: one host of a fleet */
	const char *tags[SELECT_MAX];	/* KEY=VALUE */
	size_t ntags;
	const char *since, *until;
	unsigned last;			/* 0: every session */
	const char *status;		/* "ok" (default) or "all" */
	bool local;			/* dates without Z are local time (--local) */
	bool given;			/* any of the above was given */
};

/* SQL text with its parameters, built up piece by piece. */
struct sqlbuf {
	char text[8192];
	size_t len;
	struct {
		bool is_int;
		int64_t i;
		const char *s;
	} binds[4 * SELECT_MAX + 8];
	int nbinds;
	bool overflow;
};

/* The condition, checked against the database (sessions resolved). */
struct selection {
	int64_t session_ids[SELECT_MAX];
	size_t nsessions;
	const char *label;
	const char *host;
	char tag_text[SELECT_MAX][256];	/* KEY=VALUE copies, split in place */
	const char *tag_key[SELECT_MAX], *tag_value[SELECT_MAX];
	size_t ntags;
	char since[40], until[40];	/* bounds on started_at: >= since, < until */
	unsigned last;
	bool all_status;
	int64_t run_id;			/* one boot only (show RUN); 0: any */
	int64_t run_from, run_to;	/* boots with run_from <= id < run_to; 0: no bound */
};

void sqlbuf_init(struct sqlbuf *q);
void sqlbuf_add(struct sqlbuf *q, const char *text);
/* Appends a parameter placeholder "?N" bound to a text or an integer. */
void sqlbuf_text(struct sqlbuf *q, const char *value);
void sqlbuf_int(struct sqlbuf *q, int64_t value);
/* Prepares Q with its parameters bound; 0 or -1 with ERR. */
int sqlbuf_prepare(sqlite3 *db, const struct sqlbuf *q, sqlite3_stmt **stmt,
		   char *err, size_t errlen);

/*
 * Validates OPTS against DB into SEL: an unknown session, label, host or tag, a
 * bad date or status is an error (-1, message in ERR).
 */
int selection_build(sqlite3 *db, const struct select_opts *opts, struct selection *sel,
		    char *err, size_t errlen);

/* Appends " AND ..." conditions on sessions s (and runs r unless SESSIONS_ONLY). */
void selection_where(const struct selection *sel, struct sqlbuf *q, bool sessions_only);

/* How many boots SEL selects (with ANY_STATUS: whatever their status); -1 with ERR. */
int64_t selection_count(sqlite3 *db, const struct selection *sel, bool any_status,
			char *err, size_t errlen);

/* Resolves one session id: a number, a UUID or a UUID prefix (4+ chars). */
int session_resolve(sqlite3 *db, const char *text, int64_t *id, char *err, size_t errlen);

/* Resolves one boot (run) the same way. */
int run_resolve(sqlite3 *db, const char *text, int64_t *id, char *err, size_t errlen);

#endif
