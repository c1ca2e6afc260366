/*
 * html_href.c - a page's hrefs, each resolved once (html_href.h).
 */
#include "parsers/html_href.h"

#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "core/hash.h"

void href_memo_free(struct href_memo *m)
{
	for (size_t i = 0; i < m->nslots; i++) {
		free(m->slots[i].href);
		free(m->slots[i].url);
		free(m->slots[i].filename);
	}
	free(m->slots);
}

/* The slot of href: its entry, or the empty slot it would take. */
static struct href_seen *href_slot(const struct href_memo *m, uint64_t hash, const char *href)
{
	for (size_t i = (size_t)hash & (m->nslots - 1);; i = (i + 1) & (m->nslots - 1)) {
		struct href_seen *e = &m->slots[i];

		if (!e->href || (e->hash == hash && strcmp(e->href, href) == 0))
			return e;
	}
}

static const struct href_seen *href_find(const struct href_memo *m, uint64_t hash, const char *href)
{
	const struct href_seen *e;

	if (m->nslots == 0)
		return NULL;
	e = href_slot(m, hash, href);
	return e->href ? e : NULL;
}

/* Keep what href resolved to; a full memo, or no memory, just keeps nothing. */
static void href_keep(struct href_memo *m, uint64_t hash, const char *href, const char *url,
                      const char *filename)
{
	size_t bytes = strlen(href) + (url ? strlen(url) + strlen(filename) : 0) + 3;
	struct href_seen e = { .hash = hash };
	struct href_seen *slot;

	if (m->bytes + bytes > CAP_HREF_MEMO_BYTES)
		return;
	if (2 * (m->used + 1) > m->nslots) {
		size_t n = m->nslots ? 2 * m->nslots : 64;
		struct href_memo bigger = { .slots = calloc(n, sizeof(*m->slots)), .nslots = n,
		                            .used = m->used, .bytes = m->bytes };

		if (!bigger.slots)
			return;
		for (size_t i = 0; i < m->nslots; i++)
			if (m->slots[i].href)
				*href_slot(&bigger, m->slots[i].hash, m->slots[i].href) = m->slots[i];
		free(m->slots);
		*m = bigger;
	}
	e.href = strdup(href);
	e.url = url ? strdup(url) : NULL;
	e.filename = url ? strdup(filename) : NULL;
	if (!e.href || (url && (!e.url || !e.filename))) {
		free(e.href);
		free(e.url);
		free(e.filename);
		return;
	}
	slot = href_slot(m, hash, href);
	*slot = e;
	m->used++;
	m->bytes += bytes;
}

int href_resolve(struct href_memo *memo, const struct url_base *base, const char *href,
                 char **url, char **filename)
{
	uint64_t hash = hash_fnv1a(HASH_FNV1A_INIT, href);
	const struct href_seen *seen = href_find(memo, hash, href);

	*url = *filename = NULL;
	if (seen) {
		if (!seen->url)
			return 1;
		*url = strdup(seen->url);
		*filename = strdup(seen->filename);
		return *url && *filename ? 0 : -1;
	}
	/* An href that cannot be resolved to an http(s) URL is not a link we follow. */
	if (!base || url_base_resolve(url, filename, base, href)) {
		href_keep(memo, hash, href, NULL, NULL);
		return 1;
	}
	if (!*filename)
		*filename = strdup("");
	if (!*filename)
		return -1;
	href_keep(memo, hash, href, *url, *filename);
	return 0;
}

