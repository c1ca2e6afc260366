/*
 * test_crawl.c - the curl multi engine against build/fixture-server.
 *
 * The group setup starts the fixture server over a temporary tree
 * (tests/unit/support/fixture_site.h), writes a few small sites into it and
 * reaches its hosts through crawl_opts.resolve ("a.test:PORT:127.0.0.1").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/caps.h"
#include "core/macros.h"
#include "crawler/crawl.h"
#include "tests/unit/support/crawl_site.h"

/* The hosts the sites are served as. */
static const char *const hosts[] = { "a.test", "b.test", "s.test", "p.test", "nh.test", "t.test", "r.test" };

static const char page_html[] =
	"<html><head><title>Наставничество</title></head><body>"
	"<a href=\"/doc.pdf\">Приказ</a></body></html>\n";

static struct fixture_site *site;
static unsigned refused_port;        /* a port nothing listens on */

/* ---- site tree ---- */

/* A file of n bytes of 'x'. */
static int write_big(struct fixture_site *s, const char *rel, size_t n)
{
	char *data = malloc(n);
	int rc;

	if (!data)
		return -1;
	memset(data, 'x', n);
	rc = fixture_site_write(s, rel, data, n);
	free(data);
	return rc;
}

/*
 * Written once the server runs: a.test's redirect to b.test names the port.
 * a.test is also resolved to a port nothing listens on.
 */
