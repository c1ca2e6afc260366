/*
 * audit.c - the per-organisation state machine on top of the crawler.
 *
 * An organisation goes: registry URL -> (the section | discovery through
 * the site's menu) -> pages below the section down to --depth -> a check
 * of every candidate document link -> scoring. At most opts->jobs
 * organisations are in flight; when one finishes the next one starts.
 */
#include "src/audit.h"
#include "src/job.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "core/log.h"
#include "core/pool.h"
#include "core/text.h"
#include "core/buf.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "parsers/registry.h"
#include "parsers/url.h"
#include "rules/judge.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static void start_next(struct audit *a);
static void on_response(void *userdata, const struct crawl_result *r);

/*
 * Does a link of a parsed page point to a file? Its file name is the last
 * segment of its decoded path ("" when there is none), and no ending holds
 * a '/', so the URL is not parsed again.
 */
bool job_is_document_link(const struct ruleset *rules, const struct html_link *l)
{
	return rules_is_document_file(rules, l->filename);
}

/* What a failed page fetch says about the site. */
enum failure {
	FAIL_NONE,
	FAIL_BLOCKED,       /* robots.txt, or a persistent 401/403/429 */
	FAIL_UNREACHABLE,   /* DNS, connect, TLS, timeout, 5xx: could not check */
	FAIL_SKIPPED,       /* the organisation's time budget ran out first */
	FAIL_HTTP,          /* another status (404 ...): the page is not there */
};

static enum failure failure_of(const struct ruleset *rules, const struct crawl_result *r)
{
	if (r->skipped)
		return FAIL_SKIPPED;
	if (r->robots_blocked)
		return FAIL_BLOCKED;
	/*
	 * A redirect to file:, ftp: ... is the site's answer: the link leads to
	 * no web page. So is a link (or redirect) into a private network: it
	 * leads to no page anyone outside can open.
	 */
	if (r->redirect_refused || r->address_refused)
		return FAIL_HTTP;
	if (r->curl_code != 0 || r->status == 0 || r->status >= 500)
		return FAIL_UNREACHABLE;
	if (rules_refuses(rules, r->status))
		return FAIL_BLOCKED;
	return r->status >= 200 && r->status < 300 ? FAIL_NONE : FAIL_HTTP;
}

/* Why a fetch failed, as the reports name it. */
static enum unchecked_cause cause_of(const struct ruleset *rules, int curl_code, long status)
{
	if (curl_code)
		return crawl_error_cause(curl_code);
	if (rules_refuses(rules, status))
		return UNCHECKED_DENIED;
	return status >= 500 || status == 0 ? UNCHECKED_SERVER_ERROR : UNCHECKED_NONE;
}

static enum unchecked_cause result_cause(const struct ruleset *rules, const struct crawl_result *r)
{
	if (r->skipped)
		return UNCHECKED_TIME_BUDGET;
	if (r->robots_blocked)
		return r->robots_status ? UNCHECKED_ROBOTS_ERROR : UNCHECKED_ROBOTS;
	/* Nothing failed to be checked: the site's link leads inward (failure_of). */
	if (r->address_refused)
		return UNCHECKED_NONE;
	return cause_of(rules, r->curl_code, r->status);
}

/* A failed fetch as a finding carries it (the reports put it into words). */
static struct finding_failure failure_data(const struct ruleset *rules, const struct crawl_result *r)
{
	struct finding_failure f = {
		.cause = result_cause(rules, r),
		.code = r->status,
		.transfer_error = r->curl_code != 0,
		.redirect_refused = r->redirect_refused,
	};

	return f;
}

/* The exact reason of a failed fetch: robots.txt rule, curl's message or status. */
static void describe_result(char *out, size_t len, const struct crawl_result *r)
{
	if (r->robots_blocked)
		snprintf(out, len, "%s", r->robots_rule);
	else if (r->skipped)
		snprintf(out, len, "%s", r->error);
	else
		judge_failure_text(out, len, r->curl_code, r->error, r->status);
}

int job_fetch(struct job *j, const char *url, enum role role, unsigned depth, size_t check)
{
	struct request *req = calloc(1, sizeof(*req));

	if (!req)
		return -1;
	req->job = j;
	req->role = role;
	req->depth = depth;
	req->check = check;
	if (crawl_add(j->run->crawler, url, role == ROLE_CHECK || role == ROLE_CARD_FILE ? CRAWL_DOCUMENT : CRAWL_PAGE,
	              j->deadline_ms, on_response, req)) {
		free(req);
		return -1;
	}
	j->outstanding++;
	return 0;
}

