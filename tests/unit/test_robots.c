/*
 * test_robots.c - robots.txt parsing and matching (RFC 9309 and common
 * practice): groups and agents, longest match, wildcards, percent-encoding,
 * crawl-delay, the verdict's explanation, caps and a pathological pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/macros.h"
#include "parsers/robots.h"

#define UA "mentor-audit/0.1.0 (+https://example.org/mentor-audit)"

/* RFC 9309, section 5.1 (the trailing "EOF" line is junk without a colon) */
static const char rfc_simple[] =
	"User-Agent: *\n"
	"Disallow: *.gif$\n"
	"Disallow: /example/\n"
	"Allow: /publications/\n"
	"\n"
	"User-Agent: foobot\n"
	"Disallow:/\n"
	"Allow:/example/page.html\n"
	"Allow:/example/allowed.gif\n"
	"\n"
	"User-Agent: barbot\n"
	"User-Agent: bazbot\n"
	"Disallow: /example/page.html\n"
	"\n"
	"User-Agent: quxbot\n"
	"\n"
	"EOF\n";

/* RFC 9309, section 5.2 */
static const char rfc_longest[] =
	"User-Agent: foobot\n"
	"Allow: /example/page/\n"
	"Disallow: /example/page/disallowed.gif\n";

static const char agents[] =
	"User-agent: *\n"
	"Disallow: /all/\n"
	"\n"
	"User-agent: MENTOR-AUDIT/2.0\n"
	"Disallow: /private/\n"
	"\n"
	"User-agent: otherbot\n"
	"Disallow: /\n"
	"\n"
	"User-agent: mentor-audit\n"
	"Disallow: /drafts/\n";

static const char ties[] =
	"User-agent: *\n"
	"Disallow: /tie\n"
	"Allow: /tie\n"
	"Allow: /eit\n"
	"Disallow: /eit\n"
	"Allow: /a\n"
	"Disallow: /a/b\n"
	"Allow: /w*\n"
	"Disallow: /w/\n";

static const char wild[] =
	"User-agent: *\n"
	"Disallow: /*.pdf$\n"
	"Disallow: /fish*\n"
	"Disallow: /$\n"
	"Disallow: /*/private/\n"
	"Disallow: /*?\n"
	"Disallow: /x$y\n"
	"Disallow: /price$/z$\n";

static const char junk[] =
	"\xEF\xBB\xBFUser-agent: * # everyone\r\n"
	"Disallow: /a # not a\r\n"
	"# Disallow: /b\r\n"
	"this line means nothing\r\n"
	"Disallow /c\r\n"
	":\r\n"
	"Sitemap: https://example.org/sitemap.xml\r\n"
	"DISALLOW : /d\r\n"
	"\t Disallow:\t/e \t\r\n"
	"Host: example.org\r\n"
	"Disallow: /f\rDisallow: /g\r";

static const char misspelt[] =
	"useragent: alpha\n"
	"Disallow: /u1\n"
	"User agent: beta\n"
	"Disallow: /u2\n";

static const char groups[] =
	"Disallow: /before\n"
	"User-agent: a\n"
	"Disallow: /a\n"
	"User-agent: b\n"
	"Disallow: /b\n"
	"User-agent: c\n"
	"Sitemap: https://example.org/s.xml\n"
	"User-agent: d\n"
	"Disallow: /cd\n"
	"User-agent: e\n"
	"Crawl-delay: 1\n"
	"User-agent: f\n"
	"Disallow: /f\n"
	"User-agent: g\n"
	"Disallow:\n"
	"User-agent: h\n"
	"Disallow: /h\n"
	"User-agent:\n"
	"Disallow: /nobody\n"
	"User-agent: *\n"
	"Allow:\n"
	"Disallow: /star\n";

static const char encoded[] =
	"User-agent: *\n"
	"Disallow: /наставничество/\n"
	"Disallow: /%D0%BF%D0%BB%D0%B0%D0%BD/\n"
	"Disallow: /%7euser/\n"
	"Disallow: /~tilde/\n"
	"Disallow: /a%2Fb\n"
	"Disallow: /sp ace\n"
	"Disallow: /file-with-a-%2A.html\n"
	"Disallow: /foo-%24\n"
	"Disallow: /100%\n"
	"Disallow: /\xff\xfe\n";

