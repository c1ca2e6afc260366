/*
 * test_cloud.c - cloud disks' public links and where their files download
 * from (rules/cloud.c), with the built-in rules' [cloud] block and with a
 * rule file's own, Облако Mail.ru's file server named by its public page
 * included; and document viewers' links and the documents they show
 * (rules/viewer.c, [links] viewer).
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
#include "rules/builtin.h"
#include "rules/rules.h"

static const struct {
	const char *link;
	const char *download;   /* NULL: not a cloud link */
	const char *field;      /* NULL: the download is the file, or a page (ask) */
	bool ask;               /* the download's answer names the file */
} cases[] = {
	{ "https://drive.google.com/file/d/1Ab70OrderXyZ/view?usp=sharing",
	  "https://drive.google.com/uc?export=download&id=1Ab70OrderXyZ", NULL, false },
	{ "https://drive.google.com/open?id=1x-Y_z", "https://drive.google.com/uc?export=download&id=1x-Y_z", NULL,
	  false },
	{ "https://docs.google.com/document/d/1DocId/edit?usp=sharing",
	  "https://docs.google.com/document/d/1DocId/export?format=docx", NULL, false },
	{ "https://disk.yandex.ru/i/70RegKeyQw",
	  "https://cloud-api.yandex.net/v1/disk/public/resources/download?public_key="
	  "https%3A%2F%2Fdisk.yandex.ru%2Fi%2F70RegKeyQw", "href", true },
	{ "https://yadi.sk/i/AbC-9", "https://cloud-api.yandex.net/v1/disk/public/resources/download?public_key="
	  "https%3A%2F%2Fyadi.sk%2Fi%2FAbC-9", "href", true },
	/* Облако Mail.ru: its public page, whatever the link's query */
	{ "http://cloud.mail.ru/public/Ab12/Cd34?from=school", "https://cloud.mail.ru/public/Ab12/Cd34", NULL, true },
	{ "https://cloud.mail.ru/public/Ab12/Cd34/%D0%9F.pdf", "https://cloud.mail.ru/public/Ab12/Cd34/%D0%9F.pdf",
	  NULL, true },
	/* a folder, a Mail.ru page that is no public link, a school's own file: not followed */
	{ "https://disk.yandex.ru/d/FolderKey", NULL, NULL, false },
	{ "https://cloud.mail.ru/home/", NULL, NULL, false },
	{ "https://school.ru/upload/prikaz.pdf", NULL, NULL, false },
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
		assert_int_equal(rc, cases[i].ask ? RULES_CLOUD_ASK : RULES_CLOUD_FILE);
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

/* Облако Mail.ru's public page names its file server in its settings; the file is there at the link's path. */
static void test_mailru_server(void **state)
{
	static const struct {
		const char *link;
		const char *page;
		const char *file;   /* NULL: none named */
	} pages[] = {
		{ "https://cloud.mail.ru/public/Ab12/Cd34",
		  "<script>window.cloudSettings={\"dispatcher\":{\"weblink_get\":[{\"count\":\"1\","
		  "\"url\":\"https://cloclo5.cloud.mail.ru/weblink/get/\"}],\"weblink_view\":[]}}</script>",
		  "https://cloclo5.cloud.mail.ru/weblink/get/Ab12/Cd34" },
		{ "https://cloud.mail.ru/public/Ab12/Cd34/prikaz.pdf",
		  "\"weblink_get\": {\"count\": 2, \"url\": \"https://cloclo7.datacloudmail.ru/weblink/get\"}",
		  "https://cloclo7.datacloudmail.ru/weblink/get/Ab12/Cd34/prikaz.pdf" },
		/* no server named, one that is no address, a link that is none of the disk's */
		{ "https://cloud.mail.ru/public/Ab12/Cd34", "<html>Ссылка недоступна</html>", NULL },
		{ "https://cloud.mail.ru/public/Ab12/Cd34", "\"weblink_get\":[{\"url\":\"javascript:x\"}]", NULL },
		{ "https://disk.yandex.ru/i/70RegKeyQw", "\"weblink_get\":[{\"url\":\"https://a.test/g\"}]", NULL },
	};
	struct ruleset *rs = NULL;
	char err[256];

	(void)state;
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	for (size_t i = 0; i < COUNT(pages); i++) {
		char *file = NULL;
		int rc = rules_cloud_server_file(rs, pages[i].link, pages[i].page, strlen(pages[i].page), &file);

		print_message("page %zu\n", i);
		assert_int_equal(rc, pages[i].file ? 1 : 0);
		if (pages[i].file)
			assert_string_equal(file, pages[i].file);
		else
			assert_null(file);
		free(file);
	}
	rules_free(rs);
}

/* An address past CAP_URL_BYTES is none: the link is not followed, and the run goes on. */
static void test_past_cap(void **state)
{
	struct ruleset *rs = NULL;
	char err[256], *out = (char *)1, *link = malloc(CAP_URL_BYTES), *page = malloc(CAP_URL_BYTES + 64);
	const char *field = NULL;
	int n;

	(void)state;
	assert_non_null(link);
	assert_non_null(page);
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	/* Яндекс Диск's API address holds the whole link percent-encoded: a Cyrillic letter's 2 bytes take 6. */
	n = snprintf(link, CAP_URL_BYTES, "https://disk.yandex.ru/i/a");
	for (size_t i = 0; i + 2 < CAP_URL_BYTES / 2; i += 2)
		n += snprintf(link + n, CAP_URL_BYTES - (size_t)n, "ё");
	assert_int_equal(rules_cloud_target(rs, "https://disk.yandex.ru/i/aёё", &out, &field), RULES_CLOUD_ASK);
	free(out);
	out = (char *)1;
	assert_int_equal(rules_cloud_target(rs, link, &out, &field), 0);
	assert_null(out);
	/* A file server's name as long as a URL may be, and the file's path after it. */
	n = snprintf(page, CAP_URL_BYTES + 64, "\"weblink_get\":[{\"url\":\"https://");
	memset(page + n, 'b', CAP_URL_BYTES - 16);
	strcpy(page + n + CAP_URL_BYTES - 16, "\"}]");
	assert_int_equal(rules_cloud_server_file(rs, "https://cloud.mail.ru/public/Ab12/Cd34", page, strlen(page), &out),
	                 0);
	assert_null(out);
	rules_free(rs);
	free(link);
	free(page);
}

/* A link's way to its file must be whole: a server needs its file template, and not beside a field. */
static void test_server_rules(void **state)
{
	static const char *bad[] = {
		"[cloud]\nlink = ^http://d\\.test/(\\w+)\ndownload = http://d.test/$1\nserver = \"u\":\"([^\"]+)\"\n",
		"[cloud]\nlink = ^http://d\\.test/(\\w+)\ndownload = http://d.test/$1\nfile = $S/$1\n",
		"[cloud]\nlink = ^http://d\\.test/(\\w+)\ndownload = http://d.test/$1\nfield = href\n"
		"server = \"u\":\"([^\"]+)\"\nfile = $S/$1\n",
		"[cloud]\nlink = ^http://d\\.test/(\\w+)\ndownload = http://d.test/$1\nserver = a(\nfile = $S/$1\n",
	};
	static const char doc[] = "[document order]\nname = Приказ\nmatch = приказ\n";
	struct ruleset *rs = NULL;
	char err[256], text[512];

	(void)state;
	for (size_t i = 0; i < COUNT(bad); i++) {
		snprintf(text, sizeof(text), "%s%s", doc, bad[i]);
		print_message("bad %zu\n", i);
		assert_int_equal(rules_parse(&rs, text, strlen(text), "t.rules", err, sizeof(err)), -1);
		assert_null(rs);
	}
	assert_non_null(strstr(err, "bad pattern"));
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
		cmocka_unit_test(test_mailru_server),
		cmocka_unit_test(test_past_cap),
		cmocka_unit_test(test_server_rules),
		cmocka_unit_test(test_viewers),
		cmocka_unit_test(test_own_viewers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
