/*
 * discover.h - the choices made while looking for the section, as pure
 * functions over parsed pages and sitemaps (discover_pick.c): which menu
 * links to open, which of a sitemap's URLs may be the section. The rules
 * decide what each link or path says (rules/rules.h, rules/discovery.h);
 * these only filter and order. discover.c makes the requests.
 */
#ifndef MA_DISCOVER_H
#define MA_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

struct ruleset;
struct html_page;

/* Are a and b on one site: the same host, a leading "www." and the scheme and port aside? */
bool discover_same_site(const char *a, const char *b);

/* A menu link of a page naming a parent area of the section. */
struct discover_menu {
	size_t link;       /* its index in the page's links */
	unsigned rank;     /* rules_menu_rank(): smaller is likelier */
};

/*
 * The page's links that name a parent area (rules_menu_rank()), on its
 * site, to a page (not a file), not the page itself, with a menu's short
 * text (under CAP_MENU_LINK_TEXT bytes), each URL once: the menu's
 * (<nav>, a menu block) first, then by rank, then in page order. At most
 * max in out; returns how many.
 */
size_t discover_menu_links(const struct ruleset *rs, const struct html_page *page,
                           struct discover_menu *out, size_t max);

/*
 * Of a sitemap's URLs (absolute), those on site's site (discover_same_site)
 * whose decoded path looks like the section (rules_is_section_page) and
 * that name no file: their indices, best first, at most max in out;
 * returns how many. Best: fewest path segments, then a last segment that
 * names the section itself (not a page below it), then no query, then the
 * shorter URL, then the sitemap's order.
 */
size_t discover_rank_section_urls(const struct ruleset *rs, const char *site, const char *const *urls,
                                  size_t n, size_t *out, size_t max);

#endif
