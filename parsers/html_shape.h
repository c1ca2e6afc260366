/*
 * html_shape.h - how much an HTML text asks of a parser, measured in one
 * linear pass before libxml2 sees it.
 *
 * libxml2's HTML parser is quadratic in the attributes of one tag (25 000
 * attributes took 3 s, 100 000 took 25 s) and builds a tree as large as
 * the page asks (a million links took 388 MB). What is parsed of a page
 * stays within the caps in core/caps.h, so it parses in bounded time and
 * memory.
 *
 * The scan is a tokenizer of tags only: comments, doctypes and the text of
 * script, style and the other raw-text elements are skipped as the HTML
 * standard's tokenizer skips them. Depth is approximate: elements whose end
 * tag may be left out (p, li, td ...) and void elements do not nest. No I/O.
 *
 * A page past a cap is read up to the tag that passed it, as a page past
 * the body cap is read up to the cap: what comes before is within every
 * cap, what comes after is "не проверено".
 */
#ifndef MA_HTML_SHAPE_H
#define MA_HTML_SHAPE_H

#include <stddef.h>

struct html_shape {
	size_t within;            /* bytes before the tag that passed a cap (all when none did) */
	size_t elements;          /* start tags */
	size_t attributes;        /* in all of them */
	size_t tag_attributes;    /* the most in one tag */
	size_t depth;             /* the deepest nesting of elements that must be closed */
};

/* Which cap a shape passes first, by the order below; HTML_SHAPE_OK when none. */
enum html_excess {
	HTML_SHAPE_OK,
	HTML_TOO_MANY_TAG_ATTRIBUTES,   /* CAP_HTML_TAG_ATTRIBUTES */
	HTML_TOO_MANY_ATTRIBUTES,       /* CAP_HTML_ATTRIBUTES */
	HTML_TOO_MANY_ELEMENTS,         /* CAP_HTML_ELEMENTS */
	HTML_TOO_DEEP,                  /* CAP_HTML_DEPTH */
	HTML_EXCESS_KINDS
};

/*
 * Measure text[0..len) into *out. The scan stops as soon as a cap is
 * passed: *excess says which, or HTML_SHAPE_OK when none was.
 */
void html_shape_scan(const char *text, size_t len, struct html_shape *out,
                     enum html_excess *excess);
/* The cap of an excess, and its name ("attributes in one tag", ...). */
size_t html_excess_cap(enum html_excess e);
const char *html_excess_name(enum html_excess e);
/* The count of *s that an excess is about. */
size_t html_excess_count(const struct html_shape *s, enum html_excess e);

#endif