static void job_free(struct job *j)
{
	if (!j)
		return;
	for (size_t i = 0; i < j->ncands; i++) {
		free(j->cands[i].url);
		free(j->cands[i].title);
		free(j->cands[i].page);
	}
	for (size_t i = 0; i < j->nchecks; i++) {
		free(j->checks[i].url);
		free(j->checks[i].page);
		free(j->checks[i].content_type);
		free(j->checks[i].error);
		free(j->checks[i].refused_address);
		free(j->checks[i].document);
		free(j->checks[i].file_url);
	}
	for (size_t i = 0; i < j->nrule_errors; i++)
		free(j->rule_errors[i].url);
	free(j->cands);
	free(j->checks);
	strvec_free(&j->seen_pages);
	strvec_free(&j->ignored_urls);
	job_discovery_free(j->disc);
	free(j->entry_url);
	free(j->section_url);
	free(j->unreachable_page);
	free(j->unreachable_why);
	if (j->owns_res) {
		verdict_org_clear(j->res);
		free(j->res);
	}
	free(j);
}

void job_finding(struct job *j, enum finding_kind kind, const char *url)
{
	struct finding f = { .kind = kind, .doc = -1, .url = (char *)url };

	job_note(j, &f);
}

void job_note(struct job *j, const struct finding *f)
{
	/* Past CAP_PROBLEMS_PER_ORG the list counts what it drops; a failure here is out of memory. */
	if (verdict_add_finding(j->res, f))
		j->run->failed = 1;
}

void job_rule_error(struct job *j, size_t doc, const char *url, const struct rule_error *e)
{
	struct judge_rule_error *r;

	for (size_t i = 0; i < j->nrule_errors; i++)
		if (j->rule_errors[i].doc == doc)
			return;
	if (j->nrule_errors >= CAP_RULE_DOCS)
		return;
	r = &j->rule_errors[j->nrule_errors];
	r->url = strdup(url);
	if (!r->url) {
		j->run->failed = 1;
		return;
	}
	r->doc = doc;
	r->error = *e;
	j->nrule_errors++;
}

/*
 * A finding about a failed fetch; one refused for its address says where
 * it led (the redirect's target, when it was one) instead.
 */
static void failed_fetch(struct job *j, enum finding_kind kind, const struct crawl_result *r)
{
	struct finding f = { .kind = kind, .doc = -1, .url = (char *)r->url,
	                     .failure = failure_data(j->run->rules, r) };

	if (r->address_refused)
		f = (struct finding){ .kind = FIND_PRIVATE_ADDRESS, .doc = -1, .url = (char *)r->effective_url,
		                      .detail = (char *)r->refused_address };
	job_note(j, &f);
}

static void set_reason(struct job *j, enum org_status st, enum unchecked_cause cause, const char *why)
{
	j->res->status = st;
	j->res->cause = cause;
	free(j->res->reason);
	j->res->reason = strdup(why);
	if (!j->res->reason)
		j->run->failed = 1;
}

/* A page that could not be read: what it means depends on why it was fetched. */
void job_page_failure(struct job *j, const struct request *req, const struct crawl_result *r)
{
	enum failure f = failure_of(j->run->rules, r);
	enum unchecked_cause cause = result_cause(j->run->rules, r);
	char why[CAP_ERROR_TEXT + CAP_ROBOTS_PATTERN];

	describe_result(why, sizeof(why), r);
	if (r->host_down)
		job_finding(j, FIND_HOST_DOWN, r->url);
	/* A card whose parse came too late: its link is judged by its own answer. */
	if (req->role == ROLE_CARD)
		return;
	if (f == FAIL_SKIPPED) {
		job_finding(j, FIND_TIME_BUDGET, NULL);
		if (req->role != ROLE_SECTION && !j->res->section_reached)
			set_reason(j, ORG_UNREACHABLE, cause, why);
		else if (j->res->section_reached)
			j->partial = cause;
		return;
	}
	/* A place looked at to find the section: the next one is looked at (discover.c). */
	if (job_discovery_failed(j, req, r))
		return;
	if (req->role == ROLE_SECTION) {
		if (f == FAIL_BLOCKED && r->robots_blocked) {
			job_finding(j, FIND_SECTION_ROBOTS, r->url);
			return;
		}
		failed_fetch(j, FIND_SECTION_FAILED, r);
		if (f == FAIL_UNREACHABLE && !j->unreachable_page) {
			j->unreachable_page = strdup(r->url);
			j->unreachable_why = strdup(why);
			j->unreachable_cause = cause;
			if (!j->unreachable_page || !j->unreachable_why)
				j->run->failed = 1;
		}
		return;
	}
	if (f == FAIL_BLOCKED) {
		set_reason(j, ORG_BLOCKED, cause, why);
		if (r->robots_status) {
			struct finding rf = { .kind = FIND_ROBOTS_ERROR, .doc = -1,
			                      .failure = { .cause = cause, .code = r->robots_status, .transfer_error = true } };

			job_note(j, &rf);
		} else {
			failed_fetch(j, FIND_SITE_REFUSED, r);
		}
		return;
	}
	if (f == FAIL_UNREACHABLE) {
		set_reason(j, ORG_UNREACHABLE, cause, why);
		failed_fetch(j, FIND_SITE_UNREACHABLE, r);
		return;
	}
	if (req->role == ROLE_ENTRY) {
		failed_fetch(j, FIND_ENTRY_FAILED, r);
		job_go_home(j, r->url);
		return;
	}
	j->res->status = ORG_NO_SECTION;
	failed_fetch(j, FIND_PAGE_FAILED, r);
	/* The home page or a section link did not open: the section may be elsewhere still. */
	job_go_home(j, j->entry_url);
}

