/*
 * test_cli.c - cli_parse() over a table of command lines, and over the
 * option and command tables themselves: every option is in --help, every
 * limit is enforced, every command refuses the options it does not take.
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

#include "core/macros.h"
#include "src/cli.h"
#include "src/options.h"

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
	{ "minimal", { "ma", MIN, NULL }, EXIT_OK, .orgs = "o.csv", .out = "outdir", .jobs = 32, .depth = 2,
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
	/* options of other commands */
	{ "robots --warc", { "ma", "robots", "r.txt", "http://a.test/", "--warc", "w", NULL }, .rc = EXIT_USAGE },
	{ "robots --wa (abbreviated)", { "ma", "robots", "r.txt", "http://a.test/", "--wa", "w", NULL },
	  .rc = EXIT_USAGE },
	{ "check --orgs", { "ma", "check", "http://a.test/", "--orgs", "o.csv", NULL }, .rc = EXIT_USAGE },
	{ "diff --jobs", { "ma", "diff", "a", "b", "--jobs", "4", NULL }, .rc = EXIT_USAGE },
	{ "merge --as-of", { "ma", "merge", "a", "--out", "m", "--as-of", "2026-11-22", NULL }, .rc = EXIT_USAGE },
	/* answered: help and version */
	{ "--help", { "ma", "--help", NULL }, .rc = -1 },
	{ "-h", { "ma", "-h", NULL }, .rc = -1 },
	{ "--version", { "ma", "--version", NULL }, .rc = -1 },
	{ "audit --help", { "ma", "audit", "--help", NULL }, .rc = -1 },
	{ "audit --version after options", { "ma", MIN, "--version", NULL }, .rc = -1 },
	{ "audit -h", { "ma", "audit", "-h", NULL }, .rc = -1 },
	{ "robots --help", { "ma", "robots", "--help", NULL }, .rc = -1 },
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

/* A shard shares the per-domain default only when --per-domain was not given. */
static void test_per_domain_given(void **state)
{
	char a0[] = "ma", a1[] = "audit", a2[] = "--orgs", a3[] = "r.csv", a4[] = "--out", a5[] = "o",
	     a6[] = "--shard", a7[] = "1/4", a8[] = "--per-domain", a9[] = "8";
	char *argv[] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, NULL };
	struct config cfg;

	(void)state;
	assert_int_equal(cli_parse(&cfg, 8, argv), EXIT_OK);
	assert_false(cfg.per_domain_given);
	assert_int_equal(cfg.per_domain, 8);
	cli_free(&cfg);
	assert_int_equal(cli_parse(&cfg, 10, argv), EXIT_OK);
	assert_true(cfg.per_domain_given);
	cli_free(&cfg);
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

/* A command line built piece by piece, its strings owned. */
struct line {
	char *argv[MAX_ARGS + 1];
	char *own[MAX_ARGS + 1];   /* getopt_long permutes argv: free these */
	int argc;
};

static void line_add(struct line *l, const char *arg)
{
	assert_true(l->argc < MAX_ARGS);
	l->own[l->argc] = strdup(arg);
	assert_non_null(l->own[l->argc]);
	l->argv[l->argc] = l->own[l->argc];
	l->argc++;
}

static void line_free(struct line *l)
{
	for (int i = 0; i < l->argc; i++)
		free(l->own[i]);
	memset(l, 0, sizeof(*l));
}

/* A command line cli_parse() accepts for command id, options to be added. */
static void line_for(struct line *l, unsigned id)
{
	static const char *const operands[CMD_COUNT][4] = {
		[CMD_AUDIT] = { "--orgs", "o.csv", "--out", "outdir" },
		[CMD_CHECK] = { "http://school.test/" },
		[CMD_ROBOTS] = { "robots.txt", "http://school.test/" },
		[CMD_DIFF] = { "old", "new" },
		[CMD_MERGE] = { "shard1", "--out", "merged" },
	};

	memset(l, 0, sizeof(*l));
	line_add(l, "ma");
	line_add(l, cli_commands[id].name);
	for (size_t i = 0; i < COUNT(operands[id]) && operands[id][i]; i++)
		line_add(l, operands[id][i]);
}

/* cli_parse() over l, its stderr in err. */
static int parse_line(struct line *l, struct config *cfg, char *err, size_t errlen)
{
	FILE *tmp = tmpfile();
	int saved, rc;
	size_t n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	dup2(fileno(tmp), 2);
	rc = cli_parse(cfg, l->argc, l->argv);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(err, 1, errlen - 1, tmp);
	err[n] = '\0';
	fclose(tmp);
	return rc;
}

/* The first command that takes o. */
static unsigned taker_of(const struct opt_row *o)
{
	for (unsigned id = 0; id < CMD_COUNT; id++)
		if (o->commands & CMD_BIT(id))
			return id;
	fail_msg("--%s: no command takes it", o->name);
	return 0;
}

