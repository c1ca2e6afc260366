/*
 * test_url.c - parsers/url.c over tables of URLs: normalisation, resolution,
 * the parts (host, root, file name) and the section / same-host checks.
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

#include "core/caps.h"
#include "core/macros.h"
#include "parsers/url.h"

struct norm_case {
	const char *in;
	const char *expect;     /* NULL: rejected */
};

static const struct norm_case norm_cases[] = {
	{ "http://example.ru/", "http://example.ru/" },
	{ "https://example.ru/a/b?x=1", "https://example.ru/a/b?x=1" },
	{ "example.ru", "https://example.ru/" },
	{ "school5.gosuslugi.ru/nasha-shkola/", "https://school5.gosuslugi.ru/nasha-shkola/" },
	{ "  http://example.ru/x", "http://example.ru/x" },
	{ "http://EXAMPLE.Ru/Path/File.PDF", "http://example.ru/Path/File.PDF" },
	{ "HTTP://example.ru/", "http://example.ru/" },
	{ "http://example.ru/a#frag", "http://example.ru/a" },
	{ "http://example.ru/a?q=1#frag", "http://example.ru/a?q=1" },
	{ "https://school.ru/nasha-shkola/Наставничество",
	  "https://school.ru/nasha-shkola/%d0%9d%d0%b0%d1%81%d1%82%d0%b0%d0%b2%d0%bd%d0%b8%d1%87"
	  "%d0%b5%d1%81%d1%82%d0%b2%d0%be" },
	{ "http://example.ru/my file.pdf", "http://example.ru/my%20file.pdf" },
	{ "http://example.ru:8080/x", "http://example.ru:8080/x" },
	{ "localhost:8080/x", "https://localhost:8080/x" },
	{ "http://127.0.0.1/", "http://127.0.0.1/" },
	{ "http://[::1]:81/", "http://[::1]:81/" },
	/* A Cyrillic domain goes out in its ASCII form (issue 17): libidn2, IDNA 2008. */
	{ "http://школа61.екатеринбург.рф/nastavnichestvo/",
	  "http://xn--61-6kc3bfr2e.xn--80acgfbsl1azdqr.xn--p1ai/nastavnichestvo/" },
	{ "ШКОЛА61.Екатеринбург.РФ", "https://xn--61-6kc3bfr2e.xn--80acgfbsl1azdqr.xn--p1ai/" },
	{ "http://xn--61-6kc3bfr2e.xn--80acgfbsl1azdqr.xn--p1ai/", "http://xn--61-6kc3bfr2e.xn--80acgfbsl1azdqr.xn--p1ai/" },
	/* rejected */
	{ "ftp://school.test/x", NULL },
	{ "mailto:director@school.ru", NULL },
	{ "javascript:void(0)", NULL },
	{ "not a url", NULL },
	{ "", NULL },
	{ "   ", NULL },
	{ "http://intranet/", NULL },
	{ "schoolsite", NULL },
	{ "http://", NULL },
	{ "http:///path", NULL },
};

static void test_normalize_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(norm_cases); i++) {
		const struct norm_case *c = &norm_cases[i];
		const char *why = "unset";
		char *out = (char *)1;
		int rc;

		print_message("normalize: '%s'\n", c->in);
		rc = url_normalize(&out, c->in, &why);
		if (c->expect) {
			if (rc != 0)
				print_error("rejected: %s\n", why ? why : "(null)");
			assert_int_equal(rc, 0);
			assert_non_null(out);
			assert_string_equal(out, c->expect);
			assert_null(why);
		} else {
			assert_true(rc < 0);
			assert_null(out);
			assert_non_null(why);
			assert_true(why[0] != '\0');
		}
		free(out);
	}
}