static const char everything[] =
	"User-agent: *\n"
	"Disallow: /\n";

static const char somebot_only[] =
	"User-agent: somebot\n"
	"Disallow: /\n";

/* "/наставничество/" percent-encoded, upper and lower case */
#define NASTAV_UP "/%D0%BD%D0%B0%D1%81%D1%82%D0%B0%D0%B2%D0%BD%D0%B8%D1%87%D0%B5%D1%81%D1%82%D0%B2%D0%BE/"
#define NASTAV_LOW "/%d0%bd%d0%b0%d1%81%d1%82%d0%b0%d0%b2%d0%bd%d0%b8%d1%87%d0%b5%d1%81%d1%82%d0%b2%d0%be/"

static const struct {
	const char *robots;
	const char *agent;
	const char *target;
	bool allowed;
} checks[] = {
	/* RFC 9309 5.1: "*" for everyone without a group of its own */
	{ rfc_simple, "otherbot/1.0", "/example/x", false },
	{ rfc_simple, "otherbot/1.0", "/publications/a", true },
	{ rfc_simple, "otherbot/1.0", "/a.gif", false },
	{ rfc_simple, "otherbot/1.0", "/a.gif?size=2", true },
	{ rfc_simple, "otherbot/1.0", "/publications/x.gif", true },
	{ rfc_simple, "otherbot/1.0", "/other", true },
	/* foobot: only two paths */
	{ rfc_simple, "foobot", "/", false },
	{ rfc_simple, "foobot", "/example/page.html", true },
	{ rfc_simple, "foobot", "/example/allowed.gif", true },
	{ rfc_simple, "foobot", "/example/other", false },
	{ rfc_simple, "foobot", "/publications/", false },
	/* barbot and bazbot share a group; it does not fall back to "*" */
	{ rfc_simple, "barbot", "/example/page.html", false },
	{ rfc_simple, "bazbot", "/example/page.html", false },
	{ rfc_simple, "barbot", "/example/", true },
	{ rfc_simple, "bazbot", "/a.gif", true },
	/* quxbot: an empty group, everything allowed */
	{ rfc_simple, "quxbot", "/example/x", true },
	{ rfc_simple, "quxbot", "/a.gif", true },
	/* RFC 9309 5.2 */
	{ rfc_longest, "foobot", "/example/page/disallowed.gif", false },
	{ rfc_longest, "foobot", "/example/page/other.gif", true },
	{ rfc_longest, "foobot", "/example/", true },

	/* longest match, Allow wins ties in either order */
	{ ties, UA, "/tie/x", true },
	{ ties, UA, "/eit", true },
	{ ties, UA, "/a/c", true },
	{ ties, UA, "/a/b/c", false },
	{ ties, UA, "/w/x", true },              /* "/w*" and "/w/": three octets each */
	{ ties, UA, "/x", true },

	/* '*' and '$' */
	{ wild, UA, "/docs/x.pdf", false },
	{ wild, UA, "/docs/x.pdf.html", true },
	{ wild, UA, "/docs/x.PDF", true },
	{ wild, UA, "/fish", false },
	{ wild, UA, "/fish.html", false },
	{ wild, UA, "/fishheads/x", false },
	{ wild, UA, "/Fish", true },
	{ wild, UA, "/catfish", true },
	{ wild, UA, "/", false },
	{ wild, UA, "", false },                 /* "" is "/" */
	{ wild, UA, "/index.html", true },
	{ wild, UA, "/a/b/private/c", false },
	{ wild, UA, "/private/", true },
	{ wild, UA, "/page?x=1", false },
	{ wild, UA, "/page", true },
	/* '$' before the end is a literal */
	{ wild, UA, "/x$y", false },
	{ wild, UA, "/x$yz", false },
	{ wild, UA, "/x%24y", false },
	{ wild, UA, "/xy", true },
	{ wild, UA, "/price$/z", false },
	{ wild, UA, "/price$/z/1", true },

	/* agents: product token, case, version; merged groups; "*" */
	{ agents, UA, "/private/x", false },
	{ agents, UA, "/drafts/x", false },
	{ agents, UA, "/all/x", true },
	{ agents, UA, "/", true },
	{ agents, "Mentor-Audit", "/private/x", false },
	{ agents, "MENTOR-AUDIT/2.0", "/drafts/", false },
	{ agents, "mentor-audit(compatible)", "/private/", false },
	{ agents, "mentor-auditor/1.0", "/all/x", false },
	{ agents, "mentor-auditor/1.0", "/private/x", true },
	{ agents, "mentor", "/all/x", false },
	{ agents, "", "/all/x", false },
	{ agents, NULL, "/all/x", false },
	{ agents, "OtherBot/3 (x)", "/anything", false },
	{ somebot_only, UA, "/", true },
	{ somebot_only, "SomeBot/1.0", "/", false },

	/* groups: where they start and end */
	{ groups, "a", "/before", true },        /* rules before any user-agent */
	{ groups, "a", "/a", false },
	{ groups, "a", "/b", true },
	{ groups, "b", "/a", true },
	{ groups, "c", "/cd", false },           /* Sitemap does not end the agent lines */
	{ groups, "e", "/f", true },             /* Crawl-delay does */
	{ groups, "f", "/f", false },
	{ groups, "g", "/", true },              /* empty Disallow: no rule */
	{ groups, "g", "/h", true },             /* ... but a rule line: h is a new group */
	{ groups, "h", "/h", false },
	{ groups, "zzz", "/nobody", true },      /* "User-agent:" names no one */
	{ groups, "zzz", "/star", false },
	{ groups, "zzz", "/", true },            /* empty Allow ignored */

	/* comments, CRLF, CR, BOM, junk lines, spelling of keys */
	{ junk, UA, "/a", false },
	{ junk, UA, "/b", true },
	{ junk, UA, "/c", true },
	{ junk, UA, "/d", false },
	{ junk, UA, "/e", false },
	{ junk, UA, "/f", false },
	{ junk, UA, "/g", false },
	{ junk, UA, "/h", true },
	{ misspelt, "alpha", "/u1", false },
	{ misspelt, "beta", "/u2", false },
	{ misspelt, "beta", "/u1", true },

	/* percent-encoding, both ways */
	{ encoded, UA, NASTAV_UP "doc.pdf", false },
	{ encoded, UA, NASTAV_LOW "doc.pdf", false },
	{ encoded, UA, "/наставничество/doc.pdf", false },
	{ encoded, UA, "/план/2026", false },
	{ encoded, UA, "/%D0%BF%D0%BB%D0%B0%D0%BD/2026", false },
	{ encoded, UA, "/%d0%bf%d0%bb%d0%b0%d0%bd/", false },
	{ encoded, UA, "/наставник/", true },
	{ encoded, UA, "/~user/x", false },
	{ encoded, UA, "/%7Euser/x", false },
	{ encoded, UA, "/%7etilde/x", false },
	{ encoded, UA, "/a%2fb", false },
	{ encoded, UA, "/a/b", true },           /* %2F is not '/' */
	{ encoded, UA, "/sp%20ace", false },
	{ encoded, UA, "/sp ace", false },
	{ encoded, UA, "/file-with-a-*.html", false },
	{ encoded, UA, "/foo-$", false },
	{ encoded, UA, "/100%25", false },
	{ encoded, UA, "/100%", false },
	{ encoded, UA, "/%FF%FE", false },
	{ encoded, UA, "/%ff%fe/x", false },

	/* /robots.txt is always allowed */
	{ everything, UA, "/robots.txt", true },
	{ everything, UA, "/robots.txt?x=1", true },
	{ everything, UA, "/robots.txt.bak", false },
	{ everything, UA, "/", false },
};

