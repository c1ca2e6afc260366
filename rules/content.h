/*
 * content.h - what a document's own text says it is.
 *
 * A school's file is judged by its title blocks, not by the words of its
 * body (a road map's table names all five documents): the start of each
 * page, and each appended document, whose first line matches a [content]
 * appendix pattern of the rule file («Приложение 1 к приказу …»). In each
 * block the document whose heading pattern matches first names it (one
 * file may so be several documents: an order and the regulation and road
 * map it approves); a heading_exclude pattern of that document marks it as
 * not counted (a regulation on the mentorship of pupils). The block's
 * dates, up to a little past the heading, say its academic year.
 *
 * Pure: text in, facts out; the rules run on the caller's thread (a
 * ruleset matches from one thread, rules.h).
 */
#ifndef MA_CONTENT_H
#define MA_CONTENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"
#include "rules/rules.h"

/* One page of a document's text. */
struct content_page {
	unsigned number;     /* 1-based page of the document */
	bool ocr;            /* the text was recognised from the page's image */
	bool typed;          /* a web page's own text: its blocks start only at [content] typed lines */
	const char *text;    /* UTF-8, not NUL-terminated */
	size_t len;
};

/* A title block that names a document. */
struct content_fact {
	size_t doc;                          /* index of the rule file's document */
	bool excluded;                       /* a heading_exclude or a [content] draft matched: it does not count */
	bool draft;                          /* a [content] draft matched: a blank form or a draft */
	unsigned page;
	size_t offset;                       /* where its block starts in the page's text */
	bool ocr;
	bool appendix;                       /* the block starts at an appendix line */
	unsigned line;                       /* rule-file line of the heading pattern */
	char heading[CAP_CONTENT_HEADING];   /* the heading as matched, white space squeezed */
	enum rule_freshness freshness;       /* of the dates up to past the heading, read as the
	                                        document's `fresh` says (RULE_FRESH for no) */
	char date_label[32];                 /* stale: the latest date given */
	/* The organisations its block names by number up to a little past its heading ([content] organisation). */
	unsigned issuers[CAP_CONTENT_ISSUERS];
	size_t nissuers;
	char issuer[CAP_CONTENT_ISSUER_TEXT];  /* the first as written; "" when none */
	/* Its letterhead names a higher body ([ignore] blocks) and no organisation: that block's label; NULL: none. */
	const char *higher_body;
};

struct content_verdict {
	struct content_fact facts[CAP_CONTENT_FACTS];
	size_t nfacts;
	size_t blocks;                       /* title blocks read */
	size_t text_words;                   /* words on the pages read from a text layer (not OCR) */
	/* A block titled as a document ([content] title) that names none of the rule file's: another document. */
	char other_title[CAP_CONTENT_HEADING];   /* the first such title; "" when none */
	bool facts_cut;                      /* more blocks named documents than CAP_CONTENT_FACTS */
	struct rule_error error;             /* the first pattern that could not tell; code 0: none */
};

/* Does the rule file say how a document typed into a web page starts ([content] typed)? */
bool rules_reads_typed(const struct ruleset *rs);

/* Does document doc count something in its files (count_row patterns: its pairs, its programmes)? */
bool rules_doc_counts(const struct ruleset *rs, size_t doc);

/*
 * What document doc's count_row patterns count in pages[0..npages): the
 * pairs a pair order lists, the programmes a file holds. Lines that start
 * with a number count by the run 1, 2, 3 … their numbers make in order (a
 * page number or a clause's is no row); the others count one each. The
 * first pattern that could not tell goes to *err (code 0: none).
 */
size_t rules_count_rows(const struct ruleset *rs, size_t doc, const struct content_page *pages, size_t npages,
                        struct rule_error *err);
/*
 * The same, counted only where v's title blocks naming doc (not excluded)
 * head the text: from each such block to the next block naming another
 * document, so a file of several documents (an order with appendices, an
 * archive) counts each one's rows. pages[] are those v was read from.
 */
size_t rules_count_rows_headed(const struct ruleset *rs, size_t doc, const struct content_verdict *v,
                               const struct content_page *pages, size_t npages, struct rule_error *err);

/*
 * The organisations text[0..len) names with a number ([content]
 * organisation, capture 1 the number), in the file's order: their numbers in
 * out[0..cap), the first as written in first (when given). How many.
 */
size_t rules_org_numbers(const struct ruleset *rs, const char *text, size_t len, unsigned *out, size_t cap,
                         char *first, size_t first_len);

/*
 * Is f's document another organisation's than the one whose registry name
 * gives the numbers own[0..nown) (rules_org_numbers, read once per
 * organisation): both name organisations by number, and none of f's numbers
 * is one of own? false whenever either names none.
 */
bool rules_issued_elsewhere(const struct content_fact *f, const unsigned *own, size_t nown);

/*
 * A title block's letterhead (its text before its heading: the issuer's
 * name above «ПРИКАЗ», an approval stamp above «ПОЛОЖЕНИЕ»): when it names a
 * higher body (an [ignore] block's patterns: «Управление образования
 * администрации …») and no organisation ([content] institution and
 * organisation), the label of that block; else NULL. The text is read
 * folded, at most CAP_CONTEXT_TEXT bytes of it.
 */
struct rule_cache;
const char *rules_higher_body(const struct ruleset *rs, struct rule_cache *cache, const char *letterhead);

/*
 * Read the title blocks of pages[0..npages) (at most CAP_CONTENT_BLOCKS) with
 * the audit date as_of (yyyymmdd). 0, or -1 when out of memory.
 */
int rules_read_content(const struct ruleset *rs, const struct content_page *pages, size_t npages,
                       int as_of, struct content_verdict *out);

#endif
