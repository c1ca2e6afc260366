/*
 * audit.c - the per-organisation state machine on top of the crawler.
 *
 * An organisation goes: registry URL -> (the section | discovery through
 * the site's menu) -> pages below the section down to --depth -> a check
 * of every candidate document link -> scoring. At most opts->jobs
 * organisations are in flight; when one finishes the next one starts.
 */
#include "src/audit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/caps.h"
#include "core/log.h"
#include "core/text.h"
#include "core/buf.h"
#include "parsers/dates.h"
#include "parsers/html.h"
#include "parsers/registry.h"
#include "parsers/url.h"
#include "rules/judge.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* Why a page was fetched. */
enum role {
	ROLE_ENTRY,        /* the registry URL */
	ROLE_HOME,         /* the site's home page, to find the section */
	ROLE_DISCOVERED,   /* a section link found in a menu */
	ROLE_SECTION,      /* the section or a page below it */
	ROLE_CHECK,        /* a document link */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct audit;

struct job {
	struct audit *run;
	struct org_result *res;
	size_t index;                 /* the registry row */
	bool owns_res;                /* res is the job's own (no orgs array): freed with it */
	char *entry_url;
	char *section_url;
	bool section_is_page;         /* the section URL names a page of a flat site */
	long long deadline_ms;        /* the organisation's time budget ends (crawl clock) */
	unsigned outstanding;
	enum unchecked_cause partial; /* why a page was read only in part; NONE when all were whole */
	char *unreachable_page;       /* a page below the section that did not answer */
	char *unreachable_why;
	enum unchecked_cause unreachable_cause;
	struct strvec seen_pages;
	struct strvec ignored_urls;   /* links judged higher-level acts */
	struct judge_candidate *cands;
	size_t ncands, cands_alloc;
	struct judge_check *checks;
	size_t nchecks, checks_alloc;
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
	size_t next;             /* next registry row to start */
	size_t finished;
	int failed;              /* an internal error (out of memory) */
};

static void start_next(struct audit *a);
static void on_response(void *userdata, const struct crawl_result *r);

/*
 * Does a link of a parsed page point to a file? Its file name is the last
 * segment of its decoded path ("" when there is none), and no ending holds
 * a '/', so the URL is not parsed again.
 */
static bool is_document_link(const struct ruleset *rules, const struct html_link *l)
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
	/* A redirect to file:, ftp: ... is the site's answer: the link leads to no web page. */
	if (r->redirect_refused)
		return FAIL_HTTP;
	if (r->curl_code != 0 || r->status == 0 || r->status >= 500)
		return FAIL_UNREACHABLE;
	if (rules_refuses(rules, r->status))
		return FAIL_BLOCKED;
	return r->status >= 200 && r->status < 300 ? FAIL_NONE : FAIL_HTTP;
}

/* "HTTP 404" or curl's own message, for problems and rejections. */
static void describe_failure(char *out, size_t len, int curl_code, const char *error, long status)
{
	if (curl_code)
		snprintf(out, len, "%s", error ? error : "error");
	else
		snprintf(out, len, "HTTP %ld", status);
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
	return cause_of(rules, r->curl_code, r->status);
}

/* A failed fetch in plain Russian, for problems: «сайт не ответил вовремя», «код ответа 404». */
static void describe_ru(const struct ruleset *rules, char *out, size_t len, int curl_code, long status)
{
	enum unchecked_cause c = cause_of(rules, curl_code, status);

	if (curl_code || status <= 0)
		snprintf(out, len, "%s", verdict_cause_label_ru(c));
	else if (c != UNCHECKED_NONE)
		snprintf(out, len, "%s, код ответа %ld", verdict_cause_label_ru(c), status);
	else
		snprintf(out, len, "код ответа %ld", status);
}

/* The exact reason of a failed fetch: robots.txt rule, curl's message or status. */
static void describe_result(char *out, size_t len, const struct crawl_result *r)
{
	if (r->robots_blocked)
		snprintf(out, len, "%s", r->robots_rule);
	else if (r->skipped)
		snprintf(out, len, "%s", r->error);
	else
		describe_failure(out, len, r->curl_code, r->error, r->status);
}

