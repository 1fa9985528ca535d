/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The candidate session, its baseline, and how alike they are. */
#include "gate_sides.h"
#include "../../common/message.h"
#include "../../common/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define SESSION_COLUMNS "id, label, started_at, host, cpu_model, host_kernel, vmm_binary, " \
			"vmm_version, vmm_command"

static const char *const keys[ENV_N] = { "host", "cpu", "kernel", "vmm", "vmm", "cmdline" };
static const char *const titles[ENV_N] = {
	"host", "CPU model", "host kernel", "VMM binary", "VMM version", "VMM command line",
};

const char *env_key(int field)
{
	return keys[field];
}

const char *env_title(int field)
{
	return titles[field];
}

static char *column_dup(sqlite3_stmt *stmt, int col)
{
	const char *text = (const char *)sqlite3_column_text(stmt, col);

	return strdup(text ? text : "");
}

static int info_read(sqlite3_stmt *stmt, struct session_info *info)
{
	int i;

	info->id = sqlite3_column_int64(stmt, 0);
	info->label = sqlite3_column_type(stmt, 1) == SQLITE_NULL ? NULL : column_dup(stmt, 1);
	info->started_at = column_dup(stmt, 2);
	for (i = 0; i < ENV_N; i++)
		info->env[i] = column_dup(stmt, 3 + i);
	if ((sqlite3_column_type(stmt, 1) != SQLITE_NULL && !info->label) || !info->started_at)
		return -ENOMEM;
	for (i = 0; i < ENV_N; i++)
		if (!info->env[i])
			return -ENOMEM;
	return 0;
}

static void info_release(struct session_info *info)
{
	int i;

	free(info->label);
	free(info->started_at);
	for (i = 0; i < ENV_N; i++)
		free(info->env[i]);
	memset(info, 0, sizeof(*info));
}

/* The candidate's session id from CAND. 0, or 2 with r->err. */
static int cand_resolve(struct report *r, const char *cand, int64_t *id)
{
	const char *sql = "SELECT id FROM sessions ORDER BY started_at DESC, id DESC LIMIT 1 OFFSET ?1";
	sqlite3_stmt *stmt;
	long back = 0;
	char *end;
	int rc;

	if (cand && strncmp(cand, "session:", 8) == 0)
		cand += 8;
	if (cand && strncmp(cand, "tag:", 4) == 0) {
		sql = "SELECT s.id FROM sessions s JOIN session_tags t ON t.session_id = s.id "
		      "WHERE t.key || '=' || t.value = ?2 ORDER BY s.started_at DESC, s.id DESC LIMIT 1";
	} else if (cand && strcmp(cand, "last") != 0) {
		if (strncmp(cand, "last~", 5) != 0)
			return session_resolve(r->db, cand, id, r->err, sizeof(r->err)) < 0 ? 2 : 0;
		back = strtol(cand + 5, &end, 10);
		if (back <= 0 || *end)
			return msg_fail(r->err, sizeof(r->err), "'%s' is not a session: an id, a "
					"uuid, last, last~N or tag:KEY=VALUE", cand), 2;
	}
	if (sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "cannot query the database: %s",
				sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, back);
	if (cand && strncmp(cand, "tag:", 4) == 0)
		sqlite3_bind_text(stmt, 2, cand + 4, -1, SQLITE_STATIC);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_ROW)
		return msg_fail(r->err, sizeof(r->err), cand ? "no session matches '%s' "
				"(kvmboot-report sessions lists them)" : "the database has no session%s",
				cand ? cand : ""), 2;
	return 0;
}

