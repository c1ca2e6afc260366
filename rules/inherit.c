/*
 * inherit.c - a rule file written before a block or list existed (or
 * without it) takes the built-in rules' one: [discovery], [cloud], the
 * [links] viewers, the [content] organisation and institution patterns and the plain lists
 * of [links] and [http].
 */
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/ruleset.h"
#include "rules/words.h"

/* A rule file without [discovery] looks for the section as the built-in rules do. */
static int discovery_inherit(struct rule_discovery *d, const struct rule_discovery *from)
{
	if (d->given)
		return 0;
	if (rules_patlist_copy(&d->menu, &from->menu) || rules_patlist_copy(&d->next, &from->next) ||
	    rules_patlist_copy(&d->page, &from->page))
		return -1;
	for (size_t i = 0; i < from->npaths && d->npaths < CAP_RULE_WORDS; i++) {
		d->paths[d->npaths] = strdup(from->paths[i]);
		if (!d->paths[d->npaths])
			return -1;
		d->npaths++;
	}
	return 0;
}

/* A rule file without [cloud] follows the disks the built-in rules know. */
static int cloud_inherit(struct rule_cloud *c, const struct rule_cloud *from)
{
	if (c->given)
		return 0;
	if (rules_patlist_copy(&c->link, &from->link))
		return -1;
	for (size_t i = 0; i < from->link.n; i++) {
		c->download[i] = from->download[i] ? strdup(from->download[i]) : NULL;
		c->field[i] = from->field[i] ? strdup(from->field[i]) : NULL;
		if ((from->download[i] && !c->download[i]) || (from->field[i] && !c->field[i]))
			return -1;
	}
	return 0;
}

int rules_inherit_lists(struct ruleset *rs, const struct ruleset *from)
{
	if (discovery_inherit(&rs->discovery, &from->discovery) || cloud_inherit(&rs->cloud, &from->cloud))
		return -1;
	/* A rule file without viewers unwraps the ones the built-in rules know. */
	if (rs->viewer.n == 0 && rules_patlist_copy(&rs->viewer, &from->viewer))
		return -1;
	/* One without organisation patterns tells another organisation's documents as they do. */
	if (rs->organisation.n == 0 && rules_patlist_copy(&rs->organisation, &from->organisation))
		return -1;
	if (rs->institution.n == 0 && rules_patlist_copy(&rs->institution, &from->institution))
		return -1;
	if (!rule_words_empty(&rs->words))
		return 0;
	return rule_words_inherit(&rs->words, &from->words);
}