static int fetch(struct job *j, const char *url, enum role role, unsigned depth, size_t check)
{
	struct request *req = calloc(1, sizeof(*req));

	if (!req)
		return -1;
	req->job = j;
	req->role = role;
	req->depth = depth;
	req->check = check;
	if (crawl_add(j->run->crawler, url, role == ROLE_CHECK ? CRAWL_CHECK : CRAWL_PAGE,
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
		free(j->checks[i].content_type);
		free(j->checks[i].error);
	}
	free(j->cands);
	free(j->checks);
	strvec_free(&j->seen_pages);
	strvec_free(&j->ignored_urls);
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

static void problem(struct job *j, const char *fmt, ...) MA_PRINTF(2, 3);

static void problem(struct job *j, const char *fmt, ...)
{
	char line[CAP_URL_BYTES + 512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (!strvec_contains(&j->res->problems, line))
		strvec_push(&j->res->problems, line);
}

/* Index of the check for url, starting one when new (within the cap). */
static int check_for(struct job *j, const char *url, size_t *index)
{
	for (size_t i = 0; i < j->nchecks; i++) {
		if (strcmp(j->checks[i].url, url) == 0) {
			*index = i;
			return 0;
		}
	}
	if (j->nchecks >= CAP_DOC_CHECKS_PER_ORG)
		return -1;
	if (j->nchecks == j->checks_alloc) {
		size_t n = j->checks_alloc ? j->checks_alloc * 2 : 16;
		struct judge_check *p = realloc(j->checks, n * sizeof(*p));

		if (!p)
			return -1;
		j->checks = p;
		j->checks_alloc = n;
	}
	memset(&j->checks[j->nchecks], 0, sizeof(struct judge_check));
	j->checks[j->nchecks].url = strdup(url);
	if (!j->checks[j->nchecks].url)
		return -1;
	*index = j->nchecks++;
	j->res->links_checked++;
	return fetch(j, url, ROLE_CHECK, 0, *index);
}

static void add_candidate(struct job *j, size_t doc, const struct html_link *l,
                          const struct rule_verdict *v, const char *page,
                          enum rule_freshness freshness)
{
	struct judge_candidate *c;
	size_t check;

	for (size_t i = 0; i < j->ncands; i++)
		if (j->cands[i].doc == doc && strcmp(j->cands[i].url, l->url) == 0)
			return;
	if (check_for(j, l->url, &check))
		return;
	if (j->ncands == j->cands_alloc) {
		size_t n = j->cands_alloc ? j->cands_alloc * 2 : 16;
		struct judge_candidate *p = realloc(j->cands, n * sizeof(*p));

		if (!p) {
			j->run->failed = 1;
			return;
		}
		j->cands = p;
		j->cands_alloc = n;
	}
	c = &j->cands[j->ncands];
	c->doc = doc;
	c->url = strdup(l->url);
	c->title = strdup(v->text);
	c->page = strdup(page);
	c->source = v->source;
	c->line = v->line[doc];
	c->freshness = freshness;
	c->check = check;
	if (!c->url || !c->title || !c->page) {
		free(c->url);
		free(c->title);
		free(c->page);
		j->run->failed = 1;
		return;
	}
	j->ncands++;
}

/* Pages already taken with the same path and another query (?page=N, ?month=...). */
static size_t query_variants(const struct job *j, const char *url)
{
	const char *q = strchr(url, '?');
	size_t n = 0, plen = q ? (size_t)(q - url) : strlen(url);

	if (!q)
		return 0;
	for (size_t i = 0; i < j->seen_pages.len; i++) {
		const char *s = j->seen_pages.items[i];

		if (strncmp(s, url, plen) == 0 && s[plen] == '?')
			n++;
	}
	return n;
}

static void fetch_page_once(struct job *j, const char *url, enum role role, unsigned depth)
{
	if (strvec_contains(&j->seen_pages, url))
		return;
	/* Calendars and endless pagination: a few variants of one page say all it has. */
	if (query_variants(j, url) >= CAP_QUERY_VARIANTS)
		return;
	if (j->seen_pages.len >= j->run->opts->max_pages) {
		problem(j, "достигнут предел страниц на организацию (%u), часть страниц не просмотрена",
		        j->run->opts->max_pages);
		return;
	}
	if (strvec_push(&j->seen_pages, url) || fetch(j, url, role, depth, 0))
		j->run->failed = 1;
}

static void reject(struct job *j, const struct html_link *l, const char *text, const char *page,
                   int doc, enum reject_reason reason, const char *detail)
{
	if (verdict_add_rejected(j->res, l->url, text, page, doc, reason, detail))
		j->run->failed = 1;
}

static int first_doc(const struct rule_verdict *v, size_t ndocs)
{
	for (size_t d = 0; d < ndocs; d++)
		if (v->docs[d])
			return (int)d;
	return -1;
}

/* Does an unmatched link still look like a document (a file, or a title)? */
static bool looks_like_document(const struct ruleset *rules, const struct html_link *l)
{
	char low[64];

	if (is_document_link(rules, l))
		return true;
	text_lower_copy(low, sizeof(low), l->text, strlen(l->text));
	return rules_title_is_document(rules, low);
}

/*
 * A candidate's dates: first those of the link itself (anchor, title
 * attribute, file name); when they carry none, those of its item or card,
 * since the text that named the document may be a bare file name or
 * «Скачать» while the card beside it carries the year.
 */
static enum rule_freshness judge_freshness(const struct job *j, const struct html_link *l,
                                           char *label, size_t label_len)
{
	const char *own[] = { l->text, l->title, l->filename };
	struct buf all;
	struct date_scan dates;

	buf_init(&all, 3 * CAP_LINK_TEXT + 8);
	for (size_t i = 0; i < COUNT(own); i++) {
		buf_addstr(&all, own[i]);
		buf_addstr(&all, " | ");
	}
	dates_scan(&dates, buf_str(&all));
	buf_free(&all);
	if (dates.ndates + dates.nperiods + dates.nyears == 0)
		dates_scan(&dates, l->context);
	return rules_freshness(&dates, j->run->opts->as_of, label, label_len);
}

/* One link of a section page: a candidate, a rejection with its reason, or nothing. */
static void read_link(struct job *j, struct rule_cache *cache, const struct html_link *l,
                      const char *page)
{
	const struct ruleset *rules = j->run->rules;
	size_t ndocs = rules_doc_count(rules);
	struct rule_verdict v;

	rules_classify_cached(rules, cache, l, &v);
	if (!v.any) {
		if (looks_like_document(rules, l) && !rules_is_placeholder(rules, l))
			reject(j, l, v.ignored ? v.text : *l->text ? l->text : l->filename, page, -1,
			       v.ignored ? REJECT_HIGHER_ACT : REJECT_OTHER_TOPIC, v.ignored ? v.ignored_by : "");
		return;
	}
	if (rules_is_placeholder(rules, l)) {
		reject(j, l, v.text, page, first_doc(&v, ndocs), REJECT_PLACEHOLDER, l->filename);
		return;
	}
	/*
	 * One document is often linked twice (its title, then «Скачать»);
	 * what one link says of it holds for all, so an act of a higher
	 * body stays rejected whichever link names it less clearly.
	 */
	if (v.ignored) {
		if (!strvec_contains(&j->ignored_urls, l->url) && strvec_push(&j->ignored_urls, l->url))
			j->run->failed = 1;
		reject(j, l, v.text, page, first_doc(&v, ndocs), REJECT_HIGHER_ACT, v.ignored_by);
		return;
	}
	for (size_t d = 0; d < ndocs; d++) {
		enum rule_freshness fresh = RULE_FRESH;
		char label[32];

		if (!v.docs[d])
			continue;
		if (rules_doc(rules, d)->fresh) {
			fresh = judge_freshness(j, l, label, sizeof(label));
			if (fresh == RULE_STALE) {
				reject(j, l, v.text, page, (int)d, REJECT_STALE, label);
				continue;
			}
		}
		add_candidate(j, d, l, &v, page, fresh);
	}
}

/* The section page or a page below it: collect candidates, go deeper. */
static void read_section_page(struct job *j, const struct html_page *page, unsigned depth)
{
	const struct audit *a = j->run;
	struct rule_cache *cache = NULL;
	struct url_scope *section = NULL;

	/* Without one every link gets scratch of its own: slower, the same verdicts. */
	(void)rules_cache_new(&cache);
	/* A section URL that does not parse covers no link, as url_is_below() says. */
	(void)url_scope_new(&section, j->section_url);
	j->res->section_reached = true;
	j->res->pages_fetched++;
	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];

		read_link(j, cache, l, page->url);
		/*
		 * A section that is one page of a flat site (/p30aa1.html) shares its
		 * directory with the whole site: there only its content links lead
		 * to its subpages, the menu leads everywhere else.
		 */
		if (depth < a->opts->depth && url_scope_covers(section, l->url) &&
		    !is_document_link(j->run->rules, l) && !(l->in_nav && j->section_is_page))
			fetch_page_once(j, l->url, ROLE_SECTION, depth + 1);
	}
	url_scope_free(section);
	rules_cache_free(cache);
}

static bool page_has_candidates(const struct ruleset *rules, const struct html_page *page)
{
	for (size_t i = 0; i < page->nlinks; i++) {
		struct rule_verdict v;

		rules_classify(rules, &page->links[i], &v);
		if (v.any && !v.ignored)
			return true;
	}
	return false;
}

static bool looks_like_section(const struct ruleset *rules, const struct html_page *page)
{
	char *path = NULL;
	bool yes;

	if (url_path_decoded(&path, page->url))
		path = NULL;
	yes = rules_is_section_page(rules, path ? path : page->url, page->title, page->h1) ||
	      page_has_candidates(rules, page);
	free(path);
	return yes;
}

/*
 * The best link to a mentorship section on a page: a menu link first, then
 * one whose URL also names the section, then any other (a news item).
 */
static const struct html_link *find_section_link(const struct ruleset *rules,
                                                 const struct html_page *page)
{
	const struct html_link *best = NULL;
	int best_score = 0;

	for (size_t i = 0; i < page->nlinks; i++) {
		const struct html_link *l = &page->links[i];
		int score;

		if (!url_same_host(page->url, l->url) || is_document_link(rules, l) ||
		    !rules_is_section_link(rules, l))
			continue;
		score = 1 + (l->in_nav ? 4 : 0) + (rules_is_section_page(rules, l->url, "", "") ? 2 : 0);
		if (score > best_score) {
			best = l;
			best_score = score;
		}
	}
	return best;
}

static void enter_section(struct job *j, const struct html_page *page, const char *effective)
{
	free(j->section_url);
	j->section_url = strdup(effective);
	if (!j->section_url) {
		j->run->failed = 1;
		return;
	}
	j->section_is_page = url_names_page(effective);
	strvec_push(&j->seen_pages, effective);
	read_section_page(j, page, 0);
}

static void go_home(struct job *j, const char *url)
{
	char *root = NULL;

	if (url_root(&root, url) == 0 && !strvec_contains(&j->seen_pages, root))
		fetch_page_once(j, root, ROLE_HOME, 0);
	else
		j->res->status = ORG_NO_SECTION;
	free(root);
}

static void on_entry_or_home(struct job *j, const struct request *req,
                             const struct crawl_result *r, const struct html_page *page)
{
	const struct html_link *link;

	if (looks_like_section(j->run->rules, page)) {
		if (!url_equivalent(r->effective_url, j->entry_url))
			problem(j, "раздел найден по адресу %s — исправьте ссылку в реестре", r->effective_url);
		enter_section(j, page, r->effective_url);
		return;
	}
	if (req->role == ROLE_DISCOVERED) {
		j->res->status = ORG_NO_SECTION;
		problem(j, "страница %s не похожа на раздел о наставничестве", r->effective_url);
		return;
	}
	link = find_section_link(j->run->rules, page);
	if (link && !strvec_contains(&j->seen_pages, link->url)) {
		fetch_page_once(j, link->url, ROLE_DISCOVERED, 0);
		return;
	}
	if (req->role == ROLE_ENTRY) {
		go_home(j, r->effective_url);
		return;
	}
	j->res->status = ORG_NO_SECTION;
	problem(j, "на сайте не найден раздел о наставничестве");
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
static void on_page_failure(struct job *j, const struct request *req, const struct crawl_result *r)
{
	enum failure f = failure_of(j->run->rules, r);
	enum unchecked_cause cause = result_cause(j->run->rules, r);
	char why[CAP_ERROR_TEXT + CAP_ROBOTS_PATTERN], ru[CAP_ERROR_TEXT];

	describe_result(why, sizeof(why), r);
	describe_ru(j->run->rules, ru, sizeof(ru), r->curl_code, r->status);
	if (r->redirect_refused)
		snprintf(ru, sizeof(ru), "перенаправляет на адрес, который не является веб-страницей");
	if (f == FAIL_SKIPPED) {
		problem(j, "исчерпано время на организацию, часть страниц не просмотрена");
		if (req->role != ROLE_SECTION && !j->res->section_reached)
			set_reason(j, ORG_UNREACHABLE, cause, why);
		else if (j->res->section_reached)
			j->partial = cause;
		return;
	}
	if (req->role == ROLE_SECTION) {
		if (f == FAIL_BLOCKED && r->robots_blocked) {
			problem(j, "страница раздела закрыта для роботов правилом robots.txt: %s", r->url);
			return;
		}
		problem(j, "страница раздела не открывается: %s (%s)", r->url, ru);
		if (f == FAIL_UNREACHABLE && !j->unreachable_page) {
			j->unreachable_page = strdup(r->url);
			j->unreachable_why = strdup(why);
			j->unreachable_cause = cause;
		}
		return;
	}
	if (f == FAIL_BLOCKED) {
		set_reason(j, ORG_BLOCKED, cause, why);
		if (r->robots_status)
			problem(j, "%s (код ответа %ld)", verdict_cause_label_ru(cause), r->robots_status);
		else
			problem(j, "%s: %s", r->robots_blocked ? verdict_cause_label_ru(cause) : ru, r->url);
		return;
	}
	if (f == FAIL_UNREACHABLE) {
		set_reason(j, ORG_UNREACHABLE, cause, why);
		problem(j, "сайт недоступен: %s (%s)", r->url, ru);
		return;
	}
	if (req->role == ROLE_ENTRY) {
		problem(j, "ссылка из реестра не открывается (%s)", ru);
		go_home(j, r->url);
		return;
	}
	j->res->status = ORG_NO_SECTION;
	problem(j, "%s не открывается (%s)", r->url, ru);
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

static void on_page(struct job *j, const struct request *req, const struct crawl_result *r)
{
	struct html_page *page = NULL;
	struct evidence_ref ref = record_of(r);

	if (verdict_add_evidence(j->res, r->warc_target, r->warc_status, &ref))
		j->run->failed = 1;
	if (failure_of(j->run->rules, r) != FAIL_NONE) {
		on_page_failure(j, req, r);
		return;
	}
	if (html_parse(&page, r->body, r->body_len, r->content_type, r->effective_url)) {
		j->run->failed = 1;
		return;
	}
	if (r->truncated) {
		problem(j, "страница %s обрезана по пределу размера", r->effective_url);
		j->partial = UNCHECKED_TRUNCATED;
	}
	/* The cap keeps memory bounded; the department must know what was not read. */
	if (page->links_dropped) {
		problem(j, "на странице %s прочитаны только первые %u ссылок, ещё %zu не просмотрены",
		        r->effective_url, CAP_LINKS_PER_PAGE, page->links_dropped);
		j->partial = UNCHECKED_LINKS_CAP;
	}
	if (req->role == ROLE_SECTION)
		read_section_page(j, page, req->depth);
	else
		on_entry_or_home(j, req, r, page);
	html_page_free(page);
}

static void on_check(struct job *j, const struct request *req, const struct crawl_result *r)
{
	struct judge_check *c = &j->checks[req->check];

	enum failure f = failure_of(j->run->rules, r);
	char why[CAP_ERROR_TEXT + CAP_ROBOTS_PATTERN];

	describe_result(why, sizeof(why), r);
	c->done = true;
	c->unverified = f == FAIL_SKIPPED || r->robots_blocked;
	c->unreachable = f == FAIL_UNREACHABLE;
	c->status = r->status;
	c->curl_code = r->curl_code;
	c->record = record_of(r);
	c->cause = result_cause(j->run->rules, r);
	c->content_type = strdup(r->content_type);
	c->error = strdup(c->unverified ? why : r->error);
	if (!c->content_type || !c->error)
		j->run->failed = 1;
}

/* All requests of the organisation are answered: the judge decides. */
static void finalize(struct job *j)
{
	const struct judge_input in = {
		.rules = j->run->rules,
		.cands = j->cands, .ncands = j->ncands,
		.checks = j->checks, .nchecks = j->nchecks,
		.ignored_urls = &j->ignored_urls,
		.section_url = j->section_url,
		.partial = j->partial,
		.unreachable_page = j->unreachable_page,
		.unreachable_why = j->unreachable_why,
		.unreachable_cause = j->unreachable_cause,
	};

	if (judge_org(&in, j->res))
		j->run->failed = 1;
	log_info("%s: %s", j->res->row->id, verdict_status_name(j->res->status));
}

/* Organisation index has its final result, res. */
static void org_done(struct audit *a, size_t index, const struct org_result *res)
{
	a->finished++;
	if (a->opts->finished)
		a->opts->finished(a->opts->finished_ctx, index, res);
	if (a->opts->progress)
		a->opts->progress(a->opts->progress_ctx, a->finished, a->registry->nrows);
}

static void on_response(void *userdata, const struct crawl_result *r)
{
	struct request *req = userdata;
	struct job *j = req->job;
	struct audit *a = j->run;

	if (req->role == ROLE_CHECK)
		on_check(j, req, r);
	else
		on_page(j, req, r);
	free(req);
	if (--j->outstanding > 0)
		return;
	/* Stopping: what was cut short is not a result; the resumed run audits it again. */
	if (a->opts->crawl.stop && *a->opts->crawl.stop) {
		job_free(j);
		return;
	}
	finalize(j);
	org_done(a, j->index, j->res);
	job_free(j);
	start_next(a);
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
		if (!(j->res = malloc(sizeof(*j->res)))) {
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
		strvec_pushf(&res->problems, "некорректная ссылка в реестре: «%s»", res->row->url);
		org_done(a, index, res);
		job_free(j);
		return;
	}
	if (strvec_push(&j->seen_pages, j->entry_url) || fetch(j, j->entry_url, ROLE_ENTRY, 0, 0))
		start_failed(a, j);
}

static void start_next(struct audit *a)
{
	while (a->next < a->registry->nrows &&
	       a->next - a->finished < a->opts->jobs) {
		size_t i = a->next++;

		if (a->opts->restored && a->opts->restored[i]) {
			a->finished++;
			continue;
		}
		start_job(a, i);
	}
}

int audit_run(const struct audit_opts *opts, const struct ruleset *rules,
              const struct registry *registry, struct org_result *orgs,
              struct crawl_stats *stats)
{
	struct audit a = {
		.opts = opts, .rules = rules, .registry = registry, .orgs = orgs,
	};
	int rc = -1;

	if (crawl_new(&a.crawler, &opts->crawl))
		goto out;
	start_next(&a);
	switch (crawl_run(a.crawler)) {
	case 0:
		break;
	case 1:
		crawl_get_stats(a.crawler, stats);
		rc = a.failed ? -1 : 1;
		goto out;
	default:
		goto out;
	}
	crawl_get_stats(a.crawler, stats);
	rc = a.failed ? -1 : 0;
out:
	crawl_free(a.crawler);
	return rc;
}
