/*
 * judge_impl.h - the judge's own state, shared by judge.c (links and
 * status) and judge_doc.c (a document's own text). Private to rules/.
 */
#ifndef MA_JUDGE_IMPL_H
#define MA_JUDGE_IMPL_H

#include "rules/judge.h"

struct judging {
	const struct judge_input *in;
	struct org_result *o;
	int failed;
};

/* judge.c: candidate c does not count as document d, for reason (detail: why, as data). */
void judge_reject(struct judging *jg, const struct judge_candidate *c, size_t d, enum reject_reason reason,
                  const char *detail);

/*
 * A text layer of fewer words says too little to tell what the file is (a
 * one-line stub, a title only): its link decides. A page of a real order
 * holds a few hundred.
 */
#define JUDGE_WORDS_TO_TELL 40u

/* What a candidate's file, read, says of it. */
enum judge_read {
	JUDGE_READ_LINK,       /* nothing against the link (not read, or too little text to tell): the link decides */
	JUDGE_READ_HEADING,    /* its own heading names the document */
	JUDGE_READ_REJECTED,   /* it does not count (judge_reject was told why) */
};

/* judge_doc.c: candidate c of d, whose link k answered. *fact: the heading that names d, or NULL. */
enum judge_read judge_doc_read(struct judging *jg, size_t d, const struct judge_candidate *c,
                               const struct judge_check *k, const struct content_fact **fact);
/* judge_doc.c: what a found document's file was (type, size, heading, its year from its own dates). 0, or -1 when out of memory. */
int judge_doc_record(struct doc_result *r, const struct judge_check *k, const struct content_fact *f,
                      const struct ruleset *rules, size_t d);
/* judge_doc.c: d not found by a link: found by a file whose own heading names it, if one does. */
void judge_doc_from_content(struct judging *jg, size_t d);

/* judge_doc.c: what d counts in the organisation's files (after d is decided). */
void judge_doc_count(struct judging *jg, size_t d);

#endif
