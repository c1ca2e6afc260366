/*
 * test_crawl_guard.c - the crawler connects only where a request may reach
 * (crawler/guard.h), against build/fixture-server on 127.0.0.1:
 *  - an IP address in the URL, or in a redirect, is refused before sending;
 *  - a name that resolves to 127.0.0.1 (localhost) is refused as curl opens
 *    the socket, robots.txt included, and its host's requests with it;
 *  - a robots.txt that redirects inward counts as unavailable (allow all);
 *  - --allow-private, a --resolve mapping and the proxy open the way;
 * and the server's counts show no refused request ever arrived.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/strvec.h"
#include "crawler/crawl.h"
#include "tests/unit/support/crawl_site.h"

/* Reached through --resolve lines, as the fixture_site gives them. */
static const char *const hosts[] = { "g.test", "rr.test" };

static struct fixture_site *site;

static int make_sites(struct fixture_site *s)
{
	char g_conf[512], rr_conf[256];
	unsigned port = fixture_site_port(s);

	snprintf(g_conf, sizeof(g_conf),
	         "redirect /to-loopback 302 http://127.0.0.1:%u/page.html\n"
	         "redirect /to-localhost 302 http://localhost:%u/page.html\n"
	         "redirect /to-metadata 302 http://169.254.169.254/latest/meta-data/\n", port, port);
	snprintf(rr_conf, sizeof(rr_conf), "redirect /robots.txt 302 http://127.0.0.1:%u/robots.txt\n", port);
	return fixture_site_write_text(s, "g.test/_site.conf", g_conf) ||
	       fixture_site_write_text(s, "g.test/page.html", "<p>g</p>") ||
	       fixture_site_write_text(s, "rr.test/_site.conf", rr_conf) ||
	       fixture_site_write_text(s, "rr.test/page.html", "<p>rr</p>") ||
	       fixture_site_mkdir(s, "localhost") ||
	       fixture_site_write_text(s, "localhost/page.html", "<p>local</p>") ||
	       fixture_site_mkdir(s, "127.0.0.1") ||
	       fixture_site_write_text(s, "127.0.0.1/page.html", "<p>loopback</p>") ||
	       fixture_site_write_text(s, "127.0.0.1/robots.txt", "User-agent: *\nDisallow: /\n") ? -1 : 0;
}

static int group_setup(void **state)
{
	(void)state;
	return crawl_site_start(&site, "test_crawl_guard", hosts, COUNT(hosts), make_sites);
}

static int group_teardown(void **state)
{
	(void)state;
	crawl_site_stop(site);
	return 0;
}

struct got {
	long status;
	int curl_code;
	unsigned attempts;
	bool refused;
	char address[64];
	char url[256];
	char effective_url[256];
	char error[512];
	char body[64];
};

static void on_done(void *userdata, const struct crawl_result *r)
{
	struct got *g = userdata;

	g->status = r->status;
	g->curl_code = r->curl_code;
	g->attempts = r->attempts;
	g->refused = r->address_refused;
	snprintf(g->address, sizeof(g->address), "%s", r->refused_address);
	snprintf(g->url, sizeof(g->url), "%s", r->url);
	snprintf(g->effective_url, sizeof(g->effective_url), "%s", r->effective_url);
	snprintf(g->error, sizeof(g->error), "%s", r->error);
	snprintf(g->body, sizeof(g->body), "%s", r->body);
}

static struct crawl_opts base_opts(void)
{
	struct crawl_opts o = crawl_site_opts(site);

	o.tries = 2;
	o.retry_delay_ms = 10;
	return o;
}

/* http://HOST:PORT/PATH */
static void url_of(char *out, size_t len, const char *host, const char *path)
{
	snprintf(out, len, "http://%s:%u%s", host, fixture_site_port(site), path);
}

