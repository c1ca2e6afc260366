/*
 * discovery.c - the [discovery] block's questions (discovery.h); load.c
 * reads the block.
 */
#include "rules/discovery.h"
#include "rules/ruleset.h"

#include <string.h>

#include "parsers/html.h"

/* The earliest match of pl in text: its pattern's line, or 0 (*err: the first that could not tell). */
static unsigned earliest_line(const struct ruleset *rs, struct rule_cache *cache, const struct patlist *pl,
                              const char *text, struct rule_error *err)
{
	struct rule_span span = { 0, 0, 0 };
	struct rule_error e = { 0, 0 };
	unsigned line = 0;

	if (rules_patlist_earliest(rs, cache, pl, text, &span, &e))
		line = span.line;
	if (!line && e.code && !err->code)
		*err = e;
	return line;
}

static void answer(const struct rule_error *first, bool yes, struct rule_error *err)
{
	if (err)
		*err = yes ? (struct rule_error){ 0, 0 } : *first;
}

unsigned rules_menu_rank(const struct ruleset *rs, const struct html_link *link, struct rule_error *err)
{
	struct rule_error first = { 0, 0 };
	struct rule_cache *cache = NULL;
	unsigned line = 0;

	/* Out of memory: no link names an area, and discovery goes on without the menus. */
	if (rules_cache_new(&cache) == 0) {
		line = earliest_line(rs, cache, &rs->discovery.menu, link->text, &first);
		if (!line)
			line = earliest_line(rs, cache, &rs->discovery.menu, link->title, &first);
	}
	rules_cache_free(cache);
	answer(&first, line != 0, err);
	return line;
}

bool rules_is_pager_link(const struct ruleset *rs, const struct html_link *link, struct rule_error *err)
{
	struct rule_error first = { 0, 0 };
	struct rule_cache *cache = NULL;
	const char *query = strchr(link->url, '?');
	bool yes = false;

	if (rules_cache_new(&cache) == 0)
		yes = earliest_line(rs, cache, &rs->discovery.next, link->text, &first) ||
		      earliest_line(rs, cache, &rs->discovery.next, link->title, &first) ||
		      (query && earliest_line(rs, cache, &rs->discovery.page, query + 1, &first));
	rules_cache_free(cache);
	answer(&first, yes, err);
	return yes;
}

size_t rules_known_path_count(const struct ruleset *rs)
{
	return rs->discovery.npaths;
}

const char *rules_known_path(const struct ruleset *rs, size_t i)
{
	return i < rs->discovery.npaths ? rs->discovery.paths[i] : NULL;
}
