/*
 * test_charset.c - charset detection and conversion over tables of inputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/text.h"
#include "parsers/charset.h"

struct name_case {
	const char *input;
	const char *expect;
};

static const struct name_case content_type_cases[] = {
	{ "text/html; charset=cp1251", "windows-1251" },
	{ "text/html;charset=UTF-8", "utf-8" },
	{ "text/html; charset=utf8", "utf-8" },
	{ "text/html; charset=\"windows-1251\"", "windows-1251" },
	{ "text/html; Charset='KOI8-R'", "koi8-r" },
	{ "text/html; CHARSET = win-1251 ; q=1", "windows-1251" },
	{ "text/html; charset=x-cp1251", "windows-1251" },
	{ "text/html; charset=Windows-1251", "windows-1251" },
	{ "text/html; charset=ISO-8859-5", "iso-8859-5" },
	{ "text/html; charset=ibm866", "cp866" },
	{ "text/html; charset=windows-1251, text/plain", "windows-1251" },
	{ "text/html; charset=gbk", "gbk" },          /* unknown to the table: passed on */
	{ "text/html", "" },
	{ "", "" },
	{ "text/html; charset=", "" },
	{ "text/html; charset=\"\"", "" },
	{ "text/html; x-charset=utf-8", "" },       /* not the charset parameter */
	{ "text/html; charset=ut<f-8", "" },        /* garbled */
	{ "text/html; charset=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "" }, /* too long */
};

static void test_content_type(void **state)
{
	char out[CHARSET_NAME_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(content_type_cases); i++) {
		const struct name_case *c = &content_type_cases[i];

		print_message("case: %s\n", c->input);
		memset(out, 'x', sizeof(out));
		assert_ptr_equal(charset_from_content_type(c->input, out), out);
		assert_string_equal(out, c->expect);
	}
	assert_string_equal(charset_from_content_type(NULL, out), "");
}

static const struct name_case meta_cases[] = {
	{ "<html><head><meta charset=\"utf-8\"></head>", "utf-8" },
	{ "<HTML><HEAD><META CHARSET=windows-1251></HEAD>", "windows-1251" },
	{ "<meta charset='cp1251'/>", "windows-1251" },
	{ "<meta\ncharset=\"UTF-8\"\n>", "utf-8" },
	{ "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">",
	  "windows-1251" },
	{ "<meta content='text/html; charset=KOI8-R' http-equiv='content-type'>", "koi8-r" },
	{ "<meta http-equiv=Content-Type content=\"text/html;charset=utf-8\" />", "utf-8" },
	{ "<META HTTP-EQUIV=\"CONTENT-TYPE\" CONTENT=\"TEXT/HTML; CHARSET=X-CP1251\">", "windows-1251" },
	{ "<meta name=\"viewport\" content=\"width=device-width\"><meta charset=utf-8>", "utf-8" },
	{ "<meta name=\"description\" content=\"charset=koi8-r\">", "" }, /* no http-equiv */
	{ "<meta http-equiv=\"refresh\" content=\"0; charset=koi8-r\">", "" },
	{ "<!-- <meta charset=\"koi8-r\"> --><meta charset=\"utf-8\">", "utf-8" },
	{ "<metadata charset=\"koi8-r\">", "" },
	{ "<p>charset=utf-8</p>", "" },
	{ "", "" },
	{ "<meta", "" },
	{ "<meta charset=", "" },
	{ "<meta =x charset=utf-8>", "utf-8" },
	/* The HTML standard's prescan (issue 17): labels trimmed, unknown ones skipped, UTF-16 is UTF-8. */
	{ "<meta charset=\" koi8-r \">", "koi8-r" },
	{ "<meta charset=\"UTF-16\">", "utf-8" },
	{ "<meta charset=\"utf-16le\">", "utf-8" },
	{ "<meta charset=\"no-such-charset\"><meta charset=\"koi8-r\">", "koi8-r" },
	{ "<meta charset=\"no-such-charset\">", "" },
};

static void test_meta(void **state)
{
	char out[CHARSET_NAME_MAX];
	char *page;
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(meta_cases); i++) {
		const struct name_case *c = &meta_cases[i];

		print_message("case: %s\n", c->input);
		assert_ptr_equal(charset_from_meta(c->input, strlen(c->input), out), out);
		assert_string_equal(out, c->expect);
	}
	/* Only the first 4 KiB count: a <meta> starting past them is not seen,
	 * and one cut by the limit is not read past it. */
	page = malloc(8192);
	assert_non_null(page);
	memset(page, ' ', 8192);
	memcpy(page + 4096, "<meta charset=utf-8>", 20);
	assert_string_equal(charset_from_meta(page, 8192, out), "");
	memcpy(page + 4096 - 17, "<meta charset=cp1251>", 21);
	assert_string_equal(charset_from_meta(page, 8192, out), "");   /* "cp1": no label a decoder knows */
	memcpy(page + 100, "<meta charset=koi8-r>", 21);
	assert_string_equal(charset_from_meta(page, 8192, out), "koi8-r");
	free(page);
	assert_string_equal(charset_from_meta(NULL, 10, out), "");
}

