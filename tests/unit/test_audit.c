/*
 * test_audit.c - audit_run, the scheduler, against build/fixture-server.
 *
 * The group setup starts the fixture server over a temporary tree
 * (tests/unit/support/fixture_site.h), writes small school sites into it and
 * reaches their hosts through crawl_opts.resolve ("a.test:PORT:127.0.0.1").
 * A small rule file of two required documents keeps the verdicts about the
 * scheduling: which pages were read, which links checked, what became of a
 * failed fetch, the limits, the callbacks and the time budget. The judge's
 * own decisions are test_judge.c's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/caps.h"
#include "core/macros.h"
#include "crawler/crawl.h"
#include "parsers/registry.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "src/audit.h"
#include "tests/unit/support/fixture_site.h"

#define NDOCS     2      /* the test rules' documents: order, regulation */
#define MAX_ROWS  8      /* registry rows in one test */
#define URL_LEN   256

/*
 * Two required documents and a section, as rules/mentor.rules writes them;
 * [links] and [http] given here (rules_parse() alone inherits no lists).
 */
/* Why a run halted (audit_run's halt): no test here makes one. */
static char halt[256];

static const char test_rules[] =
	"[document order]\n"
	"name = Приказ о внедрении наставничества\n"
	"match = приказ.{0,80}внедрени\n"
	"[document regulation]\n"
	"name = Положение о наставничестве\n"
	"match = положени\\w*.{0,80}наставничеств\n"
	"[section]\n"
	"match = наставничеств\n"
	"url = nastavnich\n"
	"[links]\n"
	"file = .pdf\n"
	"title = приказ\n"
	"title = положение\n"
	"[http]\n"
	"refusal = 401\n"
	"refusal = 403\n"
	"refusal = 429\n";

/* The hosts the sites are served as (x.test is resolved to a port nothing listens on). */
static const char *const hosts[] = {
	"a.test", "h.test", "e.test", "d.test", "b.test", "n.test", "r.test", "t.test",
	"k.test", "s.test", "p.test", "j1.test", "j3.test", "o.test", "q.test", "m.test",
};

#define ORDER_LINK "<li><a href=\"prikaz.pdf\">Приказ о внедрении целевой модели наставничества</a></li>"
#define REG_LINK   "<li><a href=\"polozhenie.pdf\">Положение о наставничестве</a></li>"
/* A small real PDF whose text names no document (a template text): its link decides. */
#define PDF \
	"%PDF-1.4\n" \
	"1 0 obj\n" \
	"<< /Type /Catalog /Pages 2 0 R >>\n" \
	"endobj\n" \
	"2 0 obj\n" \
	"<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n" \
	"endobj\n" \
	"3 0 obj\n" \
	"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\n" \
	"endobj\n" \
	"4 0 obj\n" \
	"<< /Length 58 >>\n" \
	"stream\n" \
	"BT /F1 10 Tf 40 780 Td (Placeholder document: order) Tj ET\n" \
	"endstream\n" \
	"endobj\n" \
	"5 0 obj\n" \
	"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>\n" \
	"endobj\n" \
	"xref\n" \
	"0 6\n" \
	"0000000000 65535 f \n" \
	"0000000009 00000 n \n" \
	"0000000058 00000 n \n" \
	"0000000115 00000 n \n" \
	"0000000241 00000 n \n" \
	"0000000349 00000 n \n" \
	"trailer\n" \
	"<< /Size 6 /Root 1 0 R >>\n" \
	"startxref\n" \
	"419\n" \
	"%%EOF\n"

static struct fixture_site *site;
static struct ruleset *rules;
static unsigned refused_port;        /* a port nothing listens on */

/* ---- site tree ---- */

/* A page with a title and these items (list items, links). */
static int write_page(struct fixture_site *s, const char *rel, const char *title, const char *items)
{
	char html[4096];

	snprintf(html, sizeof(html),
	         "<html><head><title>%s</title></head><body><h1>%s</h1><ul>%s</ul></body></html>\n",
	         title, title, items);
	return fixture_site_write_text(s, rel, html);
}

/* HOST/DIR/index.html, a section page with these items, and HOST/DIR/prikaz.pdf. */
static int write_section(struct fixture_site *s, const char *host, const char *dir, const char *items)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "%s/%s", host, dir);
	if (fixture_site_mkdir(s, rel))
		return -1;
	snprintf(rel, sizeof(rel), "%s/%s/prikaz.pdf", host, dir);
	if (fixture_site_write_text(s, rel, PDF))
		return -1;
	snprintf(rel, sizeof(rel), "%s/%s/index.html", host, dir);
	return write_page(s, rel, "Наставничество", items);
}

/* A section with both documents (both files there unless regulation is false). */
static int write_full_section(struct fixture_site *s, const char *host, const char *dir, bool regulation)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "%s/%s/polozhenie.pdf", host, dir);
	return write_section(s, host, dir, ORDER_LINK REG_LINK) ||
	       (regulation && fixture_site_write_text(s, rel, PDF)) ? -1 : 0;
}

