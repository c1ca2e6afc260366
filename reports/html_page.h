/*
 * html_page.h - what every HTML page mentor-audit writes shares: escaping
 * of site-provided text, safe links, and the page frame with its inline
 * style and script. Private to reports/.
 *
 * Pages are self-contained: no external asset is referenced, and a
 * Content-Security-Policy forbids loading any, so a report opened offline
 * or mailed around looks the same, and nothing in it can call out.
 */
#ifndef MA_HTML_PAGE_H
#define MA_HTML_PAGE_H

#include <stddef.h>
#include <stdio.h>

#include "rules/verdict.h"

struct report_input;

/* Text for an element or an attribute value: & < > " ' escaped; NULL is "". */
void html_text(FILE *f, const char *s);
/* The same for the first n bytes of s (up to a NUL). */
void html_text_n(FILE *f, const char *s, size_t n);

/*
 * A link to url showing text; only http and https URLs become links (a
 * javascript: or data: URL from a site is shown as text). text NULL: the URL.
 */
void html_link(FILE *f, const char *url, const char *text);

/*
 * A registry id as a table cell's sort key: data-value="N" when the id is a
 * whole number (so 9 sorts before 10), else the row's position.
 */
void html_id_sort_key(FILE *f, const char *id, size_t position);

/* A status as a coloured badge with its Russian label. */
void html_status_badge(FILE *f, enum org_status st);

/* A share as "56,3 %" (decimal comma, no-break space). */
void html_share(FILE *f, double percent);

/* <!doctype> to <body>, with the title escaped. */
void html_page_begin(FILE *f, const char *title);
/* The inline script (sorting, filtering, the evidence dialog) and the closing tags. */
void html_page_end(FILE *f);

/* --group-by: «Показатели по группам», every indicator per group and over all; nothing without in->groups. */
struct run_summary;
void report_html_groups_section(FILE *f, const struct report_input *in, const struct run_summary *sum);

/*
 * With earlier runs (in->trend): «Динамика по проверкам», the compliant
 * share and each indicator over the runs and this one (html_trend.c);
 * and organisation i's status at each earlier run, newest first, for its
 * evidence. Nothing without earlier runs.
 */
void report_html_trend_section(FILE *f, const struct report_input *in, const struct run_summary *sum);
void report_html_trend_history(FILE *f, const struct report_input *in, size_t i);

/* The "what changed since the previous run" section (in->changes must be set). */
void report_html_changes_section(FILE *f, const struct report_input *in);

#endif
