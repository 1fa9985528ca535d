/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A big table's older rows in a temporary file, a chunk at a time. */
#include "table_spool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NO_TEXT UINT32_MAX

struct table_spool {
	FILE *f;
	size_t ncols;
	long *chunk_at;		/* file offset of each chunk */
	size_t nchunks, cap;
	bool writing, failed;
	/* The chunk read back: its cells and captions (texts owned). */
	struct cell *cells;
	char **group;
	size_t loaded;		/* chunk index + 1; 0: none */
};

static FILE *temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s/kvmboot-report-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return NULL;
	unlink(path);	/* gone with the process, whatever ends it */
	f = fdopen(fd, "w+");
	if (!f)
		close(fd);
	return f;
}

struct table_spool *table_spool_new(size_t ncols)
{
	struct table_spool *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->ncols = ncols;
	s->cells = calloc(TABLE_WINDOW * ncols + 1, sizeof(*s->cells));
	s->group = calloc(TABLE_WINDOW, sizeof(*s->group));
	s->f = s->cells && s->group ? temp_file() : NULL;
	if (!s->f) {
		table_spool_free(s);
		return NULL;
	}
	s->writing = true;
	return s;
}

static void text_put(FILE *f, const char *text)
{
	uint32_t len = text ? (uint32_t)strlen(text) : NO_TEXT;

	fwrite(&len, sizeof(len), 1, f);
	if (text)
		fwrite(text, 1, len, f);
}

static void cell_put(FILE *f, const struct cell *c)
{
	unsigned char type = (unsigned char)c->type;

	fputc(type, f);
	if (c->type == CELL_INT)
		fwrite(&c->i, sizeof(c->i), 1, f);
	else if (c->type == CELL_REAL)
		fwrite(&c->d, sizeof(c->d), 1, f);
	else if (c->type == CELL_TEXT)
		text_put(f, c->s);
}

int table_spool_write(struct table_spool *s, struct cell *cells, char **group, size_t n)
{
	size_t r, c;

	if (s->nchunks == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		long *at = realloc(s->chunk_at, cap * sizeof(*at));

		if (!at)
			s->failed = true;
		else {
			s->chunk_at = at;
			s->cap = cap;
		}
	}
	if (!s->failed)
		s->chunk_at[s->nchunks++] = ftell(s->f);
	for (r = 0; r < n; r++) {
		if (!s->failed)
			text_put(s->f, group[r]);
		free(group[r]);
		for (c = 0; c < s->ncols; c++) {
			if (!s->failed)
				cell_put(s->f, &cells[r * s->ncols + c]);
			free(cells[r * s->ncols + c].s);
		}
	}
	if (ferror(s->f))
		s->failed = true;
	return s->failed ? -EIO : 0;
}

static char *text_get(FILE *f, bool *ok)
{
	uint32_t len;
	char *text;

	if (fread(&len, sizeof(len), 1, f) != 1)
		return *ok = false, NULL;
	if (len == NO_TEXT)
		return NULL;
	text = malloc((size_t)len + 1);
	if (!text || fread(text, 1, len, f) != len) {
		free(text);
		return *ok = false, NULL;
	}
	text[len] = '\0';
	return text;
}

static bool cell_get(FILE *f, struct cell *c)
{
	bool ok = true;
	int type = fgetc(f);

	memset(c, 0, sizeof(*c));
	if (type < CELL_NULL || type > CELL_TEXT)
		return false;
	c->type = (enum cell_type)type;
	if (c->type == CELL_INT)
		ok = fread(&c->i, sizeof(c->i), 1, f) == 1;
	else if (c->type == CELL_REAL)
		ok = fread(&c->d, sizeof(c->d), 1, f) == 1;
	else if (c->type == CELL_TEXT)
		ok = (c->s = text_get(f, &ok)) != NULL && ok;
	return ok;
}

static void loaded_free(struct table_spool *s)
{
	size_t i;

	for (i = 0; i < TABLE_WINDOW * s->ncols; i++)
		free(s->cells[i].s);
	for (i = 0; i < TABLE_WINDOW; i++)
		free(s->group[i]);
	memset(s->cells, 0, TABLE_WINDOW * s->ncols * sizeof(*s->cells));
	memset(s->group, 0, TABLE_WINDOW * sizeof(*s->group));
	s->loaded = 0;
}

static int chunk_load(struct table_spool *s, size_t k)
{
	size_t r, c;
	bool ok = true;

	loaded_free(s);
	if (s->writing && fflush(s->f) != 0)
		return -EIO;
	s->writing = false;
	if (fseek(s->f, s->chunk_at[k], SEEK_SET) != 0)
		return -EIO;
	for (r = 0; ok && r < TABLE_WINDOW; r++) {
		s->group[r] = text_get(s->f, &ok);
		for (c = 0; ok && c < s->ncols; c++)
			ok = cell_get(s->f, &s->cells[r * s->ncols + c]);
	}
	if (!ok)
		return -EIO;
	s->loaded = k + 1;
	return 0;
}

const struct cell *table_spool_row(struct table_spool *s, size_t r, const char **group)
{
	size_t k = r / TABLE_WINDOW;

	*group = NULL;
	if (s->failed || k >= s->nchunks)
		return s->failed = true, s->cells;	/* zeroed: all NULL */
	if (s->loaded != k + 1 && chunk_load(s, k) < 0) {
		s->failed = true;
		loaded_free(s);
		return s->cells;
	}
	*group = s->group[r % TABLE_WINDOW];
	return &s->cells[(r % TABLE_WINDOW) * s->ncols];
}

bool table_spool_failed(const struct table_spool *s)
{
	return s->failed;
}

void table_spool_free(struct table_spool *s)
{
	if (!s)
		return;
	if (s->cells && s->group)
		loaded_free(s);
	free(s->cells);
	free(s->group);
	free(s->chunk_at);
	if (s->f)
		fclose(s->f);
	free(s);
}