/* A value o accepts (NULL: o takes none). */
static const char *good_value(const struct opt_row *o, char *buf, size_t len)
{
	switch (o->kind) {
	case OPT_UINT:
	case OPT_SECONDS: snprintf(buf, len, "%u", o->min); return buf;
	case OPT_DOUBLE: snprintf(buf, len, "%g", o->dmin); return buf;
	case OPT_WORD: return o->word(0);
	case OPT_LIST: return "a.test:80:127.0.0.1";
	case OPT_DATE: snprintf(buf, len, "%u-11-22", o->min); return buf;
	case OPT_SHARD: return "1/1";
	case OPT_STRING:
	case OPT_PATH: return "x";
	default: return NULL;
	}
}

/* o given value v to the first command that takes it: cli_parse's code, its stderr in err. */
static int parse_with(const struct opt_row *o, const char *v, struct config *cfg, char *err, size_t errlen)
{
	struct line l;
	char name[64];
	int rc;

	line_for(&l, taker_of(o));
	snprintf(name, sizeof(name), "--%s", o->name);
	line_add(&l, name);
	if (v)
		line_add(&l, v);
	rc = parse_line(&l, cfg, err, errlen);
	line_free(&l);
	return rc;
}

/* Outside o's limits: exit 2, and the message names the option. */
static void expect_refused(const struct opt_row *o, const char *v)
{
	struct config cfg;
	char err[512], want[64];

	print_message("--%s %s: refused\n", o->name, v);
	assert_int_equal(parse_with(o, v, &cfg, err, sizeof(err)), EXIT_USAGE);
	snprintf(want, sizeof(want), "mentor-audit: --%s ", o->name);
	assert_non_null(strstr(err, want));
	cli_free(&cfg);
}

/* At o's limits: accepted, and kept as given. */
static void expect_kept(const struct opt_row *o, const char *v, double want)
{
	struct config cfg;
	char err[512];
	const char *at;

	print_message("--%s %s: kept\n", o->name, v);
	assert_int_equal(parse_with(o, v, &cfg, err, sizeof(err)), EXIT_OK);
	assert_string_equal(err, "");
	at = (const char *)&cfg + o->offset;
	if (!o->set && o->kind == OPT_UINT)
		assert_int_equal(*(const unsigned *)at, (unsigned)want);
	if (!o->set && o->kind == OPT_SECONDS)
		assert_int_equal(*(const long *)at, (long)want * 1000L);
	if (!o->set && o->kind == OPT_DOUBLE)
		assert_true(*(const double *)at == want);
	cli_free(&cfg);
}

static void check_uint_limits(const struct opt_row *o)
{
	char v[32];

	snprintf(v, sizeof(v), "%u", o->min);
	expect_kept(o, v, o->min);
	snprintf(v, sizeof(v), "%u", o->max);
	expect_kept(o, v, o->max);
	if (o->min > 0) {
		snprintf(v, sizeof(v), "%u", o->min - 1);
		expect_refused(o, v);
	}
	snprintf(v, sizeof(v), "%lu", (unsigned long)o->max + 1);
	expect_refused(o, v);
}

static void check_double_limits(const struct opt_row *o)
{
	char v[32];

	snprintf(v, sizeof(v), "%g", o->dmin);
	expect_kept(o, v, o->dmin);
	snprintf(v, sizeof(v), "%g", o->dmax);
	expect_kept(o, v, o->dmax);
	snprintf(v, sizeof(v), "%g", o->dmin - 0.01);
	expect_refused(o, v);
	snprintf(v, sizeof(v), "%g", o->dmax + 0.01);
	expect_refused(o, v);
}

static void check_other_limits(const struct opt_row *o)
{
	char v[32];

	if (o->kind == OPT_DATE) {
		snprintf(v, sizeof(v), "%u-01-01", o->min);
		expect_kept(o, v, 0);
		snprintf(v, sizeof(v), "%u-12-31", o->max);
		expect_kept(o, v, 0);
		snprintf(v, sizeof(v), "%u-12-31", o->min - 1);
		expect_refused(o, v);
		snprintf(v, sizeof(v), "%u-01-01", o->max + 1);
		expect_refused(o, v);
	} else if (o->kind == OPT_SHARD) {
		snprintf(v, sizeof(v), "%u/%u", o->max, o->max);
		expect_kept(o, v, 0);
		snprintf(v, sizeof(v), "1/%u", o->max + 1);
		expect_refused(o, v);
		expect_refused(o, "0/1");
		expect_refused(o, "2/1");
	} else if (o->kind == OPT_WORD) {
		for (unsigned i = 0; o->word(i); i++)
			expect_kept(o, o->word(i), 0);
		expect_refused(o, "no-such-word");
	}
}

