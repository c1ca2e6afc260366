/*
 * status_words.h - what each organisation status means and what the
 * department does next, in plain Russian: report.html's legend. Private to
 * reports/.
 */
#ifndef MA_STATUS_WORDS_H
#define MA_STATUS_WORDS_H

#include "rules/verdict.h"

struct status_words {
	const char *meaning;     /* what the verdict says of the site */
	const char *next_step;   /* what the department does about it */
	const char *for_director; /* what the organisation does, in its director's notice */
};

/* The words for st; NULL for a status past the enum. */
const struct status_words *report_status_words(enum org_status st);

#endif