static int make_sites(struct fixture_site *s)
{
	char a_conf[1024];

	snprintf(a_conf, sizeof(a_conf),
	         "# test site\n"
	         "status /flaky 503\n"
	         "status /teapot 429\n"
	         "redirect /old 301 /page.html\n"
	         "redirect /chain1 302 http://b.test:%u/chain2\n"
	         "gzip /gz.html\n"
	         "status /busy 503\n"
	         "header /busy Retry-After: 1\n"
	         "status /later 503\n"
	         "header /later Retry-After: 3600\n"
	         "header /page.html X-Test: yes\n", fixture_site_port(s));
	if (fixture_site_mkdir(s, "a.test/sub") ||
	    fixture_site_write_text(s, "a.test/page.html", page_html) ||
	    fixture_site_write_text(s, "a.test/doc.pdf", "%PDF-1.4 fake\n") ||
	    fixture_site_write_text(s, "a.test/sub/index.html", "<p>sub</p>") ||
	    fixture_site_write_text(s, "a.test/gz.html", page_html) ||
	    write_big(s, "a.test/big.html", CAP_BODY_BYTES + 4096) ||
	    fixture_site_write_text(s, "a.test/_site.conf", a_conf) ||
	    fixture_site_write_text(s, "r.test/robots.txt", "User-agent: *\nDisallow: /private\nCrawl-delay: 0.3\n") ||
	    fixture_site_write_text(s, "r.test/open.html", "<p>open</p>") ||
	    fixture_site_write_text(s, "r.test/private.html", "<p>private</p>") ||
	    fixture_site_write_text(s, "b.test/final.html", "<p>final</p>") ||
	    fixture_site_write_text(s, "s.test/_site.conf", "delay /slow* 300\n") ||
	    fixture_site_write_text(s, "p.test/_site.conf", "delay /slow* 300\n") ||
	    fixture_site_write_text(s, "nh.test/_site.conf", "no-head /doc.pdf\nno-head /big.pdf\nno-head /missing.pdf\n") ||
	    fixture_site_write_text(s, "nh.test/doc.pdf", "%PDF-1.4 fake\n") ||
	    write_big(s, "nh.test/big.pdf", 100000) ||
	    fixture_site_write_text(s, "t.test/_site.conf", "delay /sleepy 1000\n"))
		return -1;
	for (int i = 1; i <= 6; i++) {
		char rel[64];

		snprintf(rel, sizeof(rel), "s.test/slow%d", i);
		if (fixture_site_write_text(s, rel, "slow"))
			return -1;
		snprintf(rel, sizeof(rel), "p.test/slow%d", i);
		if (fixture_site_write_text(s, rel, "slow"))
			return -1;
	}
	return fixture_site_add_refused(s, "a.test", &refused_port);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int group_setup(void **state)
{
	(void)state;
	return crawl_site_start(&site, "test_crawl", hosts, COUNT(hosts), make_sites);
}

static int group_teardown(void **state)
{
	(void)state;
	crawl_site_stop(site);
	return 0;
}

/* ---- results ---- */

struct got {
	int calls;
	long status;
	int curl_code;
	unsigned attempts;
	bool truncated;
	size_t body_len;
	char *url;
	char *effective_url;
	char *content_type;
	char *body;
	char *error;
	bool robots_blocked;
	bool skipped;
	bool from_cache;
	bool host_down;
	char rule[256];
};

static void got_free(struct got *g)
{
	free(g->url);
	free(g->effective_url);
	free(g->content_type);
	free(g->body);
	free(g->error);
	memset(g, 0, sizeof(*g));
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void on_done(void *userdata, const struct crawl_result *r)
{
	struct got *g = userdata;

	got_free(g);
	g->calls = 1;
	g->status = r->status;
	g->curl_code = r->curl_code;
	g->attempts = r->attempts;
	g->truncated = r->truncated;
	g->body_len = r->body_len;
	g->robots_blocked = r->robots_blocked;
	g->skipped = r->skipped;
	g->from_cache = r->from_cache;
	g->host_down = r->host_down;
	snprintf(g->rule, sizeof(g->rule), "%s", r->robots_rule ? r->robots_rule : "(null)");
	g->url = dup_or_null(r->url);
	g->effective_url = dup_or_null(r->effective_url);
	g->content_type = dup_or_null(r->content_type);
	g->body = dup_or_null(r->body);
	g->error = dup_or_null(r->error);
}

static struct crawl_opts base_opts(void)
{
	struct crawl_opts o = crawl_site_opts(site);

	o.tries = 3;
	o.retry_delay_ms = 10;
	return o;
}

static char *url_of(const char *host, const char *path)
{
	char *u = malloc(256);

	assert_non_null(u);
	snprintf(u, 256, "http://%s:%u%s", host, fixture_site_port(site), path);
	return u;
}

/* Run one request to completion with the given options. */
static void fetch(const struct crawl_opts *o, const char *host, const char *path, enum crawl_kind kind,
                  struct got *g, struct crawl_stats *stats)
{
	struct crawler *c = NULL;
	char *u = url_of(host, path);

	memset(g, 0, sizeof(*g));
	assert_int_equal(crawl_new(&c, o), 0);
	assert_int_equal(crawl_add(c, u, kind, 0, on_done, g), 0);
	assert_int_equal(crawl_run(c), 0);
	assert_int_equal(g->calls, 1);
	if (stats)
		crawl_get_stats(c, stats);
	crawl_free(c);
	free(u);
}

/* Per-host counters from the server: GET /__fixture/stats, find host's field. */
static long server_stat(const char *host, const char *field)
{
	struct crawl_opts o = base_opts();
	struct got g;
	char key[64], fkey[64];
	const char *p, *end, *f;
	long v = -1;

	fetch(&o, "a.test", "/__fixture/stats", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	snprintf(key, sizeof(key), "\"%s\": {", host);
	snprintf(fkey, sizeof(fkey), "\"%s\": ", field);
	p = strstr(g.body, key);
	if (p) {
		end = strchr(p, '}');
		f = strstr(p, fkey);
		if (f && end && f < end)
			v = strtol(f + strlen(fkey), NULL, 10);
	} else {
		v = 0;   /* a host the server has not seen */
	}
	got_free(&g);
	return v;
}

/* ---- tests ---- */

static void test_page_get(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;
	char *u = url_of("a.test", "/page.html");

	(void)state;
	fetch(&o, "a.test", "/page.html", CRAWL_PAGE, &g, &st);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.curl_code, 0);
	assert_string_equal(g.error, "");
	assert_int_equal(g.attempts, 1);
	assert_false(g.truncated);
	assert_string_equal(g.url, u);
	assert_string_equal(g.effective_url, u);
	assert_non_null(strstr(g.content_type, "text/html"));
	assert_int_equal(g.body_len, strlen(page_html));
	assert_string_equal(g.body, page_html);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	/* Bytes received count the headers too: the body and a status line at least. */
	assert_true(st.bytes > strlen(page_html) + strlen("HTTP/1.1 200 OK\r\n"));
	assert_true(st.bytes < strlen(page_html) + 1024);
	assert_int_equal(st.max_host_active, 1);
	got_free(&g);
	free(u);

	/* A directory serves its index.html. */
	fetch(&o, "a.test", "/sub/", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.body, "<p>sub</p>");
	got_free(&g);
}

static void test_gzip_decoded(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;

	(void)state;
	fetch(&o, "a.test", "/gz.html", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.body, page_html);
	got_free(&g);
}

static void test_check_head(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;

	(void)state;
	fetch(&o, "a.test", "/doc.pdf", CRAWL_CHECK, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.curl_code, 0);
	assert_int_equal(g.attempts, 1);
	assert_string_equal(g.content_type, "application/pdf");
	assert_string_equal(g.body, "");
	assert_int_equal(g.body_len, 0);
	got_free(&g);
}

static void test_check_no_head_falls_back(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;
	long head0 = server_stat("nh.test", "head"), get0 = server_stat("nh.test", "get");

	(void)state;
	fetch(&o, "nh.test", "/doc.pdf", CRAWL_CHECK, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.curl_code, 0);
	assert_int_equal(g.attempts, 1);
	assert_string_equal(g.content_type, "application/pdf");
	assert_string_equal(g.body, "");
	assert_int_equal(g.body_len, 0);
	got_free(&g);
	/* One HEAD (405), then one GET. */
	assert_int_equal(server_stat("nh.test", "head"), head0 + 1);
	assert_int_equal(server_stat("nh.test", "get"), get0 + 1);

	/* The GET of a check stops at the probe cap and still counts as an answer. */
	fetch(&o, "nh.test", "/big.pdf", CRAWL_CHECK, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.curl_code, 0);
	assert_true(g.truncated);
	assert_int_equal(g.body_len, 0);
	got_free(&g);
}

static void test_404_not_retried(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;

	(void)state;
	fetch(&o, "a.test", "/missing.pdf", CRAWL_PAGE, &g, &st);
	assert_int_equal(g.status, 404);
	assert_int_equal(g.curl_code, 0);
	assert_string_equal(g.error, "");
	assert_int_equal(g.attempts, 1);
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.retries, 0);
	got_free(&g);

	/* A check: HEAD 404, then one GET 404; neither retried. */
	fetch(&o, "nh.test", "/missing.pdf", CRAWL_CHECK, &g, &st);
	assert_int_equal(g.status, 404);
	assert_int_equal(g.attempts, 1);
	assert_int_equal(st.requests, 2);
	assert_int_equal(st.retries, 0);
	got_free(&g);
}

static void test_retry_503(void **state)
{
	static const unsigned tries_list[] = { 1, 2, 4 };

	(void)state;
	for (size_t i = 0; i < COUNT(tries_list); i++) {
		struct crawl_opts o = base_opts();
		struct crawl_stats st;
		struct got g;

		o.tries = tries_list[i];
		print_message("tries %u\n", o.tries);
		fetch(&o, "a.test", "/flaky", CRAWL_PAGE, &g, &st);
		assert_int_equal(g.status, 503);
		assert_int_equal(g.curl_code, 0);
		assert_int_equal(g.attempts, o.tries);
		assert_int_equal(st.requests, o.tries);
		assert_int_equal(st.retries, o.tries - 1);
		got_free(&g);
	}
	{
		struct crawl_opts o = base_opts();
		struct got g;

		o.tries = 2;
		fetch(&o, "a.test", "/teapot", CRAWL_PAGE, &g, NULL);
		assert_int_equal(g.status, 429);
		assert_int_equal(g.attempts, 2);
		got_free(&g);
	}
}

/* The backoff doubles: with 100 ms first, 3 tries wait at least 100 + 200 ms. */
static void test_retry_backoff(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;
	long long t0;

	(void)state;
	o.tries = 3;
	o.retry_delay_ms = 100;
	t0 = now_ms();
	fetch(&o, "a.test", "/flaky", CRAWL_PAGE, &g, NULL);
	assert_true(now_ms() - t0 >= 300);
	assert_int_equal(g.attempts, 3);
	got_free(&g);
}

static void test_redirect(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;
	char *want = url_of("a.test", "/page.html");
	char *want2 = url_of("b.test", "/final.html");

	(void)state;
	fetch(&o, "a.test", "/old", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.effective_url, want);
	assert_string_equal(g.body, page_html);
	got_free(&g);

	/* A redirect to another host, then a relative one there. */
	assert_int_equal(fixture_site_write_text(site, "b.test/_site.conf", "redirect /chain2 301 /final.html\n"), 0);
	fetch(&o, "a.test", "/chain1", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.effective_url, want2);
	assert_string_equal(g.body, "<p>final</p>");
	got_free(&g);
	free(want);
	free(want2);
}

static void test_truncated_page(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;

	(void)state;
	fetch(&o, "a.test", "/big.html", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.status, 200);
	assert_int_equal(g.curl_code, 0);
	assert_string_equal(g.error, "");
	assert_true(g.truncated);
	assert_int_equal(g.body_len, CAP_BODY_BYTES);
	assert_int_equal(g.attempts, 1);
	got_free(&g);
}

struct multi {
	int done;
	int ok;
};

static void count_done(void *userdata, const struct crawl_result *r)
{
	struct multi *m = userdata;

	m->done++;
	if (r->status == 200 && r->curl_code == 0)
		m->ok++;
}

/* Queue n requests to host's /slowN paths; returns elapsed ms. */
static long long run_slow(const char *host, unsigned per_host, struct crawl_stats *st, struct multi *m)
{
	struct crawl_opts o = base_opts();
	struct crawler *c = NULL;
	long long t0;

	o.per_host = per_host;
	o.max_transfers = 16;
	memset(m, 0, sizeof(*m));
	assert_int_equal(crawl_new(&c, &o), 0);
	for (int i = 1; i <= 6; i++) {
		char path[32];
		char *u;

		snprintf(path, sizeof(path), "/slow%d", i);
		u = url_of(host, path);
		assert_int_equal(crawl_add(c, u, CRAWL_PAGE, 0, count_done, m), 0);
		free(u);
	}
	t0 = now_ms();
	assert_int_equal(crawl_run(c), 0);
	t0 = now_ms() - t0;
	crawl_get_stats(c, st);
	crawl_free(c);
	return t0;
}

static void test_per_host_limit(void **state)
{
	struct crawl_stats st;
	struct multi m;
	long long ms;

	(void)state;
	ms = run_slow("s.test", 2, &st, &m);
	assert_int_equal(m.done, 6);
	assert_int_equal(m.ok, 6);
	assert_int_equal(st.max_host_active, 2);
	assert_int_equal(st.requests, 6);
	/* The server saw at most 2 at once, so 3 rounds of 300 ms. */
	assert_true(server_stat("s.test", "max_concurrent") <= 2);
	assert_true(server_stat("s.test", "max_concurrent") >= 1);
	assert_int_equal(server_stat("s.test", "get"), 6);
	assert_true(ms >= 850);

	/* Control: without the limit the same load does overlap, so the check above can fail. */
	ms = run_slow("p.test", 6, &st, &m);
	assert_int_equal(m.ok, 6);
	assert_true(st.max_host_active > 2);
	assert_true(server_stat("p.test", "max_concurrent") > 2);
	(void)ms;
}

/* The total limit holds across hosts too. */
static void test_max_transfers(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawler *c = NULL;
	struct multi m = { 0 };
	struct crawl_stats st;
	long long t0;

	(void)state;
	o.per_host = 4;
	o.max_transfers = 1;
	assert_int_equal(crawl_new(&c, &o), 0);
	for (int i = 1; i <= 3; i++) {
		char path[32];
		char *u;

		snprintf(path, sizeof(path), "/slow%d", i);
		u = url_of(i == 2 ? "p.test" : "s.test", path);
		assert_int_equal(crawl_add(c, u, CRAWL_PAGE, 0, count_done, &m), 0);
		free(u);
	}
	t0 = now_ms();
	assert_int_equal(crawl_run(c), 0);
	assert_true(now_ms() - t0 >= 850);
	crawl_get_stats(c, &st);
	assert_int_equal(st.max_host_active, 1);
	assert_int_equal(m.ok, 3);
	crawl_free(c);
}

struct chain {
	struct crawler *c;
	int depth;
	int calls;
	long statuses[8];
	char *urls[8];
};

static void chain_done(void *userdata, const struct crawl_result *r)
{
	struct chain *ch = userdata;

	ch->statuses[ch->calls] = r->status;
	ch->urls[ch->calls] = strdup(r->url);
	ch->calls++;
	if (ch->calls < ch->depth) {
		/* Add more from inside a callback: one page and one check. */
		char *u = url_of(ch->calls % 2 ? "b.test" : "a.test", ch->calls % 2 ? "/final.html" : "/page.html");

		assert_int_equal(crawl_add(ch->c, u, ch->calls % 2 ? CRAWL_PAGE : CRAWL_CHECK, 0, chain_done, ch), 0);
		free(u);
	}
}

static void test_add_from_callback(void **state)
{
	struct crawl_opts o = base_opts();
	struct chain ch = { .depth = 5 };
	char *first = url_of("a.test", "/page.html");
	char *b = url_of("b.test", "/final.html");

	(void)state;
	assert_int_equal(crawl_new(&ch.c, &o), 0);
	assert_int_equal(crawl_add(ch.c, first, CRAWL_PAGE, 0, chain_done, &ch), 0);
	assert_int_equal(crawl_run(ch.c), 0);
	assert_int_equal(ch.calls, 5);
	for (int i = 0; i < ch.calls; i++) {
		assert_int_equal(ch.statuses[i], 200);
		assert_string_equal(ch.urls[i], i % 2 ? b : first);
		free(ch.urls[i]);
	}
	/* The crawler can be run again after it drained. */
	ch.calls = 0;
	ch.depth = 1;
	assert_int_equal(crawl_add(ch.c, b, CRAWL_PAGE, 0, chain_done, &ch), 0);
	assert_int_equal(crawl_run(ch.c), 0);
	assert_int_equal(ch.calls, 1);
	free(ch.urls[0]);
	crawl_free(ch.c);
	free(first);
	free(b);
}

static void test_connection_refused(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawler *c = NULL;
	struct crawl_stats st;
	struct got g = { 0 };
	char u[128];

	(void)state;
	assert_true(refused_port > 0);
	snprintf(u, sizeof(u), "http://a.test:%u/page.html", refused_port);
	assert_int_equal(crawl_new(&c, &o), 0);
	assert_int_equal(crawl_add(c, u, CRAWL_PAGE, 0, on_done, &g), 0);
	assert_int_equal(crawl_run(c), 0);
	crawl_get_stats(c, &st);
	crawl_free(c);
	assert_int_equal(g.calls, 1);
	assert_int_not_equal(g.curl_code, 0);
	assert_int_equal(g.status, 0);
	assert_non_null(g.error);
	assert_true(g.error[0] != '\0');
	assert_string_equal(g.body, "");
	/* Refused is final, not transient. */
	assert_int_equal(g.attempts, 1);
	assert_int_equal(st.retries, 0);
	got_free(&g);
}

/* A host that refused a connection is down for the run: its next request is not sent. */
static void test_host_down(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawler *c = NULL;
	struct crawl_stats st;
	struct got g = { 0 }, again = { 0 };
	char u[128];

	(void)state;
	snprintf(u, sizeof(u), "http://a.test:%u/page.html", refused_port);
	assert_int_equal(crawl_new(&c, &o), 0);
	assert_int_equal(crawl_add(c, u, CRAWL_PAGE, 0, on_done, &g), 0);
	assert_int_equal(crawl_run(c), 0);
	snprintf(u, sizeof(u), "http://a.test:%u/other.pdf", refused_port);
	assert_int_equal(crawl_add(c, u, CRAWL_CHECK, 0, on_done, &again), 0);
	assert_int_equal(crawl_run(c), 0);
	crawl_get_stats(c, &st);
	crawl_free(c);
	assert_false(g.host_down);
	assert_true(again.host_down);
	assert_int_equal(again.curl_code, g.curl_code);
	assert_string_equal(again.error, g.error);
	assert_int_equal(again.attempts, 0);
	assert_int_equal(st.hosts_down, 1);
	assert_int_equal(st.down_skipped, 1);
	got_free(&g);
	got_free(&again);
}

/* A transfer timeout is transient: tried `tries` times. */
static void test_timeout_retried(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;
	struct crawl_stats st;

	(void)state;
	o.timeout_ms = 300;
	o.tries = 2;
	fetch(&o, "t.test", "/sleepy", CRAWL_PAGE, &g, &st);
	assert_int_equal(g.curl_code, 28);   /* CURLE_OPERATION_TIMEDOUT */
	assert_int_equal(g.status, 0);
	assert_true(g.error[0] != '\0');
	assert_int_equal(g.attempts, 2);
	assert_int_equal(st.retries, 1);
	got_free(&g);
}

/* robots.txt is read first; a disallowed URL is never requested and says which line decided. */
static void test_robots_gate(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;

	(void)state;
	o.robots = true;
	fetch(&o, "r.test", "/private.html", CRAWL_PAGE, &g, &st);
	assert_true(g.robots_blocked);
	assert_int_equal(g.status, 0);
	assert_int_equal(g.attempts, 0);
	assert_non_null(strstr(g.rule, "robots.txt line 2: Disallow: /private (User-agent: *)"));
	assert_int_equal(st.requests, 1);          /* robots.txt only */
	assert_int_equal(st.robots_fetched, 1);
	assert_int_equal(st.robots_blocked, 1);
	got_free(&g);

	fetch(&o, "r.test", "/open.html", CRAWL_PAGE, &g, &st);
	assert_false(g.robots_blocked);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.rule, "");
	assert_int_equal(st.requests, 2);
	got_free(&g);

	/* A host without robots.txt (404) allows everything. */
	fetch(&o, "a.test", "/page.html", CRAWL_PAGE, &g, &st);
	assert_int_equal(g.status, 200);
	assert_int_equal(st.robots_fetched, 1);
	got_free(&g);
}

