/*
 * test_proxy.c - which requests go through a proxy: the environment read as
 * curl reads it, and no_proxy matched as curl matches it.
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
#include "crawler/proxy.h"

static const struct {
	const char *no_proxy;
	const char *host;
	bool excluded;
} no_proxy_cases[] = {
	{ NULL, "school.ru", false },
	{ "", "school.ru", false },
	{ "*", "school.ru", true },
	{ "*", "10.0.0.5", true },
	{ "*,other.ru", "school.ru", false },        /* "*" only alone */
	{ "school.ru", "school.ru", true },
	{ "School.RU", "school.ru", true },
	{ "school.ru", "www.school.ru", true },
	{ ".school.ru", "www.school.ru", true },
	{ ".school.ru", "school.ru", true },
	{ "school.ru.", "school.ru", true },
	{ "school.ru", "school.ru.", true },
	{ "school.ru", "myschool.ru", false },
	{ "www.school.ru", "school.ru", false },
	{ "ru", "school.ru", true },
	{ "a.ru,b.ru", "b.ru", true },
	{ "a.ru, b.ru", "b.ru", true },
	{ "a.ru b.ru", "b.ru", true },
	{ "a.ru,,\tb.ru", "b.ru", true },
	{ "a.ru,b.ru", "c.ru", false },
	{ ".", "school.ru", false },
	{ "127.0.0.1", "127.0.0.1", true },
	{ "127.0.0.1,localhost", "localhost", true },
	{ "127.0.0.1", "127.0.0.2", false },
	{ "10.0.0.0/8", "10.20.30.40", true },
	{ "10.0.0.0/8", "11.0.0.1", false },
	{ "10.0.0.0/0", "10.0.0.1", false },          /* as curl: no bits is the whole address */
	{ "10.0.0.0/33", "10.0.0.0", false },
	{ "10.0.0.0", "10.0.0.0.example", false },
	{ "school.ru", "10.0.0.5", false },
	{ "::1", "[::1]", true },
	{ "::1", "::1", true },
	{ "fd00::/8", "[fd12:3456::1]", true },
	{ "fd00::/8", "[fe80::1]", false },
	{ "10.0.0.0/8", "[::ffff:10.0.0.1]", false },
	{ "very-long-entry-very-long-entry-very-long-entry-very-long-entry-very-long-entry-very-long-"
	  "entry-very-long-entry-very-long-entry/8", "10.0.0.1", false },
};

static void test_no_proxy(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(no_proxy_cases); i++) {
		bool got = proxy_excluded(no_proxy_cases[i].no_proxy, no_proxy_cases[i].host);

		if (got != no_proxy_cases[i].excluded)
			fail_msg("no_proxy '%s', host %s: %s", no_proxy_cases[i].no_proxy ? no_proxy_cases[i].no_proxy : "(unset)",
			         no_proxy_cases[i].host, got ? "excluded" : "proxied");
	}
}

static const char *const proxy_vars[] = {
	"http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY",
};

/* The environment: "NAME=value" items, the rest unset. */
static void environment(const char *const *set, size_t n)
{
	for (size_t i = 0; i < COUNT(proxy_vars); i++)
		unsetenv(proxy_vars[i]);
	for (size_t i = 0; i < n && set[i]; i++) {
		char name[32];
		const char *eq = strchr(set[i], '=');

		memcpy(name, set[i], (size_t)(eq - set[i]));
		name[eq - set[i]] = '\0';
		setenv(name, eq + 1, 1);
	}
}

static const struct {
	const char *env[4];
	const char *url_scheme, *host;
	const char *proxy;     /* NULL: direct */
} env_cases[] = {
	{ { NULL }, "http", "a.ru", NULL },
	{ { "http_proxy=http://p:3128" }, "http", "a.ru", "http://p:3128" },
	{ { "http_proxy=http://p:3128" }, "https", "a.ru", NULL },
	/* HTTP_PROXY is what a CGI request's Proxy: header sets: curl ignores it, so do we */
	{ { "HTTP_PROXY=http://evil:1" }, "http", "a.ru", NULL },
	{ { "HTTPS_PROXY=http://p:3128" }, "https", "a.ru", "http://p:3128" },
	{ { "https_proxy=http://low:1", "HTTPS_PROXY=http://up:2" }, "https", "a.ru", "http://low:1" },
	{ { "ALL_PROXY=socks5h://s:1080" }, "http", "a.ru", "socks5h://s:1080" },
	{ { "all_proxy=http://all:1", "http_proxy=http://h:2" }, "http", "a.ru", "http://h:2" },
	{ { "all_proxy=http://all:1", "http_proxy=" }, "http", "a.ru", "http://all:1" },
	{ { "http_proxy=http://p:1", "no_proxy=a.ru" }, "http", "www.a.ru", NULL },
	{ { "http_proxy=http://p:1", "NO_PROXY=a.ru" }, "http", "a.ru", NULL },
	{ { "http_proxy=http://p:1", "no_proxy=b.ru", "NO_PROXY=a.ru" }, "http", "a.ru", "http://p:1" },
	{ { "http_proxy=http://p:1", "no_proxy=127.0.0.1,localhost" }, "http", "127.0.0.1", NULL },
	{ { "http_proxy=http://p:1", "no_proxy=127.0.0.1,localhost" }, "http", "10.0.0.5", "http://p:1" },
};

static void test_environment(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(env_cases); i++) {
		struct proxy_env pe;
		const char *got;

		environment(env_cases[i].env, COUNT(env_cases[i].env));
		assert_int_equal(proxy_env_read(&pe), 0);
		got = proxy_for(&pe, env_cases[i].url_scheme, env_cases[i].host);
		if (env_cases[i].proxy ? !got || strcmp(got, env_cases[i].proxy) != 0 : got != NULL)
			fail_msg("case %zu (%s://%s): %s, want %s", i, env_cases[i].url_scheme, env_cases[i].host,
			         got ? got : "direct", env_cases[i].proxy ? env_cases[i].proxy : "direct");
		proxy_env_clear(&pe);
	}
	environment(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_proxy),
		cmocka_unit_test(test_environment),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