static void test_guess(void **state)
{
	static const struct {
		const char *input;
		const char *expect;
	} cases[] = {
		{ "", "utf-8" },
		{ "plain ASCII", "utf-8" },
		{ "Приказ о наставничестве", "utf-8" },
		{ "\xcf\xf0\xe8\xea\xe0\xe7", "windows-1251" },        /* Приказ in cp1251 */
		{ "\xd0\x9f\xd1", "utf-8" },                           /* UTF-8 cut at the end (a body cap) */
		{ "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xba\xd0\xb0\xd0\xb7 \xcf\xf0 \xd0\xbe", "utf-8" }, /* mostly UTF-8 */
		{ "\xcf\xf0\xe8\xea\xe0\xe7 \xd0\x9f", "windows-1251" }, /* mostly cp1251 */
		{ "\xd0\x9f\xcf\xf0", "windows-1251" },                /* one of each: not mostly UTF-8 */
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		assert_string_equal(charset_guess(cases[i].input, strlen(cases[i].input)),
		                    cases[i].expect);
}

/*
 * Undeclared single-byte Cyrillic (issue 17): a paragraph of a section page
 * in each encoding, as iconv writes it, is told by uchardet; a few letters
 * are too few to tell by and stay windows-1251.
 */
static void test_guess_cyrillic(void **state)
{
	static const char text[] =
		"<p>Наставничество. Документы целевой модели наставничества педагогических работников: "
		"приказ о внедрении, положение о системе наставничества, дорожная карта, приказы о "
		"закреплении наставнических пар и персонализированные программы на учебный год.</p>";
	static const char *const charsets[] = { "windows-1251", "koi8-r", "iso-8859-5", "cp866" };
	char short_koi8[] = "\xf0\xd2\xc9\xcb\xc1\xda";   /* «Приказ» in koi8-r: six letters */

	(void)state;
	for (size_t i = 0; i < COUNT(charsets); i++) {
		iconv_t cd = iconv_open(charsets[i], "UTF-8");
		char out[1024], *in = (char *)text, *o = out;
		size_t inleft = sizeof(text) - 1, outleft = sizeof(out);

		assert_true(cd != (iconv_t)-1);
		assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
		iconv_close(cd);
		print_message("%s\n", charsets[i]);
		assert_string_equal(charset_guess(out, (size_t)(o - out)), charsets[i]);
	}
	assert_string_equal(charset_guess(short_koi8, strlen(short_koi8)), "windows-1251");
}

static void test_for_html(void **state)
{
	static const struct {
		const char *body;
		const char *content_type;
		const char *expect;
	} cases[] = {
		{ "<meta charset=utf-8>", "text/html; charset=cp1251", "windows-1251" },
		{ "<meta charset=koi8-r>", "text/html", "koi8-r" },
		{ "<meta charset=koi8-r>", NULL, "koi8-r" },
		{ "<meta charset=koi8-r>", "text/html; charset=no-such-charset", "koi8-r" },
		{ "<meta charset=no-such-charset>\xcf\xf0\xe8", NULL, "windows-1251" },
		{ "<p>Приказ</p>", "text/html; charset=iso-8859-1", "utf-8" },
		{ "<p>\xcf\xf0\xe8\xea\xe0\xe7</p>", "text/html; charset=ISO-8859-1", "windows-1251" },
		{ "<meta charset=windows-1252><p>\xcf\xf0\xe8</p>", NULL, "windows-1251" },
		{ "<meta charset=us-ascii>", NULL, "utf-8" },
		{ "<p>\xcf\xf0\xe8\xea\xe0\xe7</p>", NULL, "windows-1251" },
		{ "", NULL, "utf-8" },
		/* A byte order mark decides over the header and <meta> (issue 17). */
		{ "\xEF\xBB\xBF<meta charset=windows-1251><p>Приказ</p>", "text/html; charset=koi8-r", "utf-8" },
	};
	char out[CHARSET_NAME_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		print_message("case %zu\n", i);
		assert_ptr_equal(charset_for_html(cases[i].body, strlen(cases[i].body),
		                                  cases[i].content_type, out), out);
		assert_string_equal(out, cases[i].expect);
	}
	assert_string_equal(charset_for_html("\xFF\xFE<\0p\0", 6, "text/html; charset=windows-1251", out), "utf-16le");
	assert_string_equal(charset_for_html("\xFE\xFF\0<\0p", 6, NULL, out), "utf-16be");
}

struct conv_case {
	const char *title;
	const char *input;
	size_t len;              /* 0: strlen(input) */
	const char *charset;
	const char *expect;
};

static const struct conv_case conv_cases[] = {
	{ "cp1251 Приказ", "\xcf\xf0\xe8\xea\xe0\xe7", 0, "windows-1251", "Приказ" },
	{ "cp1251 alias", "\xcf\xf0\xe8\xea\xe0\xe7 \xb9 5", 0, "cp1251", "Приказ № 5" },
	{ "cp1251 undefined byte 0x98", "a\x98" "b", 0, "windows-1251", "a\xEF\xBF\xBD" "b" },
	{ "koi8-r", "\xf0\xd2\xc9\xcb\xc1\xda", 0, "koi8-r", "Приказ" },
	{ "utf-8 passes", "Приказ", 0, "utf-8", "Приказ" },
	{ "utf-8 BOM stripped", "\xEF\xBB\xBFПриказ", 0, "utf-8", "Приказ" },
	{ "BOM only at the start", "a\xEF\xBB\xBF", 0, "utf-8", "a\xEF\xBB\xBF" },
	{ "invalid byte", "a\xFF" "b", 0, "utf-8", "a\xEF\xBF\xBD" "b" },
	{ "surrogate", "a\xed\xa0\x80z", 0, "UTF-8",
	  "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz" },
	{ "overlong", "\xC0\xAF", 0, "utf-8", "\xEF\xBF\xBD\xEF\xBF\xBD" },
	{ "cut at the end", "ok\xD0", 0, "utf-8", "ok\xEF\xBF\xBD" },
	/* Found by fuzz_html / fuzz_registry: glibc's iconv let these through as they were. */
	{ "above U+10FFFF", "a\xF4\x90\x80\x80z", 0, "utf-8",
	  "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDz" },
	{ "old 6-byte form", "\xFC\xBC\xBC\xBC\xBC\xBC!", 0, "utf-8",
	  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!" },
	{ "BOM with bad bytes", "\xEF\xBB\xBF\xFFok", 0, "utf-8", "\xEF\xBF\xBDok" },
	{ "embedded NUL kept in length", "a\0b", 3, "utf-8", "a" },
	{ "empty", "", 0, "windows-1251", "" },
	{ "utf-16le", "\x1f\x04\x40\x04", 4, "UTF-16LE", "Пр" },
	{ "utf-16le cut", "\x1f\x04\x40", 3, "UTF-16LE", "П\xEF\xBF\xBD" },
};

static void test_to_utf8(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(conv_cases); i++) {
		const struct conv_case *c = &conv_cases[i];
		size_t len = c->len ? c->len : strlen(c->input);
		char *out = NULL;
		size_t out_len = 99;

		print_message("case: %s\n", c->title);
		assert_int_equal(charset_to_utf8(&out, &out_len, c->input, len, c->charset), 0);
		assert_non_null(out);
		assert_string_equal(out, c->expect);
		if (c->len == 0)
			assert_int_equal(out_len, strlen(c->expect));
		assert_int_equal(out[out_len], '\0');
		free(out);
	}
}

/* Found by fuzz_registry: every byte invalid triples in size; the buffer must hold it. */
static void test_to_utf8_all_invalid(void **state)
{
	enum { N = 5000 };
	char *in = malloc(N), *out = NULL;
	size_t out_len = 0;

	(void)state;
	assert_non_null(in);
	memset(in, 0xFF, N);
	assert_int_equal(charset_to_utf8(&out, &out_len, in, N, "utf-8"), 0);
	assert_int_equal(out_len, 3 * N);
	for (size_t i = 0; i < N; i++)
		assert_memory_equal(out + 3 * i, "\xEF\xBF\xBD", 3);
	free(out);
	free(in);
}

static void test_to_utf8_errors_and_growth(void **state)
{
	char *out = (char *)&out;
	size_t out_len = 7, i, n = 100000;
	char *in = malloc(n);

	(void)state;
	assert_int_equal(charset_to_utf8(&out, &out_len, "abc", 3, "no-such-charset"), -1);
	assert_null(out);
	assert_int_equal(out_len, 0);
	assert_int_equal(charset_to_utf8(&out, NULL, "abc", 3, NULL), -1);
	assert_null(out);

	/* Every cp1251 letter doubles and every bad byte triples: the output
	 * buffer has to grow several times. */
	assert_non_null(in);
	for (i = 0; i < n; i++)
		in[i] = (char)(i % 2 ? 0x98 : 0xcf);
	assert_int_equal(charset_to_utf8(&out, &out_len, in, n, "windows-1251"), 0);
	assert_int_equal(out_len, n / 2 * 2 + n / 2 * 3);
	assert_true(text_utf8_valid(out, out_len));
	assert_memory_equal(out, "П\xEF\xBF\xBD", 5);
	free(out);

	/* Invalid UTF-8 throughout; out_len may be NULL. */
	memset(in, 0xFF, n);
	assert_int_equal(charset_to_utf8(&out, NULL, in, n, "utf-8"), 0);
	assert_int_equal(strlen(out), n * 3);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_type),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_guess),
		cmocka_unit_test(test_guess_cyrillic),
		cmocka_unit_test(test_for_html),
		cmocka_unit_test(test_to_utf8),
		cmocka_unit_test(test_to_utf8_errors_and_growth),
		cmocka_unit_test(test_to_utf8_all_invalid),
	};

	return cmocka_run_group_tests_name("charset", tests, NULL, NULL);
}