static void test_checks_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(checks); i++) {
		struct robots *r = NULL;
		struct robots_verdict v;

		assert_int_equal(robots_parse(&r, checks[i].robots, strlen(checks[i].robots)), 0);
		robots_check(r, checks[i].agent, checks[i].target, &v);
		if (v.allowed != checks[i].allowed)
			fail_msg("case %zu: %s '%s': got %s (line %u '%s'), want %s", i,
			         checks[i].agent ? checks[i].agent : "(null)", checks[i].target,
			         v.allowed ? "allowed" : "disallowed", v.line, v.rule,
			         checks[i].allowed ? "allowed" : "disallowed");
		robots_free(r);
	}
}

static const char merged_verdicts[] =
	"user-agent: *\n"
	"disallow: /x\n"
	"\r\n"
	"UserAgent: MENTOR-AUDIT/2.0\r\n"
	"DisAllow:/private/   # keep out\r"
	"User-agent: mentor-audit\n"
	"allow: /private/open$\n";

static const struct {
	const char *robots;
	const char *agent;
	const char *target;
	bool allowed;
	unsigned line;
	const char *rule;
	const char *group;
} verdicts[] = {
	{ rfc_simple, "foobot", "/example/page.html", true, 8, "Allow: /example/page.html", "foobot" },
	{ rfc_simple, "foobot", "/x", false, 7, "Disallow: /", "foobot" },
	{ rfc_simple, "otherbot", "/x.gif", false, 2, "Disallow: *.gif$", "*" },
	{ rfc_simple, "otherbot", "/x", true, 0, "", "*" },
	{ rfc_simple, "quxbot", "/x", true, 0, "", "quxbot" },
	{ rfc_simple, "BazBot/1.1", "/example/page.html", false, 13, "Disallow: /example/page.html", "bazbot" },
	{ merged_verdicts, UA, "/private/a", false, 5, "Disallow: /private/", "MENTOR-AUDIT" },
	{ merged_verdicts, UA, "/private/open", true, 7, "Allow: /private/open$", "mentor-audit" },
	{ merged_verdicts, UA, "/x", true, 0, "", "MENTOR-AUDIT" },
	{ merged_verdicts, "other", "/x", false, 2, "Disallow: /x", "*" },
	{ junk, UA, "/e", false, 9, "Disallow: /e", "*" },
	{ junk, UA, "/g", false, 12, "Disallow: /g", "*" },
	{ somebot_only, UA, "/", true, 0, "", "" },
	{ everything, UA, "/robots.txt", true, 0, "", "" },
};

