/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Spans between any two milestones, and lists of them. Pure. */
#include "span.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copies TEXT (LEN bytes) without the blanks around it into END's next name. */
static int name_add(struct span_end *end, const char *text, size_t len)
{
	while (len && (*text == ' ' || *text == '\t'))
		text++, len--;
	while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
		len--;
	if (len == 0)
		return -EINVAL;
	if (end->n == SPAN_ALTS || len >= SPAN_NAME_MAX)
		return -E2BIG;
	memcpy(end->names[end->n], text, len);
	end->names[end->n][len] = '\0';
	end->pos[end->n++] = -1;
	return 0;
}

/* Parses "A|B|C" (LEN bytes of TEXT) into END; names may be "point 9". */
static int end_parse(const char *text, size_t len, struct span_end *end)
{
	size_t start = 0, i;
	int rc;

	memset(end, 0, sizeof(*end));
	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '|')
			continue;
		rc = name_add(end, text + start, i - start);
		if (rc < 0)
			return rc;
		start = i + 1;
	}
	return 0;
}

int span_parse(const char *text, struct span *out)
{
	const char *dots = strstr(text, "..");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!dots || strstr(dots + 2, ".."))
		return -EINVAL;
	rc = end_parse(text, (size_t)(dots - text), &out->from);
	if (rc == 0)
		rc = end_parse(dots + 2, strlen(dots + 2), &out->to);
	if (rc == 0 && strlen(text) >= SPAN_TEXT_MAX)
		return -E2BIG;
	if (rc == 0)
		snprintf(out->name, sizeof(out->name), "%s", text);
	return rc;
}

int span_parse_named(const char *text, struct span *out)
{
	const char *eq = strchr(text, '=');
	size_t n = eq ? (size_t)(eq - text) : 0;
	int rc;

	while (n && (*text == ' ' || *text == '\t'))
		text++, n--;
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (!eq || n == 0 || memchr(text, '|', n) || memmem(text, n, "..", 2))
		return -EINVAL;
	if (n >= SPAN_NAME_MAX)
		return -E2BIG;
	rc = span_parse(eq + 1, out);
	if (rc < 0)
		return rc;
	memcpy(out->name, text, n);
	out->name[n] = '\0';
	return 0;
}

static void end_format(const struct span_end *end, char *buf, size_t len)
{
	size_t i, at = strlen(buf);

	for (i = 0; i < end->n && at < len; i++) {
		snprintf(buf + at, len - at, "%s%s", i ? "|" : "", end->names[i]);
		at += strlen(buf + at);
	}
}

void span_format(const struct span *s, char *buf, size_t len)
{
	if (!len)
		return;
	buf[0] = '\0';
	end_format(&s->from, buf, len);
	snprintf(buf + strlen(buf), len - strlen(buf), "..");
	end_format(&s->to, buf, len);
}

void span_bind(struct span *s, span_find_fn find, const void *ctx)
{
	size_t i;

	for (i = 0; i < s->from.n; i++)
		s->from.pos[i] = find(ctx, s->from.names[i]);
	for (i = 0; i < s->to.n; i++)
		s->to.pos[i] = find(ctx, s->to.names[i]);
}

void span_first_hits(const int *ms, const int64_t *time_ns, size_t n, int64_t *first,
		     size_t ncat)
{
	size_t i;

	for (i = 0; i < ncat; i++)
		first[i] = -1;
	for (i = 0; i < n; i++)
		if (ms[i] >= 0 && (size_t)ms[i] < ncat && first[ms[i]] < 0)
			first[ms[i]] = time_ns[i];
}

/* The first hit of the first alternative of END present in the boot, or -1. */
static int64_t end_time(const struct span_end *end, const int64_t *first, size_t ncat)
{
	size_t i;

	for (i = 0; i < end->n; i++)
		if (end->pos[i] >= 0 && (size_t)end->pos[i] < ncat && first[end->pos[i]] >= 0)
			return first[end->pos[i]];
	return -1;
}

const char *span_kind(const struct span *s)
{
	return s->cpu ? "host" : strstr(s->name, "..") ? "span" : "stage";
}

bool span_measure(const struct span *s, const int64_t *first, size_t ncat, int64_t *out)
{
	int64_t a = end_time(&s->from, first, ncat), b = end_time(&s->to, first, ncat);

	if (a < 0 || b < 0)
		return false;
	*out = b - a;
	return true;
}

int span_list_find(const struct span_list *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return (int)i;
	return -1;
}

int span_list_put(struct span_list *l, const struct span *s)
{
	int at = span_list_find(l, s->name);

	if (at >= 0) {
		l->v[at] = *s;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct span *grown = realloc(l->v, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		l->v = grown;
		l->cap = cap;
	}
	l->v[l->n++] = *s;
	return 0;
}

void span_list_release(struct span_list *l)
{
	free(l->v);
	memset(l, 0, sizeof(*l));
}