/* Run n requests for the same host in one crawler; returns the wall time in ms. */
static long long run_many(const struct crawl_opts *o, const char *host, const char *const *paths,
                          size_t n, long long deadline, struct got *gots)
{
	struct crawler *c = NULL;
	long long t0 = now_ms();

	assert_int_equal(crawl_new(&c, o), 0);
	for (size_t i = 0; i < n; i++) {
		char *u = url_of(host, paths[i]);

		memset(&gots[i], 0, sizeof(gots[i]));
		assert_int_equal(crawl_add(c, u, CRAWL_PAGE, deadline ? crawl_now_ms() + deadline : 0,
		                           on_done, &gots[i]), 0);
		free(u);
	}
	assert_int_equal(crawl_run(c), 0);
	crawl_free(c);
	return now_ms() - t0;
}

/* Crawl-delay 0.3 s from robots.txt spaces every request start, the first page's included. */
static void test_crawl_delay(void **state)
{
	static const char *const paths[] = { "/open.html?1", "/open.html?2", "/open.html?3" };
	struct crawl_opts o = base_opts();
	struct got g[3];
	long long ms;

	(void)state;
	o.robots = true;
	o.per_host = 4;
	ms = run_many(&o, "r.test", paths, 3, 0, g);
	print_message("3 pages after robots.txt with Crawl-delay 0.3: %lld ms\n", ms);
	assert_true(ms >= 3 * 300 - 20);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(g[i].status, 200);
		got_free(&g[i]);
	}
}

