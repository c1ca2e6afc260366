/*
 * discover_pick.c - which menu links to open and which sitemap URLs may be
 * the section (discover.h): filters and orders over what the rules say.
 */
#include "src/discover.h"

#include <stdlib.h>
#include <string.h>

#include "core/caps.h"
#include "parsers/html.h"
#include "parsers/url.h"
#include "rules/discovery.h"
#include "rules/rules.h"

/* The host without a leading "www.", or NULL. */
static char *site_host(const char *url)
{
	char *host = NULL;

	if (url_host(&host, url))
		return NULL;
	if (strncmp(host, "www.", 4) == 0)
		memmove(host, host + 4, strlen(host + 4) + 1);
	return host;
}

bool discover_same_site(const char *a, const char *b)
{
	char *ha = site_host(a), *hb = site_host(b);
	bool same = ha && hb && strcmp(ha, hb) == 0;

	free(ha);
	free(hb);
	return same;
}

/*
 * Put item at position at of a list of *n items of size bytes, sorted, at
 * most max long: the last one falls off a full list.
 */
static void insert_sorted(void *items, size_t *n, size_t max, size_t size, size_t at, const void *item)
{
	char *base = items;

	if (at >= max)
		return;
	if (*n < max)
		(*n)++;
	memmove(base + (at + 1) * size, base + at * size, (*n - 1 - at) * size);
	memcpy(base + at * size, item, size);
}

/* Is a before b: the menu's first, then the likelier area, then the page's order? */
static bool menu_before(const struct html_page *page, const struct discover_menu *a, const struct discover_menu *b)
{
	bool na = page->links[a->link].in_nav, nb = page->links[b->link].in_nav;

	if (na != nb)
		return na;
	if (a->rank != b->rank)
		return a->rank < b->rank;
	return a->link < b->link;
}

static bool menu_listed(const struct html_page *page, const struct discover_menu *out, size_t n, const char *url)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(page->links[out[i].link].url, url) == 0)
			return true;
	return false;
}

size_t discover_menu_links(const struct ruleset *rs, const struct html_page *page,
                           struct discover_menu *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < page->nlinks && max; i++) {
		const struct html_link *l = &page->links[i];
		struct discover_menu m = { i, 0 };
		size_t at;

		if (strlen(l->text) >= CAP_MENU_LINK_TEXT || !discover_same_site(page->url, l->url) ||
		    rules_is_document_file(rs, l->filename) || url_equivalent(page->url, l->url) ||
		    menu_listed(page, out, n, l->url))
			continue;
		/* A link the rules cannot tell is not opened: the others still are. */
		m.rank = rules_menu_rank(rs, l, NULL);
		if (!m.rank)
			continue;
		for (at = n; at > 0 && menu_before(page, &m, &out[at - 1]); at--)
			;
		insert_sorted(out, &n, max, sizeof(*out), at, &m);
	}
	return n;
}

/* What ranks a sitemap URL that looks like the section. */
struct section_url {
	size_t index;
	size_t segments;
	bool last_names_it;   /* its last segment alone names the section */
	bool query;
	size_t len;
};

/* Path segments of a decoded path, and its last one (in *last, pointing into path). */
static size_t segments(const char *path, const char **last)
{
	size_t n = 0;
	const char *s = path;

	*last = path;
	while (*s) {
		while (*s == '/')
			s++;
		if (!*s)
			break;
		*last = s;
		n++;
		while (*s && *s != '/')
			s++;
	}
	return n;
}

static bool url_before(const struct section_url *a, const struct section_url *b)
{
	if (a->segments != b->segments)
		return a->segments < b->segments;
	if (a->last_names_it != b->last_names_it)
		return a->last_names_it;
	if (a->query != b->query)
		return !a->query;
	if (a->len != b->len)
		return a->len < b->len;
	return a->index < b->index;
}

/* Does the URL look like the section? *su: how it ranks. */
static bool section_like(const struct ruleset *rs, const char *url, struct section_url *su)
{
	char *path = NULL, *file = NULL;
	const char *last;
	bool yes = false;

	if (url_path_decoded(&path, url) || url_filename(&file, url))
		goto out;
	if (rules_is_document_file(rs, file) || !rules_is_section_page(rs, path, "", "", NULL))
		goto out;
	su->segments = segments(path, &last);
	su->last_names_it = rules_is_section_page(rs, last, "", "", NULL);
	su->query = strchr(url, '?') != NULL;
	su->len = strlen(url);
	yes = true;
out:
	free(path);
	free(file);
	return yes;
}

size_t discover_rank_section_urls(const struct ruleset *rs, const char *site, const char *const *urls,
                                  size_t n, size_t *out, size_t max)
{
	struct section_url *best = max ? calloc(max, sizeof(*best)) : NULL;
	size_t kept = 0;

	if (!best)
		return 0;
	for (size_t i = 0; i < n; i++) {
		struct section_url su = { .index = i };
		size_t at;

		if (!discover_same_site(site, urls[i]) || !section_like(rs, urls[i], &su))
			continue;
		for (at = kept; at > 0 && url_before(&su, &best[at - 1]); at--)
			;
		insert_sorted(best, &kept, max, sizeof(*best), at, &su);
	}
	for (size_t i = 0; i < kept; i++)
		out[i] = best[i].index;
	free(best);
	return kept;
}
