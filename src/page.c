/*
 * page.c - a page's parse off the loop: its body, taken from the crawler,
 * parsed by libxml2 on a worker of the pool (core/pool.h), then read on
 * the loop (audit.c: job_read_page) in the order its organisation's pages
 * were handed over. A sitemap (parsers/sitemap.h) and robots.txt
 * (parsers/robots.h), fetched to find the section, are parsed so too and
 * read by discover.c.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "core/pool.h"
#include "parsers/html.h"
#include "parsers/robots.h"
#include "parsers/sitemap.h"
#include "rules/rules.h"
#include "src/job.h"

/*
 * A page to parse on a worker (core/pool.h): its own copy of the answer,
 * and the page made of it. The request and its job are the loop's: the
 * worker never touches them.
 */
struct page_parse {
	struct request *req;
	const struct ruleset *rules;  /* the run's, read-only: viewers' links unwrapped */
	struct job_body body;      /* the response body, taken from the crawler; freed once parsed */
	char *content_type;
	char *url;                 /* the effective URL */
	bool truncated;
	long long deadline_ms;     /* the organisation's time budget; 0: none */
	bool expired;              /* it had run out when a worker came to the page: not parsed */
	int rc;                    /* html_parse's */
	struct html_page *page;
	enum role role;            /* ROLE_SITEMAP, ROLE_ROBOTS: not HTML */
	size_t max_locs;           /* ROLE_SITEMAP: <loc>s it may still give */
	struct sitemap *sitemap;   /* ROLE_SITEMAP's parse; NULL when out of memory */
	struct robots *robots;     /* ROLE_ROBOTS's */
};

/* Free the body and give what it held back to the run's budget (from any thread). */
static void page_parse_free(struct page_parse *p)
{
	if (!p)
		return;
	job_body_free(&p->body);
	free(p->content_type);
	free(p->url);
	html_page_free(p->page);
	sitemap_free(p->sitemap);
	robots_free(p->robots);
	free(p);
}

/*
 * A big page's tree, freed on a worker, stays in that thread's malloc
 * arena, where the other worker cannot reuse it: with two workers parsing
 * 8 MiB pages the run held 10-20 MB more than the parses needed. After a
 * body this big the arenas' free pages are returned to the kernel
 * (glibc's malloc_trim).
 */
#define TRIM_AFTER_BODY_BYTES (1u << 20)

static void give_back_arena(size_t body_len)
{
#ifdef __GLIBC__
	if (body_len >= TRIM_AFTER_BODY_BYTES)
		(void)malloc_trim(0);
#else
	(void)body_len;
#endif
}

/* On a worker. */
static void parse_work(void *ctx)
{
	struct page_parse *p = ctx;
	size_t body_len = p->body.len;

	if (p->deadline_ms && crawl_now_ms() >= p->deadline_ms)
		p->expired = true;
	else if (p->role == ROLE_SITEMAP)
		(void)sitemap_parse(&p->sitemap, p->body.data, p->body.len, p->max_locs);   /* NULL: none read */
	else if (p->role == ROLE_ROBOTS)
		(void)robots_parse(&p->robots, p->body.data, p->body.len);
	else
		p->rc = html_parse(&p->page, p->body.data, p->body.len, p->content_type, p->url);
	if (p->page && rules_unwrap_viewers(p->rules, p->page))
		p->rc = -1;
	job_body_free(&p->body);
	give_back_arena(body_len);
}

/* The organisation's time ran out before its page was parsed: as for a page never fetched. */
static void parse_expired(struct job *j, const struct request *req, const struct page_parse *p)
{
	struct crawl_result r = {
		.url = p->url, .effective_url = p->url, .content_type = "", .body = "",
		.skipped = true, .error = CRAWL_DEADLINE_ERROR, .robots_rule = "", .refused_address = "",
		.warc_record_id = "", .warc_offset = -1, .warc_target = "",
	};

	job_page_failure(j, req, &r);
}

/* On the loop, in the order its organisation's pages were handed over: on with what the page says. */
static void parse_done(void *ctx, bool dropped)
{
	struct page_parse *p = ctx;
	struct request *req = p->req;
	struct job *j = req->job;

	/* A dropped parse is not a result, nor is one of a run that is ending: the job is freed. */
	if (dropped)
		j->abandoned = true;
	else if (job_run_ending(j->run))
		j->abandoned = true;
	else if (p->expired)
		parse_expired(j, req, p);
	else if (p->rc)
		j->run->failed = 1;
	else if (p->role == ROLE_SITEMAP)
		job_read_sitemap(j, req, p->sitemap, p->url);
	else if (p->role == ROLE_ROBOTS)
		job_read_robots(j, req, p->robots, p->url);
	else
		job_read_page(j, req, p->page, p->truncated);
	page_parse_free(p);
	job_request_answered(j, req);
}

/* The page's body goes to a worker; its request waits for the parse. 0, or -1 when out of memory. */
int job_submit_parse(struct job *j, struct request *req, const struct crawl_result *r)
{
	struct page_parse *p = calloc(1, sizeof(*p));

	if (!p)
		return -1;
	p->req = req;
	p->rules = j->run->rules;
	p->role = req->role;
	p->max_locs = req->role == ROLE_SITEMAP ? job_sitemap_room(j) : 0;
	p->content_type = strdup(r->content_type);
	p->url = strdup(r->effective_url);
	p->truncated = r->truncated;
	p->deadline_ms = j->deadline_ms;
	if (job_take_body(j, r, &p->body) || !p->content_type || !p->url ||
	    pool_submit_keyed(j->run->pool, j, parse_work, parse_done, p)) {
		page_parse_free(p);
		return -1;
	}
	return 0;
}

