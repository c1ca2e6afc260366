/*
 * test_typo.c - a one-letter typo in a key word mended (rules/typo.c), and
 * the words that look like typos but are words, left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/macros.h"
#include "rules/typo.h"

static char *const stems[] = { "наставничеств", "положени", "закреплени", "персонализирован", "программ" };

static const struct {
	const char *in;
	const char *out;     /* NULL: nothing mended */
} cases[] = {
	/* the issue's own: a letter added */
	{ "Положение о системе (целевой модели) наствавничества",
	  "Положение о системе (целевой модели) наставничества" },
	/* a letter changed, dropped, two swapped; a mended word is written in small letters */
	{ "Положение о наставнечестве", "Положение о наставничестве" },
	{ "Положение о наставнчестве", "Положение о наставничестве" },
	{ "Полоежние о наставничестве", "положение о наставничестве" },
	{ "Првиказ о закерплении наставнических пар", "Првиказ о закреплении наставнических пар" },
	/* an edit in the stem's last two letters, or past the stem: not mended */
	{ "ПОЛОЖЕНИЕ О НАСТАВНИЧЕСВТЕ", NULL },
	{ "Персонализированая програма наставничества", NULL },
	/* words, not typos: left alone */
	{ "Наставники закреплены приказом № 205", NULL },
	{ "Положено в основу", NULL },
	{ "О наставнических парах и наставниках", NULL },
	{ "Программы 2026-2027", NULL },
	{ "Prikaz o nastavnichestve", NULL },
	{ "", NULL },
};

static void test_mend(void **state)
{
	char out[CAP_TYPO_TEXT + 64];

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t n = rule_typo_mend(stems, COUNT(stems), cases[i].in, out, sizeof(out));

		print_message("case: %s\n", cases[i].in);
		if (!cases[i].out) {
			assert_int_equal(n, 0);
			continue;
		}
		assert_int_equal(n, 1);
		assert_string_equal(out, cases[i].out);
	}
}

/* A text past the cap, or a buffer too small to hold it, is not mended. */
static void test_caps(void **state)
{
	static char big[CAP_TYPO_TEXT + 2];
	char small[8];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	assert_int_equal(rule_typo_mend(stems, COUNT(stems), big, big, sizeof(big)), 0);
	assert_int_equal(rule_typo_mend(stems, COUNT(stems), "о наствавничестве", small, sizeof(small)), 0);
	assert_int_equal(rule_typo_mend(stems, 0, "о наствавничестве", small, sizeof(small)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mend),
		cmocka_unit_test(test_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
