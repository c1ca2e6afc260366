/*
 * test_cloud.c - cloud disks' public links and where their files download
 * from (rules/cloud.c), with the built-in rules' [cloud] block and with a
 * rule file's own; and document viewers' links and the documents they show
 * (rules/viewer.c, [links] viewer).
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

static const struct {
	const char *link;
	const char *target;   /* NULL: not a viewer's link */
} viewers[] = {
	{ "http://school.test/pdfjs/web/viewer.html?file=%2Fupload%2Fa%20b.pdf",
	  "http://school.test/upload/a%20b.pdf" },
	{ "http://school.test/js/pdf/viewer.htm?lang=ru&file=../../docs/prikaz.pdf#page=2",
	  "http://school.test/docs/prikaz.pdf" },
	{ "https://docs.google.com/viewer?url=https%3A%2F%2Fschool.test%2Fd%2Fx.pdf&embedded=true",
	  "https://school.test/d/x.pdf" },
	{ "https://docs.google.com/gview?embedded=true&url=http://school.test/d/y.docx",
	  "http://school.test/d/y.docx" },
	{ "https://view.officeapps.live.com/op/embed.aspx?src=http%3A%2F%2Fschool.test%2Fd%2Fz.docx",
	  "http://school.test/d/z.docx" },
	/* no document named, a viewer's own page, a school's file */
	{ "http://school.test/pdfjs/web/viewer.html", NULL },
	{ "http://school.test/pdfjs/web/viewer.html?file=", NULL },
	{ "https://docs.google.com/document/d/1DocId/edit", NULL },
	{ "http://school.test/upload/viewer.pdf", NULL },
};

static void test_viewers(void **state)
{
	struct ruleset *rs = NULL;
	char err[256];

	(void)state;
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < COUNT(viewers); i++) {
		char *target = NULL;
		int rc = rules_viewer_target(rs, viewers[i].link, &target);

		print_message("viewer: %s\n", viewers[i].link);
		if (!viewers[i].target) {
			assert_int_equal(rc, 0);
			assert_null(target);
			continue;
		}
		assert_int_equal(rc, 1);
		assert_string_equal(target, viewers[i].target);
		free(target);
	}
	rules_free(rs);
}

/* A rule file with viewers of its own uses them; one without takes the built-in ones. */
static void test_own_viewers(void **state)
{
	static const char own[] = "[document order]\nname = Приказ\nmatch = приказ\n"
	                          "[links]\nfile = .pdf\nviewer = /show\\?doc=([^&]+)\n";
	static const char none[] = "[document order]\nname = Приказ\nmatch = приказ\n";
	struct ruleset *rs = NULL, *builtin = NULL;
	char err[256], *target = NULL;

	(void)state;
	assert_int_equal(rules_load_or_builtin(&builtin, NULL, err, sizeof(err)), 0);
	assert_int_equal(rules_parse(&rs, own, strlen(own), "t.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_inherit_lists(rs, builtin), 0);
	assert_int_equal(rules_viewer_target(rs, "http://s.test/show?doc=a.pdf", &target), 1);
	assert_string_equal(target, "http://s.test/a.pdf");
	free(target);
	assert_int_equal(rules_viewer_target(rs, "http://s.test/v/viewer.html?file=a.pdf", &target), 0);
	rules_free(rs);
	assert_int_equal(rules_parse(&rs, none, strlen(none), "t.rules", err, sizeof(err)), 0);
	assert_int_equal(rules_inherit_lists(rs, builtin), 0);
	assert_int_equal(rules_viewer_target(rs, "http://s.test/v/viewer.html?file=a.pdf", &target), 1);
	assert_string_equal(target, "http://s.test/v/a.pdf");
	free(target);
	rules_free(rs);
	rules_free(builtin);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_own_block),
		cmocka_unit_test(test_viewers),
		cmocka_unit_test(test_own_viewers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