/* A home page whose menu links to /nastavnichestvo/. */
static int write_home(struct fixture_site *s, const char *host)
{
	char rel[64];

	snprintf(rel, sizeof(rel), "%s/index.html", host);
	return fixture_site_write_text(s, rel,
		"<html><head><title>Школа № 1</title></head><body>"
		"<nav><a href=\"/svedeniya/\">Сведения</a> <a href=\"/nastavnichestvo/\">Наставничество</a></nav>"
		"<p>Новости</p></body></html>\n");
}

static int make_numbered_sections(struct fixture_site *s, const char *host, int n, bool docs)
{
	char parent[64];

	snprintf(parent, sizeof(parent), "%s/nastavnichestvo", host);
	if (fixture_site_mkdir(s, parent))
		return -1;
	for (int i = 1; i <= n; i++) {
		char dir[64];

		snprintf(dir, sizeof(dir), "nastavnichestvo/%d", i);
		if (docs ? write_full_section(s, host, dir, true) : write_section(s, host, dir, ""))
			return -1;
	}
	return 0;
}

static int make_outcome_sites(struct fixture_site *s)
{
	return write_full_section(s, "a.test", "nastavnichestvo", true) ||
	       /* h.test: the registry names the home page; e.test: a page that is gone. */
	       write_home(s, "h.test") || write_full_section(s, "h.test", "nastavnichestvo", true) ||
	       write_home(s, "e.test") || write_full_section(s, "e.test", "nastavnichestvo", true) ||
	       /* d.test: the regulation is on a page below the section. */
	       write_section(s, "d.test", "nastavnichestvo",
	                     ORDER_LINK "<li><a href=\"docs.html\">Документы</a></li>") ||
	       write_page(s, "d.test/nastavnichestvo/docs.html", "Документы", REG_LINK) ||
	       fixture_site_write_text(s, "d.test/nastavnichestvo/polozhenie.pdf", PDF) ||
	       /* b.test: the regulation's file is not there (404). */
	       write_full_section(s, "b.test", "nastavnichestvo", false) ||
	       /* n.test: neither the registry's page nor the home page leads to a section. */
	       fixture_site_mkdir(s, "n.test/svedeniya") ||
	       write_page(s, "n.test/svedeniya/index.html", "Сведения", "<li><a href=\"/\">Главная</a></li>") ||
	       write_page(s, "n.test/index.html", "Школа № 2", "<li><a href=\"/svedeniya/\">Сведения</a></li>") ||
	       write_full_section(s, "r.test", "nastavnichestvo", true) ||
	       fixture_site_write_text(s, "r.test/robots.txt", "User-agent: *\nDisallow: /nastavnichestvo\n") ? -1 : 0;
}

static int make_sites(struct fixture_site *s)
{
	if (make_outcome_sites(s) ||
	    /* t.test: robots.txt asks for 2 s between requests, longer than any budget here. */
	    write_full_section(s, "t.test", "nastavnichestvo", true) ||
	    fixture_site_write_text(s, "t.test/robots.txt", "User-agent: *\nCrawl-delay: 2\n") ||
	    make_numbered_sections(s, "k.test", 3, false) ||
	    fixture_site_write_text(s, "k.test/_site.conf", "delay /nastavnichestvo/* 200\n") ||
	    make_numbered_sections(s, "s.test", 3, true) ||
	    fixture_site_write_text(s, "s.test/_site.conf", "delay /* 50\n") ||
	    make_numbered_sections(s, "p.test", 3, true) ||
	    fixture_site_write_text(s, "p.test/_site.conf", "delay /* 50\n") ||
	    make_numbered_sections(s, "j1.test", 4, false) ||
	    fixture_site_write_text(s, "j1.test/_site.conf", "delay /nastavnichestvo/* 120\n") ||
	    make_numbered_sections(s, "j3.test", 4, false) ||
	    fixture_site_write_text(s, "j3.test/_site.conf", "delay /nastavnichestvo/* 120\n") ||
	    write_full_section(s, "o.test", "nastavnichestvo", true) ||
	    fixture_site_write_text(s, "o.test/_site.conf", "delay /nastavnichestvo/ 300\n") ||
	    write_full_section(s, "q.test", "nastavnichestvo", true) ||
	    /* m.test: two pages below the section, the regulation on the first. */
	    write_section(s, "m.test", "nastavnichestvo",
	                  ORDER_LINK "<li><a href=\"sub1.html\">Документы</a></li>"
	                  "<li><a href=\"sub2.html\">Архив</a></li>") ||
	    write_page(s, "m.test/nastavnichestvo/sub1.html", "Документы", REG_LINK) ||
	    write_page(s, "m.test/nastavnichestvo/sub2.html", "Архив", "") ||
	    fixture_site_write_text(s, "m.test/nastavnichestvo/polozhenie.pdf", PDF))
		return -1;
	return fixture_site_add_refused(s, "x.test", &refused_port);
}

static int group_setup(void **state)
{
	char err[256];

	(void)state;
	if (rules_parse(&rules, test_rules, strlen(test_rules), "test.rules", err, sizeof(err))) {
		fprintf(stderr, "test_audit: %s\n", err);
		return -1;
	}
	if (fixture_site_new(&site, "test_audit", hosts, COUNT(hosts), make_sites))
		return -1;
	return crawl_global_init();
}

