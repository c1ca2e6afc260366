/*
 * fuzz_rules.c - rules_parse() on arbitrary rule files, and when one
 * parses, the ruleset put to work on a fixed set of links: classified,
 * tested as placeholders and as section links, a few pages tested as
 * sections, cloud links' download addresses and a disk's page's file
 * server expanded into the links' files.
 *
 * Input: the rule file's bytes (rules/mentor.rules is the seed). Patterns
 * come from the input, so PCRE2 compiles and JIT-compiles whatever the
 * fuzzer writes; the links cover Cyrillic with ё, file-name separators,
 * higher bodies' acts, a placeholder and invalid UTF-8 in a file name.
 * Besides memory errors and leaks it checks what rules.h promises: an
 * error names the origin and line, a ruleset has 1..CAP_RULE_DOCS named
 * documents findable by id, a verdict's flags agree with each other, a
 * cloud link's addresses are within CAP_URL_BYTES.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/caps.h"
#include "parsers/html.h"
#include "rules/rules.h"

#define ORIGIN "fuzz.rules"

static const struct html_link links[] = {
	{ .url = "http://school.test/docs/prikaz.pdf",
	  .text = "Приказ о внедрении целевой модели наставничества", .title = "",
	  .context = "", .filename = "prikaz.pdf" },
	{ .url = "http://school.test/files/Prikaz_o_vnedrenii_tselevoy_modeli_nastavnichestva.pdf",
	  .text = "Скачать", .title = "",
	  .context = "Положение о наставничестве на 2026-2027 учебный год Скачать",
	  .filename = "Prikaz_o_vnedrenii_tselevoy_modeli_nastavnichestva.pdf" },
	{ .url = "https://docs.edu.gov.ru/document/r-145",
	  .text = "Распоряжение Минпросвещения России от 25.12.2019 № Р-145", .title = "Методические рекомендации",
	  .context = "", .filename = "r-145" },
	{ .url = "http://school.test/upload/test_file_3.pdf",
	  .text = "", .title = "Дорожная карта (план мероприятий)", .context = "",
	  .filename = "test_file_3.pdf" },
	{ .url = "http://school.test/nastavnichestvo/",
	  .text = "НАСТАВНИЧЕСТВО ЁЛКА ёж", .title = "ЦМН", .in_nav = true,
	  .context = "Главная Сведения Наставничество Контакты", .filename = "" },
	{ .url = "http://school.test/%FF%FE.pdf",
	  .text = "Приказ о закреплении наставнических пар/групп на 2023/2024 уч. год",
	  .title = "personalizirovannaya programma", .context = "",
	  .filename = "\xff\xfe pair_orders-2023+2024.pdf" },
};

static const struct {
	const char *url, *title, *h1;
} pages[] = {
	{ "/pedagogam-i-sotrudnikam/nastavnichestvo/", "", "" },
	{ "http://school.test/svedeniya/", "Целевая модель наставничества", "Наставничество" },
	{ "/наставничество/", "Главная", "" },
};

/* A disk's public page naming its file server, as Облако Mail.ru's does. */
static const char disk_page[] =
	"<script>window.cloudSettings={\"dispatcher\":{\"weblink_get\":[{\"count\":\"1\","
	"\"url\":\"https://cloclo5.cloud.mail.ru/weblink/get/\"}]}}</script>";

static const char *const cloud_links[] = {
	"https://cloud.mail.ru/public/Ab12/Cd34/%D0%9F.pdf",
	"https://disk.yandex.ru/i/70RegKeyQw",
	"https://drive.google.com/file/d/1Ab70OrderXyZ/view?usp=sharing",
};

static void check_cloud(const struct ruleset *rs, const char *url)
{
	const char *field = NULL;
	char *download = NULL, *file = NULL;
	int rc = rules_cloud_target(rs, url, &download, &field);

	FUZZ_CHECK(rc >= -1 && rc <= RULES_CLOUD_ASK);
	FUZZ_CHECK((rc > 0) == (download != NULL));
	FUZZ_CHECK(!download || strlen(download) <= CAP_URL_BYTES);
	FUZZ_CHECK(!field || rc == RULES_CLOUD_ASK);
	rc = rules_cloud_server_file(rs, url, disk_page, sizeof(disk_page) - 1, &file);
	FUZZ_CHECK(rc >= -1 && rc <= 1 && (rc == 1) == (file != NULL));
	FUZZ_CHECK(!file || strlen(file) <= CAP_URL_BYTES);
	free(download);
	free(file);
}

static void check_ruleset(const struct ruleset *rs)
{
	size_t n = rules_doc_count(rs);

	FUZZ_CHECK(n >= 1 && n <= CAP_RULE_DOCS);
	FUZZ_CHECK(rules_doc(rs, n) == NULL);
	FUZZ_CHECK(strcmp(rules_origin(rs), ORIGIN) == 0);
	for (size_t i = 0; i < n; i++) {
		const struct rule_doc *d = rules_doc(rs, i);

		FUZZ_CHECK(d && d->id && d->name && d->short_name);
		FUZZ_CHECK(d->id[0] && d->name[0] && d->short_name[0]);
		FUZZ_CHECK(rules_doc_index(rs, d->id) == (int)i);
	}
}

static void check_link(const struct ruleset *rs, const struct html_link *l)
{
	struct rule_verdict v;
	bool any = false;

	rules_classify(rs, l, &v);
	for (size_t i = 0; i < CAP_RULE_DOCS; i++) {
		FUZZ_CHECK(!v.docs[i] || (i < rules_doc_count(rs) && v.line[i] > 0));
		/* A rule error names its pattern, and only for a document the link was not found to be. */
		FUZZ_CHECK(!v.errors[i].code || (!v.docs[i] && i < rules_doc_count(rs) && v.errors[i].line > 0 &&
		                                 v.errors[i].code < -1));
		any = any || v.docs[i];
	}
	FUZZ_CHECK(any == v.any);
	FUZZ_CHECK(!(v.any || v.ignored) || v.text != NULL);
	FUZZ_CHECK(!v.ignored || memchr(v.ignored_by, '\0', sizeof(v.ignored_by)) != NULL);
	FUZZ_CHECK(rules_source_name(v.source) != NULL);
	(void)rules_is_placeholder(rs, l, NULL);
	(void)rules_is_section_link(rs, l, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ruleset *rs = NULL;
	char err[512];

	err[0] = '\0';
	if (rules_parse(&rs, (const char *)data, size, ORIGIN, err, sizeof(err))) {
		FUZZ_CHECK(rs == NULL);
		FUZZ_CHECK(strncmp(err, ORIGIN ":", sizeof(ORIGIN)) == 0);
		return 0;
	}
	FUZZ_CHECK(rs != NULL);
	check_ruleset(rs);
	for (size_t i = 0; i < FUZZ_COUNT(links); i++)
		check_link(rs, &links[i]);
	for (size_t i = 0; i < FUZZ_COUNT(pages); i++)
		(void)rules_is_section_page(rs, pages[i].url, pages[i].title, pages[i].h1, NULL);
	for (size_t i = 0; i < FUZZ_COUNT(cloud_links); i++)
		check_cloud(rs, cloud_links[i]);
	rules_free(rs);
	return 0;
}