/* The reason given matches the fault for the cases that have their own text. */
static void test_normalize_reasons(void **state)
{
	static const struct {
		const char *in;
		const char *why;
	} cases[] = {
		{ "", "empty URL" },
		{ "ftp://school.test/x", "not an http or https URL" },
		{ "http://intranet/", "host name has no domain" },
		{ "http://школа\xE2\x80\x8D" "61.рф/", "host name is not a valid internationalised domain name" },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		const char *why = NULL;
		char *out = NULL;

		assert_true(url_normalize(&out, cases[i].in, &why) < 0);
		assert_non_null(why);
		assert_string_equal(why, cases[i].why);
	}
}

/* why may be NULL. */
static void test_normalize_null_why(void **state)
{
	char *out = NULL;

	(void)state;
	assert_true(url_normalize(&out, "ftp://x.ru/", NULL) < 0);
	assert_null(out);
	assert_int_equal(url_normalize(&out, "x.ru", NULL), 0);
	assert_string_equal(out, "https://x.ru/");
	free(out);
}

static void test_normalize_long(void **state)
{
	size_t n = CAP_URL_BYTES + 100;
	char *in = malloc(n + 1);
	char *out = NULL;
	const char *why = NULL;

	(void)state;
	assert_non_null(in);
	memcpy(in, "http://example.ru/", 18);
	memset(in + 18, 'a', n - 18);
	in[n] = '\0';
	assert_true(url_normalize(&out, in, &why) < 0);
	assert_null(out);
	assert_non_null(why);
	assert_string_equal(why, "URL too long");

	/* Short enough raw, too long once the Cyrillic is percent-encoded. */
	{
		size_t m = 0;
		char *cyr = malloc(CAP_URL_BYTES + 1);

		assert_non_null(cyr);
		memcpy(cyr, "http://example.ru/", 18);
		m = 18;
		while (m + 2 <= CAP_URL_BYTES - 10) {
			memcpy(cyr + m, "\xD0\xB6", 2); /* ж: 2 bytes raw, 6 encoded */
			m += 2;
		}
		cyr[m] = '\0';
		why = NULL;
		assert_true(url_normalize(&out, cyr, &why) < 0);
		assert_null(out);
		assert_non_null(why);
		assert_string_equal(why, "URL too long");
		free(cyr);
	}

	/* Just under the cap is accepted. */
	in[CAP_URL_BYTES - 10] = '\0';
	assert_int_equal(url_normalize(&out, in, &why), 0);
	assert_int_equal(strlen(out), CAP_URL_BYTES - 10);
	free(out);
	free(in);
}

struct resolve_case {
	const char *base;
	const char *ref;
	const char *expect;     /* NULL: fails */
};

static const struct resolve_case resolve_cases[] = {
	{ "http://a.ru/x/y/page.html", "doc.pdf", "http://a.ru/x/y/doc.pdf" },
	{ "http://a.ru/x/y/", "sub/doc.pdf", "http://a.ru/x/y/sub/doc.pdf" },
	{ "http://a.ru/x/y/page.html", "../doc.pdf", "http://a.ru/x/doc.pdf" },
	{ "http://a.ru/x/y/page.html", "../../../../doc.pdf", "http://a.ru/doc.pdf" },
	{ "http://a.ru/x/y/page.html", "/root.pdf", "http://a.ru/root.pdf" },
	{ "http://a.ru/x/y/page.html", "https://B.ru/z#top", "https://b.ru/z" },
	{ "https://a.ru/x/", "//disk.test/d/abc", "https://disk.test/d/abc" },
	{ "http://a.ru/x/", "//disk.test/d/abc", "http://disk.test/d/abc" },
	{ "http://a.ru/file/card?id=4", "?id=5", "http://a.ru/file/card?id=5" },
	/* RFC 3986: a fragment-only reference is the base document itself. */
	{ "http://a.ru/x/page.html", "#section", "http://a.ru/x/page.html" },
	{ "http://a.ru/x/page.html", "other.html#section", "http://a.ru/x/other.html" },
	{ "http://a.ru:8080/x/", "doc.pdf", "http://a.ru:8080/x/doc.pdf" },
	{ "http://a.ru/x/", "Приказ.pdf",
	  "http://a.ru/x/%d0%9f%d1%80%d0%b8%d0%ba%d0%b0%d0%b7.pdf" },
	{ "http://a.ru/x/", "my doc.pdf", "http://a.ru/x/my%20doc.pdf" },
	{ "http://a.ru/x/", "%D0%9F.pdf", "http://a.ru/x/%D0%9F.pdf" },
	{ "http://a.ru/x/", "http://школа33.тест/d.pdf", "http://xn--33-6kc3bfr2e.xn--e1aybc/d.pdf" },
	/* failures */
	{ "http://a.ru/x/", "mailto:a@b.ru", NULL },
	{ "http://a.ru/x/", "ftp://a.ru/f", NULL },
	{ "http://a.ru/x/", "http://intranet/f", NULL },
	{ "not a url", "doc.pdf", NULL },
};

