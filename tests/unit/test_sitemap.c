/*
 * test_sitemap.c - sitemap_parse(): a urlset's and a sitemap index's
 * <loc>s, namespaces (sitemaps.org, none, another, extensions' <loc>s),
 * garbage, cut and broken files, entities, and the caps.
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

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "parsers/sitemap.h"

#define NS "http://www.sitemaps.org/schemas/sitemap/0.9"

struct parse_case {
	const char *name;
	const char *xml;
	enum sitemap_kind kind;
	const char *locs[4];      /* the <loc>s expected, NULL-terminated */
	bool broken;
};

static const struct parse_case cases[] = {
	{ "urlset", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"" NS "\">"
	  "<url><loc>https://s.test/</loc><lastmod>2026-01-01</lastmod></url>"
	  "<url><loc>\n  https://s.test/pedagogam/nastavnichestvo/  \n</loc></url></urlset>",
	  SITEMAP_URLSET, { "https://s.test/", "https://s.test/pedagogam/nastavnichestvo/" }, false },
	{ "index", "<sitemapindex xmlns=\"" NS "\"><sitemap><loc>https://s.test/sitemap-iblock-1.xml</loc>"
	  "</sitemap><sitemap><loc>/relative.xml</loc></sitemap></sitemapindex>",
	  SITEMAP_INDEX, { "https://s.test/sitemap-iblock-1.xml", "/relative.xml" }, false },
	{ "no namespace", "<urlset><url><loc>http://s.test/a</loc></url></urlset>",
	  SITEMAP_URLSET, { "http://s.test/a" }, false },
	{ "prefixed namespace", "<sm:urlset xmlns:sm=\"" NS "\"><sm:url><sm:loc>http://s.test/p</sm:loc></sm:url>"
	  "<url><loc>http://s.test/other-ns</loc></url></sm:urlset>",
	  SITEMAP_URLSET, { "http://s.test/p" }, false },
	{ "extensions", "<urlset xmlns=\"" NS "\" xmlns:image=\"http://www.google.com/schemas/sitemap-image/1.1\">"
	  "<url><loc>http://s.test/page</loc><image:image><image:loc>http://s.test/i.jpg</image:loc></image:image>"
	  "<image:loc>http://s.test/j.jpg</image:loc></url></urlset>",
	  SITEMAP_URLSET, { "http://s.test/page" }, false },
	{ "cdata and entities", "<urlset><url><loc><![CDATA[http://s.test/a?x=1&y=2]]></loc></url>"
	  "<url><loc>http://s.test/b?x=1&amp;y=2</loc></url></urlset>",
	  SITEMAP_URLSET, { "http://s.test/a?x=1&y=2", "http://s.test/b?x=1&y=2" }, false },
	{ "skipped locs", "<urlset><url><loc></loc></url><url><loc>  </loc></url><url><loc/></url>"
	  "<url><loc>http://s.test/\x7f</loc></url><url><loc>a<b/>c</loc></url><loc>http://s.test/top</loc>"
	  "<url><x><loc>http://s.test/deep</loc></x></url><url><loc>http://s.test/ok</loc></url></urlset>",
	  SITEMAP_URLSET, { "http://s.test/ok" }, false },
	{ "other root", "<rss><channel><link>http://s.test/</link></channel></rss>", SITEMAP_NONE, { NULL }, false },
	{ "html", "<!DOCTYPE html><html><body><a href=/a>Карта сайта</a></body></html>",
	  SITEMAP_NONE, { NULL }, true },
	{ "garbage", "\x1f\x8b\x08\x00garbage", SITEMAP_NONE, { NULL }, true },
	{ "empty", "", SITEMAP_NONE, { NULL }, false },
	{ "cut", "<urlset><url><loc>http://s.test/1</loc></url><url><loc>http://s.test/2</lo",
	  SITEMAP_URLSET, { "http://s.test/1" }, true },
	{ "external entity", "<?xml version=\"1.0\"?><!DOCTYPE urlset [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
	  "<urlset><url><loc>http://s.test/&x;</loc></url><url><loc>http://s.test/z</loc></url></urlset>",
	  SITEMAP_URLSET, { "http://s.test/z" }, false },
};

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		const struct parse_case *c = &cases[i];
		struct sitemap *s = NULL;
		size_t n = 0;

		print_message("case %s\n", c->name);
		assert_int_equal(sitemap_parse(&s, c->xml, strlen(c->xml), CAP_SITEMAP_URLS), 0);
		assert_non_null(s);
		assert_int_equal(s->kind, c->kind);
		while (n < COUNT(c->locs) && c->locs[n])
			n++;
		assert_int_equal(s->nlocs, n);
		for (size_t k = 0; k < n; k++)
			assert_string_equal(s->locs[k], c->locs[k]);
		assert_int_equal(s->broken, c->broken);
		assert_int_equal(s->dropped, 0);
		assert_false(s->cut);
		sitemap_free(s);
	}
	sitemap_free(NULL);
	assert_string_equal(sitemap_kind_name(SITEMAP_INDEX), "sitemapindex");
}

