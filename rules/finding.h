/*
 * finding.h - what the audit noticed about an organisation, as data: a
 * kind and its arguments. The reports put it into Russian
 * (reports/finding_words.c), `check` into English; results.json keeps the
 * Russian text in "problems" and the data in "findings".
 *
 * To add a finding: a kind here, a row in both word tables (their tests
 * fail without one), and the call that records it.
 */
#ifndef MA_FINDING_H
#define MA_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "rules/verdict.h"

enum finding_kind {
	FIND_TEXT,              /* text read back from an older results.json: detail */
	FIND_TIME_BUDGET,       /* --org-time ran out; part of the site not read */
	FIND_SECTION_ROBOTS,    /* a page of the section is closed by robots.txt: url */
	FIND_SECTION_FAILED,    /* a page of the section did not open: url, failure */
	FIND_ROBOTS_ERROR,      /* robots.txt answers an error: code */
	FIND_SITE_REFUSED,      /* the site refused the robot: url, failure */
	FIND_SITE_UNREACHABLE,  /* the site did not answer: url, failure */
	FIND_ENTRY_FAILED,      /* the registry's URL did not open: failure */
	FIND_PAGE_FAILED,       /* a page did not open (no section there): url, failure */
	FIND_PAGE_TRUNCATED,    /* a page past the size cap: url */
	FIND_LINKS_CAP,         /* a page past the links cap: url, cap, count not read */
	FIND_INVALID_URL,       /* the registry's URL is unusable: url */
	FIND_SECTION_ELSEWHERE, /* the section is at another address: url */
	FIND_NOT_A_SECTION,     /* the page reached is no mentorship section: url */
	FIND_NO_SECTION,        /* no section on the site */
	FIND_PAGES_CAP,         /* the pages cap was reached: cap */
	FIND_STALE_ONLY,        /* a document only of an older year: doc, detail (the year) */
	FIND_ENDED_ONLY,        /* a plan only for a period that has ended (`fresh = period`):
	                           doc, detail (the period) */
	FIND_LINK_UNVERIFIED,   /* a document's link taken on trust: doc, failure */
	FIND_UNDATED,           /* a document without a date: doc */
	FIND_BROKEN_LINK,       /* a document's only link is dead: doc, url, failure */
	FIND_HOST_DOWN,         /* not requested: its host did not answer earlier in this run: url */
	FIND_PAGE_TOO_COMPLEX,  /* a page read only up to a cap of its shape: url, detail (which), cap, count */
	FIND_PRIVATE_ADDRESS,   /* a link or redirect leads to an address that is not public, so it
	                           was not opened: url, detail (the address) */
	FIND_DOC_PRIVATE_ADDRESS, /* the same for a document's link, which then does not count:
	                           doc, url, detail (the address) */
	FIND_RULE_ERROR,        /* whether a link is a document could not be told: doc, url, detail
	                           ("RULE-FILE:LINE: PCRE2's message"), failure.cause rule_error */
	FIND_SECTION_RULE_ERROR, /* whether a page is the section could not be told: url, detail (likewise) */
	FIND_SCRIPT_PAGE,       /* a page built by scripts: no links and no text in its HTML: url */
	FIND_DOC_UNREAD,        /* a document's file could not be read (damaged, encrypted, its reader
	                           stopped at its time or memory): judged by its link; doc, url,
	                           detail (doc_failure_name) */
	/* What was tried to find the section, when none was found (src/discover.c): */
	FIND_SEARCHED_MENUS,    /* the home page's menus, two levels down: count (pages opened) */
	FIND_SEARCHED_SITEMAPS, /* sitemap.xml and robots.txt's sitemaps: count (URLs read) */
	FIND_SEARCHED_PATHS,    /* the platforms' known section paths: count (paths tried) */
	FIND_SEARCH_CAP,        /* the search stopped at its cap of pages: cap */
	FIND_LIST_CAP,          /* a list of the section has more pages than are read in a row: url, cap */
	FIND_KINDS
};

/* Why a fetch failed, as a finding carries it: the cause, the HTTP status, a refused redirect. */
struct finding_failure {
	enum unchecked_cause cause;
	long code;               /* HTTP status; 0 when no answer came */
	bool transfer_error;     /* no HTTP answer (curl's error): the cause says it all */
	bool redirect_refused;   /* redirected to something that is no web page */
};

struct finding {
	enum finding_kind kind;
	int doc;                 /* the document, or -1 */
	char *url;               /* NULL when none */
	char *detail;            /* the year, the failed rule, or a text read back; NULL when none */
	struct finding_failure failure;
	unsigned cap;            /* the cap reached */
	size_t count;            /* how many were left out */
};

/* "time_budget", "broken_link", ... as in results.json */
const char *finding_kind_name(enum finding_kind k);
/* The kind named as in results.json; 0, or -1 for another name. */
int finding_kind_parse(enum finding_kind *out, const char *name);

#endif