static void test_resolve_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(resolve_cases); i++) {
		const struct resolve_case *c = &resolve_cases[i];
		char *out = (char *)1;
		int rc;

		print_message("resolve: '%s' against '%s'\n", c->ref, c->base);
		rc = url_resolve(&out, c->base, c->ref);
		if (c->expect) {
			assert_int_equal(rc, 0);
			assert_string_equal(out, c->expect);
		} else {
			assert_true(rc < 0);
			assert_null(out);
		}
		free(out);
	}
}

struct part_case {
	int (*fn)(char **, const char *);
	const char *fname;
	const char *url;
	const char *expect;     /* NULL: fails */
};

static const struct part_case part_cases[] = {
	{ url_host, "host", "http://a.ru/x", "a.ru" },
	{ url_host, "host", "http://School.EXAMPLE.ru:8080/x", "school.example.ru" },
	{ url_host, "host", "https://sosh2.gosuslugi.ru/", "sosh2.gosuslugi.ru" },
	{ url_host, "host", "not a url", NULL },
	{ url_root, "root", "http://a.ru/x/y?z=1#f", "http://a.ru/" },
	{ url_root, "root", "http://a.test:8081/deep/path/file.pdf", "http://a.test:8081/" },
	{ url_root, "root", "https://a.ru", "https://a.ru/" },
	{ url_root, "root", "not a url", NULL },
	{ url_filename, "filename", "http://a.ru/docs/prikaz.pdf", "prikaz.pdf" },
	{ url_filename, "filename", "http://a.ru/docs/%D0%9F%D1%80%D0%B8%D0%BA%D0%B0%D0%B7%20%E2%84%96%201.pdf",
	  "Приказ № 1.pdf" },
	{ url_filename, "filename", "http://a.ru/docs/", "" },
	{ url_filename, "filename", "http://a.ru/", "" },
	{ url_filename, "filename", "http://a.ru", "" },
	{ url_filename, "filename", "http://a.ru/file/card?id=5", "card" },
	{ url_filename, "filename", "http://a.ru/a/b.pdf#page=2", "b.pdf" },
	{ url_filename, "filename", "not a url", NULL },
	{ url_path_decoded, "path", "http://a.ru/nasha-shkola/%D0%9D%D0%B0%D1%81", "/nasha-shkola/Нас" },
	{ url_path_decoded, "path", "http://a.ru", "/" },
};

static void test_parts_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(part_cases); i++) {
		const struct part_case *c = &part_cases[i];
		char *out = (char *)1;
		int rc;

		print_message("%s: '%s'\n", c->fname, c->url);
		rc = c->fn(&out, c->url);
		if (c->expect) {
			assert_int_equal(rc, 0);
			assert_string_equal(out, c->expect);
		} else {
			assert_true(rc < 0);
			assert_null(out);
		}
		free(out);
	}
}

