/*
 * sitemap.h - the URLs a sitemap lists (sitemaps.org protocol 0.9): the
 * pages of a <urlset>, or the sitemaps of a <sitemapindex>. From a buffer,
 * no I/O: the caller fetches the file (curl has decoded a gzip
 * Content-Encoding by then) and hands over its bytes.
 *
 * Each <loc> counted is the direct child of a <url> (in a <urlset>) or of a
 * <sitemap> (in a <sitemapindex>) in the root's namespace, whichever it is
 * (the sitemaps.org one, an older Google one, none): an extension's
 * <image:loc> or <video:loc> is not a page. Its text is trimmed of white
 * space and kept as written (relative ones too: the caller resolves them);
 * an empty one, one of CAP_URL_BYTES or more, and one with a control
 * character are skipped.
 *
 * XXE-safe: no network, no DTD loaded, no entity substituted (an entity
 * reference's text is left out), no XML_PARSE_HUGE. Bytes past
 * CAP_SITEMAP_BYTES are not read; neither is anything after an XML error:
 * the <loc>s read before it are kept (a cut or broken file gives what it
 * had). Garbage is no error: it is a sitemap of neither kind, with no URL.
 *
 * To read another kind of sitemap (an RSS feed, a text file of URLs): one
 * more kind and its root element in sitemap.c's table.
 */
#ifndef MA_SITEMAP_H
#define MA_SITEMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

enum sitemap_kind {
	SITEMAP_NONE,      /* neither: not XML, or another root element */
	SITEMAP_URLSET,    /* <urlset>: its <loc>s are pages */
	SITEMAP_INDEX,     /* <sitemapindex>: its <loc>s are sitemaps */
};

struct sitemap {
	enum sitemap_kind kind;
	char **locs;       /* the <loc> texts in file order, NUL-terminated */
	size_t nlocs;
	size_t dropped;    /* <loc>s past max_locs, counted, not kept */
	bool cut;          /* the buffer was longer than CAP_SITEMAP_BYTES: read up to it */
	bool broken;       /* an XML error ended the reading (what came before it is kept) */
};

/*
 * Parse buf[0..len) (not NUL-terminated), keeping at most max_locs <loc>s
 * (more are counted in dropped). 0 with *out owned by the caller (free
 * with sitemap_free), or -1 when out of memory (*out is NULL then).
 */
int sitemap_parse(struct sitemap **out, const char *buf, size_t len, size_t max_locs);

/* Free s; NULL is fine. */
void sitemap_free(struct sitemap *s);

/* "urlset", "sitemapindex", "none". */
const char *sitemap_kind_name(enum sitemap_kind kind);

#endif