/* One request to url, run to completion; the crawler's totals into *st when st is not NULL. */
static void run_one(const struct crawl_opts *o, const char *url, crawl_done_fn done, void *userdata,
                    struct crawl_stats *st)
{
	struct crawler *c = NULL;

	assert_int_equal(crawl_new(&c, o), 0);
	assert_int_equal(crawl_add(c, url, CRAWL_PAGE, 0, done, userdata), 0);
	assert_int_equal(crawl_run(c), 0);
	if (st)
		crawl_get_stats(c, st);
	crawl_free(c);
}

static void fetch(const struct crawl_opts *o, const char *host, const char *path, struct got *g,
                  struct crawl_stats *st)
{
	char url[256];

	url_of(url, sizeof(url), host, path);
	memset(g, 0, sizeof(*g));
	g->status = -1;
	run_one(o, url, on_done, g, st);
	assert_int_not_equal(g->status, -1);
}

static void on_done_body(void *userdata, const struct crawl_result *r)
{
	*(char **)userdata = strdup(r->body);
}

/* The server's count of requests for host (0 when it saw none), asked through a mapped host. */
static long served(const char *host)
{
	struct crawl_opts o = base_opts();
	char url[256], key[64], *body = NULL;
	const char *p;
	long n = 0;

	url_of(url, sizeof(url), "g.test", "/__fixture/stats");
	run_one(&o, url, on_done_body, &body, NULL);
	assert_non_null(body);
	snprintf(key, sizeof(key), "\"%s\": {\"requests\": ", host);
	p = strstr(body, key);
	if (p)
		n = strtol(p + strlen(key), NULL, 10);
	free(body);
	return n;
}

/* An IP address in the URL: refused before anything is sent, robots.txt included. */
static void test_literal_refused(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;

	(void)state;
	o.robots = true;
	fetch(&o, "127.0.0.1", "/page.html", &g, &st);
	assert_true(g.refused);
	assert_string_equal(g.address, "127.0.0.1");
	assert_int_equal(g.status, 0);
	assert_int_equal(g.curl_code, 7);      /* CURLE_COULDNT_CONNECT */
	assert_int_equal(g.attempts, 0);
	assert_string_equal(g.error, "not connected: 127.0.0.1 is not a public address (loopback)");
	assert_int_equal(st.requests, 0);
	assert_int_equal(st.robots_fetched, 0);
	assert_int_equal(st.address_refused, 1);
	assert_int_equal(served("127.0.0.1"), 0);
}

/* A name that resolves to loopback: refused as the socket opens, its robots.txt first, then its pages. */
static void test_resolved_refused(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;

	(void)state;
	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_true(g.refused);
	assert_true(strcmp(g.address, "127.0.0.1") == 0 || strcmp(g.address, "::1") == 0);
	assert_int_equal(g.status, 0);
	assert_int_equal(g.curl_code, 7);
	assert_non_null(strstr(g.error, "is not a public address (loopback)"));
	assert_int_equal(st.requests, 1);
	assert_int_equal(st.address_refused, 1);

	o.robots = true;
	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_true(g.refused);
	assert_non_null(strstr(g.error, "is not a public address (loopback)"));
	assert_int_equal(st.requests, 1);          /* robots.txt only, refused */
	assert_int_equal(st.robots_fetched, 1);
	assert_int_equal(served("localhost"), 0);
}