static int group_teardown(void **state)
{
	(void)state;
	crawl_global_cleanup();
	fixture_site_free(site);
	rules_free(rules);
	return 0;
}

/* ---- helpers ---- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void url_of(char *out, const char *host, const char *path)
{
	snprintf(out, URL_LEN, "http://%s:%u%s", host, fixture_site_port(site), path);
}

static struct audit_opts base_opts(void)
{
	struct audit_opts o = {
		.jobs = 4,
		.depth = 1,
		.max_pages = CAP_PAGES_PER_ORG,
		.as_of = 20250301,
		.crawl = {
			.timeout_ms = 10000,
			.connect_timeout_ms = 5000,
			.per_host = 2,
			.max_transfers = 8,
			.tries = 1,
			.retry_delay_ms = 10,
			.robots = true,
			.user_agent = "mentor-audit-test",
			.resolve = fixture_site_resolve(site),
		},
	};

	return o;
}

/* A registry of these URLs, one row each ("id,name,url"). */
static struct registry *registry_of(const char *const *urls, size_t n)
{
	char csv[MAX_ROWS * (URL_LEN + 32)] = "id,name,url\n";
	struct registry *reg = NULL;
	char err[256];

	assert_true(n <= MAX_ROWS);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(csv);

		snprintf(csv + len, sizeof(csv) - len, "%zu,School %zu,%s\n", i + 1, i + 1, urls[i]);
	}
	assert_int_equal(registry_parse(&reg, csv, strlen(csv), err, sizeof(err)), 0);
	assert_int_equal(reg->nrows, n);
	return reg;
}

static struct org_result *orgs_for(const struct registry *reg)
{
	struct org_result *orgs = calloc(reg->nrows, sizeof(*orgs));

	assert_non_null(orgs);
	for (size_t i = 0; i < reg->nrows; i++)
		verdict_org_init(&orgs[i], &reg->rows[i]);
	return orgs;
}

static void orgs_free(struct org_result *orgs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		verdict_org_clear(&orgs[i]);
	free(orgs);
}

/* One organisation audited: a registry of its URL alone and its result. */
struct one {
	struct registry *reg;
	struct org_result *o;
	struct crawl_stats st;
};

static void audit_one(struct one *one, const struct audit_opts *ao, const char *url)
{
	const char *urls[1] = { url };

	one->reg = registry_of(urls, 1);
	one->o = orgs_for(one->reg);
	assert_int_equal(audit_run(ao, rules, one->reg, one->o, &one->st, halt, sizeof(halt)), 0);
}

static void one_free(struct one *one)
{
	orgs_free(one->o, one->reg->nrows);
	registry_free(one->reg);
}

static bool has_finding(const struct org_result *o, enum finding_kind kind)
{
	for (size_t i = 0; i < o->nfindings; i++)
		if (o->findings[i].kind == kind)
			return true;
	return false;
}

static void keep_body(void *userdata, const struct crawl_result *r)
{
	char **body = userdata;

	assert_int_equal(r->status, 200);
	*body = strdup(r->body);
}

/* Per-host counters from the server: GET /__fixture/stats, host's field (0 for a host not seen). */
static long server_stat(const char *host, const char *field)
{
	struct audit_opts ao = base_opts();
	struct crawler *c = NULL;
	char url[URL_LEN], key[64], fkey[64], *body = NULL;
	const char *p, *end, *f;
	long v = 0;

	ao.crawl.robots = false;
	url_of(url, "a.test", "/__fixture/stats");
	assert_int_equal(crawl_new(&c, &ao.crawl), 0);
	assert_int_equal(crawl_add(c, url, CRAWL_PAGE, 0, keep_body, &body), 0);
	assert_int_equal(crawl_run(c), 0);
	crawl_free(c);
	assert_non_null(body);
	snprintf(key, sizeof(key), "\"%s\": {", host);
	snprintf(fkey, sizeof(fkey), "\"%s\": ", field);
	p = strstr(body, key);
	if (p) {
		end = strchr(p, '}');
		f = strstr(p, fkey);
		v = f && end && f < end ? strtol(f + strlen(fkey), NULL, 10) : -1;
	}
	free(body);
	return v;
}

/* ---- one organisation: what becomes of it ---- */

/* Fields left out are 0: compliant, no cause, documents found, nothing fetched or rejected. */
struct outcome_case {
	const char *name;
	const char *host;              /* NULL: path is the registry URL as it stands */
	const char *path;
	unsigned depth;
	long org_time_ms, delay_ms;    /* the budget and the gap between requests; 0: none */
	bool no_robots;
	enum org_status status;
	enum unchecked_cause cause;
	const char *reason;            /* a part of the reason; NULL: no reason */
	const char *section;           /* path of section_url; NULL: none */
	const char *found[NDOCS];      /* path of the document's link; NULL: not found */
	const char *page[NDOCS];       /* path of the page it was on; NULL: not asked */
	enum doc_state state[NDOCS];
	const char *broken[NDOCS];     /* path of the dead link; NULL: not broken */
	size_t pages, links;           /* pages_fetched, links_checked */
	enum finding_kind finding;     /* a finding it must have; FIND_KINDS: it has none */
	const char *rejected;          /* path of a rejected link; NULL: none is */
	enum reject_reason reject;
	const char *reject_detail;
};

