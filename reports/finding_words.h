/*
 * finding_words.h - findings (rules/finding.h) in words: Russian for what
 * a department reads (results.json "problems", noncompliant.csv,
 * report.html), English for `check`. One table per language, indexed by
 * the kind. Private to reports/.
 */
#ifndef MA_FINDING_WORDS_H
#define MA_FINDING_WORDS_H

#include <stddef.h>

struct ruleset;
struct finding;

/* The finding as one Russian line into out (cut to fit); returns out. */
char *report_finding_ru(char *out, size_t len, const struct ruleset *rs, const struct finding *f);
/* The same in English, for the command line; returns out. */
char *report_finding_en(char *out, size_t len, const struct ruleset *rs, const struct finding *f);

/* Room for any line these write, with its NUL. */
#define REPORT_FINDING_LEN (8192u + 1024u)

#endif