/* Requests still waiting (here for --delay) when the deadline passes complete as skipped. */
static void test_deadline_skips(void **state)
{
	static const char *const paths[] = { "/page.html?1", "/page.html?2", "/page.html?3" };
	struct crawl_opts o = base_opts();
	struct got g[3];
	size_t skipped = 0;

	(void)state;
	o.delay_ms = 1000;
	o.per_host = 4;
	run_many(&o, "a.test", paths, 3, 300, g);
	for (size_t i = 0; i < 3; i++) {
		if (g[i].skipped) {
			skipped++;
			assert_string_equal(g[i].error, "time budget exhausted");
			assert_int_equal(g[i].attempts, 0);
		} else {
			assert_int_equal(g[i].status, 200);
		}
		got_free(&g[i]);
	}
	assert_int_equal(skipped, 2);
}

/* Retry-After is waited for (here 1 s, far above the 10 ms backoff); one past the cap ends the retries. */
static void test_retry_after(void **state)
{
	struct crawl_opts o = base_opts();
	struct got g;
	long long t0;

	(void)state;
	o.tries = 2;
	t0 = now_ms();
	fetch(&o, "a.test", "/busy", CRAWL_PAGE, &g, NULL);
	assert_true(now_ms() - t0 >= 1000);
	assert_int_equal(g.attempts, 2);
	assert_int_equal(g.status, 503);
	got_free(&g);

	t0 = now_ms();
	fetch(&o, "a.test", "/later", CRAWL_PAGE, &g, NULL);
	assert_int_equal(g.attempts, 1);
	assert_true(now_ms() - t0 < 1000);
	got_free(&g);
}