/* The crawler's archive record of a response, for the reports. */
static struct evidence_ref record_of(const struct crawl_result *r)
{
	struct evidence_ref ref = { "", -1 };

	if (r->warc_record_id && r->warc_record_id[0] && r->warc_offset >= 0) {
		snprintf(ref.record_id, sizeof(ref.record_id), "%s", r->warc_record_id);
		ref.offset = r->warc_offset;
	}
	return ref;
}

/* A page past a cap of its shape was read only up to it: the rest is "не проверено". */
static void note_page_cut(struct job *j, const struct html_page *page, const char *url)
{
	struct finding f = { .kind = FIND_PAGE_TOO_COMPLEX, .doc = -1, .url = (char *)url };

	f.detail = (char *)html_excess_name(page->excess);
	f.cap = (unsigned)html_excess_cap(page->excess);
	f.count = html_excess_count(&page->shape, page->excess);
	job_note(j, &f);
	j->partial = UNCHECKED_PAGE_COMPLEX;
}

/* What a parsed page says: its cuts, then its links, as its role asks. */
void job_read_page(struct job *j, const struct request *req, const struct html_page *page, bool truncated)
{
	if (page->excess != HTML_SHAPE_OK)
		note_page_cut(j, page, page->url);
	if (truncated) {
		job_finding(j, FIND_PAGE_TRUNCATED, page->url);
		j->partial = UNCHECKED_TRUNCATED;
	}
	/* The cap keeps memory bounded; the department must know what was not read. */
	if (page->links_dropped) {
		struct finding lf = { .kind = FIND_LINKS_CAP, .doc = -1, .url = page->url,
		                      .cap = CAP_LINKS_PER_PAGE, .count = page->links_dropped };

		job_note(j, &lf);
		j->partial = UNCHECKED_LINKS_CAP;
	}
	/* An application's shell: what the browser would show is not in its HTML. */
	if (req->role != ROLE_CARD && html_page_is_script_shell(page)) {
		job_finding(j, FIND_SCRIPT_PAGE, page->url);
		if (j->partial == UNCHECKED_NONE)
			j->partial = UNCHECKED_SCRIPT_PAGE;
	}
	if (req->role == ROLE_SECTION)
		job_read_section_page(j, page, req->depth);
	else if (req->role == ROLE_CARD)
		job_read_card(j, req, page);
	else
		job_on_entry_or_home(j, req, page);
}

/* A page's answer. true: its parse was handed to the pool, and its request waits for it. */
static bool on_page(struct job *j, struct request *req, const struct crawl_result *r)
{
	struct evidence_ref ref = record_of(r);

	if (verdict_add_evidence(j->res, r->warc_target, r->warc_status, &ref))
		j->run->failed = 1;
	if (failure_of(j->run->rules, r) != FAIL_NONE) {
		job_page_failure(j, req, r);
		return false;
	}
	if (job_submit_parse(j, req, r)) {
		j->run->failed = 1;
		return false;
	}
	return true;
}

