/*
 * html.h - links of an HTML page with the text that names them.
 *
 * html_parse() takes a page's bytes, its Content-Type and its URL; it does no
 * I/O. The charset comes from the header, then <meta>, then detection
 * (parsers/charset.h); the page is converted to UTF-8 and parsed with
 * libxml2's HTML parser. For every <a href> (and every file shown in the
 * page: <iframe src>, <embed src>, <object data>) it keeps the absolute URL
 * (resolved with curl's URL API against <base href> or the page URL), the
 * anchor text, the title attribute, the text of the enclosing list item,
 * table row, definition or card, and the percent-decoded file name.
 * All strings are UTF-8 with white space folded. A page whose shape passes
 * a cap (parsers/html_shape.h) is parsed up to the tag that passed it; the
 * excess says which cap.
 */
#ifndef MA_HTML_H
#define MA_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "parsers/html_shape.h"

struct html_link {
	char *url;        /* absolute, normalised; never NULL */
	char *text;       /* anchor text ("" when none) */
	char *title;      /* title attribute ("" when none) */
	char *context;    /* text of the enclosing li/tr/dd/card ("" when none) */
	char *filename;   /* last path segment, percent-decoded ("" for a directory) */
	bool in_nav;      /* inside <nav>, <header> or a menu block */
	bool embedded;    /* shown inside the page (<iframe src>, <embed src>, <object data>), not an <a href> */
};

struct html_page {
	char *url;              /* the page URL given */
	char *title;            /* <title>, "" when none */
	char *h1;               /* first <h1>, "" when none */
	char charset[40];       /* the charset the page was read in */
	struct html_link *links;
	size_t nlinks;
	size_t links_dropped;   /* links past CAP_LINKS_PER_PAGE */
	/* Not HTML_SHAPE_OK: the page passed a cap of its shape and was read only up to it. */
	enum html_excess excess;
	struct html_shape shape;
	size_t scripts;         /* <script> elements */
	size_t text_chars;      /* visible text (not the title, script, style, noscript, template), bytes but spaces */
	/* That text, a line per block element, up to CAP_PAGE_TEXT (cut at a whole character); never NULL. */
	char *text;
	size_t text_len;
};

/*
 * Is the page a shell a script fills in the browser (a single-page
 * application): no links, hardly any text (under CAP_SCRIPT_SHELL_TEXT),
 * and scripts?
 */
bool html_page_is_script_shell(const struct html_page *page);

/*
 * Set up libxml2 once, on the main thread, before pages are parsed on
 * other threads (each parse then has its own parser context).
 */
void html_global_init(void);

/* On success *out is owned by the caller (html_page_free). Safe on any thread after html_global_init(). */
int html_parse(struct html_page **out, const char *buf, size_t len,
               const char *content_type, const char *page_url);
void html_page_free(struct html_page *page);

#endif
