/*
 * test_cli.c - cli_parse() over a table of command lines.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "src/cli.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ARGS 24

struct cli_case {
	const char *title;
	const char *argv[MAX_ARGS];   /* NULL-terminated, argv[0] included */
	int rc;
	/* checked when rc is EXIT_OK; NULL / 0 for "the default" */
	const char *orgs;
	const char *out;
	const char *rules;
	const char *as_of;
	unsigned jobs, depth, per_host, max_pages, tries;
	long timeout_ms, connect_timeout_ms;
	const char *resolve;          /* items joined by '|' */
	const char *connect_to;
	int quiet, verbose;
};

#define MIN "audit", "--orgs", "o.csv", "--out", "outdir"

static const struct cli_case cli_cases[] = {
	{ "minimal", { "ma", MIN, NULL }, EXIT_OK, .orgs = "o.csv", .out = "outdir", .jobs = 8, .depth = 2,
	  .per_host = 2, .max_pages = 40, .tries = 3, .timeout_ms = 30000, .connect_timeout_ms = 10000,
	  .resolve = "", .connect_to = "" },
	{ "options in any order, --opt=value form",
	  { "ma", "audit", "--out=res", "--jobs", "16", "--orgs=reg.csv", "--rules", "my.rules", "--depth=0",
	    "--per-host", "4", "--max-pages", "1000", "--tries", "10", "--timeout", "600", "--connect-timeout=1",
	    "--quiet", "--verbose", NULL },
	  EXIT_OK, .orgs = "reg.csv", .out = "res", .rules = "my.rules", .jobs = 16, .depth = 0, .per_host = 4,
	  .max_pages = 1000, .tries = 10, .timeout_ms = 600000, .connect_timeout_ms = 1000, .quiet = 1,
	  .verbose = 1 },
	{ "the last of a repeated option wins", { "ma", MIN, "--jobs", "3", "--jobs", "5", "--orgs", "b.csv", NULL },
	  EXIT_OK, .orgs = "b.csv", .jobs = 5 },
	{ "repeatable --resolve and --connect-to collect all",
	  { "ma", MIN, "--resolve", "a.test:80:127.0.0.1", "--connect-to", "a:80:b:81", "--resolve",
	    "b.test:443:127.0.0.1", "--resolve=c.test:8080:::1", NULL },
	  EXIT_OK, .resolve = "a.test:80:127.0.0.1|b.test:443:127.0.0.1|c.test:8080:::1",
	  .connect_to = "a:80:b:81" },
	{ "valid --as-of", { "ma", MIN, "--as-of", "2026-11-22", NULL }, EXIT_OK, .as_of = "2026-11-22" },
	{ "--as-of leap day", { "ma", MIN, "--as-of", "2024-02-29", NULL }, EXIT_OK, .as_of = "2024-02-29" },
	{ "--as-of last day of year", { "ma", MIN, "--as-of", "2025-12-31", NULL }, EXIT_OK, .as_of = "2025-12-31" },
	{ "jobs at the bounds", { "ma", MIN, "--jobs", "1", NULL }, EXIT_OK, .jobs = 1 },
	{ "jobs 256", { "ma", MIN, "--jobs", "256", NULL }, EXIT_OK, .jobs = 256 },
	{ "depth 5", { "ma", MIN, "--depth", "5", NULL }, EXIT_OK, .depth = 5 },
	/* usage errors */
	{ "no arguments", { "ma", NULL }, .rc = EXIT_USAGE },
	{ "missing --orgs", { "ma", "audit", "--out", "d", NULL }, .rc = EXIT_USAGE },
	{ "missing --out", { "ma", "audit", "--orgs", "o.csv", NULL }, .rc = EXIT_USAGE },
	{ "command only", { "ma", "audit", NULL }, .rc = EXIT_USAGE },
	{ "unknown option", { "ma", MIN, "--frobnicate", NULL }, .rc = EXIT_USAGE },
	{ "short option", { "ma", MIN, "-j", "4", NULL }, .rc = EXIT_USAGE },
	{ "missing value at the end", { "ma", MIN, "--jobs", NULL }, .rc = EXIT_USAGE },
	{ "value for a flag", { "ma", MIN, "--quiet=yes", NULL }, .rc = EXIT_USAGE },
	{ "stray argument", { "ma", MIN, "extra", NULL }, .rc = EXIT_USAGE },
	{ "stray argument first", { "ma", "audit", "extra", "--orgs", "o", "--out", "d", NULL }, .rc = EXIT_USAGE },
	{ "unknown command", { "ma", "audot", "--orgs", "o", "--out", "d", NULL }, .rc = EXIT_USAGE },
	{ "option before the command", { "ma", "--orgs", "o", "audit", "--out", "d", NULL }, .rc = EXIT_USAGE },
	{ "empty command", { "ma", "", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 0", { "ma", MIN, "--jobs", "0", NULL }, .rc = EXIT_USAGE },
	{ "--jobs -1", { "ma", MIN, "--jobs", "-1", NULL }, .rc = EXIT_USAGE },
	{ "--jobs abc", { "ma", MIN, "--jobs", "abc", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 99999", { "ma", MIN, "--jobs", "99999", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 257", { "ma", MIN, "--jobs", "257", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 4x", { "ma", MIN, "--jobs", "4x", NULL }, .rc = EXIT_USAGE },
	{ "--jobs empty", { "ma", MIN, "--jobs", "", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 1e2", { "ma", MIN, "--jobs", "1e2", NULL }, .rc = EXIT_USAGE },
	{ "--jobs 2^64", { "ma", MIN, "--jobs", "18446744073709551617", NULL }, .rc = EXIT_USAGE },
	{ "--jobs wraps to 8 as 32 bits", { "ma", MIN, "--jobs", "4294967304", NULL }, .rc = EXIT_USAGE },
	{ "--depth 6", { "ma", MIN, "--depth", "6", NULL }, .rc = EXIT_USAGE },
	{ "--per-host 0", { "ma", MIN, "--per-host", "0", NULL }, .rc = EXIT_USAGE },
	{ "--per-host 17", { "ma", MIN, "--per-host", "17", NULL }, .rc = EXIT_USAGE },
	{ "--tries 11", { "ma", MIN, "--tries", "11", NULL }, .rc = EXIT_USAGE },
	{ "--max-pages 0", { "ma", MIN, "--max-pages", "0", NULL }, .rc = EXIT_USAGE },
	{ "--timeout 0", { "ma", MIN, "--timeout", "0", NULL }, .rc = EXIT_USAGE },
	{ "--timeout 601", { "ma", MIN, "--timeout", "601", NULL }, .rc = EXIT_USAGE },
	{ "--timeout 1.5", { "ma", MIN, "--timeout", "1.5", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-02-30", { "ma", MIN, "--as-of", "2026-02-30", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2025-02-29 (not leap)", { "ma", MIN, "--as-of", "2025-02-29", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-13-01", { "ma", MIN, "--as-of", "2026-13-01", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-00-10", { "ma", MIN, "--as-of", "2026-00-10", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-04-31", { "ma", MIN, "--as-of", "2026-04-31", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-01-00", { "ma", MIN, "--as-of", "2026-01-00", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 26-11-22", { "ma", MIN, "--as-of", "26-11-22", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 22.11.2026", { "ma", MIN, "--as-of", "22.11.2026", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-1-022", { "ma", MIN, "--as-of", "2026-1-022", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026/11/22", { "ma", MIN, "--as-of", "2026/11/22", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 2026-11-22x", { "ma", MIN, "--as-of", "2026-11-22x", NULL }, .rc = EXIT_USAGE },
	{ "--as-of empty", { "ma", MIN, "--as-of", "", NULL }, .rc = EXIT_USAGE },
	{ "--as-of 1999-12-31 (out of range)", { "ma", MIN, "--as-of", "1999-12-31", NULL }, .rc = EXIT_USAGE },
	/* answered: help and version */
	{ "--help", { "ma", "--help", NULL }, .rc = -1 },
	{ "-h", { "ma", "-h", NULL }, .rc = -1 },
	{ "--version", { "ma", "--version", NULL }, .rc = -1 },
	{ "audit --help", { "ma", "audit", "--help", NULL }, .rc = -1 },
	{ "audit --version after options", { "ma", MIN, "--version", NULL }, .rc = -1 },
};

static char *joined(const struct strvec *v)
{
	size_t n = 1;
	char *s;

	for (size_t i = 0; i < v->len; i++)
		n += strlen(v->items[i]) + 1;
	s = calloc(1, n);
	if (!s)
		return NULL;
	for (size_t i = 0; i < v->len; i++) {
		if (i)
			strcat(s, "|");
		strcat(s, v->items[i]);
	}
	return s;
}

static void today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void check_fields(const struct cli_case *c, const struct config *cfg)
{
	char day[11];
	char *s;

	assert_string_equal(cfg->command->name, "audit");
	if (c->orgs)
		assert_string_equal(cfg->orgs, c->orgs);
	if (c->out)
		assert_string_equal(cfg->out, c->out);
	if (c->rules)
		assert_string_equal(cfg->rules, c->rules);
	else
		assert_null(cfg->rules);
	today(day);
	assert_string_equal(cfg->as_of, c->as_of ? c->as_of : day);
	if (c->jobs)
		assert_int_equal(cfg->jobs, c->jobs);
	if (c->depth || c->max_pages)
		assert_int_equal(cfg->depth, c->depth);
	if (c->per_host)
		assert_int_equal(cfg->per_host, c->per_host);
	if (c->max_pages)
		assert_int_equal(cfg->max_pages, c->max_pages);
	if (c->tries)
		assert_int_equal(cfg->tries, c->tries);
	if (c->timeout_ms)
		assert_int_equal(cfg->timeout_ms, c->timeout_ms);
	if (c->connect_timeout_ms)
		assert_int_equal(cfg->connect_timeout_ms, c->connect_timeout_ms);
	if (c->resolve) {
		s = joined(&cfg->resolve);
		assert_string_equal(s, c->resolve);
		free(s);
	}
	if (c->connect_to) {
		s = joined(&cfg->connect_to);
		assert_string_equal(s, c->connect_to);
		free(s);
	}
	assert_int_equal(cfg->quiet, c->quiet);
	assert_int_equal(cfg->verbose, c->verbose);
	assert_non_null(cfg->user_agent);
	assert_non_null(strstr(cfg->user_agent, "mentor-audit/"));
}

static void run_case(const struct cli_case *c)
{
	char *argv[MAX_ARGS + 1] = { 0 };
	char *orig[MAX_ARGS + 1] = { 0 };
	struct config cfg;
	int argc = 0, rc;

	/* getopt_long() may permute argv: hand it writable copies. */
	while (c->argv[argc]) {
		argv[argc] = strdup(c->argv[argc]);
		assert_non_null(argv[argc]);
		orig[argc] = argv[argc];
		argc++;
	}
	print_message("case: %s\n", c->title);
	if (c->rc == -1) {
		/* --help and --version print on stdout: keep the test log readable. */
		int saved, devnull;

		fflush(stdout);
		saved = dup(1);
		devnull = open("/dev/null", O_WRONLY);
		assert_true(saved >= 0 && devnull >= 0);
		dup2(devnull, 1);
		close(devnull);
		rc = cli_parse(&cfg, argc, argv);
		fflush(stdout);
		dup2(saved, 1);
		close(saved);
	} else {
		rc = cli_parse(&cfg, argc, argv);
	}
	assert_int_equal(rc, c->rc);
	if (rc == EXIT_OK)
		check_fields(c, &cfg);
	cli_free(&cfg);
	for (int i = 0; i < argc; i++)
		free(orig[i]);
}

static void test_cli_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(cli_cases); i++)
		run_case(&cli_cases[i]);
}

/* Parsing is repeatable: the same table again, backwards (getopt state reset). */
static void test_cli_table_again(void **state)
{
	(void)state;
	for (size_t i = COUNT(cli_cases); i-- > 0;)
		run_case(&cli_cases[i]);
}

/* Defaults are filled even on an error, so cli_free() is always safe. */
static void test_free_after_error(void **state)
{
	char a0[] = "ma", a1[] = "audit", a2[] = "--resolve", a3[] = "x:1:127.0.0.1", a4[] = "--bogus";
	char *argv[] = { a0, a1, a2, a3, a4, NULL };
	struct config cfg;

	(void)state;
	assert_int_equal(cli_parse(&cfg, 5, argv), EXIT_USAGE);
	assert_int_equal(cfg.resolve.len, 1);
	cli_free(&cfg);
	cli_free(&cfg);
}

static void test_usage(void **state)
{
	char buf[8192] = "";
	FILE *f = fmemopen(buf, sizeof(buf) - 1, "w");

	(void)state;
	assert_non_null(f);
	cli_usage(f);
	fclose(f);
	assert_non_null(strstr(buf, "Usage: mentor-audit audit --orgs FILE --out DIR"));
	assert_non_null(strstr(buf, "--resolve"));
	assert_non_null(strstr(buf, "--as-of YYYY-MM-DD"));
	assert_non_null(strstr(buf, "(default 8)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_table),
		cmocka_unit_test(test_cli_table_again),
		cmocka_unit_test(test_free_after_error),
		cmocka_unit_test(test_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