static void test_verdicts(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(verdicts); i++) {
		struct robots *r = NULL;
		struct robots_verdict v;

		assert_int_equal(robots_parse(&r, verdicts[i].robots, strlen(verdicts[i].robots)), 0);
		robots_check(r, verdicts[i].agent, verdicts[i].target, &v);
		if (v.allowed != verdicts[i].allowed || v.line != verdicts[i].line ||
		    strcmp(v.rule, verdicts[i].rule) != 0 || strcmp(v.group, verdicts[i].group) != 0)
			fail_msg("case %zu: %s '%s': got %d line %u '%s' group '%s', want %d line %u '%s' group '%s'",
			         i, verdicts[i].agent, verdicts[i].target, v.allowed, v.line, v.rule, v.group,
			         verdicts[i].allowed, verdicts[i].line, verdicts[i].rule, verdicts[i].group);
		robots_free(r);
	}
}

static const struct {
	const char *robots;
	const char *agent;
	long ms;
} delays[] = {
	{ "User-agent: *\nCrawl-delay: 2\n", UA, 2000 },
	{ "User-agent: *\nCrawl-delay: 0.5\n", UA, 500 },
	{ "User-agent: *\nCrawl-delay: .25\n", UA, 250 },
	{ "User-agent: *\nCrawl-delay: 3.\n", UA, 3000 },
	{ "User-agent: *\nCrawl-delay: 1.2345\n", UA, 1235 },
	{ "User-agent: *\nCrawl-delay: 1.2344999\n", UA, 1234 },
	{ "User-agent: *\nCrawl-delay: 0.0004\n", UA, 0 },
	{ "User-agent: *\ncrawl-delay : 7 # seconds\n", UA, 7000 },
	{ "User-agent: *\nDisallow: /\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: abc\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: -1\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: 1s\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: 1.5.2\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay:\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: .\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: -5\nCrawl-delay: 3\n", UA, 3000 },
	{ "User-agent: *\nCrawl-delay: 4\nCrawl-delay: 1\n", UA, 4000 },
	{ "User-agent: *\nCrawl-delay: 99999999999999999999999\n", UA, LONG_MAX },
	{ "Crawl-delay: 5\nUser-agent: *\n", UA, -1 },
	/* merged groups: the largest; the agent's groups, not "*" */
	{ "User-agent: mentor-audit\nCrawl-delay: 2\n\nUser-agent: *\nCrawl-delay: 9\n\n"
	  "User-agent: Mentor-Audit/1\nCrawl-delay: 0.5\n", UA, 2000 },
	{ "User-agent: mentor-audit\nDisallow: /x\n\nUser-agent: *\nCrawl-delay: 9\n", UA, -1 },
	{ "User-agent: *\nCrawl-delay: 1\n\nUser-agent: *\nCrawl-delay: 1.5\n", UA, 1500 },
	{ "User-agent: somebot\nCrawl-delay: 1\n", UA, -1 },
	{ "", UA, -1 },
};

