/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The boots of a selection as histories: per group and measure, session by session. */
#include "history.h"
#include "parallel.h"
#include "../../common/message.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One group and measure's values as read: (session within the group, value). */
struct bucket {
	uint32_t *session;
	int64_t *value;
	size_t n, cap;
};

/* What the set's sessions look like to the readers. */
struct layout {
	size_t *index_of;	/* per position in g.session_ids: index in set->sessions */
	size_t *local;		/* per set session: its place among its group's sessions */
	size_t *group_start;	/* per group: where its sessions start in MEMBER; ngroups + 1 */
	size_t *member;		/* set session indexes, group by group, in time order */
};

/* One reader thread's buckets. */
struct reader {
	const struct history_set *set;
	const struct layout *lay;
	struct bucket *b;	/* [group * nmeasures + measure] */
	int64_t last_id;
	size_t last;
	int64_t *value;
	bool *have;
	int64_t *first;		/* the boot's first hits, per catalogue position */
	size_t boots;
};

/* The position of ID among the grouping's sorted ids. */
static size_t grouping_position(const struct grouping *g, int64_t id)
{
	size_t lo = 0, hi = g->nsessions;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (g->session_ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int bucket_push(struct bucket *b, uint32_t session, int64_t value)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		uint32_t *s = realloc(b->session, cap * sizeof(*s));
		int64_t *v;

		if (!s)
			return -ENOMEM;
		b->session = s;
		v = realloc(b->value, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		b->value = v;
		b->cap = cap;
	}
	b->session[b->n] = session;
	b->value[b->n++] = value;
	return 0;
}

static void bucket_release(struct bucket *b)
{
	free(b->session);
	free(b->value);
	memset(b, 0, sizeof(*b));
}

/* The set's index of session ID, or SIZE_MAX for one stored since the sessions were read. */
static size_t session_index(const struct history_set *set, const struct layout *lay, int64_t id)
{
	size_t k = grouping_position(&set->g, id);

	return k < set->g.nsessions && set->g.session_ids[k] == id ? lay->index_of[k] : SIZE_MAX;
}

static int on_boot(const struct boot *b, void *data)
{
	struct reader *rd = data;
	const struct history_set *set = rd->set;
	size_t nm = set->measures.n, i, group;

	if (b->session_id != rd->last_id) {
		rd->last_id = b->session_id;
		rd->last = session_index(set, rd->lay, b->session_id);
	}
	if (rd->last == SIZE_MAX)
		return 0;	/* its session was stored after the sessions were read */
	group = set->sessions[rd->last].group;
	measures_of_boot(&set->measures, b, rd->first, rd->value, rd->have);
	rd->boots++;
	for (i = 0; i < nm; i++)
		if (rd->have[i] && bucket_push(&rd->b[group * nm + i], (uint32_t)rd->lay->local[rd->last],
					       rd->value[i]) < 0)
			return -1;
	return 0;
}

/* Is ID one of the grouping's sessions? */
static bool session_known(const struct grouping *g, int64_t id)
{
	size_t k = grouping_position(g, id);

	return k < g->nsessions && g->session_ids[k] == id;
}

static int sessions_read(struct report *r, const struct selection *sel, struct history_set *set)
{
	struct sqlbuf q;
	sqlite3_stmt *stmt;
	size_t cap = set->g.nsessions + 1;
	int rc;

	set->sessions = calloc(cap, sizeof(*set->sessions));
	if (!set->sessions)
		return report_oom(r);
	sqlbuf_init(&q);
	sqlbuf_add(&q, "SELECT s.id, s.started_at, s.label FROM sessions s WHERE 1");
	selection_where(sel, &q, true);
	sqlbuf_add(&q, " ORDER BY s.started_at, s.id");
	if (sqlbuf_prepare(r->db, &q, &stmt, r->err, sizeof(r->err)) < 0)
		return 2;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		struct history_session *s = &set->sessions[set->nsessions];
		const char *at = (const char *)sqlite3_column_text(stmt, 1);
		const char *label = (const char *)sqlite3_column_text(stmt, 2);

		s->id = sqlite3_column_int64(stmt, 0);
		if (set->nsessions == cap || !session_known(&set->g, s->id))
			continue;	/* a session stored since the grouping was read */
		set->nsessions++;
		snprintf(s->started_at, sizeof(s->started_at), "%s", at ? at : "");
		s->label = label ? strdup(label) : NULL;
		s->group = grouping_of_session(&set->g, s->id);
		if (label && !s->label)
			break;
	}
	sqlite3_finalize(stmt);
	if (rc == SQLITE_ROW)
		return report_oom(r);
	if (rc != SQLITE_DONE)
		return msg_fail(r->err, sizeof(r->err), "cannot read the sessions: %s",
				sqlite3_errmsg(r->db)), 2;
	return 0;
}

