/*
 * test_guard.c - where a request may connect: public only by default, a
 * registry host also into private networks, anything the user mapped or
 * allowed; the proxy decided per request; an IP address in the URL refused
 * before sending, through a proxy too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/strvec.h"
#include "crawler/guard.h"

static void fill(struct strvec *v, const char *const *items)
{
	strvec_init(v, 0);
	for (size_t i = 0; items && items[i]; i++)
		assert_int_equal(strvec_push(v, items[i]), 0);
}

static const char *const own[] = {
	"https://school1.example/nastavnichestvo/", "http://Intranet-School.local/", "http://10.1.2.3/",
	"http://127.0.0.1:8080/", "not a url", NULL,
};
static const char *const resolve[] = {
	"mapped.test:8080:127.0.0.1", "+plus.test:80:10.0.0.1", "-gone.test:80", "*:8443:127.0.0.1",
	"bad entry", "noport.test::127.0.0.1", NULL,
};
static const char *const connect_to[] = {
	"portonly.test:80::8080", "portonly.test:80:other.test:81", "moved.test::127.0.0.1:9", ":9999:127.0.0.1:1",
	"[::1]:80:127.0.0.1:2", NULL,
};

static const struct {
	const char *url;
	enum guard_reach target;
	bool literal_refused;
	const char *literal;
} route_cases[] = {
	{ "https://elsewhere.example/doc.pdf", REACH_PUBLIC, false, "" },
	{ "https://school1.example/other/page", REACH_INTRANET, false, "" },
	{ "http://school1.example:8080/", REACH_INTRANET, false, "" },        /* the host, any scheme and port */
	{ "https://www.school1.example/", REACH_PUBLIC, false, "" },         /* another host */
	{ "http://intranet-school.local/x", REACH_INTRANET, false, "" },
	{ "http://10.1.2.3/doc.pdf", REACH_INTRANET, false, "" },            /* the registry wrote it */
	{ "http://10.1.2.4/doc.pdf", REACH_PUBLIC, true, "10.1.2.4" },
	{ "http://127.0.0.1:8080/", REACH_INTRANET, true, "127.0.0.1" },     /* loopback: never a school site */
	{ "http://169.254.169.254/latest/meta-data/", REACH_PUBLIC, true, "169.254.169.254" },
	{ "http://[::1]:81/", REACH_PUBLIC, true, "::1" },
	{ "http://[fd00::5]/", REACH_PUBLIC, true, "fd00::5" },
	{ "http://[::ffff:10.0.0.5]/", REACH_PUBLIC, true, "::ffff:10.0.0.5" },
	{ "http://2130706433/", REACH_INTRANET, true, "127.0.0.1" },      /* written as 127.0.0.1 by curl */
	{ "http://93.184.216.34/", REACH_PUBLIC, false, "" },
	{ "http://mapped.test:8080/", REACH_ANY, false, "" },
	{ "http://mapped.test:8081/", REACH_PUBLIC, false, "" },            /* another port: not mapped */
	{ "http://plus.test/", REACH_ANY, false, "" },
	{ "http://gone.test/", REACH_PUBLIC, false, "" },
	{ "https://anything.test:8443/", REACH_ANY, false, "" },
	{ "https://127.0.0.1:8443/", REACH_ANY, false, "" },                /* curl sends it to the mapped address */
	{ "http://noport.test/", REACH_PUBLIC, false, "" },
	{ "http://portonly.test/", REACH_PUBLIC, false, "" },               /* first entry: only the port changes */
	{ "http://moved.test:1234/", REACH_ANY, false, "" },
	{ "http://10.0.0.7:9999/", REACH_ANY, false, "" },
	{ "http://[::1]/", REACH_ANY, false, "" },
	{ "not a url", REACH_PUBLIC, false, "" },
};

static void test_routes(void **state)
{
	struct strvec own_v, resolve_v, connect_v;
	struct guard_opts o = { .own_urls = &own_v, .resolve = &resolve_v, .connect_to = &connect_v };
	struct guard *g = NULL;

	(void)state;
	unsetenv("http_proxy");
	unsetenv("all_proxy");
	unsetenv("ALL_PROXY");
	fill(&own_v, own);
	fill(&resolve_v, resolve);
	fill(&connect_v, connect_to);
	assert_int_equal(guard_new(&g, &o), 0);
	for (size_t i = 0; i < COUNT(route_cases); i++) {
		struct guard_route r;
		int rc = guard_route(g, route_cases[i].url, &r);

		print_message("%s\n", route_cases[i].url);
		assert_int_equal(rc, strcmp(route_cases[i].url, "not a url") == 0 ? -1 : 0);
		assert_int_equal(r.target, route_cases[i].target);
		assert_int_equal(r.socket, r.target);
		assert_null(r.proxy);
		assert_int_equal(r.literal_refused, route_cases[i].literal_refused);
		assert_string_equal(r.literal, route_cases[i].literal);
	}
	guard_free(g);
	strvec_free(&own_v);
	strvec_free(&resolve_v);
	strvec_free(&connect_v);
}

/* Through a proxy the socket goes to the proxy: any address; an IP address in the URL is still refused. */
static void test_proxy_route(void **state)
{
	struct guard_opts o = { 0 };
	struct guard *g = NULL;
	struct guard_route r;

	(void)state;
	setenv("http_proxy", "http://10.0.0.1:3128", 1);
	setenv("no_proxy", "direct.test", 1);
	assert_int_equal(guard_new(&g, &o), 0);
	unsetenv("http_proxy");
	unsetenv("no_proxy");

	assert_int_equal(guard_route(g, "http://site.test/", &r), 0);
	assert_string_equal(r.proxy, "http://10.0.0.1:3128");
	assert_int_equal(r.target, REACH_PUBLIC);
	assert_int_equal(r.socket, REACH_ANY);
	assert_false(r.literal_refused);

	assert_int_equal(guard_route(g, "http://127.0.0.1/admin", &r), 0);
	assert_non_null(r.proxy);
	assert_true(r.literal_refused);
	assert_int_equal(r.literal_kind, ADDRESS_LOOPBACK);

	assert_int_equal(guard_route(g, "http://www.direct.test/", &r), 0);
	assert_null(r.proxy);
	assert_int_equal(r.socket, REACH_PUBLIC);

	assert_int_equal(guard_route(g, "https://site.test/", &r), 0);
	assert_null(r.proxy);
	guard_free(g);
}

static void test_allow_private(void **state)
{
	struct guard_opts o = { .allow_private = true };
	struct guard *g = NULL;
	struct guard_route r;

	(void)state;
	assert_int_equal(guard_new(&g, &o), 0);
	assert_int_equal(guard_route(g, "http://127.0.0.1:9/", &r), 0);
	assert_int_equal(r.target, REACH_ANY);
	assert_false(r.literal_refused);
	guard_free(g);
}

static void test_allows(void **state)
{
	(void)state;
	for (int k = 0; k < ADDRESS_KINDS; k++) {
		enum address_kind kind = (enum address_kind)k;

		assert_true(guard_allows(REACH_ANY, kind));
		assert_int_equal(guard_allows(REACH_PUBLIC, kind), kind == ADDRESS_PUBLIC);
		assert_int_equal(guard_allows(REACH_INTRANET, kind),
		                 kind == ADDRESS_PUBLIC || kind == ADDRESS_PRIVATE || kind == ADDRESS_SHARED);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_routes),
		cmocka_unit_test(test_proxy_route),
		cmocka_unit_test(test_allow_private),
		cmocka_unit_test(test_allows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
