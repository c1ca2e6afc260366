/*
 * test_core.c - capped buffers, string lists, UTF-8 helpers, file loading.
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
#include <unistd.h>

#include "core/buf.h"
#include "core/file.h"
#include "core/macros.h"
#include "core/strindex.h"
#include "core/strvec.h"
#include "core/text.h"

static void test_buf_grows_and_stops_at_cap(void **state)
{
	struct buf b;
	char *s;

	(void)state;
	buf_init(&b, 10);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_addstr(&b, "12345"), 0);
	assert_int_equal(buf_printf(&b, "%d", 678), 0);
	assert_string_equal(buf_str(&b), "12345678");
	/* Three more bytes would pass the cap: nothing of them is added. */
	assert_int_equal(buf_addstr(&b, "abc"), BUF_ERR_CAP);
	assert_string_equal(buf_str(&b), "12345678");
	assert_int_equal(buf_addstr(&b, "ab"), 0);
	assert_int_equal(b.len, 10);
	assert_int_equal(buf_addc(&b, 'x'), BUF_ERR_CAP);
	assert_int_equal(buf_printf(&b, "%s", "y"), BUF_ERR_CAP);
	s = buf_detach(&b);
	assert_string_equal(s, "12345678ab");
	assert_null(b.data);
	free(s);
	/* An empty buffer detaches to an owned empty string. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	buf_reset(&b);
	buf_free(&b);
	buf_free(NULL);
}

static void test_strvec_cap_and_contains(void **state)
{
	struct strvec v;

	(void)state;
	strvec_init(&v, 3);
	assert_int_equal(strvec_push(&v, "a"), 0);
	assert_int_equal(strvec_pushf(&v, "%s-%d", "b", 2), 0);
	assert_int_equal(strvec_push(&v, "c"), 0);
	assert_int_equal(strvec_push(&v, "d"), 0);   /* dropped, counted */
	assert_int_equal(v.len, 3);
	assert_int_equal(v.dropped, 1);
	assert_true(strvec_contains(&v, "b-2"));
	assert_false(strvec_contains(&v, "d"));
	assert_int_equal(strvec_push_owned(&v, NULL), -1);
	strvec_free(&v);
	assert_int_equal(v.len, 0);
	strvec_free(NULL);
}

static const struct {
	const char *bytes;
	size_t len;
	bool valid;
} utf8_cases[] = {
	{ "", 0, true },
	{ "ascii", 5, true },
	{ "Приказ", 12, true },
	{ "\xF0\x9F\x98\x80", 4, true },           /* emoji */
	{ "\xCF\xF0\xE8\xEA\xE0\xE7", 6, false },  /* "Приказ" in windows-1251 */
	{ "\xC0\xAF", 2, false },                  /* overlong '/' */
	{ "\xE0\x80\xAF", 3, false },              /* overlong */
	{ "\xED\xA0\x80", 3, false },              /* surrogate */
	{ "\xF4\x90\x80\x80", 4, false },          /* above U+10FFFF */
	{ "\xD0", 1, false },                      /* cut short */
	{ "a\xD0\x9F\xD0", 4, false },             /* cut short after a valid letter */
	{ "\x80", 1, false },                      /* lone continuation */
};

static void test_utf8_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(utf8_cases); i++) {
		if (text_utf8_valid(utf8_cases[i].bytes, utf8_cases[i].len) != utf8_cases[i].valid)
			fail_msg("case %zu: expected %s", i, utf8_cases[i].valid ? "valid" : "invalid");
	}
}

static const struct {
	const char *in;
	const char *out;
} squeeze_cases[] = {
	{ "  a  b  ", "a b" },
	{ "\n\tПриказ\r\n №\xC2\xA0" "12 ", "Приказ № 12" },
	{ "", "" },
	{ "   ", "" },
	{ "x", "x" },
};

