/*
 * judge.h - the one place that decides: from the candidate links the
 * audit collected for an organisation and the answers to their link
 * checks, each document's verdict (found, broken, stale, undated) and the
 * organisation's status. A pure layer: no I/O, no network, no clock; the
 * audit schedules the fetches and hands the facts over when they are all
 * in. Table-driven tests: tests/unit/test_judge.c.
 *
 * To judge by something new (a document's own text, say), add it to these
 * facts and decide here; the scheduler does not change.
 */
#ifndef MA_JUDGE_H
#define MA_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/strvec.h"
#include "parsers/doc.h"
#include "rules/content.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/*
 * What a document link's body turned out to be, read (issue 16): its real
 * type, why it gave no text, and what its title blocks name.
 */
struct judge_document {
	enum doc_type type;
	enum doc_failure failure;     /* DOC_FAIL_NONE: its text was read */
	unsigned cuts;                /* enum doc_cut bits */
	size_t bytes;                 /* of the body read */
	unsigned pages;               /* of the document; 0 unknown */
	bool ocr;                     /* a page of it was recognised from its image */
	bool typed;                   /* a web page's own text: documents typed into the page, not a file */
	struct content_verdict content;
	size_t rows[CAP_RULE_DOCS];   /* lines listing what document d counts (rules_count_rows), as d */
};

/* The answer to one candidate link's check (HEAD, or a small GET). */
struct judge_check {
	char *url;
	char *page;              /* the page the link was first seen on; NULL: not known */
	bool names_file;         /* its URL names a document's file (.pdf, .docx: the rules' [links] file) */
	bool lists_files;        /* it opened a list of documents, read as a page of the section: no document itself */
	bool link_stale;         /* its link's own dates are of an older year: only its text's dates of
	                            the current one can make it count (the content decides) */
	bool done;
	bool unverified;         /* not fetched (robots.txt, time budget): the link is taken on trust */
	bool unreachable;        /* no answer or 5xx: says nothing of the document */
	enum unchecked_cause cause;   /* why it did not answer */
	long status;
	int curl_code;
	char *content_type;
	char *error;             /* curl's message, or why it was not fetched */
	char *refused_address;   /* the link (or its redirect) leads to this address, not public: it was
	                            not opened, and counts as a broken link with that reason; NULL: none */
	struct evidence_ref record;   /* its answer in the --warc archive */
	struct judge_document *document;   /* its body, read; NULL when it was not */
	char *file_url;          /* the link led to a card (a web page): the file the card links to, whose
	                            answer and body are the check's; NULL: the link's own answer */
};

/* A link of which it could not be told whether it is a document (rules_classify's errors[]). */
struct judge_rule_error {
	size_t doc;
	char *url;                    /* the link */
	struct rule_error error;      /* the pattern that failed on its text, and PCRE2's error */
};

/* A link that names a document. */
struct judge_candidate {
	size_t doc;
	char *url;
	char *title;             /* the text that matched */
	char *page;
	enum rule_source source;
	unsigned line;           /* rule-file line of the matching pattern */
	enum rule_freshness freshness;
	size_t check;            /* index into the checks */
};

struct judge_input {
	const struct ruleset *rules;
	const struct judge_candidate *cands;
	size_t ncands;
	const struct judge_check *checks;
	size_t nchecks;
	const struct strvec *ignored_urls;      /* links judged higher-level acts: never a document */
	const struct judge_rule_error *rule_errors;   /* a document's first such link, at most one each */
	size_t nrule_errors;
	const char *section_url;                /* the section page audited, or NULL */
	/* The numbers the registry's name gives the organisation (rules_org_numbers): whose documents count; none: any. */
	const unsigned *org_numbers;
	size_t norg_numbers;
	enum unchecked_cause partial;           /* a page was read only in part; NONE when all were whole */
	const char *unreachable_page;           /* a page below the section that did not answer, or NULL */
	const char *unreachable_why;
	enum unchecked_cause unreachable_cause;
};

/* "HTTP 404", or curl's own message: a failed fetch's technical detail, for results.json. */
void judge_failure_text(char *out, size_t len, int curl_code, const char *error, long status);

/* Did the link answer as a document must (2xx), or was it taken on trust? */
bool judge_check_ok(const struct judge_check *c);

/*
 * Decide o from the facts: every document, the rejected broken links, the
 * problems people read, the status (verdict_score, then unreachable when a
 * missing document's only link did not answer, incomplete when a page was
 * read in part). o's statuses set while fetching (blocked, unreachable,
 * invalid_url, no_section) stand unless the section was reached.
 *
 * A rule error on a link (judge_rule_error) is a finding (FIND_RULE_ERROR)
 * whatever the verdict. A document no link found and a rule error left
 * open is not missing but unchecked (verdict_doc_state): when every
 * required document not found is such, the organisation is incomplete,
 * cause rule_error; when another is missing, it stays noncompliant, and
 * its cause says rule_error all the same, as it does for a compliant one
 * with such a document (its unchecked list in results.json).
 * 0, or -1 when out of memory (o is then incomplete).
 */
int judge_org(const struct judge_input *in, struct org_result *o);

#endif
