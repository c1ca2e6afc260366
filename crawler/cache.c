/*
 * cache.c - the --cache directory: validators and bodies per URL.
 */
#include "crawler/cache.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "core/file.h"
#include "core/hash.h"
#include "core/lines.h"
#include "core/macros.h"

/* A meta file holds a URL, a few headers and numbers: never more than this. */
#define CACHE_META_CAP (CAP_URL_BYTES * 2 + CAP_HEADER_VALUE * 4 + 256)
#define CACHE_ERR_LEN 256

struct meta_key {
	const char *name;
	size_t offset;        /* of the char * in struct cache_entry */
};

static const struct meta_key meta_keys[] = {
	{ "etag", offsetof(struct cache_entry, etag) },
	{ "last-modified", offsetof(struct cache_entry, last_modified) },
	{ "content-type", offsetof(struct cache_entry, content_type) },
	{ "effective-url", offsetof(struct cache_entry, effective_url) },
};

static char **field(struct cache_entry *e, size_t i)
{
	return (char **)((char *)e + meta_keys[i].offset);
}

/* DIR/ab/abcdef0123456789.SUFFIX for the URL (FNV-1a, 64 bits); with subdir, DIR/ab alone. */
static char *entry_path(const char *dir, const char *url, const char *suffix, bool subdir)
{
	uint64_t h = hash_fnv1a(HASH_FNV1A_INIT, url);
	char hex[17], *path;
	size_t n;

	snprintf(hex, sizeof(hex), "%016" PRIx64, h);
	n = strlen(dir) + 2 + 2 + 16 + strlen(suffix) + 4;
	path = malloc(n);
	if (!path)
		return NULL;
	if (subdir)
		snprintf(path, n, "%s/%.2s", dir, hex);
	else
		snprintf(path, n, "%s/%.2s/%s%s", dir, hex, hex, suffix);
	return path;
}

void cache_entry_free(struct cache_entry *e)
{
	for (size_t i = 0; i < COUNT(meta_keys); i++) {
		free(*field(e, i));
		*field(e, i) = NULL;
	}
}

/* One "key: value" line of a meta file into e; unknown keys are skipped. */
static int meta_line(struct cache_entry *e, char *line, bool *url_ok, const char *url)
{
	char *colon = strstr(line, ": ");
	const char *val;

	if (!colon)
		return 0;
	*colon = '\0';
	val = colon + 2;
	if (strcmp(line, "url") == 0) {
		*url_ok = strcmp(val, url) == 0;
		return 0;
	}
	if (strcmp(line, "status") == 0) {
		e->status = strtol(val, NULL, 10);
		return 0;
	}
	if (strcmp(line, "length") == 0) {
		e->length = (size_t)strtoull(val, NULL, 10);
		return 0;
	}
	for (size_t i = 0; i < COUNT(meta_keys); i++) {
		if (strcmp(line, meta_keys[i].name) == 0) {
			free(*field(e, i));
			*field(e, i) = strdup(val);
			return *field(e, i) ? 0 : -1;
		}
	}
	return 0;
}

int cache_lookup(const char *dir, const char *url, struct cache_entry *e)
{
	char *path = entry_path(dir, url, ".meta", false);
	char *text = NULL;
	char err[CACHE_ERR_LEN];
	size_t len;
	struct lines lines;
	struct line ln;
	bool url_ok = false;
	int rc = -1;

	memset(e, 0, sizeof(*e));
	if (!path)
		return -1;
	if (file_read_all(&text, &len, path, CACHE_META_CAP, err, sizeof(err))) {
		rc = 1;    /* no entry (or an unreadable one: the same to us) */
		goto out;
	}
	lines_init(&lines, text, len, 0, 0);
	while (lines_next(&lines, &ln)) {
		/* our own copy of the file: each line is ended in place for meta_line() */
		char *line = text + (ln.s - text);

		line[ln.len] = '\0';
		if (meta_line(e, line, &url_ok, url))
			goto out;
	}
	for (size_t i = 0; i < COUNT(meta_keys); i++) {
		if (!*field(e, i))
			*field(e, i) = strdup("");
		if (!*field(e, i))
			goto out;
	}
	/* Another URL with the same hash, or no validator: as if absent. */
	rc = url_ok && e->status >= 200 && e->status < 300 && (*e->etag || *e->last_modified) ? 0 : 1;
out:
	if (rc != 0)
		cache_entry_free(e);
	free(text);
	free(path);
	return rc;
}

int cache_read_body(const char *dir, const char *url, const struct cache_entry *e, struct buf *b)
{
	char *path = entry_path(dir, url, ".body", false);
	char *text = NULL;
	char err[CACHE_ERR_LEN];
	size_t len = 0;
	int rc = -1;

	if (!path)
		return -1;
	if (file_read_all(&text, &len, path, b->cap, err, sizeof(err)) == 0 && len == e->length) {
		buf_reset(b);
		rc = buf_add(b, text, len) ? -1 : 0;
	}
	free(text);
	free(path);
	return rc;
}

/*
 * One "key: value" line. Header values never hold line breaks, but a meta
 * file must not trust that. 0, or a BUF_ERR_ code.
 */
static int put_value(struct buf *b, const char *key, const char *val)
{
	int rc = buf_addstr(b, key);

	if (!rc)
		rc = buf_addstr(b, ": ");
	for (const char *p = val ? val : ""; *p && !rc; p++)
		rc = buf_addc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
	return rc ? rc : buf_addc(b, '\n');
}

struct bytes {
	const char *data;
	size_t len;
};

static int write_bytes(FILE *f, const void *ctx)
{
	const struct bytes *b = ctx;

	return b->len && fwrite(b->data, 1, b->len, f) != b->len ? -1 : 0;
}

int cache_store(const char *dir, const char *url, const struct cache_entry *e,
                const char *body, size_t len, char *err, size_t errlen)
{
	char *subdir = entry_path(dir, url, "", true);
	char *body_path = entry_path(dir, url, ".body", false);
	char *meta_path = entry_path(dir, url, ".meta", false);
	struct buf meta;
	int rc = -1;

	snprintf(err, errlen, "out of memory");
	buf_init(&meta, CACHE_META_CAP);
	if (!subdir || !body_path || !meta_path)
		goto out;
	/* a meta file cut short would keep a wrong entry: none is kept instead */
	if (put_value(&meta, "url", url) ||
	    buf_printf(&meta, "status: %ld\nlength: %zu\n", e->status, len)) {
		snprintf(err, errlen, "a meta file over %zu bytes", (size_t)CACHE_META_CAP);
		goto out;
	}
	for (size_t i = 0; i < COUNT(meta_keys); i++) {
		if (put_value(&meta, meta_keys[i].name, *field((struct cache_entry *)e, i))) {
			snprintf(err, errlen, "a meta file over %zu bytes", (size_t)CACHE_META_CAP);
			goto out;
		}
	}
	/* Not fsync'd: a cache entry lost in a crash only costs a full fetch next time. */
	rc = CACHE_ERR_WRITE;
	if (file_make_dirs(subdir, err, errlen) ||
	    file_write_atomic(body_path, write_bytes, &(struct bytes){ body, len }, false, err, errlen) ||
	    file_write_atomic(meta_path, write_bytes, &(struct bytes){ meta.data, meta.len }, false,
	                      err, errlen))
		goto out;
	err[0] = '\0';
	rc = 0;
out:
	buf_free(&meta);
	free(subdir);
	free(body_path);
	free(meta_path);
	return rc;
}