static int info_load(struct report *r, int64_t id, struct session_info *info)
{
	sqlite3_stmt *stmt;
	int rc;

	if (sqlite3_prepare_v2(r->db, "SELECT " SESSION_COLUMNS " FROM sessions WHERE id = ?1",
			       -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "cannot query the database: %s",
				sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, id);
	rc = sqlite3_step(stmt) == SQLITE_ROW ? info_read(stmt, info) : -ENOENT;
	sqlite3_finalize(stmt);
	if (rc == -ENOMEM)
		return report_oom(r);
	return rc ? msg_fail(r->err, sizeof(r->err), "session %lld vanished", (long long)id), 2 : 0;
}

/* Binds SPEC's value for the baseline query; the WHERE condition it needs. */
static const char *spec_condition(const char *spec, long *last)
{
	char *end;

	if (!spec || strncmp(spec, "last:", 5) == 0) {
		*last = spec ? strtol(spec + 5, &end, 10) : GATE_BASELINE_LAST;
		if (spec && (*last <= 0 || *last > 100000 || *end))
			return NULL;
		return "s.label IS ?2 AND s.host = ?3 AND (s.started_at < ?4 OR "
		       "(s.started_at = ?4 AND s.id < ?1))";
	}
	*last = -1;
	if (strncmp(spec, "session:", 8) == 0 && spec[8])
		return "s.id = ?5";
	if (strncmp(spec, "label:", 6) == 0)
		return "s.label = ?6";
	if (strncmp(spec, "tag:", 4) == 0 && strchr(spec + 4, '='))
		return "EXISTS (SELECT 1 FROM session_tags t WHERE t.session_id = s.id AND "
		       "t.key || '=' || t.value = ?7)";
	return NULL;
}

static int base_add(struct report *r, struct gate_sides *s, sqlite3_stmt *stmt)
{
	struct session_info *grown = realloc(s->base, (s->nbase + 1) * sizeof(*grown));

	if (!grown)
		return report_oom(r);
	s->base = grown;
	memset(&s->base[s->nbase], 0, sizeof(s->base[0]));
	if (info_read(stmt, &s->base[s->nbase++]) < 0)
		return report_oom(r);
	return 0;
}

static int base_query(struct report *r, struct gate_sides *s, const char *spec)
{
	char sql[1024];
	sqlite3_stmt *stmt;
	int64_t session = 0;
	long last;
	const char *cond = spec_condition(spec, &last);
	int rc = 0, step;

	if (!cond)
		return msg_fail(r->err, sizeof(r->err), "--baseline: '%s' is not last:N, session:ID, "
				"label:TEXT or tag:KEY=VALUE", spec), 2;
	if (spec && strncmp(spec, "session:", 8) == 0 &&
	    session_resolve(r->db, spec + 8, &session, r->err, sizeof(r->err)) < 0)
		return 2;
	snprintf(sql, sizeof(sql), "SELECT " SESSION_COLUMNS " FROM sessions s WHERE s.id != ?1 "
		 "AND %s ORDER BY s.started_at DESC, s.id DESC LIMIT ?8", cond);
	if (sqlite3_prepare_v2(r->db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return msg_fail(r->err, sizeof(r->err), "cannot query the database: %s",
				sqlite3_errmsg(r->db)), 2;
	sqlite3_bind_int64(stmt, 1, s->cand.id);
	if (s->cand.label)
		sqlite3_bind_text(stmt, 2, s->cand.label, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 3, s->cand.env[ENV_HOST], -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 4, s->cand.started_at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 5, session);
	sqlite3_bind_text(stmt, 6, spec && strncmp(spec, "label:", 6) == 0 ? spec + 6 : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_text(stmt, 7, spec && strncmp(spec, "tag:", 4) == 0 ? spec + 4 : "", -1,
			  SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 8, last);
	while (rc == 0 && (step = sqlite3_step(stmt)) == SQLITE_ROW)
		rc = base_add(r, s, stmt);
	if (rc == 0 && step != SQLITE_DONE)
		rc = (msg_fail(r->err, sizeof(r->err), "cannot read the sessions: %s",
			       sqlite3_errmsg(r->db)), 2);
	sqlite3_finalize(stmt);
	return rc;
}

static void baseline_describe(struct gate_sides *s, const char *spec)
{
	if (spec && strncmp(spec, "last:", 5) != 0)
		snprintf(s->baseline_text, sizeof(s->baseline_text), "%s (%zu session%s, without "
			 "the candidate)", spec, s->nbase, s->nbase == 1 ? "" : "s");
	else
		snprintf(s->baseline_text, sizeof(s->baseline_text), "the %zu session%s before "
			 "it%s%.80s%s on host '%.80s'", s->nbase, s->nbase == 1 ? "" : "s",
			 s->cand.label ? " labelled '" : " with no label", s->cand.label ?
			 s->cand.label : "", s->cand.label ? "'" : "", s->cand.env[ENV_HOST]);
}

/* Which fields differ between the candidate and the baseline sessions. */
static int diffs_find(struct report *r, struct gate_sides *s)
{
	size_t i;
	int f;

	for (f = 0; f < ENV_N; f++) {
		struct env_diff *d = &s->diffs[s->ndiffs];

		memset(d, 0, sizeof(*d));
		d->field = f;
		for (i = 0; i < s->nbase; i++) {
			if (strcmp(s->base[i].env[f], s->cand.env[f]) == 0)
				continue;
			if (!d->sessions++ && !(d->example = strdup(s->base[i].env[f])))
				return report_oom(r);
		}
		if (d->sessions)
			s->ndiffs++;
	}
	return 0;
}

int gate_sides_load(struct report *r, const char *cand, const char *spec, struct gate_sides *s)
{
	int64_t id;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = cand_resolve(r, cand, &id);
	if (rc == 0)
		rc = info_load(r, id, &s->cand);
	if (rc == 0)
		rc = base_query(r, s, spec);
	if (rc == 0 && s->nbase == 0)
		rc = (msg_fail(r->err, sizeof(r->err), "no baseline for session %lld: %s matches "
			       "no other session (give --baseline label:TEXT or session:ID)",
			       (long long)s->cand.id, spec ? spec : "last:7 (same label, same host)"), 2);
	if (rc == 0)
		baseline_describe(s, spec);
	return rc ? rc : diffs_find(r, s);
}

int gate_sides_same(struct report *r, const struct gate_sides *s, const char *list)
{
	char copy[256], *key, *save;
	size_t i;
	int f;

	if (!list || strcmp(list, "none") == 0)
		return 0;
	snprintf(copy, sizeof(copy), "%s", list);
	for (key = strtok_r(copy, ",", &save); key; key = strtok_r(NULL, ",", &save)) {
		for (f = 0; f < ENV_N && strcmp(keys[f], key) != 0; f++)
			;
		if (f == ENV_N)
			return msg_fail(r->err, sizeof(r->err), "--same: '%s' is not host, cpu, "
					"kernel, vmm, cmdline or none", key), 2;
		for (i = 0; i < s->ndiffs; i++) {
			char base[200], cand[200];

			if (strcmp(keys[s->diffs[i].field], key) != 0)
				continue;
			text_escape(s->diffs[i].example, base, sizeof(base));
			text_escape(s->cand.env[s->diffs[i].field], cand, sizeof(cand));
			return msg_fail(r->err, sizeof(r->err), "--same %s: the baseline ran on "
					"another %s ('%s', the candidate '%s')", key,
					titles[s->diffs[i].field], base, cand), 2;
		}
	}
	return 0;
}

static char *dup_or_null(const char *text, bool *failed)
{
	char *copy = text ? strdup(text) : NULL;

	*failed |= text && !copy;
	return copy;
}

int session_info_copy(struct session_info *to, const struct session_info *from)
{
	bool failed = false;
	int i;

	memset(to, 0, sizeof(*to));
	to->id = from->id;
	to->label = dup_or_null(from->label, &failed);
	to->started_at = dup_or_null(from->started_at ? from->started_at : "", &failed);
	for (i = 0; i < ENV_N; i++)	/* as info_read has them: "" for none */
		to->env[i] = dup_or_null(from->env[i] ? from->env[i] : "", &failed);
	if (failed)
		info_release(to);
	return failed ? -ENOMEM : 0;
}

void session_info_release(struct session_info *info)
{
	info_release(info);
}

int gate_sides_make(struct report *r, const struct session_info *cand,
		    const struct session_info *const *base, size_t nbase, struct gate_sides *s)
{
	memset(s, 0, sizeof(*s));
	s->base = calloc(nbase + 1, sizeof(*s->base));
	if (!s->base || session_info_copy(&s->cand, cand) < 0)
		return report_oom(r);
	for (; s->nbase < nbase; s->nbase++)
		if (session_info_copy(&s->base[s->nbase], base[s->nbase]) < 0)
			return report_oom(r);
	baseline_describe(s, NULL);
	return diffs_find(r, s);
}

void gate_sides_release(struct gate_sides *s)
{
	size_t i;

	info_release(&s->cand);
	for (i = 0; i < s->nbase; i++)
		info_release(&s->base[i]);
	free(s->base);
	for (i = 0; i < s->ndiffs; i++)
		free(s->diffs[i].example);
	memset(s, 0, sizeof(*s));
}