static void test_crawl_delay(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(delays); i++) {
		struct robots *r = NULL;
		long got;

		assert_int_equal(robots_parse(&r, delays[i].robots, strlen(delays[i].robots)), 0);
		got = robots_crawl_delay_ms(r, delays[i].agent);
		if (got != delays[i].ms)
			fail_msg("case %zu: got %ld, want %ld", i, got, delays[i].ms);
		robots_free(r);
	}
}

/* NUL bytes end a line's content; invalid UTF-8 is just octets. */
static void test_nul_and_binary(void **state)
{
	static const char buf[] = "User-agent: *\n"
	                          "Disallow: /a\0junk\n"
	                          "Dis\0allow: /b\n"
	                          "\0\0\0\n"
	                          "Disallow: /c\xC0\n"
	                          "Disallow: /d\n";
	struct robots *r = NULL;
	struct robots_verdict v;

	(void)state;
	assert_int_equal(robots_parse(&r, buf, sizeof(buf) - 1), 0);
	robots_check(r, UA, "/a/x", &v);
	assert_false(v.allowed);
	assert_string_equal(v.rule, "Disallow: /a");
	assert_int_equal(v.line, 2);
	robots_check(r, UA, "/b", &v);
	assert_true(v.allowed);
	robots_check(r, UA, "/c%C0", &v);
	assert_false(v.allowed);
	robots_check(r, UA, "/d", &v);
	assert_false(v.allowed);
	assert_int_equal(v.line, 6);
	robots_free(r);
}

static void test_empty_and_allow_all(void **state)
{
	struct robots *r = NULL;
	struct robots_verdict v;

	(void)state;
	assert_int_equal(robots_allow_all(&r), 0);
	robots_check(r, UA, "/anything?x=1", &v);
	assert_true(v.allowed);
	assert_int_equal(v.line, 0);
	assert_string_equal(v.rule, "");
	assert_string_equal(v.group, "");
	assert_int_equal(robots_crawl_delay_ms(r, UA), -1);
	robots_free(r);

	assert_int_equal(robots_parse(&r, NULL, 0), 0);
	robots_check(r, UA, "", &v);
	assert_true(v.allowed);
	robots_free(r);

	assert_int_equal(robots_parse(&r, "\xEF\xBB\xBF", 3), 0);
	robots_check(r, NULL, NULL, &v);
	assert_true(v.allowed);
	robots_free(r);
	robots_free(NULL);
}

/* Fill buf[*at..upto) with comment lines of up to 100 bytes, the last ending at upto. */
static void fill_comments(char *buf, size_t *at, size_t upto)
{
	while (*at < upto) {
		size_t n = upto - *at > 100 ? 100 : upto - *at;

		memset(buf + *at, '#', n - 1);
		buf[*at + n - 1] = '\n';
		*at += n;
	}
}