/* Every limit of every option is enforced: the limits are accepted, one past them is exit 2. */
static void test_every_range_enforced(void **state)
{
	(void)state;
	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];

		if (o->kind == OPT_UINT || o->kind == OPT_SECONDS)
			check_uint_limits(o);
		else if (o->kind == OPT_DOUBLE)
			check_double_limits(o);
		else
			check_other_limits(o);
	}
}

/* Every command takes the options its rows name, and refuses the others in one line. */
static void test_options_per_command(void **state)
{
	(void)state;
	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];
		char name[64], buf[32], err[512], want[160];
		const char *v = good_value(o, buf, sizeof(buf));

		if (o->kind == OPT_ANSWER)
			continue;
		snprintf(name, sizeof(name), "--%s", o->name);
		for (unsigned id = 0; id < CMD_COUNT; id++) {
			struct config cfg;
			struct line l;
			int rc;

			print_message("%s %s\n", cli_commands[id].name, name);
			line_for(&l, id);
			line_add(&l, name);
			if (v)
				line_add(&l, v);
			rc = parse_line(&l, &cfg, err, sizeof(err));
			if (o->commands & CMD_BIT(id)) {
				assert_int_equal(rc, EXIT_OK);
				assert_string_equal(err, "");
			} else {
				snprintf(want, sizeof(want), "mentor-audit %s: --%s is not an option of this command\n",
				         cli_commands[id].name, o->name);
				assert_int_equal(rc, EXIT_USAGE);
				assert_string_equal(err, want);
			}
			cli_free(&cfg);
			line_free(&l);
		}
	}
}

/* The brief's example, word for word. */
static void test_robots_refuses_warc(void **state)
{
	struct line l;
	struct config cfg;
	char err[512];

	(void)state;
	line_for(&l, CMD_ROBOTS);
	line_add(&l, "--warc");
	line_add(&l, "evidence.warc.gz");
	assert_int_equal(parse_line(&l, &cfg, err, sizeof(err)), EXIT_USAGE);
	assert_string_equal(err, "mentor-audit robots: --warc is not an option of this command\n");
	cli_free(&cfg);
	line_free(&l);
}

static char *usage_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	cli_usage(f);
	fclose(f);
	assert_non_null(text);
	return text;
}

/* word occurs in text as a whole option name (not inside a longer one). */
static int names_option(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
		char before = p == text ? ' ' : p[-1], after = p[n];

		if (!strchr("abcdefghijklmnopqrstuvwxyz-", before) &&
		    (after == '\0' || !strchr("abcdefghijklmnopqrstuvwxyz-", after)))
			return 1;
	}
	return 0;
}

/* --help names every option of the table (and its short letter), and shows each default it promises. */
static void test_every_option_in_help(void **state)
{
	char *help = usage_text();
	char want[96];

	(void)state;
	for (size_t i = 0; i < opt_count; i++) {
		const struct opt_row *o = &opt_table[i];

		snprintf(want, sizeof(want), "--%s", o->name);
		print_message("%s in --help\n", want);
		assert_true(names_option(help, want));
		if (o->letter) {
			snprintf(want, sizeof(want), "-%c, --%s", o->letter, o->name);
			assert_non_null(strstr(help, want));
		}
		if (o->show_default && (o->kind == OPT_UINT || o->kind == OPT_SECONDS)) {
			snprintf(want, sizeof(want), "(default %u)", o->def.u);
			assert_non_null(strstr(help, want));
		}
	}
	free(help);
}

/* The usage line of a command names only options it takes, and --help lists every command. */
static void test_synopses_match_the_table(void **state)
{
	char *help = usage_text();
	char want[160];

	(void)state;
	for (unsigned id = 0; id < CMD_COUNT; id++) {
		const struct cli_command *c = &cli_commands[id];

		snprintf(want, sizeof(want), "mentor-audit %s %s\n", c->name, c->synopsis);
		assert_non_null(strstr(help, want));
		for (const char *p = strstr(c->synopsis, "--"); p; p = strstr(p + 2, "--")) {
			size_t n = strspn(p + 2, "abcdefghijklmnopqrstuvwxyz-");
			const struct opt_row *o = NULL;

			for (size_t i = 0; i < opt_count; i++)
				if (strlen(opt_table[i].name) == n && strncmp(opt_table[i].name, p + 2, n) == 0)
					o = &opt_table[i];
			print_message("%s: %.*s\n", c->name, (int)n + 2, p);
			assert_non_null(o);
			assert_true(o->commands & CMD_BIT(id));
		}
	}
	free(help);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cli_table),
		cmocka_unit_test(test_cli_table_again),
		cmocka_unit_test(test_free_after_error),
		cmocka_unit_test(test_per_domain_given),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_every_option_in_help),
		cmocka_unit_test(test_every_range_enforced),
		cmocka_unit_test(test_options_per_command),
		cmocka_unit_test(test_robots_refuses_warc),
		cmocka_unit_test(test_synopses_match_the_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
