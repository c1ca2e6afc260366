/*
 * test_cloud.c - cloud disks' public links and where their files download
 * from (rules/cloud.c), with the built-in rules' [cloud] block and with a
 * rule file's own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "rules/builtin.h"
#include "rules/rules.h"

static const struct {
	const char *link;
	const char *download;   /* NULL: not a cloud link */
	const char *field;      /* NULL: the download is the file */
} cases[] = {
	{ "https://drive.google.com/file/d/1Ab70OrderXyZ/view?usp=sharing",
	  "https://drive.google.com/uc?export=download&id=1Ab70OrderXyZ", NULL },
	{ "https://drive.google.com/open?id=1x-Y_z", "https://drive.google.com/uc?export=download&id=1x-Y_z", NULL },
	{ "https://docs.google.com/document/d/1DocId/edit?usp=sharing",
	  "https://docs.google.com/document/d/1DocId/export?format=docx", NULL },
	{ "https://disk.yandex.ru/i/70RegKeyQw",
	  "https://cloud-api.yandex.net/v1/disk/public/resources/download?public_key="
	  "https%3A%2F%2Fdisk.yandex.ru%2Fi%2F70RegKeyQw", "href" },
	{ "https://yadi.sk/i/AbC-9", "https://cloud-api.yandex.net/v1/disk/public/resources/download?public_key="
	  "https%3A%2F%2Fyadi.sk%2Fi%2FAbC-9", "href" },
	/* a folder, Облако Mail.ru, a school's own file: not followed */
	{ "https://disk.yandex.ru/d/FolderKey", NULL, NULL },
	{ "https://cloud.mail.ru/public/Ab12/Cd34", NULL, NULL },
	{ "https://school.ru/upload/prikaz.pdf", NULL, NULL },
};

static void test_builtin(void **state)
{
	struct ruleset *rs = NULL;
	char err[256];

	(void)state;
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < COUNT(cases); i++) {
		char *download = NULL;
		const char *field = NULL;
		int rc = rules_cloud_target(rs, cases[i].link, &download, &field);

		print_message("case: %s\n", cases[i].link);
		if (!cases[i].download) {
			assert_int_equal(rc, 0);
			assert_null(download);
			continue;
		}
		assert_int_equal(rc, 1);
		assert_string_equal(download, cases[i].download);
		if (cases[i].field)
			assert_string_equal(field, cases[i].field);
		else
			assert_null(field);
		free(download);
	}
	rules_free(rs);
}

/* A rule file's own [cloud]: captures past the pattern's are empty; a link with no download is none. */
static void test_own_block(void **state)
{
	static const char text[] =
		"[document order]\nname = Приказ\nmatch = приказ\n"
		"[cloud]\nlink = ^http://disk\\.test/f/(\\w+)\ndownload = http://dl.test/$1/$2/file\n"
		"link = ^http://other\\.test/\n";
	struct ruleset *rs = NULL;
	char err[256], *download = NULL;
	const char *field = NULL;

	(void)state;
	assert_int_equal(rules_parse(&rs, text, strlen(text), "t.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_cloud_target(rs, "http://disk.test/f/abc", &download, &field), 1);
	assert_string_equal(download, "http://dl.test/abc//file");
	free(download);
	assert_int_equal(rules_cloud_target(rs, "http://other.test/x", &download, &field), 0);
	rules_free(rs);
	/* A download before any link is an error of the rule file. */
	assert_int_equal(rules_parse(&rs, "[cloud]\ndownload = x\n", 21, "t.rules", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "before any link"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_own_block),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