#define SEC       "/nastavnichestvo/"
#define ORDER_PDF SEC "prikaz.pdf"
#define REG_PDF   SEC "polozhenie.pdf"

static const struct outcome_case outcome_cases[] = {
	{ .name = "the registry names the section", .host = "a.test", .path = SEC, .depth = 1,
	  .status = ORG_COMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, REG_PDF }, .page = { SEC, SEC }, .state = { DOC_FOUND, DOC_FOUND },
	  .pages = 1, .links = 2, .finding = FIND_KINDS },
	{ .name = "the registry names the home page: the section from its menu", .host = "h.test", .path = "/",
	  .depth = 1, .status = ORG_COMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, REG_PDF }, .page = { SEC, SEC }, .state = { DOC_FOUND, DOC_FOUND },
	  .pages = 1, .links = 2, .finding = FIND_SECTION_ELSEWHERE },
	{ .name = "the registry's page is gone (404): the section from the home page", .host = "e.test",
	  .path = "/old/", .depth = 1, .status = ORG_COMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, REG_PDF }, .state = { DOC_FOUND, DOC_FOUND },
	  .pages = 1, .links = 2, .finding = FIND_ENTRY_FAILED },
	{ .name = "a document on a page below the section (depth 1)", .host = "d.test", .path = SEC, .depth = 1,
	  .status = ORG_COMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, REG_PDF }, .page = { SEC, SEC "docs.html" }, .state = { DOC_FOUND, DOC_FOUND },
	  .pages = 2, .links = 2, .finding = FIND_KINDS },
	{ .name = "the same with depth 0: the page below is not read", .host = "d.test", .path = SEC, .depth = 0,
	  .status = ORG_NONCOMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, NULL }, .page = { SEC, NULL }, .state = { DOC_FOUND, DOC_MISSING },
	  .pages = 1, .links = 1, .finding = FIND_KINDS },
	{ .name = "a document link answers 404", .host = "b.test", .path = SEC, .depth = 1,
	  .status = ORG_NONCOMPLIANT, .section = SEC,
	  .found = { ORDER_PDF, NULL }, .page = { SEC, NULL }, .state = { DOC_FOUND, DOC_MISSING },
	  .broken = { NULL, REG_PDF }, .pages = 1, .links = 2, .finding = FIND_BROKEN_LINK,
	  .rejected = REG_PDF, .reject = REJECT_BROKEN, .reject_detail = "HTTP 404" },
	{ .name = "no section on the registry's page nor the home page", .host = "n.test", .path = "/svedeniya/",
	  .depth = 1, .status = ORG_NO_SECTION, .state = { DOC_MISSING, DOC_MISSING },
	  .finding = FIND_NO_SECTION },
	{ .name = "the host refuses connections", .host = "x.test", .path = SEC, .depth = 1,
	  .status = ORG_UNREACHABLE, .cause = UNCHECKED_CONNECT, .reason = "onnect",
	  .state = { DOC_UNCHECKED, DOC_UNCHECKED }, .finding = FIND_SITE_UNREACHABLE },
	{ .name = "robots.txt disallows the section", .host = "r.test", .path = SEC, .depth = 1,
	  .status = ORG_BLOCKED, .cause = UNCHECKED_ROBOTS, .reason = "Disallow: /nastavnichestvo",
	  .state = { DOC_UNCHECKED, DOC_UNCHECKED }, .finding = FIND_SITE_REFUSED },
	{ .name = "not an http URL", .path = "ftp://a.test/nastavnichestvo/", .depth = 1,
	  .status = ORG_INVALID_URL, .cause = UNCHECKED_INVALID_URL, .reason = "",
	  .state = { DOC_UNCHECKED, DOC_UNCHECKED }, .finding = FIND_INVALID_URL },
	/* --org-time: what still waits when it runs out is not fetched. */
	{ .name = "the budget runs out before the section (robots.txt, then a 1 s gap)", .host = "a.test",
	  .path = SEC, .depth = 1, .org_time_ms = 300, .delay_ms = 1000,
	  .status = ORG_UNREACHABLE, .cause = UNCHECKED_TIME_BUDGET, .reason = "time budget",
	  .state = { DOC_UNCHECKED, DOC_UNCHECKED }, .finding = FIND_TIME_BUDGET },
	/* The order's link is taken on trust (not checked); the page below was never read. */
	{ .name = "the budget runs out below the section", .host = "d.test", .path = SEC, .depth = 1,
	  .org_time_ms = 300, .delay_ms = 1000, .no_robots = true,
	  .status = ORG_INCOMPLETE, .cause = UNCHECKED_TIME_BUDGET, .section = SEC,
	  .found = { ORDER_PDF, NULL }, .page = { SEC, NULL }, .state = { DOC_FOUND, DOC_UNCHECKED },
	  .pages = 1, .links = 1, .finding = FIND_TIME_BUDGET },
};