static int layout_build(const struct history_set *set, struct layout *lay)
{
	size_t n = set->nsessions, ng = set->g.n, i, *fill;

	lay->index_of = calloc(set->g.nsessions + 1, sizeof(*lay->index_of));
	lay->local = calloc(n + 1, sizeof(*lay->local));
	lay->group_start = calloc(ng + 2, sizeof(*lay->group_start));
	lay->member = calloc(n + 1, sizeof(*lay->member));
	fill = calloc(ng + 1, sizeof(*fill));
	if (!lay->index_of || !lay->local || !lay->group_start || !lay->member || !fill) {
		free(fill);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		lay->local[i] = lay->group_start[set->sessions[i].group + 1]++;
	for (i = 0; i < ng; i++)
		lay->group_start[i + 1] += lay->group_start[i];
	for (i = 0; i < n; i++)
		lay->member[lay->group_start[set->sessions[i].group] + fill[set->sessions[i].group]++] = i;
	free(fill);
	return 0;
}

/* index_of[k]: the set index of the grouping's k-th session (SIZE_MAX: not read). */
static void layout_index(const struct history_set *set, struct layout *lay)
{
	size_t i;

	for (i = 0; i < set->g.nsessions; i++)
		lay->index_of[i] = SIZE_MAX;
	for (i = 0; i < set->nsessions; i++)
		lay->index_of[grouping_position(&set->g, set->sessions[i].id)] = i;
}

static void layout_release(struct layout *lay)
{
	free(lay->index_of);
	free(lay->local);
	free(lay->group_start);
	free(lay->member);
}

static void readers_release(struct reader *rd, size_t nbuckets)
{
	size_t i, k;

	for (i = 0; i < PARALLEL_SHARDS_MAX; i++) {
		for (k = 0; rd[i].b && k < nbuckets; k++)
			bucket_release(&rd[i].b[k]);
		free(rd[i].b);
		free(rd[i].value);
		free(rd[i].have);
		free(rd[i].first);
	}
}

static int readers_init(struct history_set *set, const struct layout *lay, struct reader *rd,
			size_t nbuckets)
{
	size_t i;

	for (i = 0; i < PARALLEL_SHARDS_MAX; i++) {
		rd[i] = (struct reader){ .set = set, .lay = lay, .last_id = -1 };
		rd[i].b = calloc(nbuckets + 1, sizeof(*rd[i].b));
		rd[i].value = calloc(set->measures.n + 1, sizeof(*rd[i].value));
		rd[i].have = calloc(set->measures.n + 1, sizeof(*rd[i].have));
		rd[i].first = calloc(set->measures.ncat + 1, sizeof(*rd[i].first));
		if (!rd[i].b || !rd[i].value || !rd[i].have || !rd[i].first)
			return -ENOMEM;
	}
	return 0;
}

/* Bucket K of every shard, session by session, into history H. */
static int history_build(struct history *h, const struct reader *rd, size_t shards, size_t k,
			 const struct layout *lay)
{
	size_t group = h->group, nlocal = lay->group_start[group + 1] - lay->group_start[group];
	size_t *count = calloc(nlocal + 1, sizeof(*count)), total = 0, m = 0, i, *at;
	size_t s;

	if (!count)
		return -ENOMEM;
	for (s = 0; s < shards; s++)
		for (i = 0; i < rd[s].b[k].n; i++)
			count[rd[s].b[k].session[i]]++;
	for (i = 0; i < nlocal; i++)
		m += count[i] > 0;
	for (i = 0; i < nlocal; i++)
		total += count[i];
	h->v = malloc((total + 1) * sizeof(*h->v));
	h->first = malloc((m + 1) * sizeof(*h->first));
	h->session = malloc((m + 1) * sizeof(*h->session));
	at = malloc((nlocal + 1) * sizeof(*at));
	if (!h->v || !h->first || !h->session || !at) {
		free(count);
		free(at);
		return -ENOMEM;
	}
	/* Sessions with values, compacted; AT: where each local session's values go. */
	h->first[0] = 0;
	for (i = 0, m = 0; i < nlocal; i++) {
		if (!count[i])
			continue;
		at[i] = h->first[m];
		h->session[m] = lay->member[lay->group_start[group] + i];
		h->first[m + 1] = h->first[m] + count[i];
		m++;
	}
	for (s = 0; s < shards; s++)
		for (i = 0; i < rd[s].b[k].n; i++)
			h->v[at[rd[s].b[k].session[i]]++] = rd[s].b[k].value[i];
	h->h = (struct cp_history){ h->v, h->first, m };
	free(count);
	free(at);
	return 0;
}

/* Histories one by one; each one's buckets go once it is built (half the peak). */
static int histories_build(struct history_set *set, struct reader *rd, size_t shards,
			   const struct layout *lay)
{
	size_t nm = set->measures.n, k, s;

	set->n = set->g.n * nm;
	set->v = calloc(set->n + 1, sizeof(*set->v));
	if (!set->v)
		return -ENOMEM;
	for (k = 0; k < set->n; k++) {
		set->v[k].group = k / (nm ? nm : 1);
		set->v[k].measure = k % (nm ? nm : 1);
		if (history_build(&set->v[k], rd, shards, k, lay) < 0)
			return -ENOMEM;
		for (s = 0; s < shards; s++)
			bucket_release(&rd[s].b[k]);
	}
	return 0;
}

static int boots_read(struct report *r, const struct selection *sel, struct history_set *set,
		      const struct layout *lay)
{
	size_t nbuckets = set->g.n * set->measures.n;
	struct reader rd[PARALLEL_SHARDS_MAX];
	void *ctxs[PARALLEL_SHARDS_MAX];
	size_t shards = 0, i;
	int rc = 0;

	memset(rd, 0, sizeof(rd));
	if (readers_init(set, lay, rd, nbuckets) < 0) {
		readers_release(rd, nbuckets);
		return report_oom(r);
	}
	for (i = 0; i < PARALLEL_SHARDS_MAX; i++)
		ctxs[i] = &rd[i];
	rc = boots_each_parallel(r, sel, on_boot, ctxs, &shards);
	if (rc != 0)
		rc = rc == 2 ? 2 : report_oom(r);
	for (i = 0; rc == 0 && i < shards; i++)
		set->boots += rd[i].boots;
	if (rc == 0 && histories_build(set, rd, shards, lay) < 0)
		rc = report_oom(r);
	readers_release(rd, nbuckets);
	return rc;
}

int history_load(struct report *r, const struct selection *sel, const char *by,
		 struct measures *m, struct history_set *set)
{
	struct layout lay = { 0 };
	int rc;

	memset(set, 0, sizeof(*set));
	set->measures = *m;
	memset(m, 0, sizeof(*m));
	rc = grouping_load(r, sel, by, &set->g);
	if (rc == 0)
		rc = sessions_read(r, sel, set);
	if (rc == 0 && layout_build(set, &lay) < 0)
		rc = report_oom(r);
	if (rc == 0)
		layout_index(set, &lay);
	if (rc == 0)
		rc = boots_read(r, sel, set, &lay);
	layout_release(&lay);
	return rc;
}

void history_set_release(struct history_set *set)
{
	size_t k;

	for (k = 0; set->v && k < set->n; k++) {
		free(set->v[k].v);
		free(set->v[k].first);
		free(set->v[k].session);
	}
	free(set->v);
	for (k = 0; set->sessions && k < set->nsessions; k++)
		free(set->sessions[k].label);
	free(set->sessions);
	grouping_release(&set->g);
	measures_release(&set->measures);
	memset(set, 0, sizeof(*set));
}
