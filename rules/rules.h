/*
 * rules.h - the rule file: which documents a section must hold and how to
 * recognise them, compiled once.
 *
 * The rule file is plain UTF-8 text a department edits without
 * recompiling (see rules/mentor.rules for the format). rules_parse() takes
 * a buffer; rules_load() is the thin file wrapper. Every pattern is a PCRE2
 * pattern compiled with UTF, UCP and CASELESS (JIT when available); a bad
 * one fails the load with "file:line: ... at offset N".
 *
 * A pattern that PCRE2 cannot run to the end on a text (a limit of
 * core/caps.h reached: CAP_RULE_MATCH_LIMIT and the others) cannot tell
 * whether it matches: that is a rule error (struct rule_error), carried in
 * the verdict with the pattern's line, never taken for "no match". A
 * ruleset matches with one PCRE2 JIT stack: use it from one thread.
 *
 * To add a document kind: add a [document ID] block to the rule file; the
 * code needs no change.
 */
#ifndef MA_RULES_H
#define MA_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct ruleset;
struct html_link;
struct date_scan;

/*
 * A row of the methodology's indicator table (Table 1 of the department's
 * monitoring report): `indicator = 1 N Доля ОО, ...` in the rule file.
 */
struct rule_indicator {
	unsigned number;     /* the methodology's number; 0 when the rule file gives none */
	char letter[16];     /* "N", "P", ...; "" when none */
	char *name;          /* the indicator's name, Russian; NULL when none */
	bool none;           /* `indicator = none`: no row of its own in the table */
};

/* `fresh = no | yes | period` of a document block. */
enum rule_fresh {
	RULE_FRESH_NO,       /* any year counts */
	RULE_FRESH_YEAR,     /* of the current academic year (pair orders, programmes) */
	RULE_FRESH_PERIOD,   /* a plan for years: the period it names has not ended (road map) */
};

struct rule_doc {
	char *id;            /* "order", "regulation", ... (results.json key) */
	char *name;          /* Russian name used in reports */
	char *short_name;    /* Russian short name for tables (defaults to name) */
	bool required;       /* counts toward "compliant" */
	enum rule_fresh fresh;  /* must belong to the current academic year, or its
	                           period must not have ended (rules_doc_freshness) */
	struct rule_indicator indicator;   /* its share's row in the table */
	char *count_name;    /* Russian name of what its files count (count_row), or NULL */
};

/*
 * Compile the patterns of rule files parsed from now on with PCRE2's JIT
 * (the default) or not. Matching is the same either way; JIT is faster.
 * Off for valgrind, which cannot see into JIT code.
 */
void rules_use_jit(bool on);

/* PCRE2's limits on one pattern run over one text; rules_parse() sets core/caps.h's. */
struct rule_limits {
	unsigned match;      /* backtracking steps (CAP_RULE_MATCH_LIMIT) */
	unsigned depth;      /* nested backtracking points (CAP_RULE_DEPTH_LIMIT) */
	unsigned heap_kib;   /* memory for them, KiB (CAP_RULE_HEAP_KIB) */
};
/* Other limits, for tests that reach one on a short text. */
void rules_set_limits(struct ruleset *rs, const struct rule_limits *lim);

/*
 * A pattern PCRE2 could not run to the end on a text: its rule-file line
 * and PCRE2's error (PCRE2_ERROR_MATCHLIMIT, ...). code 0: no error.
 */
struct rule_error {
	unsigned line;
	int code;
};
/* "RULE-FILE:LINE: PCRE2's message", as results.json's pattern names a line. */
void rules_error_text(const struct ruleset *rs, const struct rule_error *e, char *out, size_t len);

int rules_parse(struct ruleset **out, const char *buf, size_t len,
                const char *origin, char *err, size_t errlen);
int rules_load(struct ruleset **out, const char *path, char *err, size_t errlen);
void rules_free(struct ruleset *rs);

size_t rules_doc_count(const struct ruleset *rs);
/* FNV-1a of the rule file's bytes: runs judged by the same rules have the same digest. */
unsigned long long rules_digest(const struct ruleset *rs);
const struct rule_doc *rules_doc(const struct ruleset *rs, size_t i);
/* Index of the document with this id, or -1. */
int rules_doc_index(const struct ruleset *rs, const char *id);

