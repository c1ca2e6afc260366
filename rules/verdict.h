/*
 * verdict.h - what the audit concluded about each organisation, and the
 * run's summary. Filled by the audit, scored here, written by reports/.
 *
 * Strings in these structs are owned by the struct; verdict_org_clear()
 * frees them.
 */
#ifndef MA_VERDICT_H
#define MA_VERDICT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"
#include "core/strvec.h"

struct ruleset;
struct finding;
struct registry;
struct registry_row;

enum org_status {
	ORG_COMPLIANT,
	ORG_NONCOMPLIANT,
	ORG_NO_SECTION,
	ORG_BLOCKED,          /* robots.txt or a persistent 401/403/429: could not check */
	ORG_UNREACHABLE,      /* DNS, connect, TLS, timeout, 5xx: could not check */
	ORG_INVALID_URL,
	ORG_INCOMPLETE,       /* the section was read only in part and a required document was not seen */
	ORG_STATUS_COUNT
};

/*
 * Why an organisation, or some of its documents, could not be checked:
 * then its documents are "не проверено", neither found nor missing.
 */
enum unchecked_cause {
	UNCHECKED_NONE,
	UNCHECKED_ROBOTS,          /* robots.txt disallows the pages */
	UNCHECKED_ROBOTS_ERROR,    /* robots.txt answers an error: the site counts as closed (RFC 9309) */
	UNCHECKED_DENIED,          /* HTTP 401, 403 or 429 */
	UNCHECKED_DNS,             /* the host name does not resolve */
	UNCHECKED_CONNECT,         /* no connection */
	UNCHECKED_TIMEOUT,         /* no answer in time */
	UNCHECKED_TLS,             /* the secure connection failed */
	UNCHECKED_SERVER_ERROR,    /* HTTP 5xx */
	UNCHECKED_NETWORK,         /* another transfer error */
	UNCHECKED_TIME_BUDGET,     /* --org-time ran out */
	UNCHECKED_INVALID_URL,     /* the registry's URL is unusable */
	UNCHECKED_LINKS_CAP,       /* a section page has more links than are read */
	UNCHECKED_TRUNCATED,       /* a section page is larger than is read */
	UNCHECKED_PAGE_COMPLEX,    /* a page's markup passes a cap of its shape: read up to it */
	UNCHECKED_RULE_ERROR,      /* a pattern of the rule file failed on a link's text (a PCRE2 limit) */
	UNCHECKED_SCRIPT_PAGE,     /* a page is built by scripts: its HTML has no links and no text */
	UNCHECKED_COUNT
};

/* "dns", "robots", ... as in results.json ("" for none) */
const char *verdict_cause_name(enum unchecked_cause c);
/* The cause named as in results.json; 0, or -1 for another name. */
int verdict_cause_parse(enum unchecked_cause *out, const char *name);
/* Plain Russian for the reports: «сайт не ответил вовремя», ... */
const char *verdict_cause_label_ru(enum unchecked_cause c);

/* A document of one organisation: found, looked for and not found, or not looked for. */
enum doc_state { DOC_FOUND, DOC_MISSING, DOC_UNCHECKED };
/* "found", "missing", "unchecked" as in results.json */
const char *verdict_doc_state_name(enum doc_state st);

/* "compliant", "noncompliant", ... as in results.json */
const char *verdict_status_name(enum org_status st);
/* The status named as in results.json; 0, or -1 for another name. */
int verdict_status_parse(enum org_status *out, const char *name);
/*
 * Did the audit look for the documents (compliant, noncompliant, no_section)?
 * The others (blocked, unreachable, invalid_url, incomplete) could not look,
 * or not everywhere: their documents not found are unknown, not missing.
 */
bool verdict_docs_seen(enum org_status st);
/* Russian label for reports ("соответствует", ...) */
const char *verdict_status_label_ru(enum org_status st);

/* Why a candidate document link did not count. */
enum reject_reason {
	REJECT_STALE,          /* not of the current academic year */
	REJECT_HIGHER_ACT,     /* federal, regional or municipal act */
	REJECT_BROKEN,         /* the link does not answer 2xx */
	REJECT_PLACEHOLDER,    /* a template stub (test_file_N.pdf) */
	REJECT_OTHER_TOPIC,    /* a document, but none of the required ones */
	REJECT_NOT_DOCUMENT,   /* the file is no document: empty, a web page, no text and no image */
	REJECT_CONTENT_OTHER,  /* its own text names another document (detail: its heading) */
	REJECT_CONTENT_EXCLUDED, /* its own text shows it does not count (a pupils' regulation) */
	REJECT_CONTENT_SILENT, /* its text was read and names no document (a pupil's route, a plan) */
	REJECT_CONTENT_OTHER_ORG, /* its own text is another organisation's (detail: the organisation it names) */
	REJECT_COUNT
};