static void assert_path(const char *got, const char *host, const char *path)
{
	char want[URL_LEN];

	if (!path) {
		assert_null(got);
		return;
	}
	url_of(want, host, path);
	assert_non_null(got);
	assert_string_equal(got, want);
}

static void assert_docs(const struct outcome_case *c, const struct org_result *o)
{
	for (size_t d = 0; d < NDOCS; d++) {
		const struct doc_result *doc = &o->docs[d];

		print_message("  document %zu\n", d);
		assert_int_equal(verdict_doc_state(o, d), c->state[d]);
		assert_int_equal(doc->found, c->found[d] != NULL);
		assert_path(doc->url, c->host, c->found[d]);
		if (c->page[d])
			assert_path(doc->page, c->host, c->page[d]);
		/* A link checked answered 200; one taken on trust was never asked (0). */
		if (c->found[d])
			assert_int_equal(doc->http_status, c->org_time_ms ? 0 : 200);
		assert_int_equal(doc->broken, c->broken[d] != NULL);
		assert_path(doc->broken_url, c->host, c->broken[d]);
	}
}

static void assert_rejected(const struct outcome_case *c, const struct org_result *o)
{
	char want[URL_LEN];

	if (!c->rejected) {
		assert_int_equal(o->nrejected, 0);
		return;
	}
	url_of(want, c->host, c->rejected);
	assert_int_equal(o->nrejected, 1);
	assert_string_equal(o->rejected[0].url, want);
	assert_int_equal(o->rejected[0].reason, c->reject);
	assert_string_equal(o->rejected[0].detail, c->reject_detail);
}

static void run_outcome(const struct outcome_case *c, unsigned threads)
{
	struct audit_opts ao = base_opts();
	char url[URL_LEN];
	struct one one;
	const struct org_result *o;

	if (!c->host)
		snprintf(url, sizeof(url), "%s", c->path);
	else if (strcmp(c->host, "x.test") == 0)
		snprintf(url, sizeof(url), "http://x.test:%u%s", refused_port, c->path);
	else
		url_of(url, c->host, c->path);
	ao.threads = threads;
	ao.depth = c->depth;
	ao.org_time_ms = c->org_time_ms;
	ao.crawl.delay_ms = c->delay_ms;
	ao.crawl.robots = !c->no_robots;
	audit_one(&one, &ao, url);
	o = one.o;
	assert_int_equal(o->status, c->status);
	assert_int_equal(o->cause, c->cause);
	if (c->reason)
		assert_non_null(strstr(o->reason, c->reason));
	else
		assert_null(o->reason);
	assert_int_equal(o->section_reached, c->section != NULL);
	assert_path(o->section_url, c->host, c->section);
	assert_int_equal(o->pages_fetched, c->pages);
	assert_int_equal(o->links_checked, c->links);
	if (c->finding == FIND_KINDS)
		assert_int_equal(o->nfindings, 0);
	else
		assert_true(has_finding(o, c->finding));
	assert_docs(c, o);
	assert_rejected(c, o);
	/* Nothing fetched for a URL that is none; something for every other. */
	assert_int_equal(one.st.requests == 0, c->status == ORG_INVALID_URL);
	one_free(&one);
}

static void test_outcomes(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(outcome_cases); i++) {
		print_message("%s\n", outcome_cases[i].name);
		run_outcome(&outcome_cases[i], 1);
	}
}

/* The same outcomes with the pages parsed by two worker threads (--threads 2). */
static void test_outcomes_threads(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(outcome_cases); i++) {
		print_message("%s, --threads 2\n", outcome_cases[i].name);
		run_outcome(&outcome_cases[i], 2);
	}
}

/* The crawler's totals: robots.txt, the section page, a HEAD per document link. */
static void test_stats(void **state)
{
	struct audit_opts ao = base_opts();
	char url[URL_LEN];
	struct one one;
	long head0 = server_stat("q.test", "head"), get0 = server_stat("q.test", "get");

	(void)state;
	url_of(url, "q.test", SEC);
	audit_one(&one, &ao, url);
	assert_int_equal(one.o->status, ORG_COMPLIANT);
	assert_int_equal(one.st.requests, 4);
	assert_int_equal(one.st.robots_fetched, 1);
	assert_int_equal(one.st.retries, 0);
	assert_true(one.st.bytes > 0);
	/* robots.txt, the section and its two documents, read whole: GET each, no HEAD. */
	assert_int_equal(server_stat("q.test", "get"), get0 + 4);
	assert_int_equal(server_stat("q.test", "head"), head0);
	one_free(&one);
}

/* ---- several organisations: the scheduling ---- */

/* Registry URLs HOST/nastavnichestvo/1/ ... /n/. */
static struct registry *numbered_registry(const char *host, size_t n)
{
	char urls[MAX_ROWS][URL_LEN];
	const char *list[MAX_ROWS];

	for (size_t i = 0; i < n; i++) {
		char path[64];

		snprintf(path, sizeof(path), SEC "%zu/", i + 1);
		url_of(urls[i], host, path);
		list[i] = urls[i];
	}
	return registry_of(list, n);
}