/* The [section] block's indicator (the dedicated section, 14 F in Table 1). */
const struct rule_indicator *rules_section_indicator(const struct ruleset *rs);
/*
 * The [system] block: the indicator of organisations that implement the
 * system (15 Q in Table 1) and the documents that make it up. Without a
 * [system] block the system is the required documents.
 */
const struct rule_indicator *rules_system_indicator(const struct ruleset *rs);
bool rules_doc_in_system(const struct ruleset *rs, size_t doc);

/*
 * The plain lists. [links] file = .pdf (repeatable): a link whose file
 * name ends so is a document's, checked and never crawled as a page;
 * [links] title = приказ (repeatable): a link whose lower-cased text
 * begins so looks like a document even when no rule names it; [links]
 * download = скачать (repeatable): on a document's card (a web page where
 * a document link led), a link whose lower-cased text begins so is the
 * link to the document's file; [http]
 * refusal = 403 (repeatable): a status by which a site refuses a robot
 * (blocked, not missing).
 */
bool rules_is_document_file(const struct ruleset *rs, const char *filename);
bool rules_title_is_document(const struct ruleset *rs, const char *lower_text);
bool rules_text_is_download(const struct ruleset *rs, const char *lower_text);
/*
 * rules/card.c: the link of a document's card (a web page a document link
 * led to, at card_url, its links[0..n)) to the document's file: outside
 * the menus, a download-worded link to a file, else the only link to a
 * file, else a download-worded link; NULL when the card names none surely.
 */
/*
 * Is url a cloud disk's public link (the rule file's [cloud])?
 * RULES_CLOUD_FILE and *download (caller frees): where its file downloads
 * from; RULES_CLOUD_ASK and *download: an address whose answer names the
 * file, the disk's API whose JSON names it in the field *field, or (*field
 * NULL) a page naming the disk's file server (rules_cloud_server_file);
 * 0: not one (or its address would pass CAP_URL_BYTES); -1: out of memory.
 */
enum { RULES_CLOUD_FILE = 1, RULES_CLOUD_ASK = 2 };
int rules_cloud_target(const struct ruleset *rs, const char *url, char **download, const char **field);

/*
 * The file of the cloud link url, from the page its download address
 * answered (page[0..len)): 1 and *file (caller frees) when the link's
 * [cloud] server pattern finds the disk's file server there; 0: it does
 * not (or the link has none, or the file's address would pass
 * CAP_URL_BYTES); -1: out of memory.
 */
int rules_cloud_server_file(const struct ruleset *rs, const char *url, const char *page, size_t len, char **file);

/*
 * Is url a document viewer's (the rule file's [links] viewer)? 1 and
 * *target (caller frees): the document it shows, absolute; 0: not one (or
 * it names no address that resolves); -1: out of memory.
 */
int rules_viewer_target(const struct ruleset *rs, const char *url, char **target);
/* Each link of the page to a viewer made the link to the document it shows. 0, or -1 when out of memory. */
struct html_page;
int rules_unwrap_viewers(const struct ruleset *rs, struct html_page *page);

const struct html_link *rules_card_file_link(const struct ruleset *rs, const struct html_link *links, size_t n,
                                             const char *card_url);
/*
 * Is a document link's web page a list of documents rather than one's card:
 * no file link rules_card_file_link() would take, and several links to
 * files outside its menus (a «Документы» page the section's text named)?
 */
bool rules_page_lists_files(const struct ruleset *rs, const struct html_link *links, size_t n,
                            const char *card_url);
bool rules_refuses(const struct ruleset *rs, long status);
/*
 * A rule file written before these lists had them (an empty list) takes
 * from's: the built-in rules' (rules_load_or_builtin). 0, or -1 when out of memory.
 */
int rules_inherit_lists(struct ruleset *rs, const struct ruleset *from);

/* Which text of a link a match was made on. */
enum rule_source { RULE_SRC_TEXT, RULE_SRC_TITLE, RULE_SRC_FILENAME, RULE_SRC_CONTEXT, RULE_SRC_COUNT };
const char *rules_source_name(enum rule_source src);

/* The verdict on one link. */
struct rule_verdict {
	bool docs[CAP_RULE_DOCS];   /* which documents this link is */
	bool any;                   /* at least one of docs[] */
	enum rule_source source;    /* the text that decided */
	const char *text;           /* that text (points into the link) */
	bool ignored;               /* an [ignore] pattern matched (with or without a document) */
	char ignored_by[64];        /* the ignore rule's label, when ignored */
	unsigned line[CAP_RULE_DOCS]; /* rule-file line of the pattern that matched */
	/*
	 * errors[i].code != 0: whether the link is document i could not be told,
	 * a pattern of it (or the [ignore] pattern that would have ruled the
	 * link out) failed on a text read up to the one that decided. Never set
	 * for a document of docs[].
	 */
	struct rule_error errors[CAP_RULE_DOCS];
};

