/*
 * indicators.h - the methodology's indicator table (Table 1 of the
 * department's monitoring report) as the rule file defines it: one row per
 * document share, the dedicated section and the "implements the system"
 * share, in the methodology's order, with the run's figures. summary.md,
 * report.html and results.json all print this one table. Private to
 * reports/.
 */
#ifndef MA_INDICATORS_H
#define MA_INDICATORS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct ruleset;
struct run_summary;

enum indicator_kind { INDICATOR_DOCUMENT, INDICATOR_SECTION, INDICATOR_SYSTEM };

struct indicator_row {
	enum indicator_kind kind;
	size_t doc;              /* INDICATOR_DOCUMENT: the document's index */
	unsigned number;         /* the methodology's number (the rule file's, or the next free one) */
	const char *letter;      /* "N", "P", ... */
	const char *name;        /* the indicator's Russian name */
	size_t count;            /* organisations that have it */
	size_t unchecked;        /* organisations where it could not be told */
	size_t total;            /* V */
	double share;            /* count / V, percent */
	double checked_share;    /* count / (V - unchecked), percent */
};

#define INDICATOR_ROWS (CAP_RULE_DOCS + 2u)

/* The table for rs and s, in the methodology's order; returns the number of rows. */
size_t report_indicators(const struct ruleset *rs, const struct run_summary *s,
                         struct indicator_row rows[INDICATOR_ROWS]);
/* "document", "section", "system" as in results.json */
const char *report_indicator_kind_name(enum indicator_kind k);
/*
 * What the count counts, for the formula's legend: «разместивших на сайте:
 * Положение о …», «создавших специальный раздел …», «в которых размещены
 * все документы системы: …».
 */
void report_indicator_what(char *out, size_t len, const struct ruleset *rs,
                           const struct indicator_row *row);

/* The row's Russian name: the rule file's, or one made from the document's name into buf. */
const char *report_indicator_name(char *buf, size_t len, const struct ruleset *rs,
                                  const struct indicator_row *row);

#endif
