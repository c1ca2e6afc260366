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
	struct patlist heading;           /* the document's own title block names it (content.c) */
	struct patlist heading_exclude;   /* ...unless this matches the title block too */
	struct patlist count_row;         /* a line of it that lists one of what it counts (a pair, a programme) */
};

/* [discovery]: where else the section is looked for (rules/discovery.h). */
struct rule_discovery {
	bool given;                            /* the rule file has the block */
	struct patlist menu;                   /* a menu link naming a parent area */
	struct patlist next;                   /* a pager's link to the next page */
	struct patlist page;                   /* a query naming a page of a list */
	char *paths[CAP_RULE_WORDS];           /* the platforms' known section paths */
	size_t npaths;
};

/* [cloud]: cloud disks' public links and where their files download from (rules/cloud.c). */
struct rule_cloud {
	bool given;                            /* the rule file has the block */
	struct patlist link;                   /* a disk's public link (captures for the template) */
	char *download[CAP_RULE_PATTERNS];     /* for each link: the file's (or the API's) URL template */
	char *field[CAP_RULE_PATTERNS];        /* ...whose JSON answer names the file in this field; NULL: none */
	struct patlist server;                 /* a page's pattern whose capture 1 is the disk's file server */
	size_t server_of[CAP_RULE_PATTERNS];   /* for each link: 1 + its index in server; 0: none */
	char *file[CAP_RULE_PATTERNS];         /* ...and the file's URL template there ($S: the server) */
};

/*
 * Is a [cloud] link's way to its file not whole (a server without its file
 * template, a file template without a server, a field beside a server)?
 * What is wrong, *line the link's line; NULL: every link's is whole.
 */
const char *rules_cloud_incomplete(const struct rule_cloud *c, size_t *line);

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
	struct patlist appendix;                /* [content]: a line that starts an appended document */
	struct patlist title;                   /* [content]: a title block's form (ПОЛОЖЕНИЕ о …, ПРИКАЗ … О …) */
	struct patlist draft;                   /* [content]: a block of a blank form or a draft: nothing counts */
	struct patlist typed;                   /* [content]: a line of a web page that starts a document typed into it */
	struct patlist organisation;            /* [content]: an organisation named with its number, capture 1 (issuer.c) */
	struct patlist institution;             /* [content]: a letterhead's word naming an organisation (issuer.c) */
	struct patlist viewer;                  /* [links]: a viewer's URL, capture 1 the document it shows (viewer.c) */
	struct rule_indicator section_indicator;
	struct rule_indicator system_indicator;
	char *system_list;                      /* [system] documents = ..., resolved at the end */
	bool in_system[CAP_RULE_DOCS];
	struct rule_words words;                /* [links] and [http] lists */
	struct rule_discovery discovery;        /* [discovery] (discovery.c) */
	struct rule_cloud cloud;                /* [cloud] (cloud.c) */
	struct prefilter *pf;   /* literals the patterns need, to skip most of them */
	pcre2_match_context *mctx;        /* the limits of rules_set_limits(), the JIT stack */
	pcre2_jit_stack *jit_stack;
	char *origin;
	unsigned long long digest;   /* FNV-1a of the rule file's bytes */
};

/* load.c: from's patterns appended to to's (copies that always run: the prefilter's conditions are from's). 0, or -1. */
int rules_patlist_copy(struct patlist *to, const struct patlist *from);

/* content.c: line as a subject of the rules: a NUL-terminated copy in out[cap], cut at a whole character. */
struct line;
void rules_line_text(char *out, size_t cap, const struct line *ln);

/* Where a pattern matched in a text, and its rule-file line. */
struct rule_span {
	size_t start, end;    /* byte offsets in the text */
	unsigned line;
};

/*
 * rules.c: the earliest match in text (at most CAP_CONTEXT_TEXT bytes,
 * folded as link texts are: ё read as е) of any pattern of pl: 1 and *span;
 * 0 when none matches. Every pattern runs; the first that could not tell
 * is in *err (code 0 when each could).
 */
struct rule_cache;
int rules_patlist_earliest(const struct ruleset *rs, struct rule_cache *cache, const struct patlist *pl,
                           const char *text, struct rule_span *span, struct rule_error *err);

#endif