/* With a cache directory the second fetch is conditional and reuses the kept body. */
static void test_cache_304(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st, first;
	char dir[64] = "/tmp/ma-cache-XXXXXX";
	char cmd[128];
	struct got g;

	(void)state;
	assert_non_null(mkdtemp(dir));
	o.cache_dir = dir;
	fetch(&o, "a.test", "/page.html", CRAWL_PAGE, &g, &first);
	assert_int_equal(g.status, 200);
	assert_false(g.from_cache);
	assert_int_equal(first.not_modified, 0);
	got_free(&g);

	fetch(&o, "a.test", "/page.html", CRAWL_PAGE, &g, &st);
	assert_int_equal(g.status, 200);
	assert_true(g.from_cache);
	assert_string_equal(g.body, page_html);
	assert_non_null(strstr(g.content_type, "text/html"));
	assert_int_equal(st.not_modified, 1);
	assert_true(st.bytes < first.bytes);   /* the same headers, no body */
	got_free(&g);

	/* A document check is conditional too. */
	fetch(&o, "a.test", "/doc.pdf", CRAWL_CHECK, &g, NULL);
	got_free(&g);
	fetch(&o, "a.test", "/doc.pdf", CRAWL_CHECK, &g, &st);
	assert_int_equal(g.status, 200);
	assert_true(g.from_cache);
	got_free(&g);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* crawl_add refuses what is not a URL; crawl_free of a crawler with a queue frees it. */
static void test_add_errors(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawler *c = NULL;
	struct got g = { 0 };

	(void)state;
	assert_int_equal(crawl_new(&c, &o), 0);
	assert_int_equal(crawl_add(c, "not a url", CRAWL_PAGE, 0, on_done, &g), -1);
	assert_int_equal(crawl_add(c, "http://a.test/never-run", CRAWL_PAGE, 0, on_done, &g), 0);
	crawl_free(c);
	assert_int_equal(g.calls, 0);
	crawl_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_get),
		cmocka_unit_test(test_gzip_decoded),
		cmocka_unit_test(test_check_head),
		cmocka_unit_test(test_check_no_head_falls_back),
		cmocka_unit_test(test_404_not_retried),
		cmocka_unit_test(test_retry_503),
		cmocka_unit_test(test_retry_backoff),
		cmocka_unit_test(test_redirect),
		cmocka_unit_test(test_truncated_page),
		cmocka_unit_test(test_per_host_limit),
		cmocka_unit_test(test_max_transfers),
		cmocka_unit_test(test_add_from_callback),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_host_down),
		cmocka_unit_test(test_timeout_retried),
		cmocka_unit_test(test_add_errors),
		cmocka_unit_test(test_robots_gate),
		cmocka_unit_test(test_crawl_delay),
		cmocka_unit_test(test_deadline_skips),
		cmocka_unit_test(test_retry_after),
		cmocka_unit_test(test_cache_304),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