/* max_locs: the rest counted; a <loc> of CAP_URL_BYTES is skipped; past CAP_SITEMAP_BYTES nothing is read. */
static void test_caps(void **state)
{
	struct buf b;
	struct sitemap *s = NULL;
	char *big;

	(void)state;
	buf_init(&b, CAP_SITEMAP_BYTES * 2);
	assert_int_equal(buf_addstr(&b, "<urlset>"), 0);
	for (int i = 0; i < 10; i++)
		assert_int_equal(buf_printf(&b, "<url><loc>http://s.test/%d</loc></url>", i), 0);
	assert_int_equal(buf_addstr(&b, "</urlset>"), 0);
	assert_int_equal(sitemap_parse(&s, b.data, b.len, 3), 0);
	assert_int_equal(s->nlocs, 3);
	assert_int_equal(s->dropped, 7);
	assert_string_equal(s->locs[2], "http://s.test/2");
	sitemap_free(s);
	assert_int_equal(sitemap_parse(&s, b.data, b.len, 0), 0);
	assert_int_equal(s->nlocs, 0);
	assert_int_equal(s->dropped, 10);
	sitemap_free(s);

	big = malloc(CAP_URL_BYTES + 1);
	assert_non_null(big);
	memset(big, 'a', CAP_URL_BYTES);
	big[CAP_URL_BYTES] = '\0';
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "<urlset><url><loc>http://s.test/%s</loc></url>"
	                                "<url><loc>http://s.test/short</loc></url></urlset>", big), 0);
	assert_int_equal(sitemap_parse(&s, b.data, b.len, 10), 0);
	assert_int_equal(s->nlocs, 1);
	assert_string_equal(s->locs[0], "http://s.test/short");
	sitemap_free(s);
	free(big);

	/* A file past CAP_SITEMAP_BYTES: the <loc>s before the cap, no more. */
	buf_reset(&b);
	assert_int_equal(buf_addstr(&b, "<urlset><url><loc>http://s.test/first</loc></url>"), 0);
	while (b.len < CAP_SITEMAP_BYTES)
		assert_int_equal(buf_addstr(&b, "<url><lastmod>2026-01-01</lastmod></url>"), 0);
	assert_int_equal(buf_addstr(&b, "<url><loc>http://s.test/past</loc></url></urlset>"), 0);
	assert_int_equal(sitemap_parse(&s, b.data, b.len, 10), 0);
	assert_true(s->cut);
	assert_int_equal(s->nlocs, 1);
	assert_string_equal(s->locs[0], "http://s.test/first");
	sitemap_free(s);
	buf_free(&b);
}

/* A NULL buffer is an empty one. */
static void test_null(void **state)
{
	struct sitemap *s = NULL;

	(void)state;
	assert_int_equal(sitemap_parse(&s, NULL, 5, 10), 0);
	assert_int_equal(s->kind, SITEMAP_NONE);
	assert_int_equal(s->nlocs, 0);
	sitemap_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_null),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