/* Audit n numbered sections of host; every organisation must end with status. */
static void run_numbered(const struct audit_opts *ao, const char *host, size_t n, enum org_status status,
                         struct crawl_stats *st)
{
	struct registry *reg = numbered_registry(host, n);
	struct org_result *orgs = orgs_for(reg);

	assert_int_equal(audit_run(ao, rules, reg, orgs, st, halt, sizeof(halt)), 0);
	for (size_t i = 0; i < n; i++) {
		print_message("  %s row %zu\n", host, i);
		assert_int_equal(orgs[i].status, status);
		assert_int_equal(orgs[i].cause, UNCHECKED_NONE);
	}
	orgs_free(orgs, n);
	registry_free(reg);
}

/*
 * Three organisations on one host, audited at once, with one transfer per
 * host: all finish, and the server (50 ms an answer) never saw two at once.
 */
static void test_per_host_limit(void **state)
{
	struct audit_opts ao = base_opts();
	struct crawl_stats st;

	(void)state;
	ao.jobs = 3;
	ao.crawl.per_host = 1;
	run_numbered(&ao, "s.test", 3, ORG_COMPLIANT, &st);
	assert_int_equal(st.max_host_active, 1);
	assert_int_equal(server_stat("s.test", "max_concurrent"), 1);
	/* robots.txt once, each section page once, each document once (GET: its text is read). */
	assert_int_equal(server_stat("s.test", "get"), 10);
	assert_int_equal(server_stat("s.test", "head"), 0);

	/* Control: with room for more the same audit does overlap, so the check above can fail. */
	ao.crawl.per_host = 4;
	run_numbered(&ao, "p.test", 3, ORG_COMPLIANT, &st);
	assert_true(st.max_host_active > 1);
	assert_true(server_stat("p.test", "max_concurrent") > 1);
}

/*
 * opts->jobs organisations are audited at once (audit.h), no more. Each of four
 * organisations makes one request (a section page answered in 120 ms, no
 * documents) and the host allows eight: the server sees exactly `jobs` at once.
 */
static void test_jobs_in_flight(void **state)
{
	static const struct { const char *host; unsigned jobs; } cases[] = {
		{ "j1.test", 1 },
		{ "j3.test", 3 },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct audit_opts ao = base_opts();
		struct crawl_stats st;

		print_message("jobs %u\n", cases[i].jobs);
		ao.jobs = cases[i].jobs;
		ao.crawl.per_host = 8;
		run_numbered(&ao, cases[i].host, 4, ORG_NONCOMPLIANT, &st);
		assert_int_equal(server_stat(cases[i].host, "max_concurrent"), cases[i].jobs);
		assert_int_equal(st.max_host_active, cases[i].jobs);
	}
}

/* ---- the callbacks ---- */

struct calls {
	const struct registry *reg;
	const struct org_result *orgs;   /* the array audited into, or NULL */
	size_t nfinished;
	size_t order[MAX_ROWS];          /* indexes in the order finished() got them */
	unsigned times[MAX_ROWS];        /* finished() calls per index */
	enum org_status status[MAX_ROWS];
	char doc_url[MAX_ROWS][URL_LEN]; /* the order's link, kept past the call */
	size_t nprogress;
	size_t done[MAX_ROWS + 1], total[MAX_ROWS + 1];
	volatile sig_atomic_t *stop;     /* set at the first finished(), when not NULL */
};

static int on_finished(void *ctx, size_t index, const struct org_result *o, char *err, size_t errlen)
{
	struct calls *c = ctx;

	(void)err;
	(void)errlen;

	assert_true(index < c->reg->nrows);
	assert_true(c->nfinished < COUNT(c->order));
	assert_ptr_equal(o->row, &c->reg->rows[index]);
	if (c->orgs)
		assert_ptr_equal(o, &c->orgs[index]);
	c->order[c->nfinished++] = index;
	c->times[index]++;
	c->status[index] = o->status;
	snprintf(c->doc_url[index], URL_LEN, "%s", o->docs[0].url ? o->docs[0].url : "");
	if (c->stop)
		*c->stop = 1;
	return 0;
}

static void on_progress(void *ctx, size_t done, size_t total)
{
	struct calls *c = ctx;

	assert_true(c->nprogress < COUNT(c->done));
	c->done[c->nprogress] = done;
	c->total[c->nprogress] = total;
	c->nprogress++;
}

/* Let c hear audit_run's callbacks about reg (audited into orgs, or NULL). */
static void hear_calls(struct audit_opts *ao, struct calls *c, const struct registry *reg,
                       const struct org_result *orgs)
{
	c->reg = reg;
	c->orgs = orgs;
	ao->finished = on_finished;
	ao->finished_ctx = c;
	ao->progress = on_progress;
	ao->progress_ctx = c;
}

/*
 * Row 0 is slow (300 ms a section page), row 1 no URL, row 2 restored
 * (its host must see no request), row 3 fast. With and without an orgs array.
 */
