/*
 * builtin.c - choosing between a rule file and the built-in rules.
 */
#include "rules/builtin.h"

#include <stdio.h>

#include "rules/rules.h"

static int builtin(struct ruleset **out, char *err, size_t errlen)
{
	return rules_parse(out, rules_builtin_text, rules_builtin_len, RULES_BUILTIN_ORIGIN, err, errlen);
}

int rules_load_or_builtin(struct ruleset **out, const char *path, char *err, size_t errlen)
{
	struct ruleset *defaults = NULL;
	int rc;

	if (!path)
		return builtin(out, err, errlen);
	if (rules_load(out, path, err, errlen))
		return -1;
	/* A rule file without [links] or [http] keeps the lists the built-in rules give. */
	rc = builtin(&defaults, err, errlen);
	if (!rc && rules_inherit_lists(*out, defaults)) {
		snprintf(err, errlen, "%s: out of memory", path);
		rc = -1;
	}
	rules_free(defaults);
	if (rc) {
		rules_free(*out);
		*out = NULL;
	}
	return rc;
}
