/*
 * html_source.h - where an element of a page links to: an <a>'s or <area>'s
 * href (or, when that leads nowhere, the address its onclick script opens),
 * the file an <iframe>, <frame>, <embed> or <object> shows, a jump menu's
 * <option value>. Private to parsers/html*.c.
 */
#ifndef MA_HTML_SOURCE_H
#define MA_HTML_SOURCE_H

#include <stdbool.h>

#include <libxml/tree.h>

/* html.c's readers of the parse tree, shared with html_source.c. */
bool html_is_element(const xmlNode *n, const char *name);
/*
 * An attribute's value, read in place when it is one text node; otherwise
 * xmlGetProp()'s copy, which *copy gets for the caller to xmlFree().
 */
const char *html_attr_value(const xmlNode *n, const char *name, xmlChar **copy);

struct html_source {
	char *href;        /* as written (or as the script names it), a copy */
	bool embedded;     /* shown inside the page: no text of its own */
	bool menu;         /* a jump menu's item: a menu's link */
};

/*
 * The address element n links to: 1 and *out (out->href for the caller to
 * free); 0 when n links nowhere a crawler can go (no address, a fragment,
 * javascript:, mailto: …); -1 when out of memory.
 */
int html_link_source(const xmlNode *n, struct html_source *out);

/*
 * The first quoted string an onclick script opens: the argument of
 * window.open(), location.assign() or location.replace(), or the value
 * assigned to location or location.href. A copy (caller frees), or NULL
 * when it opens none (or out of memory). No script is run.
 */
char *html_onclick_target(const char *onclick);

#endif
