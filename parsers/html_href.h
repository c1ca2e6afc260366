/*
 * html_href.h - a page's hrefs, each resolved once (html.c's memo): a page
 * links one document from its title and its «Скачать», and repeats its
 * menu at the foot. Private to parsers/html*.c.
 */
#ifndef MA_HTML_HREF_H
#define MA_HTML_HREF_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/url.h"

struct href_seen {
	uint64_t hash;
	char *href;
	char *url;         /* NULL: not a link we follow */
	char *filename;
};

struct href_memo {
	struct href_seen *slots;
	size_t nslots;     /* a power of two, or 0 */
	size_t used;
	size_t bytes;      /* of the strings kept, at most CAP_HREF_MEMO_BYTES */
};

void href_memo_free(struct href_memo *m);

/*
 * The URL href resolves to against base and its file name (url_filename(),
 * "" when it has none); 1 when href is not a link to follow, -1 when out
 * of memory. The answer is kept in memo, up to CAP_HREF_MEMO_BYTES.
 */
int href_resolve(struct href_memo *memo, const struct url_base *base, const char *href,
                 char **url, char **filename);

#endif