/* Past CAP_ROBOTS_BYTES nothing counts, nor the line the cap cuts. */
static void test_byte_cap(void **state)
{
	static const char head[] = "User-agent: *\nDisallow: /early\n";
	static const char straddle[] = "Disallow: /straddle\n";
	static const char late[] = "Disallow: /late\n";
	static const char last[] = "Disallow: /last";
	size_t size = CAP_ROBOTS_BYTES + 4096, at = 0;
	char *buf = malloc(size);
	struct robots *r = NULL;
	struct robots_verdict v;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, head, sizeof(head) - 1);
	at = sizeof(head) - 1;
	fill_comments(buf, &at, CAP_ROBOTS_BYTES - 14);   /* the cap falls after "Disallow: /str" */
	memcpy(buf + at, straddle, sizeof(straddle) - 1);
	at += sizeof(straddle) - 1;
	memcpy(buf + at, late, sizeof(late) - 1);
	at += sizeof(late) - 1;
	assert_true(at < size);

	assert_int_equal(robots_parse(&r, buf, at), 0);
	robots_check(r, UA, "/early", &v);
	assert_false(v.allowed);
	robots_check(r, UA, "/straddle", &v);
	assert_true(v.allowed);
	robots_check(r, UA, "/strad", &v);     /* not even the part before the cap */
	assert_true(v.allowed);
	robots_check(r, UA, "/late", &v);
	assert_true(v.allowed);
	robots_free(r);

	/* exactly CAP_ROBOTS_BYTES: the last line counts even without its end */
	at = sizeof(head) - 1;
	fill_comments(buf, &at, CAP_ROBOTS_BYTES - (sizeof(last) - 1));
	memcpy(buf + at, last, sizeof(last) - 1);
	at += sizeof(last) - 1;
	assert_int_equal(at, CAP_ROBOTS_BYTES);
	assert_int_equal(robots_parse(&r, buf, at), 0);
	robots_check(r, UA, "/last", &v);
	assert_false(v.allowed);
	robots_free(r);
	free(buf);
}

/* At most CAP_ROBOTS_RULES rules; longer patterns ignored; agents truncated. */
static void test_rule_caps(void **state)
{
	size_t size = 64 + (CAP_ROBOTS_RULES + 1) * 32 + 4 * CAP_ROBOTS_PATTERN, at = 0;
	char *buf = malloc(size), target[32];
	char *long_target = malloc(CAP_ROBOTS_PATTERN + 8);
	char agent[300];
	struct robots *r = NULL;
	struct robots_verdict v;

	(void)state;
	assert_non_null(buf);
	assert_non_null(long_target);
	at += (size_t)snprintf(buf + at, size - at, "User-agent: *\n");
	for (unsigned i = 0; i <= CAP_ROBOTS_RULES; i++)
		at += (size_t)snprintf(buf + at, size - at, "Disallow: /r%u$\n", i);
	assert_int_equal(robots_parse(&r, buf, at), 0);
	snprintf(target, sizeof(target), "/r%u", CAP_ROBOTS_RULES - 1);
	robots_check(r, UA, target, &v);
	assert_false(v.allowed);
	assert_int_equal(v.line, CAP_ROBOTS_RULES + 1);
	snprintf(target, sizeof(target), "/r%u", CAP_ROBOTS_RULES);
	robots_check(r, UA, target, &v);
	assert_true(v.allowed);
	robots_free(r);

	/* a pattern of CAP_ROBOTS_PATTERN bytes is kept, one byte more is not */
	long_target[0] = '/';
	memset(long_target + 1, 'p', CAP_ROBOTS_PATTERN);
	long_target[CAP_ROBOTS_PATTERN + 1] = '\0';
	at = (size_t)snprintf(buf, size, "User-agent: *\nDisallow: %.*s\nDisallow: /q%.*s\n",
	                      (int)CAP_ROBOTS_PATTERN, long_target, (int)CAP_ROBOTS_PATTERN - 1,
	                      long_target + 1);
	assert_int_equal(robots_parse(&r, buf, at), 0);
	robots_check(r, UA, long_target, &v);
	assert_false(v.allowed);
	assert_int_equal(strlen(v.rule), strlen("Disallow: ") + CAP_ROBOTS_PATTERN);
	long_target[1] = 'q';
	robots_check(r, UA, long_target, &v);
	assert_true(v.allowed);
	robots_free(r);

	/* user-agent tokens: both sides cut to CAP_ROBOTS_AGENT - 1 bytes */
	memset(agent, 'k', sizeof(agent) - 1);
	agent[sizeof(agent) - 1] = '\0';
	at = (size_t)snprintf(buf, size, "User-agent: %s\nDisallow: /\n", agent);
	assert_int_equal(robots_parse(&r, buf, at), 0);
	agent[CAP_ROBOTS_AGENT + 10] = '\0';
	robots_check(r, agent, "/x", &v);
	assert_false(v.allowed);
	assert_int_equal(strlen(v.group), CAP_ROBOTS_AGENT - 1);
	robots_free(r);
	free(long_target);
	free(buf);
}