static void run_callbacks(bool with_orgs)
{
	static const bool restored[4] = { false, false, true, false };
	char urls[4][URL_LEN];
	const char *list[4] = { urls[0], urls[1], urls[2], urls[3] };
	struct audit_opts ao = base_opts();
	struct calls c = { 0 };
	struct crawl_stats st;
	struct registry *reg;
	struct org_result *orgs;
	char want[URL_LEN];
	long q0 = server_stat("q.test", "requests");

	url_of(urls[0], "o.test", SEC);
	snprintf(urls[1], URL_LEN, "ftp://a.test/");
	url_of(urls[2], "q.test", SEC);
	url_of(urls[3], "a.test", SEC);
	reg = registry_of(list, 4);
	orgs = with_orgs ? orgs_for(reg) : NULL;
	hear_calls(&ao, &c, reg, orgs);
	ao.jobs = 2;
	ao.restored = restored;
	assert_int_equal(audit_run(&ao, rules, reg, orgs, &st, halt, sizeof(halt)), 0);

	/* Each organisation audited once, with its index; the restored one never. */
	assert_int_equal(c.nfinished, 3);
	assert_int_equal(c.times[0], 1);
	assert_int_equal(c.times[1], 1);
	assert_int_equal(c.times[2], 0);
	assert_int_equal(c.times[3], 1);
	assert_int_equal(server_stat("q.test", "requests"), q0);
	/* As they finish, not in registry order: the caller keys on the index. */
	assert_int_equal(c.order[0], 1);
	assert_int_equal(c.order[1], 3);
	assert_int_equal(c.order[2], 0);
	assert_int_equal(c.status[0], ORG_COMPLIANT);
	assert_int_equal(c.status[1], ORG_INVALID_URL);
	assert_int_equal(c.status[3], ORG_COMPLIANT);
	url_of(want, "o.test", ORDER_PDF);
	assert_string_equal(c.doc_url[0], want);
	url_of(want, "a.test", ORDER_PDF);
	assert_string_equal(c.doc_url[3], want);
	/* Progress once per row done, the restored one included, up to the registry's size. */
	assert_int_equal(c.nprogress, 4);
	for (size_t i = 0; i < c.nprogress; i++) {
		assert_int_equal(c.total[i], 4);
		assert_true(i == 0 || c.done[i] > c.done[i - 1]);
	}
	assert_int_equal(c.done[c.nprogress - 1], 4);
	if (orgs) {
		assert_int_equal(orgs[0].status, ORG_COMPLIANT);
		assert_int_equal(orgs[3].status, ORG_COMPLIANT);
		/* The restored row is left as the caller had it. */
		assert_int_equal(orgs[2].status, ORG_NO_SECTION);
		assert_int_equal(orgs[2].nfindings, 0);
		assert_null(orgs[2].section_url);
		orgs_free(orgs, reg->nrows);
	}
	registry_free(reg);
}

/* The last row restored: progress still ends at the registry's size. */
static void test_progress_restored_last(void **state)
{
	static const bool restored[2] = { false, true };
	char urls[2][URL_LEN];
	const char *list[2] = { urls[0], urls[1] };
	struct audit_opts ao = base_opts();
	struct calls c = { 0 };
	struct crawl_stats st;
	struct registry *reg;

	(void)state;
	url_of(urls[0], "a.test", SEC);
	url_of(urls[1], "q.test", SEC);
	reg = registry_of(list, 2);
	hear_calls(&ao, &c, reg, NULL);
	ao.jobs = 1;
	ao.restored = restored;
	assert_int_equal(audit_run(&ao, rules, reg, NULL, &st, halt, sizeof(halt)), 0);
	assert_int_equal(c.nfinished, 1);
	assert_true(c.nprogress >= 1);
	assert_int_equal(c.done[c.nprogress - 1], 2);
	assert_int_equal(c.total[c.nprogress - 1], 2);
	registry_free(reg);
}

static void test_callbacks(void **state)
{
	(void)state;
	print_message("with an orgs array\n");
	run_callbacks(true);
	/* Without one each result lives for its finished() call (ASan sees any use after). */
	print_message("without\n");
	run_callbacks(false);
}

/*
 * opts->crawl.stop set after the first organisation finished: audit_run
 * returns 1, and the organisations cut short are not reported.
 */
static void stop_after_first(unsigned threads)
{
	volatile sig_atomic_t stop = 0;
	struct audit_opts ao = base_opts();
	struct calls c = { .stop = &stop };
	struct crawl_stats st;
	struct registry *reg = numbered_registry("k.test", 3);
	struct org_result *orgs = orgs_for(reg);

	hear_calls(&ao, &c, reg, orgs);
	ao.jobs = 1;
	ao.threads = threads;
	ao.crawl.stop = &stop;
	assert_int_equal(audit_run(&ao, rules, reg, orgs, &st, halt, sizeof(halt)), AUDIT_STOPPED);
	assert_int_equal(c.nfinished, 1);
	assert_int_equal(c.order[0], 0);
	assert_int_equal(c.status[0], ORG_NONCOMPLIANT);
	assert_int_equal(c.nprogress, 1);
	assert_true(st.requests > 0);
	orgs_free(orgs, reg->nrows);
	registry_free(reg);
}

