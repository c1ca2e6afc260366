/*
 * builtin.h - the default rule file (rules/mentor.rules), compiled into the
 * binary so that mentor-audit runs from anywhere without --rules. The
 * Makefile generates its definition from the file.
 */
#ifndef MA_BUILTIN_H
#define MA_BUILTIN_H

#include <stddef.h>

extern const char rules_builtin_text[];
extern const size_t rules_builtin_len;

struct ruleset;

/* The rule file at path, or the built-in rules when path is NULL (rules_load's contract). */
/* rules_origin() of the built-in rules, and the file part of their patterns' "RULES:LINE". */
#define RULES_BUILTIN_ORIGIN "built-in rules"

int rules_load_or_builtin(struct ruleset **out, const char *path, char *err, size_t errlen);

#endif