/* Where the rules came from ("rules/mentor.rules", "built-in rules"). */
const char *rules_origin(const struct ruleset *rs);

/*
 * Classify a link: the first of its texts (anchor text, title attribute,
 * file name, enclosing item text) on which some document pattern matches
 * decides; every document matching that text is set. A document whose
 * patterns failed on a text up to the deciding one gets its errors[] entry
 * instead (any one pattern that matches is enough, so an error counts only
 * when no other pattern of the document matched). When an [ignore] pattern
 * fails on the deciding text, the link may be an act of a higher body: its
 * documents all get the error. Pure function.
 */
void rules_classify(const struct ruleset *rs, const struct html_link *link,
                    struct rule_verdict *out);

/*
 * Scratch space for classifying many links (the links of a page) without
 * allocating for each, and the verdicts on the texts seen so far (a menu,
 * a card: many links share one; kept within caps/CAP_RULE_MEMO_*). Use one
 * per page. rules_classify_cached() gives the verdict rules_classify()
 * gives; a NULL cache makes it rules_classify().
 */
struct rule_cache;
int rules_cache_new(struct rule_cache **out);
void rules_cache_free(struct rule_cache *cache);
void rules_classify_cached(const struct ruleset *rs, struct rule_cache *cache,
                           const struct html_link *link, struct rule_verdict *out);

/*
 * Is this link a template placeholder (Госвеб test_file_N.pdf), not a
 * document? False with err->code set (err may be NULL) when a pattern
 * failed and none matched: it cannot be told.
 */
bool rules_is_placeholder(const struct ruleset *rs, const struct html_link *link, struct rule_error *err);

/*
 * Does a document belong to the academic year of the audit date? The year
 * runs 1 September to 31 August. Fresh: a date on or after the year's
 * 1 September, a period covering the year (2026-2027, 2026/27), or a lone
 * year at least the one the academic year began in. Undated: no date at all.
 * Stale: dates, all older; *label gets the latest one ("2025-2026", "2024",
 * "01.09.2025").
 */
enum rule_freshness { RULE_FRESH, RULE_UNDATED, RULE_STALE };
enum rule_freshness rules_freshness(const struct date_scan *dates, int as_of_yyyymmdd,
                                    char *label, size_t label_len);
/*
 * A plan's period (`fresh = period`): only the periods it names count, not
 * the dates it was approved on, nor lone years. A period of two adjacent
 * years (2025-2026) is an academic year and has ended when the academic year
 * of the audit date began after it; a longer one (на 2022–2025 годы) runs to
 * 31 December of its last year. Fresh: a period not yet ended. Stale: every
 * period named has ended (*label gets the latest). Undated: no period.
 */
enum rule_freshness rules_period_freshness(const struct date_scan *dates, int as_of_yyyymmdd,
                                           char *label, size_t label_len);
/* rules_freshness() or rules_period_freshness(), as doc's `fresh` says; RULE_FRESH for `fresh = no`. */
enum rule_freshness rules_doc_freshness(const struct rule_doc *doc, const struct date_scan *dates,
                                        int as_of_yyyymmdd, char *label, size_t label_len);
const char *rules_freshness_name(enum rule_freshness f);
/* The static name equal to name ("fresh", "undated", "stale"), or NULL. */
const char *rules_freshness_static(const char *name);

/*
 * Does this link lead to a mentorship section (for discovery from a home
 * page)? As rules_is_placeholder(), false with err->code set when it
 * cannot be told.
 */
bool rules_is_section_link(const struct ruleset *rs, const struct html_link *link, struct rule_error *err);

/*
 * Does the section's text send its reader to this link for the mentorship
 * documents: its text, title or the sentence around it names the section
 * («… программы наставничества опубликованы в разделе «Документы»»)? (err:
 * likewise)
 */
bool rules_is_section_reference(const struct ruleset *rs, const struct html_link *link, struct rule_error *err);

/* Does a page with this URL, <title> and <h1> look like a mentorship section? (err: likewise) */
bool rules_is_section_page(const struct ruleset *rs, const char *url,
                           const char *title, const char *h1, struct rule_error *err);

#endif
