/*
 * builtin.c - choosing between a rule file and the built-in rules.
 */
#include "rules/builtin.h"

#include "rules/rules.h"

int rules_load_or_builtin(struct ruleset **out, const char *path, char *err, size_t errlen)
{
	if (path)
		return rules_load(out, path, err, errlen);
	return rules_parse(out, rules_builtin_text, rules_builtin_len, RULES_BUILTIN_ORIGIN, err, errlen);
}
