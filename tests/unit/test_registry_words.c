/*
 * test_registry_words.c - reports/registry_words.c: every issue kind has
 * plain Russian words, with the column where one is known, and the count
 * of issues left out agrees with its number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/macros.h"
#include "core/text.h"
#include "reports/registry_words.h"

/* Every kind has its own words, Cyrillic, valid UTF-8, and they fit the buffer with a column. */
static void test_every_kind_has_words(void **state)
{
	char out[REPORT_REGISTRY_ISSUE_RU_LEN];

	(void)state;
	for (int k = 0; k < REGISTRY_ISSUE_KINDS; k++) {
		const char *ru = report_registry_issue_ru((enum registry_issue_kind)k);
		struct registry_issue is = { .line = 2, .kind = (enum registry_issue_kind)k,
		                             .column = 256, .reason = "x" };

		print_message("kind %d: %s\n", k, ru);
		assert_non_null(ru);
		assert_true(strlen(ru) > 0);
		assert_true(text_utf8_valid(ru, strlen(ru)));
		assert_true((unsigned char)ru[0] == 0xD0 || (unsigned char)ru[0] == 0xD1);
		for (int j = 0; j < k; j++)
			assert_string_not_equal(ru, report_registry_issue_ru((enum registry_issue_kind)j));
		report_registry_issue_text_ru(out, sizeof(out), &is);
		assert_true(strlen(out) < sizeof(out) - 1);
		assert_non_null(strstr(out, "(столбец 256)"));
	}
}

struct text_case {
	enum registry_issue_kind kind;
	size_t column;
	const char *expect;
};

static const struct text_case text_cases[] = {
	{ REGISTRY_ISSUE_UNTERMINATED_QUOTE, 0, "не закрыта кавычка" },
	{ REGISTRY_ISSUE_EMPTY_ID, 1, "пустой номер (столбец 1)" },
	{ REGISTRY_ISSUE_TEXT_AFTER_QUOTE, 2, "текст после закрывающей кавычки (столбец 2)" },
	{ REGISTRY_ISSUE_UNREADABLE, 0, "запись не удалось прочитать" },
	/* out of range (a newer results.json, a cast): the generic words */
	{ (enum registry_issue_kind)99, 0, "запись не удалось прочитать" },
};

static void test_issue_text(void **state)
{
	char out[REPORT_REGISTRY_ISSUE_RU_LEN];

	(void)state;
	for (size_t i = 0; i < COUNT(text_cases); i++) {
		struct registry_issue is = { .kind = text_cases[i].kind, .column = text_cases[i].column };

		assert_ptr_equal(report_registry_issue_text_ru(out, sizeof(out), &is), out);
		assert_string_equal(out, text_cases[i].expect);
	}
}

/* A short buffer gets whole letters only. */
static void test_cut_on_letters(void **state)
{
	struct registry_issue is = { .kind = REGISTRY_ISSUE_EMPTY_ID, .column = 3 };
	char out[64];

	(void)state;
	for (size_t room = 1; room <= sizeof(out); room++) {
		memset(out, 'x', sizeof(out));
		report_registry_issue_text_ru(out, room, &is);
		assert_true(strlen(out) < room);
		assert_true(text_utf8_valid(out, strlen(out)));
		report_registry_dropped_ru(out, room, 1234);
		assert_true(strlen(out) < room);
		assert_true(text_utf8_valid(out, strlen(out)));
	}
}

static const struct {
	size_t n;
	const char *expect;
} dropped_cases[] = {
	{ 1, "ещё 1 запись не показана" },
	{ 2, "ещё 2 записи не показаны" },
	{ 4, "ещё 4 записи не показаны" },
	{ 5, "ещё 5 записей не показаны" },
	{ 11, "ещё 11 записей не показаны" },
	{ 12, "ещё 12 записей не показаны" },
	{ 21, "ещё 21 запись не показана" },
	{ 22, "ещё 22 записи не показаны" },
	{ 111, "ещё 111 записей не показаны" },
	{ 500, "ещё 500 записей не показаны" },
	{ 1001, "ещё 1001 запись не показана" },
};

static void test_dropped(void **state)
{
	char out[REPORT_REGISTRY_ISSUE_RU_LEN];

	(void)state;
	for (size_t i = 0; i < COUNT(dropped_cases); i++) {
		report_registry_dropped_ru(out, sizeof(out), dropped_cases[i].n);
		assert_string_equal(out, dropped_cases[i].expect);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind_has_words),
		cmocka_unit_test(test_issue_text),
		cmocka_unit_test(test_cut_on_letters),
		cmocka_unit_test(test_dropped),
	};

	return cmocka_run_group_tests_name("registry_words", tests, NULL, NULL);
}
