/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The report page's files: names, the manifest, pages written whole. */
#include "site_files.h"
#include "../../common/message.h"
#include "../../common/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MANIFEST_MAGIC "kvmboot-site 1"
#define MANIFEST_MAX (256u << 20)	/* past this it is not ours */
#define SLUG_MAX 40

uint64_t site_hash(uint64_t h, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

uint64_t site_hash_text(uint64_t h, const char *text)
{
	return text ? site_hash(h, text, strlen(text) + 1) : site_hash(h, "\xff", 1);
}

uint64_t site_hash_int(uint64_t h, int64_t v)
{
	return site_hash(h, &v, sizeof(v));
}

static bool slug_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char *site_series_file(const char *by, const char *name)
{
	uint64_t h = site_hash_text(site_hash_text(SITE_HASH_INIT, by), name);
	char slug[SLUG_MAX + 1], *file = NULL;
	size_t n = 0;

	for (; *name && n < SLUG_MAX; name++) {
		char c = slug_char(*name) ? *name : '-';

		if (c != '-' || (n > 0 && slug[n - 1] != '-'))
			slug[n++] = c;
	}
	while (n > 0 && slug[n - 1] == '-')
		n--;
	slug[n] = '\0';
	if (asprintf(&file, "series-%s%s%08" PRIx32 ".html", slug, n ? "-" : "",
		     (uint32_t)(h ^ (h >> 32))) < 0)
		return NULL;
	return file;
}

bool site_page_name(const char *name)
{
	static const char *const prefixes[] = { "series-", "session-", "boot-" };
	size_t i, len = strlen(name), p;

	if (len < 6 || strcmp(name + len - 5, ".html") != 0)
		return false;
	for (i = 0; i < 3; i++)
		if (strncmp(name, prefixes[i], strlen(prefixes[i])) == 0)
			break;
	if (i == 3)
		return false;
	for (p = strlen(prefixes[i]); p < len - 5; p++)
		if (!slug_char(name[p]) && name[p] != '-')
			return false;
	return true;
}

static void kept_release(struct site_kept *k)
{
	size_t i;

	free(k->file);
	for (i = 0; i < k->nfiles; i++)
		free(k->files[i]);
	free(k->files);
	free(k->row);
}

void site_manifest_release(struct site_manifest *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		kept_release(&m->v[i]);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* The next line of TEXT (its end at *END) copied, without its newline; NULL at the end. */
static char *line_take(const char **text, const char *end)
{
	const char *nl = memchr(*text, '\n', (size_t)(end - *text));
	char *line;

	if (!nl)
		return NULL;
	line = strndup(*text, (size_t)(nl - *text));
	*text = nl + 1;
	return line;
}

/* One series' record; -EINVAL when the text is not one, -ENOMEM. */
static int kept_parse(const char **text, const char *end, struct site_kept *k)
{
	char *head = line_take(text, end), file[256];
	unsigned long long fp;
	size_t i, rowlen;
	int n = 0;

	memset(k, 0, sizeof(*k));
	if (!head)
		return -EINVAL;
	if (sscanf(head, "series %255s %llx %d %zu %zu%n", file, &fp, &k->rank, &k->nfiles,
		   &rowlen, &n) != 5 || head[n] || k->nfiles > 1000000 ||
	    rowlen > (size_t)(end - *text) || !site_page_name(file)) {
		free(head);
		return -EINVAL;
	}
	free(head);
	k->fingerprint = fp;
	k->file = strdup(file);
	k->files = calloc(k->nfiles + 1, sizeof(*k->files));
	if (!k->file || !k->files)
		return -ENOMEM;
	for (i = 0; i < k->nfiles; i++)
		if (!(k->files[i] = line_take(text, end)) || !site_page_name(k->files[i]))
			return -EINVAL;
	if (rowlen >= (size_t)(end - *text) || (*text)[rowlen] != '\n')
		return -EINVAL;
	k->row = strndup(*text, rowlen);
	*text += rowlen + 1;
	return k->row ? 0 : -ENOMEM;
}

static int manifest_parse(const char *text, size_t len, struct site_manifest *m)
{
	const char *end = text + len;
	unsigned long long params;
	char *head = line_take(&text, end);
	int rc = 0, n = 0;

	if (!head || sscanf(head, MANIFEST_MAGIC " %llx%n", &params, &n) != 1 || head[n]) {
		free(head);
		return -EINVAL;
	}
	free(head);
	m->params = params;
	while (rc == 0 && text < end) {
		struct site_kept *grown = realloc(m->v, (m->n + 1) * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		m->v = grown;
		rc = kept_parse(&text, end, &m->v[m->n]);
		m->n++;	/* released with the rest, parsed or not */
	}
	return rc;
}

/* The manifest's text, or NULL (none, unreadable, too large). */
static char *manifest_slurp(const char *dir, size_t *len)
{
	char path[4200], *text = NULL;
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/" SITE_MANIFEST, dir);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < MANIFEST_MAX &&
	    (text = malloc((size_t)st.st_size + 1)) &&
	    read(fd, text, (size_t)st.st_size) != st.st_size) {
		free(text);
		text = NULL;
	}
	if (text) {
		*len = (size_t)st.st_size;
		text[*len] = '\0';
	}
	close(fd);
	return text;
}

int site_manifest_read(const char *dir, struct site_manifest *m)
{
	size_t len = 0;
	char *text = manifest_slurp(dir, &len);
	int rc;

	memset(m, 0, sizeof(*m));
	if (!text)
		return 0;
	rc = manifest_parse(text, len, m);
	free(text);
	if (rc < 0)
		site_manifest_release(m);	/* damaged: start afresh */
	return rc == -ENOMEM ? rc : 0;
}

const struct site_kept *site_manifest_find(const struct site_manifest *m, const char *file)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->v[i].file, file) == 0)
			return &m->v[i];
	return NULL;
}