static const struct {
	const char *url;
	const char *scheme, *host;
	unsigned port;
} origin_cases[] = {
	{ "http://a.ru/x", "http", "a.ru", 80 },
	{ "https://School.EXAMPLE.ru/x?y", "https", "school.example.ru", 443 },
	{ "http://a.test:8081/deep/file.pdf", "http", "a.test", 8081 },
	{ "HTTP://127.0.0.1:9/", "http", "127.0.0.1", 9 },
	/* curl's URL parser writes every IPv4 form as a dotted quad */
	{ "http://2130706433/", "http", "127.0.0.1", 80 },
	{ "http://0x7f.1/", "http", "127.0.0.1", 80 },
	{ "http://[::FFFF:10.0.0.5]:8080/", "http", "[::ffff:10.0.0.5]", 8080 },
	{ "https://[fe80::1]/", "https", "[fe80::1]", 443 },
	{ "http://\xd1\x88\xd0\xba\xd0\xbe\xd0\xbb\xd0\xb0.\xd1\x80\xd1\x84/", "http", "\xd1\x88\xd0\xba\xd0\xbe\xd0\xbb\xd0\xb0.\xd1\x80\xd1\x84", 80 },
	{ "not a url", NULL, NULL, 0 },
};

static void test_origin_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(origin_cases); i++) {
		struct url_origin o;
		int rc = url_origin(&o, origin_cases[i].url);

		print_message("origin: '%s'\n", origin_cases[i].url);
		if (!origin_cases[i].scheme) {
			assert_true(rc < 0);
			assert_null(o.host);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(o.scheme, origin_cases[i].scheme);
		assert_string_equal(o.host, origin_cases[i].host);
		assert_int_equal(o.port, origin_cases[i].port);
		url_origin_clear(&o);
	}
}

struct below_case {
	const char *section;
	const char *url;
	bool below;
	bool same_host;
};

static const struct below_case below_cases[] = {
	{ "http://a.ru/a/b", "http://a.ru/a/b/c", true, true },
	/* a flat site's section page covers its directory */
	{ "https://s.edusite.ru/p30aa1.html", "https://s.edusite.ru/p32aa1.html", true, true },
	{ "http://a.ru/x/page.php", "http://a.ru/x/other.php", true, true },
	{ "http://a.ru/x/page.php", "http://a.ru/y/other.php", false, true },
	{ "http://a.ru/a/b/", "http://a.ru/a/b/c", true, true },
	{ "http://a.ru/a/b", "http://a.ru/a/b", true, true },
	{ "http://a.ru/a/b/", "http://a.ru/a/b", true, true },
	{ "http://a.ru/a/b/", "http://a.ru/a/b/c/d/e.pdf?x=1", true, true },
	{ "http://a.ru/a/b/", "http://a.ru/a/bc", false, true },
	{ "http://a.ru/a/b", "http://a.ru/a/bc/d", false, true },
	{ "http://a.ru/a/b/", "http://a.ru/a/", false, true },
	{ "http://a.ru/a/b/", "http://a.ru/", false, true },
	{ "http://a.ru/a/b/", "http://b.ru/a/b/c", false, false },
	{ "http://a.ru/a/b/", "http://a.ru:8080/a/b/c", false, false },
	{ "http://a.ru:8080/a/", "http://a.ru:8081/a/x", false, false },
	{ "http://a.ru:8080/a/", "http://a.ru:8080/a/x", true, true },
	{ "http://a.ru/a/", "http://a.ru:80/a/x", true, true },
	{ "http://a.ru/a/", "https://a.ru/a/x", false, false },
	{ "http://A.RU/a/", "http://a.ru/a/x", true, true },
	{ "http://a.ru/", "http://a.ru/anything/at/all.pdf", true, true },
	{ "http://a.ru/", "http://a.ru/", true, true },
	{ "http://a.ru", "http://a.ru/x", true, true },
	{ "http://a.ru/", "http://www.a.ru/x", false, false },
	{ "not a url", "http://a.ru/x", false, false },
	{ "http://a.ru/", "not a url", false, false },
};