/* Many stars against a long run of the same octet: no exponential backtracking. */
static void test_pathological(void **state)
{
	static const char txt[] = "User-agent: *\n"
	                          "Disallow: /a*a*a*a*a*a*a*a*a*b\n"
	                          "Disallow: /*a*a*a*a*a*a*a*a*c$\n";
	char *target = malloc(2003);
	struct robots *r = NULL;
	struct robots_verdict v;
	clock_t start;
	double secs;

	(void)state;
	assert_non_null(target);
	target[0] = '/';
	memset(target + 1, 'a', 2000);
	target[2001] = '\0';
	assert_int_equal(robots_parse(&r, txt, sizeof(txt) - 1), 0);
	start = clock();
	for (int i = 0; i < 10; i++) {
		robots_check(r, UA, target, &v);
		assert_true(v.allowed);
	}
	secs = (double)(clock() - start) / CLOCKS_PER_SEC;
	if (secs > 2.0)
		fail_msg("10 checks took %.2f s", secs);
	target[2001] = 'b';
	target[2002] = '\0';
	robots_check(r, UA, target, &v);
	assert_false(v.allowed);
	assert_int_equal(v.line, 2);
	target[2001] = 'c';
	robots_check(r, UA, target, &v);
	assert_false(v.allowed);
	assert_int_equal(v.line, 3);
	robots_free(r);
	free(target);
}

/* Sitemap: lines, wherever they stand, in order, within CAP_ROBOTS_SITEMAPS; groups go on across them. */
static void test_sitemaps(void **state)
{
	static const char file[] =
		"Sitemap: https://example.org/first.xml\n"
		"User-agent: *\n"
		"sitemap:/relative.xml # a comment\n"
		"Disallow: /x\n"
		"SITEMAP :  https://example.org/a.xml?x=1 \r\n"
		"Sitemap:\n"
		"Sitemap: https://example.org/last.xml";
	struct robots *r = NULL;
	struct robots_verdict v;
	char *many = malloc((CAP_ROBOTS_SITEMAPS + 5) * 64);
	size_t len = 0;

	(void)state;
	assert_int_equal(robots_parse(&r, file, sizeof(file) - 1), 0);
	assert_int_equal(robots_sitemap_count(r), 4);
	assert_string_equal(robots_sitemap(r, 0), "https://example.org/first.xml");
	assert_string_equal(robots_sitemap(r, 1), "/relative.xml");
	assert_string_equal(robots_sitemap(r, 2), "https://example.org/a.xml?x=1");
	assert_string_equal(robots_sitemap(r, 3), "https://example.org/last.xml");
	assert_null(robots_sitemap(r, 4));
	robots_check(r, UA, "/x", &v);
	assert_false(v.allowed);
	robots_free(r);

	assert_int_equal(robots_sitemap_count(NULL), 0);
	assert_non_null(many);
	for (unsigned i = 0; i < CAP_ROBOTS_SITEMAPS + 5; i++)
		len += (size_t)sprintf(many + len, "Sitemap: /s%u.xml\n", i);
	assert_int_equal(robots_parse(&r, many, len), 0);
	assert_int_equal(robots_sitemap_count(r), CAP_ROBOTS_SITEMAPS);
	assert_string_equal(robots_sitemap(r, CAP_ROBOTS_SITEMAPS - 1), "/s15.xml");
	robots_free(r);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checks_table),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_crawl_delay),
		cmocka_unit_test(test_nul_and_binary),
		cmocka_unit_test(test_empty_and_allow_all),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_rule_caps),
		cmocka_unit_test(test_pathological),
		cmocka_unit_test(test_sitemaps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
