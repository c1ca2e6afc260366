/*
 * ruleset.h - the compiled rule file, shared by load.c (reading and
 * compiling it) and rules.c (classifying links with it). Private to
 * rules/: everything else sees struct ruleset through rules.h.
 */
#ifndef MA_RULESET_H
#define MA_RULESET_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"
#include "rules/rules.h"
#include "rules/words.h"

struct patlist {
	pcre2_code *code[CAP_RULE_PATTERNS];
	unsigned line[CAP_RULE_PATTERNS];     /* rule-file line of each pattern */
	int cond[CAP_RULE_PATTERNS];          /* its prefilter condition */
	size_t n;
};

struct docrule {
	struct rule_doc doc;
	struct patlist match;
	struct patlist exclude;
};

struct ignorerule {
	char label[64];
	struct patlist match;
};

struct ruleset {
	struct docrule docs[CAP_RULE_DOCS];
	size_t ndocs;
	struct ignorerule ignores[CAP_RULE_DOCS];
	size_t nignores;
	struct patlist section_text;
	struct patlist section_url;
	struct patlist placeholder_filename;
	struct rule_indicator section_indicator;
	struct rule_indicator system_indicator;
	char *system_list;                      /* [system] documents = ..., resolved at the end */
	bool in_system[CAP_RULE_DOCS];
	struct rule_words words;                /* [links] and [http] lists */
	struct prefilter *pf;   /* literals the patterns need, to skip most of them */
	pcre2_match_context *mctx;        /* the limits of rules_set_limits(), the JIT stack */
	pcre2_jit_stack *jit_stack;
	char *origin;
	unsigned long long digest;   /* FNV-1a of the rule file's bytes */
};

#endif