/* "stale", "higher_level_act", ... as in results.json */
const char *verdict_reject_name(enum reject_reason r);
/* Russian wording for reports */
const char *verdict_reject_label_ru(enum reject_reason r);
/* The reason named as in results.json; 0, or -1 for another name. */
int verdict_reject_parse(enum reject_reason *out, const char *name);

struct rejected {
	char *url;
	char *text;            /* the text that was read */
	char *page;            /* the page the link was on */
	int doc;               /* the document it looked like, or -1 */
	enum reject_reason reason;
	char *detail;          /* year, HTTP status, rule label ... ("" when none) */
};

/* A response kept in the --warc archive: its WARC-Record-ID and the offset of its gzip member. */
struct evidence_ref {
	char record_id[CAP_WARC_RECORD_ID];   /* "" when not archived */
	long long offset;                     /* -1 when not archived */
};

/* A page looked at for an organisation, as archived. */
struct evidence {
	char *url;
	long http_status;
	struct evidence_ref ref;
};

struct doc_result {
	bool found;
	char *url;            /* the document link */
	char *title;          /* the text that matched */
	char *page;           /* the page the link was on */
	char *source;         /* "text", "title", "filename", "context" (static ok: owned copy) */
	long http_status;     /* status of the link check */
	char *content_type;   /* content type of the link check */
	bool broken;          /* a candidate was found but its link is dead */
	char *broken_url;
	char *pattern;        /* "rules-file:line" of the pattern that matched */
	const char *freshness; /* "fresh", "undated", or NULL when not required (static) */
	struct evidence_ref page_record;   /* the page the link was on */
	struct evidence_ref link_record;   /* the document link's own answer */
	/* How it was recognised (issue 16): its link, or its own text. */
	const char *recognised;   /* "link", "heading", "ocr", "page" (static); NULL when not found */
	char *heading;            /* the heading its text names it with, or NULL */
	unsigned doc_page;        /* the page of the file that heading is on; 0 none */
	const char *file_type;    /* the file's real type ("pdf", ...; static), NULL when not read */
	size_t file_bytes;        /* its size, when read */
	char *file_url;           /* the file read, when the link led to a card that links it; NULL otherwise */
};

/* What a document counts in an organisation's files (its pairs, its programmes). */
struct doc_count {
	bool known;           /* false: found, and its files do not say ("не определено") */
	size_t n;
};

struct org_result {
	const struct registry_row *row;   /* not owned */
	char *section_url;                /* the section page audited, or NULL */
	enum org_status status;
	char *reason;                     /* blocked / unreachable: the exact cause, else NULL */
	enum unchecked_cause cause;       /* why it could not be checked (in full); NONE when it was */
	bool section_reached;             /* a section page was fetched and parsed */
	struct doc_result docs[CAP_RULE_DOCS];
	struct doc_count counts[CAP_RULE_DOCS];   /* for the documents with count_row patterns */
	struct finding *findings;         /* what was noticed, as data (rules/finding.h) */
	size_t nfindings;
	size_t findings_dropped;          /* past CAP_PROBLEMS_PER_ORG */
	struct rejected *rejected;        /* candidates that did not count */
	size_t nrejected;
	size_t rejected_dropped;          /* past CAP_REJECTED_PER_ORG */
	size_t pages_fetched;
	size_t links_checked;
	struct evidence *evidence;        /* archived pages (with --warc), up to CAP_EVIDENCE_PER_ORG */
	size_t nevidence;
};