/* A document link's answer. true: its body was handed over to be read, and its request waits for it. */
static bool on_check(struct job *j, struct request *req, const struct crawl_result *r)
{
	struct judge_check *c = &j->checks[req->check];

	enum failure f = failure_of(j->run->rules, r);
	char why[CAP_ERROR_TEXT + CAP_ROBOTS_PATTERN];

	describe_result(why, sizeof(why), r);
	if (r->host_down)
		job_finding(j, FIND_HOST_DOWN, r->url);
	c->done = true;
	c->unverified = f == FAIL_SKIPPED || r->robots_blocked;
	c->unreachable = f == FAIL_UNREACHABLE;
	c->status = r->status;
	c->curl_code = r->curl_code;
	c->record = record_of(r);
	c->cause = result_cause(j->run->rules, r);
	/* A card's file answers for the card: its answer replaces the card's. */
	free(c->content_type);
	free(c->error);
	free(c->refused_address);
	c->content_type = strdup(r->content_type);
	c->error = strdup(c->unverified ? why : r->error);
	c->refused_address = r->address_refused ? strdup(r->refused_address) : NULL;
	if (!c->content_type || !c->error || (r->address_refused && !c->refused_address)) {
		j->run->failed = 1;
		return false;
	}
	if (r->curl_code || r->status < 200 || r->status > 299 || c->unverified)
		return false;
	if (job_is_card_answer(j, req, r)) {
		req->role = ROLE_CARD;
		if (job_submit_parse(j, req, r)) {
			j->run->failed = 1;
			return false;
		}
		return true;
	}
	if (job_read_document(j, req, r)) {
		j->run->failed = 1;
		return false;
	}
	return true;
}

/* All requests of the organisation are answered: the judge decides. */
static void finalize(struct job *j)
{
	const char *name = j->res->row->name;
	unsigned own[CAP_CONTENT_ISSUERS];
	size_t nown = rules_org_numbers(j->run->rules, name, strlen(name), own, CAP_CONTENT_ISSUERS, NULL, 0);
	const struct judge_input in = {
		.rules = j->run->rules,
		.cands = j->cands, .ncands = j->ncands,
		.checks = j->checks, .nchecks = j->nchecks,
		.ignored_urls = &j->ignored_urls,
		.rule_errors = j->rule_errors, .nrule_errors = j->nrule_errors,
		.section_url = j->section_url,
		.org_numbers = own, .norg_numbers = nown,
		.partial = j->partial,
		.unreachable_page = j->unreachable_page,
		.unreachable_why = j->unreachable_why,
		.unreachable_cause = j->unreachable_cause,
	};

	if (judge_org(&in, j->res))
		j->run->failed = 1;
	log_info("%s: %s", j->res->row->id, verdict_status_name(j->res->status));
}

int job_take_body(struct job *j, const struct crawl_result *r, struct job_body *b)
{
	b->bodies = &j->run->bodies;
	b->data = crawl_take_body(r, &b->charge);
	b->len = r->body_len;
	return b->data ? 0 : -1;
}

void job_body_free(struct job_body *b)
{
	free(b->data);
	b->data = NULL;
	if (b->bodies)
		budget_give(b->bodies, b->charge);
	b->charge = 0;
}

bool job_run_ending(const struct audit *a)
{
	return (a->opts->crawl.stop && *a->opts->crawl.stop) || crawl_halt_reason(a->crawler);
}

/* Organisation index has its final result, res. A result that cannot be kept halts the run. */
static void org_done(struct audit *a, size_t index, const struct org_result *res)
{
	char err[CAP_ERROR_TEXT * 2];

	a->finished++;
	if (a->opts->finished && a->opts->finished(a->opts->finished_ctx, index, res, err, sizeof(err))) {
		crawl_halt(a->crawler, err);
		return;
	}
	if (a->opts->progress)
		a->opts->progress(a->opts->progress_ctx, a->finished, a->registry->nrows);
}

void job_request_answered(struct job *j, struct request *req)
{
	struct audit *a = j->run;

	free(req);
	if (--j->outstanding > 0)
		return;
	/* Stopping: what was cut short is not a result; the resumed run audits it again. */
	if (job_run_ending(a) || j->abandoned) {
		job_free(j);
		return;
	}
	finalize(j);
	org_done(a, j->index, j->res);
	job_free(j);
	start_next(a);
}

static void on_response(void *userdata, const struct crawl_result *r)
{
	struct request *req = userdata;
	struct job *j = req->job;

	if (req->role == ROLE_CLOUD_API && job_read_cloud_api(j, req, r)) {
		/* The file it names answers for the link. */
	} else if (req->role == ROLE_CHECK || req->role == ROLE_CARD_FILE || req->role == ROLE_CLOUD_API) {
		if (on_check(j, req, r))
			return;
	} else if (on_page(j, req, r)) {
		return;
	}
	job_request_answered(j, req);
}

/* An internal error (out of memory): the run fails; the row counts as done so the run can end. */
static void start_failed(struct audit *a, struct job *j)
{
	a->failed = 1;
	a->finished++;
	job_free(j);
}

