/*
 * registry_words.h - registry issues in plain Russian, for what department
 * staff read (summary.md, report.html, noncompliant.csv). stderr and
 * results.json keep the English registry_issue.reason.
 *
 * The words are a table indexed by enum registry_issue_kind in
 * registry_words.c: a new kind needs a row there (test_registry_words
 * fails without one).
 */
#ifndef MA_REGISTRY_WORDS_H
#define MA_REGISTRY_WORDS_H

#include <stddef.h>

#include "parsers/registry.h"

/* Room for any sentence report_registry_issue_text_ru() writes, with its NUL. */
#define REPORT_REGISTRY_ISSUE_RU_LEN 192

/*
 * The phrase for a kind, e.g. «не закрыта кавычка», «пустой номер»; never
 * NULL (a kind out of range reads as REGISTRY_ISSUE_UNREADABLE).
 */
const char *report_registry_issue_ru(enum registry_issue_kind kind);

/*
 * The sentence for one issue: its phrase, and the column when one is known,
 * «текст после закрывающей кавычки (столбец 2)». Written into out (outlen
 * bytes with the NUL, cut on a character boundary); returns out.
 */
char *report_registry_issue_text_ru(char *out, size_t outlen, const struct registry_issue *is);

/*
 * What is left out of a list that shows only the first CAP_REGISTRY_ISSUES
 * issues: «ещё 1 запись не показана», «ещё 500 записей не показаны».
 * Into out like report_registry_issue_text_ru(); returns out.
 */
char *report_registry_dropped_ru(char *out, size_t outlen, size_t dropped);

#endif
