/*
 * test_card.c - which link of a document's card is its file
 * (rules/card.c), with the built-in rules' [links] lists: one table row per
 * kind of card.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "parsers/html.h"
#include "rules/builtin.h"
#include "rules/rules.h"

#define CARD "http://school.test/sveden/dokumenty/prikaz.html"
#define MAX_LINKS 4

/* A link: its URL, text, file name, whether it is in a menu. */
#define LINK(u, t, f, nav) { .url = (char *)(u), .text = (char *)(t), .title = (char *)"", \
                             .context = (char *)"", .filename = (char *)(f), .in_nav = (nav) }

static const struct {
	const char *name;
	struct html_link links[MAX_LINKS];
	size_t n;
	int want;   /* index of the file link; -1: none */
	bool list;  /* a list of documents, not one's card */
} cases[] = {
	{ "«Скачать» to a PDF beside a menu link to another PDF",
	  { LINK("http://school.test/files/ustav.pdf", "Устав", "ustav.pdf", true),
	    LINK("http://school.test/files/prikaz.pdf", "Скачать (PDF, 12 Кб)", "prikaz.pdf", false) },
	  2, 1, false },
	{ "the only file link, named by its file name",
	  { LINK("http://school.test/sveden/", "Все документы", "", false),
	    LINK("http://school.test/files/prikaz_214.pdf", "prikaz_214.pdf", "prikaz_214.pdf", false) },
	  2, 1, false },
	{ "«Скачать файл» to a download address without a file name",
	  { LINK(CARD, "Приказ", "prikaz.html", false),
	    LINK("http://school.test/file/download?id=77", "Скачать файл", "download", false) },
	  2, 1, false },
	{ "two files and no download word: nothing sure",
	  { LINK("http://school.test/files/a.pdf", "Приказ", "a.pdf", false),
	    LINK("http://school.test/files/b.pdf", "Положение", "b.pdf", false) },
	  2, -1, true },
	{ "one file beside a menu's files: its card, no list",
	  { LINK("http://school.test/files/a.pdf", "Устав", "a.pdf", true),
	    LINK("http://school.test/files/b.pdf", "Лицензия", "b.pdf", true),
	    LINK("http://school.test/files/c.pdf", "Приказ", "c.pdf", false) },
	  3, 2, false },
	{ "two files, one of them «Скачать»: that one",
	  { LINK("http://school.test/files/a.pdf", "Приказ", "a.pdf", false),
	    LINK("http://school.test/files/b.pdf", "скачать", "b.pdf", false) },
	  2, 1, false },
	{ "a download word only in the menu: nothing",
	  { LINK("http://school.test/app/", "Скачать приложение", "", true),
	    LINK("http://school.test/news/", "Новости", "", false) },
	  2, -1, false },
	{ "no links at all", { LINK("", "", "", false) }, 0, -1, false },
};

static void test_card_file_link(void **state)
{
	struct ruleset *rs = NULL;
	char err[256];

	(void)state;
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct html_link *got = rules_card_file_link(rs, cases[i].links, cases[i].n, CARD);

		print_message("%s\n", cases[i].name);
		if (cases[i].want < 0)
			assert_null(got);
		else
			assert_ptr_equal(got, &cases[i].links[cases[i].want]);
		assert_int_equal(rules_page_lists_files(rs, cases[i].links, cases[i].n, CARD), cases[i].list);
	}
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_card_file_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