static void test_squeeze(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(squeeze_cases); i++) {
		struct buf b;

		buf_init(&b, 100);
		text_append_squeezed(&b, squeeze_cases[i].in, strlen(squeeze_cases[i].in));
		text_trim_end(&b);
		assert_string_equal(buf_str(&b), squeeze_cases[i].out);
		buf_free(&b);
	}
	{
		/* the cap never splits a letter: «мероп» and not half of «р» */
		static const char *const texts[] = { "план  мероприятий", "ab\tЯЯ", "€€€" };
		static const size_t caps[] = { 15, 6, 8 };    /* with the NUL */
		static const char *const want[] = { "план мер", "ab Я", "€€" };

		for (size_t i = 0; i < 3; i++) {
			struct buf b;

			buf_init(&b, caps[i]);
			text_append_squeezed(&b, texts[i], strlen(texts[i]));
			assert_string_equal(buf_str(&b), want[i]);
			buf_free(&b);
		}
	}
	{
		char low[16];

		text_lower_copy(low, sizeof(low), "ПРИКАЗ Ab", strlen("ПРИКАЗ Ab"));
		assert_string_equal(low, "приказ ab");
		/* the cap never splits a letter */
		text_lower_copy(low, 6, "ЯЯЯЯ", strlen("ЯЯЯЯ"));
		assert_string_equal(low, "яя");
	}
	assert_true(text_istarts("JavaScript:void(0)", "javascript:"));
	assert_false(text_istarts("java", "javascript:"));
}

static void test_file_read_all(void **state)
{
	char path[] = "/tmp/ma-test-core-XXXXXX";
	char err[256] = "";
	char *text = NULL;
	size_t len = 0;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello\nworld", 11), 11);
	close(fd);
	assert_int_equal(file_read_all(&text, &len, path, 100, err, sizeof(err)), 0);
	assert_int_equal(len, 11);
	assert_string_equal(text, "hello\nworld");
	free(text);
	/* Over the cap: refused with the file named. */
	assert_int_equal(file_read_all(&text, &len, path, 5, err, sizeof(err)), -1);
	assert_null(text);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "larger than 5 bytes"));
	unlink(path);
	/* Missing: the file and the reason. */
	assert_int_equal(file_read_all(&text, &len, path, 100, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	assert_non_null(strstr(err, "No such file"));
}

/* The hash index finds every key it was given, across growth and removals, and nothing else. */
static const char *names_key(const void *items, size_t pos)
{
	return ((const char *const *)items)[pos];
}

static void test_strindex(void **state)
{
	enum { N = 1000 };
	char *names[N] = { 0 };
	struct strindex ix = { 0 };
	char probe[32];

	(void)state;
	assert_int_equal(strindex_find(&ix, "x", names, names_key), (size_t)-1);
	for (size_t i = 0; i < N; i++) {
		snprintf(probe, sizeof(probe), "https://s%zu.test/", i);
		names[i] = strdup(probe);
		assert_non_null(names[i]);
		assert_int_equal(strindex_add(&ix, i, names, names_key), 0);
	}
	assert_true(ix.cap >= 2 * N);
	for (size_t i = 0; i < N; i++) {
		snprintf(probe, sizeof(probe), "https://s%zu.test/", i);
		assert_int_equal(strindex_find(&ix, probe, names, names_key), i);
	}
	assert_int_equal(strindex_find(&ix, "https://s1000.test/", names, names_key), (size_t)-1);
	assert_int_equal(strindex_find(&ix, "", names, names_key), (size_t)-1);
	/* Removing two in three (clusters shift back) keeps every other key found; a key not there is a no-op. */
	for (size_t i = 0; i < N; i++)
		if (i % 3)
			strindex_remove(&ix, names[i], names, names_key);
	strindex_remove(&ix, "https://s1000.test/", names, names_key);
	assert_int_equal(ix.count, (N + 2) / 3);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(strindex_find(&ix, names[i], names, names_key), i % 3 ? (size_t)-1 : i);
	/* Added again, at other positions. */
	for (size_t i = 1; i < N; i += 3) {
		char *t = names[i];

		names[i] = names[i + 1 < N ? i + 1 : i];
		names[i + 1 < N ? i + 1 : i] = t;
	}
	for (size_t i = 0; i < N; i++)
		if (i % 3)
			assert_int_equal(strindex_add(&ix, i, names, names_key), 0);
	for (size_t i = 0; i < N; i++)
		assert_int_equal(strindex_find(&ix, names[i], names, names_key), i);
	strindex_free(&ix);
	for (size_t i = 0; i < N; i++)
		free(names[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_grows_and_stops_at_cap),
		cmocka_unit_test(test_strindex),
		cmocka_unit_test(test_strvec_cap_and_contains),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_squeeze),
		cmocka_unit_test(test_file_read_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