/* Start one organisation; one that needs no fetch (an invalid URL) is done at once. */
static void start_job(struct audit *a, size_t index)
{
	struct org_result *res;
	const char *why = NULL;
	struct job *j;

	j = calloc(1, sizeof(*j));
	if (!j) {
		start_failed(a, NULL);
		return;
	}
	j->run = a;
	j->index = index;
	if (a->orgs) {
		j->res = &a->orgs[index];
	} else {
		/* No array to fill: the result lives as long as the job, and finished() takes it. */
		j->res = malloc(sizeof(*j->res));
		if (!j->res) {
			start_failed(a, j);
			return;
		}
		verdict_org_init(j->res, &a->registry->rows[index]);
		j->owns_res = true;
	}
	res = j->res;
	if (a->opts->org_time_ms > 0)
		j->deadline_ms = crawl_now_ms() + a->opts->org_time_ms;
	strvec_init(&j->seen_pages, 0);
	strvec_init(&j->ignored_urls, CAP_DOC_CHECKS_PER_ORG);
	if (url_normalize(&j->entry_url, res->row->url, &why)) {
		res->status = ORG_INVALID_URL;
		res->cause = UNCHECKED_INVALID_URL;
		res->reason = strdup(why ? why : "not a URL");
		if (!res->reason) {
			start_failed(a, j);
			return;
		}
		struct finding bad = { .kind = FIND_INVALID_URL, .doc = -1, .url = res->row->url };

		if (verdict_add_finding(res, &bad)) {
			start_failed(a, j);
			return;
		}
		org_done(a, index, res);
		job_free(j);
		return;
	}
	j->pages_asked = 1;
	if (strvec_push(&j->seen_pages, j->entry_url) || job_fetch(j, j->entry_url, ROLE_ENTRY, 0, 0))
		start_failed(a, j);
}

static void start_next(struct audit *a)
{
	bool skipped = false;

	while (a->next < a->registry->nrows && !crawl_halt_reason(a->crawler) &&
	       a->next - a->finished < a->opts->jobs) {
		size_t i = a->next++;

		if (a->opts->restored && a->opts->restored[i]) {
			a->finished++;
			skipped = true;
			continue;
		}
		start_job(a, i);
	}
	/* Restored rows count as done: said, or the last ones would never show. */
	if (skipped && a->opts->progress)
		a->opts->progress(a->opts->progress_ctx, a->finished, a->registry->nrows);
}

/* Every usable URL of the registry, as the audit reads it (url_normalize). 0, or -1 when out of memory. */
static int registry_urls(struct strvec *out, const struct registry *reg)
{
	for (size_t i = 0; i < reg->nrows; i++) {
		char *url = NULL;

		if (url_normalize(&url, reg->rows[i].url, NULL) == 0 && strvec_push_owned(out, url))
			return -1;
	}
	return 0;
}

int audit_run(const struct audit_opts *opts, const struct ruleset *rules,
              const struct registry *registry, struct org_result *orgs,
              struct crawl_stats *stats, char *halt, size_t haltlen)
{
	struct audit a = {
		.opts = opts, .rules = rules, .registry = registry, .orgs = orgs,
	};
	struct crawl_opts crawl = opts->crawl;
	struct strvec own;
	int rc = -1, ran;

	strvec_init(&own, 0);
	crawl.own_urls = &own;
	budget_init(&a.bodies, CAP_RUN_BODY_BYTES);
	crawl.bodies = &a.bodies;
	/* libxml2 is set up once, here, before any worker parses. */
	html_global_init();
	if (doc_reader_begin(&a.reader, true, opts->doc_reader, opts->doc_time_ms) || pool_new(&a.pool, opts->threads > 1 ? opts->threads : 0))
		goto out;
	crawl.pool = a.pool;
	if (registry_urls(&own, opts->own ? opts->own : registry) || crawl_new(&a.crawler, &crawl))
		goto out;
	start_next(&a);
	ran = crawl_run(a.crawler);
	if (ran < 0)
		goto out;
	crawl_get_stats(a.crawler, stats);
	if (ran == CRAWL_HALTED) {
		snprintf(halt, haltlen, "%s", crawl_halt_reason(a.crawler));
		rc = AUDIT_HALTED;
	} else {
		rc = a.failed ? -1 : ran == CRAWL_STOPPED ? AUDIT_STOPPED : 0;
	}
out:
	/* Parses left by a failed run are dropped while the crawler their jobs ask about still exists. */
	if (a.pool)
		pool_cancel(a.pool);
	crawl_free(a.crawler);
	pool_free(a.pool);
	doc_reader_end(&a.reader);
	strvec_free(&own);
	return rc;
}
