/*
 * prefilter.h - literals a pattern's every match must contain, so that most
 * texts are ruled out without running the pattern (used by rules.c only).
 *
 * prefilter_add() reads a PCRE2 pattern (as rules.c compiles it: UTF, UCP,
 * CASELESS) and derives a condition over literals ("приказ" and one of
 * "внедрени", "введени" ...) that holds for every text the pattern can
 * match. It understands a plain subset of the syntax (literals, escapes
 * such as \b \w \s, classes, groups, alternation, quantifiers) and gives up
 * on anything else (back references, \Q, verbs, (?x), ...): such a pattern
 * gets PREFILTER_ALWAYS and is always run.
 *
 * prefilter_scan() reads a text once: its letters lower-cased, the literals
 * present. The result is usable only when every character of the text is
 * one whose case-insensitive matches are known: ASCII, Cyrillic А-я, and
 * the caseless symbols checked against PCRE2 itself at prefilter_new().
 * prefilter_may_match() is then false only when the pattern cannot match.
 */
#ifndef MA_PREFILTER_H
#define MA_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/caps.h"

#define PREFILTER_ALWAYS (-1)

struct prefilter;

#define PREFILTER_WORDS ((CAP_RULE_LITERALS + 63) / 64)

/* What one text holds, for prefilter_may_match(). */
struct prefilter_text {
	bool usable;    /* false: the text has characters the prefilter cannot judge */
	uint64_t atoms[PREFILTER_WORDS];
};

int prefilter_new(struct prefilter **out);
void prefilter_free(struct prefilter *pf);

/* The condition of a pattern that compiled: an id, or PREFILTER_ALWAYS. */
int prefilter_add(struct prefilter *pf, const char *pattern);

/*
 * Read text[0..len) as the patterns will see it: folded as fold says (the
 * folds keep the length), lower-cased. lower must hold len + 1 bytes; it
 * gets the text so read.
 */
#define PREFILTER_FOLD_YO          1u   /* 'ё' and 'Ё' read as 'е' */
#define PREFILTER_FOLD_SEPARATORS  2u   /* '_' '-' '+' '.' read as ' ' */
void prefilter_scan(const struct prefilter *pf, const char *text, size_t len, unsigned fold,
                    char *lower, struct prefilter_text *out);

/* False only when no text with t's literals can match the pattern of cond. */
bool prefilter_may_match(const struct prefilter *pf, int cond, const struct prefilter_text *t);

#endif
