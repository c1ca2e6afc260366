/*
 * job.h - one organisation's audit in flight, shared by the files of the
 * audit (private to src/): audit.c schedules jobs and handles answers,
 * section.c reads a section page's links into candidates, discover.c finds
 * the section from the registry URL, the home page, its menus, the
 * sitemaps or the known paths. The judgement is rules/judge.c's.
 */
#ifndef MA_JOB_H
#define MA_JOB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/budget.h"
#include "core/log.h"
#include "core/macros.h"
#include "core/strvec.h"
#include "crawler/crawl.h"
#include "rules/finding.h"
#include "rules/judge.h"
#include "src/audit.h"

struct html_link;
struct html_page;
struct content_page;


/* Why a page was fetched. */
enum role {
	ROLE_ENTRY,        /* the registry URL */
	ROLE_HOME,         /* the site's home page, to find the section */
	ROLE_DISCOVERED,   /* a section link found in a menu */
	ROLE_SECTION,      /* the section or a page below it */
	ROLE_CHECK,        /* a document link */
	ROLE_CARD,         /* a document link's answer was a web page: parsed as the document's card */
	ROLE_CARD_FILE,    /* the file a card links to: its answer is the document link's */
	ROLE_CLOUD_API,    /* a cloud disk's API, asked where a public link's file is (cloud.c) */
	ROLE_MENU,         /* a menu page of a parent area (depth: its level below home; check: its menu item) */
	ROLE_MAYBE,        /* a page that may be the section (a menu page's link, a sitemap's URL, a known path) */
	ROLE_ROBOTS,       /* robots.txt, read for its Sitemap: lines */
	ROLE_SITEMAP,      /* a sitemap or sitemap index */
};

struct audit;
struct discovery;
struct robots;
struct sitemap;

/* How the run reads documents (document.c): the threads' OCR contexts. */
struct doc_reader {
	pthread_key_t key;            /* each thread's struct ocr, made on first use */
	bool has_key;
	bool ocr;                     /* pages without text are recognised */
	const char *exe;              /* the program a reader process is started from; NULL: read in process */
	long time_ms;                 /* one document's reading (--doc-time); 0: CAP_DOC_READ_MS */
};

struct job {
	struct audit *run;
	struct org_result *res;
	size_t index;                 /* the registry row */
	bool owns_res;                /* res is the job's own (no orgs array): freed with it */
	char *entry_url;
	char *section_url;
	bool section_is_page;         /* the section URL names a page of a flat site */
	long long deadline_ms;        /* the organisation's time budget ends (crawl clock) */
	unsigned outstanding;         /* requests in flight and pages being parsed */
	bool abandoned;               /* a parse was dropped (the run is ending): no result */
	enum unchecked_cause partial; /* why a page was read only in part; NONE when all were whole */
	char *unreachable_page;       /* a page below the section that did not answer */
	char *unreachable_why;
	enum unchecked_cause unreachable_cause;
	struct strvec seen_pages;     /* pages asked for, and where they redirected to */
	size_t pages_asked;           /* pages fetched or being fetched: what --max-pages caps */
	struct strvec ignored_urls;   /* links judged higher-level acts */
	struct judge_candidate *cands;
	size_t ncands, cands_alloc;
	struct judge_check *checks;
	size_t nchecks, checks_alloc;
	struct judge_rule_error rule_errors[CAP_RULE_DOCS];   /* a document's first link a rule could not tell */
	size_t nrule_errors;
	bool section_rule_error;      /* a section test could not tell (said once) */
	struct discovery *disc;       /* looking for the section (discover.c); NULL until then */
	size_t list_pages;            /* further pages of the section's lists read (CAP_LIST_PAGES) */
	size_t references;            /* pages outside the section its text sent to, read (CAP_SECTION_REFERENCES) */
};

struct request {
	struct job *job;
	enum role role;
	unsigned depth;
	size_t check;
};

struct audit {
	const struct audit_opts *opts;
	const struct ruleset *rules;
	const struct registry *registry;
	struct org_result *orgs;
	struct crawler *crawler;
	struct pool *pool;       /* parses pages off the loop (core/pool.h) */
	struct budget bodies;    /* page bodies held at once (CAP_RUN_BODY_BYTES) */
	struct doc_reader reader;
	size_t next;             /* next registry row to start */
	size_t finished;
	int failed;              /* an internal error (out of memory) */
};

/* A finding about the organisation, once (rules/finding.h): a kind with a URL or none. */
void job_finding(struct job *j, enum finding_kind kind, const char *url);
/* The same for a finding with more arguments. */
void job_note(struct job *j, const struct finding *f);
/* Queue a request for the job. 0, or -1 when out of memory. */
int job_fetch(struct job *j, const char *url, enum role role, unsigned depth, size_t check);
/* Whether url is document doc could not be told (rules.h): the judge hears of its first such link. */
void job_rule_error(struct job *j, size_t doc, const char *url, const struct rule_error *e);
/* Does a link point to a file of a document (the rule file's [links] file endings)? */
bool job_is_document_link(const struct ruleset *rules, const struct html_link *l);

