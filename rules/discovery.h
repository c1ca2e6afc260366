/*
 * discovery.h - the rule file's [discovery] block: the words by which the
 * section is looked for away from the registry URL (src/discover.c) and a
 * section's list is read to its last page (src/section.c). Pure functions
 * over parsed links; like rules.h, a pattern that cannot tell is a rule
 * error in *err (err may be NULL), never a match.
 *
 *   menu = PATTERN   a menu link's text (or title) naming an area the
 *                    section may sit under: «Педагогам», «Методическая
 *                    работа», «Родителям», «Дополнительное образование»
 *   next = PATTERN   a pager's link text to the next page («Следующая», «»»)
 *   page = PATTERN   a link's query naming a page of a list (PAGEN_1=2, page=3)
 *   path = /a/b/     a platform's known section path, tried last, in order
 *
 * To look for the section under another menu: one more `menu` line.
 */
#ifndef MA_DISCOVERY_H
#define MA_DISCOVERY_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/rules.h"

/*
 * Does the link name a parent area of the section? 0 when not; else the
 * rule-file line of the pattern that matched earliest in its text (a
 * smaller line is a likelier area: the file lists them so).
 */
unsigned rules_menu_rank(const struct ruleset *rs, const struct html_link *link, struct rule_error *err);

/* Is the link a pager's: its text says next page, or its query names a page? */
bool rules_is_pager_link(const struct ruleset *rs, const struct html_link *link, struct rule_error *err);

/* The known section paths ("/pedagogam-i-sotrudnikam/nastavnichestvo/"), in the file's order. */
size_t rules_known_path_count(const struct ruleset *rs);
const char *rules_known_path(const struct ruleset *rs, size_t i);

#endif