/* A redirect to an address inward: the hop is refused, the answer names both URLs. */
static void test_redirect_refused(void **state)
{
	static const struct {
		const char *path, *address;
		const char *host, *target;     /* where it redirects: the fixture server's port on host, or target */
	} cases[] = {
		{ "/to-loopback", "127.0.0.1", "127.0.0.1", NULL },
		{ "/to-localhost", NULL, "localhost", NULL },
		{ "/to-metadata", "169.254.169.254", NULL, "http://169.254.169.254/latest/meta-data/" },
	};
	struct crawl_opts o = base_opts();

	(void)state;
	o.robots = true;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct crawl_stats st;
		struct got g;
		char want[256], url[256];

		if (cases[i].host)
			url_of(want, sizeof(want), cases[i].host, "/page.html");
		else
			snprintf(want, sizeof(want), "%s", cases[i].target);
		url_of(url, sizeof(url), "g.test", cases[i].path);
		fetch(&o, "g.test", cases[i].path, &g, &st);
		print_message("%s -> %s: %s\n", g.url, g.effective_url, g.error);
		assert_true(g.refused);
		if (cases[i].address)
			assert_string_equal(g.address, cases[i].address);
		assert_string_equal(g.url, url);
		assert_string_equal(g.effective_url, want);
		assert_int_equal(g.status, 0);
		assert_int_equal(st.address_refused, 1);
	}
	assert_int_equal(served("127.0.0.1"), 0);
	assert_int_equal(served("localhost"), 0);
}

/* robots.txt redirecting inward is unavailable: RFC 9309 allows everything; the redirect is not followed. */
static void test_robots_redirect_refused(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;

	(void)state;
	o.robots = true;
	fetch(&o, "rr.test", "/page.html", &g, &st);
	assert_false(g.refused);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.body, "<p>rr</p>");
	assert_int_equal(st.robots_fetched, 1);
	assert_int_equal(st.address_refused, 1);
	assert_int_equal(served("127.0.0.1"), 0);
}

/* The user's choices: --allow-private, a --resolve mapping; a registry host may not reach loopback. */
static void test_ways_in(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct strvec own, resolve;
	struct got g;
	char line[64];

	(void)state;
	strvec_init(&own, 0);
	assert_int_equal(strvec_push(&own, "http://localhost/"), 0);
	o.own_urls = &own;
	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_true(g.refused);

	o.own_urls = NULL;
	o.allow_private = true;
	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_false(g.refused);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.body, "<p>local</p>");
	assert_int_equal(st.address_refused, 0);

	o.allow_private = false;
	strvec_init(&resolve, 0);
	snprintf(line, sizeof(line), "localhost:%u:127.0.0.1", fixture_site_port(site));
	assert_int_equal(strvec_push(&resolve, line), 0);
	o.resolve = &resolve;
	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_false(g.refused);
	assert_int_equal(g.status, 200);
	strvec_free(&resolve);
	strvec_free(&own);
}

/*
 * Through a proxy (the fixture server is one) the socket goes to the proxy,
 * 127.0.0.1, which is the department's: allowed. An IP address in a URL is
 * still refused before sending; no_proxy sends a host directly, checked.
 */
static void test_proxy(void **state)
{
	struct crawl_opts o = base_opts();
	struct crawl_stats st;
	struct got g;
	char proxy[64];
	long local_before = served("localhost");

	(void)state;
	o.resolve = NULL;
	snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%u", fixture_site_port(site));
	setenv("http_proxy", proxy, 1);
	setenv("no_proxy", "localhost", 1);
	fetch(&o, "g.test", "/page.html", &g, &st);
	assert_false(g.refused);
	assert_int_equal(g.status, 200);
	assert_string_equal(g.body, "<p>g</p>");

	fetch(&o, "g.test", "/to-loopback", &g, &st);
	assert_true(g.refused);
	assert_string_equal(g.address, "127.0.0.1");
	assert_int_equal(st.requests, 1);

	fetch(&o, "localhost", "/page.html", &g, &st);
	assert_true(g.refused);
	unsetenv("http_proxy");
	setenv("no_proxy", "*", 1);                /* as fixture_site_new left it */
	assert_int_equal(served("127.0.0.1"), 0);
	assert_int_equal(served("localhost"), local_before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literal_refused),
		cmocka_unit_test(test_resolved_refused),
		cmocka_unit_test(test_redirect_refused),
		cmocka_unit_test(test_robots_redirect_refused),
		cmocka_unit_test(test_ways_in),
		cmocka_unit_test(test_proxy),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