/*
 * A response's body taken from the crawler for a worker (a page to parse, a
 * document to read), with what it holds of the run's budget for bodies.
 */
struct job_body {
	char *data;                   /* NULL once freed */
	size_t len;
	size_t charge;                /* of the run's bodies budget */
	struct budget *bodies;
};
/* audit.c: take r's body for j's run (crawl_take_body). 0, or -1 when out of memory. */
int job_take_body(struct job *j, const struct crawl_result *r, struct job_body *b);
/* audit.c: free the body and give its bytes back, from any thread; again is harmless. */
void job_body_free(struct job_body *b);

/* audit.c: a request of j is answered (its page or document read): once none is left, the judge decides. */
void job_request_answered(struct job *j, struct request *req);
/* audit.c: the run is ending early (a signal, a failed write): what is cut short is not a result. */
bool job_run_ending(const struct audit *a);

/* audit.c: a page that did not answer as a page must (its request is answered by the caller). */
void job_page_failure(struct job *j, const struct request *req, const struct crawl_result *r);
/* audit.c: a page parsed: on with what it says (truncated: its body was cut at its cap). */
void job_read_page(struct job *j, const struct request *req, const struct html_page *page, bool truncated);
/* page.c: a page's body goes to a worker; its request waits for the parse. 0, or -1 when out of memory. */
int job_submit_parse(struct job *j, struct request *req, const struct crawl_result *r);

/*
 * document.c: set up reading documents (ocr: recognise scans; exe: the
 * program to start readers from, NULL to read in process; time_ms: one
 * document's time), before the pool's threads start. 0, or -1.
 */
int doc_reader_begin(struct doc_reader *r, bool ocr, const char *exe, long time_ms);
/* document.c: after the pool's threads ended. */
void doc_reader_end(struct doc_reader *r);
/* document.c: read a document link's answer off the loop; its request waits. 0, or -1 when out of memory. */
int job_read_document(struct job *j, struct request *req, const struct crawl_result *r);

/* card.c: should check's answer r (2xx) be read as a document's card rather than as the document? */
bool job_is_card_answer(const struct job *j, const struct request *req, const struct crawl_result *r);
/* cloud.c: a check whose link is a cloud disk's: fetched at its file (1), not one (0), or -1 (out of memory). */
int job_fetch_cloud(struct job *j, size_t check);
/* cloud.c: the disk's API answered: true when the file it names is now fetched for the check. */
bool job_read_cloud_api(struct job *j, const struct request *req, const struct crawl_result *r);
/* card.c: a card parsed: its file is fetched for the check, when it names one. */
void job_read_card(struct job *j, const struct request *req, const struct html_page *page);

/*
 * section.c: the check of url (seen on page): 0 and its index when there is
 * one, 1 and the index of a new one, not yet fetched (within
 * CAP_DOC_CHECKS_PER_ORG), or -1 (past the cap, out of memory).
 */
int job_check_slot(struct job *j, const char *url, const char *page, bool names_file, size_t *index);
/*
 * document.c: what pages[0..n) say doc is (its title blocks, as of the run's
 * date) and, for each document they name, the lines listing what it counts.
 * 0, or -1 when out of memory.
 */
int job_read_content(const struct job *j, struct judge_document *doc, const struct content_page *pages, size_t n);
/* page_text.c: documents typed into a section page's own text, judged as a file the page is. */
void job_read_page_text(struct job *j, const struct html_page *page);

/* section.c: a page below the section, once, within the caps. Whether it was asked for. */
bool job_fetch_page_once(struct job *j, const char *url, enum role role, unsigned depth);
/* section.c: every link of a section page: candidates, rejections, pages below. */
void job_read_section_page(struct job *j, const struct html_page *page, unsigned depth);

/* discover.c: the registry URL's page (page->url: where it led), or the home page: the section, or where to look. */
void job_on_entry_or_home(struct job *j, const struct request *req, const struct html_page *page);
/*
 * discover.c: look for the section from the home page of url's site, or,
 * when it was opened already, in the places after it (its menus, the
 * sitemaps, the known paths).
 */
void job_go_home(struct job *j, const char *url);
/*
 * discover.c: a request made to find the section failed (req's role is
 * ROLE_MENU, ROLE_MAYBE, ROLE_ROBOTS or ROLE_SITEMAP): on to the next
 * place, true. false for other roles, and when the site did not answer at
 * all (a transfer error): that is for the caller.
 */
bool job_discovery_failed(struct job *j, const struct request *req, const struct crawl_result *r);
/* discover.c: robots.txt's Sitemap: values (page.c parsed it; NULL: not usable), on the loop. */
void job_read_robots(struct job *j, const struct request *req, const struct robots *robots, const char *url);
/* discover.c: a sitemap parsed (NULL: not usable), on the loop. */
void job_read_sitemap(struct job *j, const struct request *req, const struct sitemap *map, const char *url);
/* discover.c: how many <loc>s a sitemap may still give (CAP_SITEMAP_URLS per organisation). */
size_t job_sitemap_room(const struct job *j);
/* discover.c: free what the job's discovery holds; NULL is fine. */
void job_discovery_free(struct discovery *d);

#endif