struct run_summary {
	size_t total;                           /* organisations (V): a repeated registry row counts once */
	size_t rows;                            /* registry rows audited */
	size_t unchecked;                       /* organisations not checked, or not in full */
	size_t compliant;
	double compliant_share;                 /* percent, 0..100 */
	size_t by_status[ORG_STATUS_COUNT];
	size_t doc_count[CAP_RULE_DOCS];
	double doc_share[CAP_RULE_DOCS];        /* percent of total */
	size_t doc_unchecked[CAP_RULE_DOCS];    /* organisations where it could not be looked for */
	size_t system;                          /* organisations with every document of the system */
	double system_share;                    /* percent of total (indicator 15) */
	size_t system_unchecked;                /* ...that could not be told */
	size_t section_unchecked;               /* organisations whose site could not be looked at */
	size_t with_section;                    /* section reached */
	double section_share;                   /* percent of total (indicator 14) */
	/* What the counting documents count (indicators 8 and 10: pairs, programmes), over the organisations. */
	size_t count_sum[CAP_RULE_DOCS];        /* the sum of the known counts */
	size_t count_known[CAP_RULE_DOCS];      /* organisations whose count is known (0 when it is missing) */
	size_t count_unknown[CAP_RULE_DOCS];    /* ...found, and not determined ("не определено") */
};

void verdict_org_init(struct org_result *o, const struct registry_row *row);
/* Add a rejected candidate (strings copied, NULL as ""; doc -1 for none). 0 or -1. */
int verdict_add_rejected(struct org_result *o, const char *url, const char *text,
                         const char *page, int doc, enum reject_reason reason,
                         const char *detail);
/* Forget the rejections of url for reason (its own text showed what it is). */
void verdict_drop_rejected(struct org_result *o, const char *url, enum reject_reason reason);
/* Note an archived page (url copied, NULL as ""); past the cap it is not listed. 0 or -1. */
int verdict_add_evidence(struct org_result *o, const char *url, long http_status,
                         const struct evidence_ref *ref);
/*
 * Note a finding (its strings copied), once: the same finding twice is
 * kept once; past CAP_PROBLEMS_PER_ORG it is counted, not kept, but for a
 * document's first rule_error finding, which decides its state. 0 or -1.
 */
int verdict_add_finding(struct org_result *o, const struct finding *f);
/*
 * Put the findings in an order of their own, by kind, then document, then
 * URL (the order they came in otherwise): pages answer in whatever order
 * the network and the workers give, and the same site must read the same.
 */
void verdict_sort_findings(struct org_result *o);
/* The archived page with this URL, or NULL. */
const struct evidence_ref *verdict_evidence_for(const struct org_result *o, const char *url);
void verdict_org_clear(struct org_result *o);

/* count of total in percent; 0 when total is 0 (never NaN). */
double verdict_share(size_t count, size_t total);

/*
 * Document i of o: found, missing, or not checked: o's status says, or for
 * an organisation whose documents were looked for, a rule_error finding
 * about the document (judge.h).
 */
enum doc_state verdict_doc_state(const struct org_result *o, size_t i);

/*
 * Set o->status for an organisation whose section was reached:
 * compliant when every required document is found, else noncompliant.
 * Statuses set earlier (unreachable, invalid_url, no_section) are kept.
 */
void verdict_score(const struct ruleset *rs, struct org_result *o);

/* Organisation i of a run, wherever it is kept; NULL when it cannot be had. */
typedef const struct org_result *(*verdict_org_fn)(void *ctx, size_t i);

/*
 * The same organisation twice: registry rows that repeat an earlier one
 * (registry_row.repeats) are one organisation. Its verdict is that of the
 * first row of the group whose section was reached, else of the group's
 * first row. *out (nrows items, the caller frees) gets, for every row, the
 * row that stands for its organisation; NULL when no row repeats another.
 * 0, or -1 when out of memory or an organisation cannot be read.
 */
int verdict_group_stand_ins(const struct registry *reg, verdict_org_fn org_at, void *ctx,
                            size_t **out);

/*
 * Shares over all organisations, as the department's indicators count
 * them: every registry row's organisation once (stand_in as made above,
 * or NULL: every row its own). 0, or -1 when an organisation cannot be read.
 */
int verdict_summarize_at(const struct ruleset *rs, size_t nrows, const size_t *stand_in,
                         verdict_org_fn org_at, void *ctx, struct run_summary *out);
/*
 * The same summary per group: row i counts in outs[group_of[i]] (each
 * group_of[i] < ngroups; group_of NULL: every row in outs[0]), every
 * organisation read once. 0, or -1 when an
 * organisation cannot be read back.
 */
int verdict_summarize_groups(const struct ruleset *rs, size_t nrows, const size_t *stand_in,
                             verdict_org_fn org_at, void *ctx, const size_t *group_of, size_t ngroups,
                             struct run_summary *outs);
/* The same for organisations kept in an array. */
int verdict_summarize(const struct ruleset *rs, const struct org_result *orgs, size_t n,
                      const size_t *stand_in, struct run_summary *out);

#endif