int site_manifest_write(const char *dir, const struct site_manifest *m, char *err, size_t errlen)
{
	struct outfile o;
	char path[4200];
	size_t i, j;

	snprintf(path, sizeof(path), "%s/" SITE_MANIFEST, dir);
	if (outfile_open(&o, path, err, errlen) < 0)
		return -1;
	fprintf(o.f, MANIFEST_MAGIC " %" PRIx64 "\n", m->params);
	for (i = 0; i < m->n; i++) {
		const struct site_kept *k = &m->v[i];

		fprintf(o.f, "series %s %" PRIx64 " %d %zu %zu\n", k->file, k->fingerprint, k->rank,
			k->nfiles, strlen(k->row));
		for (j = 0; j < k->nfiles; j++)
			fprintf(o.f, "%s\n", k->files[j]);
		fprintf(o.f, "%s\n", k->row);
	}
	return outfile_commit(&o, err, errlen);
}

static bool listed(const struct site_manifest *m, const char *name)
{
	size_t i, j;

	for (i = 0; i < m->n; i++)
		for (j = 0; j < m->v[i].nfiles; j++)
			if (strcmp(m->v[i].files[j], name) == 0)
				return true;
	return false;
}

size_t site_stale_remove(const char *dir, const struct site_manifest *old,
			 const struct site_manifest *new)
{
	size_t i, j, removed = 0;
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	for (i = 0; i < old->n; i++)
		for (j = 0; j < old->v[i].nfiles; j++) {
			const char *name = old->v[i].files[j];

			if (site_page_name(name) && !listed(new, name) && unlinkat(fd, name, 0) == 0)
				removed++;
		}
	close(fd);
	return removed;
}

int site_page_begin(struct site_page *p, const char *dir, const char *name)
{
	memset(p, 0, sizeof(*p));
	if (asprintf(&p->path, "%s/%s", dir, name) < 0) {
		p->path = NULL;
		return -ENOMEM;
	}
	p->out = open_memstream(&p->text, &p->len);
	if (!p->out) {
		site_page_abort(p);
		return -ENOMEM;
	}
	return 0;
}

int site_page_commit(struct site_page *p, char *err, size_t errlen)
{
	int rc;

	if (fclose(p->out) != 0) {
		p->out = NULL;
		site_page_abort(p);
		return msg_fail(err, errlen, "out of memory");
	}
	p->out = NULL;
	rc = outfile_write(p->path, p->text, p->len, err, errlen);
	site_page_abort(p);
	return rc;
}

void site_page_abort(struct site_page *p)
{
	if (p->out)
		fclose(p->out);
	free(p->text);
	free(p->path);
	memset(p, 0, sizeof(*p));
}