static void test_stop(void **state)
{
	(void)state;
	stop_after_first(1);
}

/* The same with pages parsed on two workers: a parse pending at the stop is dropped. */
static void test_stop_threads(void **state)
{
	(void)state;
	stop_after_first(2);
}

/* ---- the time budget is each organisation's ---- */

/*
 * --org-time 350 ms, one organisation at a time. The first (t.test) cannot
 * have its section before robots.txt's 2 s Crawl-delay: it runs out and
 * says so. The three after it take 200 ms each, 600 ms in all: each has a
 * budget of its own, from its own start, and none runs out.
 */
static void test_org_time_each(void **state)
{
	char urls[4][URL_LEN];
	const char *list[4] = { urls[0], urls[1], urls[2], urls[3] };
	struct audit_opts ao = base_opts();
	struct crawl_stats st;
	struct registry *reg;
	struct org_result *orgs;
	long long t0, ms;

	(void)state;
	url_of(urls[0], "t.test", SEC);
	for (size_t i = 1; i < 4; i++) {
		char path[64];

		snprintf(path, sizeof(path), SEC "%zu/", i);
		url_of(urls[i], "k.test", path);
	}
	reg = registry_of(list, 4);
	orgs = orgs_for(reg);
	ao.jobs = 1;
	ao.org_time_ms = 350;
	t0 = now_ms();
	assert_int_equal(audit_run(&ao, rules, reg, orgs, &st, halt, sizeof(halt)), 0);
	ms = now_ms() - t0;
	print_message("4 organisations, --org-time 350 ms: %lld ms\n", ms);
	assert_int_equal(orgs[0].status, ORG_UNREACHABLE);
	assert_int_equal(orgs[0].cause, UNCHECKED_TIME_BUDGET);
	assert_true(has_finding(&orgs[0], FIND_TIME_BUDGET));
	for (size_t d = 0; d < NDOCS; d++)
		assert_int_equal(verdict_doc_state(&orgs[0], d), DOC_UNCHECKED);
	for (size_t i = 1; i < 4; i++) {
		assert_int_equal(orgs[i].status, ORG_NONCOMPLIANT);
		assert_int_equal(orgs[i].cause, UNCHECKED_NONE);
		assert_true(orgs[i].section_reached);
		assert_false(has_finding(&orgs[i], FIND_TIME_BUDGET));
	}
	/* Longer than one budget, and the 2 s Crawl-delay was not waited for. */
	assert_true(ms >= 350 + 3 * 200);
	assert_true(ms < 2000);
	orgs_free(orgs, reg->nrows);
	registry_free(reg);
}

/* ---- the pages cap ---- */

struct pages_case {
	unsigned max_pages;
	size_t pages;              /* HTML pages fetched: pages_fetched, and GETs but robots.txt's */
	enum org_status status;
	bool capped;               /* FIND_PAGES_CAP */
};

/* m.test's section (the registry's URL) has two pages below it, the regulation on the first. */
static void run_pages(const struct pages_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct audit_opts ao = base_opts();
		char url[URL_LEN];
		struct one one;
		long get0 = server_stat("m.test", "get");

		print_message("--max-pages %u\n", cases[i].max_pages);
		url_of(url, "m.test", SEC);
		ao.max_pages = cases[i].max_pages;
		audit_one(&one, &ao, url);
		assert_int_equal(one.o->pages_fetched, cases[i].pages);
		assert_int_equal(server_stat("m.test", "get") - get0, 1 + cases[i].pages + one.o->links_checked);
		assert_int_equal(one.o->status, cases[i].status);
		assert_int_equal(has_finding(one.o, FIND_PAGES_CAP), cases[i].capped);
		one_free(&one);
	}
}

/* A cap of one page reads the section alone; one above the site's size reads all. */
static void test_max_pages(void **state)
{
	static const struct pages_case cases[] = {
		{ 1, 1, ORG_NONCOMPLIANT, true },
		{ CAP_PAGES_PER_ORG, 3, ORG_COMPLIANT, false },
	};

	(void)state;
	run_pages(cases, COUNT(cases));
}

/*
 * --max-pages N is "HTML pages per organisation" (audit.h; README: "HTML
 * pages fetched per organisation"): with N = 2 the section and one page
 * below it, with N = 3 all three. (The section page once counted twice:
 * as the registry URL and again as the section entered.)
 */
static void test_max_pages_counts_pages(void **state)
{
	static const struct pages_case cases[] = {
		{ 2, 2, ORG_COMPLIANT, true },
		{ 3, 3, ORG_COMPLIANT, false },
	};

	(void)state;
	run_pages(cases, COUNT(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outcomes),
		cmocka_unit_test(test_outcomes_threads),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_per_host_limit),
		cmocka_unit_test(test_jobs_in_flight),
		cmocka_unit_test(test_callbacks),
		cmocka_unit_test(test_progress_restored_last),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_stop_threads),
		cmocka_unit_test(test_org_time_each),
		cmocka_unit_test(test_max_pages),
		cmocka_unit_test(test_max_pages_counts_pages),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
