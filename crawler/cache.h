/*
 * cache.h - validators and bodies kept across runs (--cache DIR), so that
 * a nightly re-run sends If-None-Match / If-Modified-Since and reuses what
 * a 304 Not Modified says is unchanged.
 *
 * One URL is two files under DIR/<2 hex>/: <16 hex>.meta (a few
 * "key: value" lines: url, status, content-type, effective-url, etag,
 * last-modified, length) and <16 hex>.body. The body is written first and
 * both are renamed into place, so a crash leaves the old entry or a body
 * whose length disagrees with its meta, which is then ignored.
 */
#ifndef MA_CACHE_H
#define MA_CACHE_H

#include <stddef.h>

#include "core/buf.h"

struct cache_entry {
	char *etag;           /* "" when the server sent none */
	char *last_modified;  /* "" when none */
	char *content_type;
	char *effective_url;
	long status;
	size_t length;        /* body bytes */
};

/* 0 and *e filled when the URL has an entry, 1 when it has none, -1 on error. */
int cache_lookup(const char *dir, const char *url, struct cache_entry *e);

/* Read the entry's body into b (which caps it). 0, or -1 when it is gone or differs. */
int cache_read_body(const char *dir, const char *url, const struct cache_entry *e, struct buf *b);

/* cache_store() could not write its files (a full disk ...). */
#define CACHE_ERR_WRITE (-2)

/*
 * Keep the response; e->length is taken from len. 0; -1 when it cannot be
 * kept (out of memory, a header past the meta file's cap: the run goes
 * on); CACHE_ERR_WRITE when a file could not be written. err gets one line
 * naming the file.
 */
int cache_store(const char *dir, const char *url, const struct cache_entry *e,
                const char *body, size_t len, char *err, size_t errlen);

void cache_entry_free(struct cache_entry *e);

#endif