static void test_below_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(below_cases); i++) {
		const struct below_case *c = &below_cases[i];

		print_message("below: '%s' under '%s'\n", c->url, c->section);
		assert_int_equal(url_is_below(c->section, c->url), c->below);
		assert_int_equal(url_same_host(c->section, c->url), c->same_host);
		assert_int_equal(url_same_host(c->url, c->section), c->same_host);
	}
}

static const struct {
	const char *a;
	const char *b;
	bool same;
} equivalent_cases[] = {
	{ "https://ddt-ugansk.ru/nastavnichestvo", "https://ddt-ugansk.ru/nastavnichestvo/", true },
	{ "http://school.ru/x/", "https://school.ru/x", true },
	{ "https://www.school.ru/x", "https://school.ru/x/", true },
	{ "https://School.RU/x", "https://school.ru/x", true },
	{ "https://school.ru:443/x", "https://school.ru/x", true },
	{ "https://school.ru/x?page=2", "https://school.ru/x/?page=2", true },
	{ "https://school.ru/x?page=2", "https://school.ru/x?page=3", false },
	{ "https://school.ru/x", "https://school.ru/y", false },
	{ "https://school.ru/x", "https://school.ru/x/y", false },
	{ "https://school.ru:8080/x", "https://school.ru/x", false },
	{ "https://sosh5-ugansk.gosuslugi.ru/a", "https://sosh5-yugansk.gosuslugi.ru/a", false },
	{ "not a url", "not a url", false },
};

static void test_equivalent_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(equivalent_cases); i++) {
		print_message("equivalent: '%s' ~ '%s'\n", equivalent_cases[i].a, equivalent_cases[i].b);
		assert_int_equal(url_equivalent(equivalent_cases[i].a, equivalent_cases[i].b),
		                 equivalent_cases[i].same);
		assert_int_equal(url_equivalent(equivalent_cases[i].b, equivalent_cases[i].a),
		                 equivalent_cases[i].same);
	}
}

/* Normalising a normalised URL changes nothing. */
/* What people read: the ASCII form of a Cyrillic host back in Cyrillic, the rest untouched. */
static void test_for_people(void **state)
{
	static const struct {
		const char *url, *want;
	} cases[] = {
		{ "http://xn--61-6kc3bfr2e.xn--80acgfbsl1azdqr.xn--p1ai/nastavnichestvo/?a=xn--1",
		  "http://школа61.екатеринбург.рф/nastavnichestvo/?a=xn--1" },
		{ "https://xn--33-6kc3bfr2e.xn--e1aybc:8443/d.pdf", "https://школа33.тест:8443/d.pdf" },
		{ "http://school.ru/xn--abc/", "http://school.ru/xn--abc/" },
		{ "http://xn--zz-invalid!!.ru/", "http://xn--zz-invalid!!.ru/" },
		{ "", "" },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		assert_string_equal(url_for_people(out, sizeof(out), cases[i].url), cases[i].want);
}

static void test_normalize_idempotent(void **state)
{
	static const char *const inputs[] = {
		"school.ru/Наставничество/Приказ № 1.pdf",
		"HTTP://School.RU/a b/?q=д#x",
		"http://a.ru:8080/x/../y/./z",
	};

	(void)state;
	for (size_t i = 0; i < COUNT(inputs); i++) {
		char *once = NULL, *twice = NULL;

		assert_int_equal(url_normalize(&once, inputs[i], NULL), 0);
		assert_int_equal(url_normalize(&twice, once, NULL), 0);
		assert_string_equal(once, twice);
		free(once);
		free(twice);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize_table),
		cmocka_unit_test(test_normalize_reasons),
		cmocka_unit_test(test_normalize_null_why),
		cmocka_unit_test(test_normalize_long),
		cmocka_unit_test(test_normalize_idempotent),
		cmocka_unit_test(test_for_people),
		cmocka_unit_test(test_resolve_table),
		cmocka_unit_test(test_parts_table),
		cmocka_unit_test(test_origin_table),
		cmocka_unit_test(test_below_table),
		cmocka_unit_test(test_equivalent_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
