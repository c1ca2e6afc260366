/*
 * test_url_base.c - a base parsed once (url_base_resolve) gives what
 * url_resolve() and url_filename() give, on a table of references and on
 * many built from URL-significant pieces; url_scope_covers() gives what
 * url_is_below() gives.
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
#include "parsers/url.h"

static const char *const bases[] = {
	"http://school.test/a/b.html", "https://Sch-ool.test:8443/dir/", "http://school.test",
	"http://user:pw@school.test/a/b?q=1", "http://[::1]:8080/x/y/z.html", "http://192.168.0.1/a/b/c/",
};

static const char *const refs[] = {
	"doc.pdf", "/docs/Приказ о наставничестве.pdf", "../up/x.PDF?download=1#page=2", "#top",
	"?page=2", "//other.test/a%2Fb.pdf", "HTTP://HOST.TEST:80/X.PDF", "http://us er@host.test/x y.pdf",
	"http://us%20er@host.test/x.pdf", "/a/%2e%2e/b.pdf", "x%00y.pdf", "http://[fe80::1%25eth0]/x.pdf",
	"http://ho%41st.test/a.pdf", "mailto:a@b.test", "ftp://host.test/a", "", " ", "/a?b/c.pdf",
	"http://host.test/%D0%BF.pdf", "\xff.pdf", "%FF.pdf",
};

/* URL-significant pieces, put together at random into references. */
static const char *const pieces[] = {
	"/", "//", ":", "?", "#", "@", "%", "%2F", "%2e", "%00", "%41", "%D0%BF", "%zz", ".", "..",
	" ", "\\", "[", "]", "::1", "a", "B", "x.pdf", "8080", "http:", "https://", "host.ru", "п",
	"\t", "+", "&", "=", ";", "~", "'", "<", "{", "|", "^", "`", "%25", "user", "www.", "-",
	"_", "!", "$", "*", "(", ")", "ftp://", "\xff", "%FF",
};

static void check(const struct url_base *b, const char *base, const char *ref)
{
	char *u1 = NULL, *u2 = NULL, *f1 = NULL, *f2 = NULL;
	int r1 = url_resolve(&u1, base, ref);
	int r2 = url_base_resolve(&u2, &f2, b, ref);

	if (r1 != r2)
		fail_msg("%s + [%s]: url_resolve %d, url_base_resolve %d", base, ref, r1, r2);
	if (r1 == 0) {
		int q1 = url_filename(&f1, u1);

		assert_string_equal(u1, u2);
		if ((q1 == 0) != (f2 != NULL) || (f2 && strcmp(f1, f2) != 0))
			fail_msg("%s + [%s]: file name [%s] against [%s]", base, ref, f1 ? f1 : "(fails)",
			         f2 ? f2 : "(none)");
	} else {
		assert_null(u2);
		assert_null(f2);
	}
	free(u1);
	free(u2);
	free(f1);
	free(f2);
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(bases); i++) {
		struct url_base *b = NULL;

		assert_int_equal(url_base_new(&b, bases[i]), 0);
		for (size_t r = 0; r < COUNT(refs); r++)
			check(b, bases[i], refs[r]);
		url_base_free(b);
	}
	url_base_free(NULL);
}

static void test_random(void **state)
{
	unsigned seed = 7;

	(void)state;
	for (int it = 0; it < 20000; it++) {
		const char *base = bases[it % COUNT(bases)];
		struct url_base *b = NULL;
		char ref[512] = "";

		/* half of them with a user name: a space there keeps the URL from parsing again */
		if (rand_r(&seed) % 2) {
			strcat(ref, rand_r(&seed) % 2 ? "http://" : "//");
			for (int j = 1 + rand_r(&seed) % 3; j > 0; j--)
				strcat(ref, pieces[rand_r(&seed) % COUNT(pieces)]);
			strcat(ref, "@host.ru/");
		}
		for (int j = 1 + rand_r(&seed) % 8; j > 0; j--)
			strcat(ref, pieces[rand_r(&seed) % COUNT(pieces)]);
		assert_int_equal(url_base_new(&b, base), 0);
		check(b, base, ref);
		url_base_free(b);
	}
}

static void test_scope(void **state)
{
	static const char *const urls[] = {
		"http://school.test/a/b.html", "http://school.test/a/", "http://school.test/a/c/d.pdf",
		"http://SCHOOL.test:80/a/x", "https://school.test/a/x", "http://school.test/ab",
		"http://school.test/", "http://other.test/a/", "not a url",
	};

	(void)state;
	for (size_t i = 0; i < COUNT(bases); i++) {
		struct url_scope *s = NULL;

		assert_int_equal(url_scope_new(&s, bases[i]), 0);
		for (size_t u = 0; u < COUNT(urls); u++)
			assert_int_equal(url_scope_covers(s, urls[u]), url_is_below(bases[i], urls[u]));
		url_scope_free(s);
	}
	assert_false(url_scope_covers(NULL, "http://school.test/"));
	assert_int_equal(url_scope_new(&(struct url_scope *){ NULL }, "not a url"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_scope),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
