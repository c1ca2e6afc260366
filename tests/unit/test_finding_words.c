/*
 * test_finding_words.c - every finding has its words in Russian and in
 * English, with every argument in place.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "reports/finding_words.h"
#include "rules/finding.h"
#include "rules/rules.h"

static const char rules_text[] =
	"[document programs]\n"
	"name = Персонализированные программы наставничества\n"
	"short = Программы\n"
	"match = персонализ\\w* программ\n";

static struct ruleset *rules(void)
{
	struct ruleset *rs = NULL;
	char err[256] = "";

	if (rules_parse(&rs, rules_text, sizeof(rules_text) - 1, "t.rules", err, sizeof(err)))
		fail_msg("rules_parse: %s", err);
	return rs;
}

/* Every kind, in both languages: words, no placeholder left, the arguments it names in place. */
static void test_every_kind(void **state)
{
	struct ruleset *rs = rules();
	struct finding f = { .doc = 0, .url = "http://s.test/x.pdf", .detail = "2025-2026", .cap = 40, .count = 7,
	                     .failure = { .cause = UNCHECKED_TIMEOUT, .code = 0, .transfer_error = true } };
	char ru[REPORT_FINDING_LEN], en[REPORT_FINDING_LEN];

	(void)state;
	for (int k = 0; k < FIND_KINDS; k++) {
		f.kind = (enum finding_kind)k;
		report_finding_ru(ru, sizeof(ru), rs, &f);
		report_finding_en(en, sizeof(en), rs, &f);
		print_message("%s: %s | %s\n", finding_kind_name(f.kind), ru, en);
		assert_true(strlen(ru) > 5 && strlen(en) > 5);
		assert_null(strchr(ru, '{'));
		assert_null(strchr(en, '{'));
		if (k != FIND_TEXT) {
			enum finding_kind back;

			assert_int_equal(finding_kind_parse(&back, finding_kind_name(f.kind)), 0);
			assert_int_equal(back, f.kind);
		}
	}
	rules_free(rs);
}

/* The Russian lines as the reports have always written them. */
static void test_russian_lines(void **state)
{
	static const struct {
		struct finding f;
		const char *want;
	} cases[] = {
		{ { .kind = FIND_BROKEN_LINK, .doc = 0, .url = "http://s.test/p.pdf", .failure = { .code = 404 } },
		  "битая ссылка на документ «Программы»: http://s.test/p.pdf (код ответа 404)" },
		{ { .kind = FIND_SITE_REFUSED, .doc = -1, .url = "http://s.test/",
		    .failure = { .cause = UNCHECKED_DENIED, .code = 403 } },
		  "сайт отказал в доступе, код ответа 403: http://s.test/" },
		{ { .kind = FIND_ENTRY_FAILED, .doc = -1, .failure = { .code = 302, .redirect_refused = true } },
		  "ссылка из реестра не открывается (перенаправляет на адрес, который не является веб-страницей)" },
		{ { .kind = FIND_LINKS_CAP, .doc = -1, .url = "http://s.test/n/", .cap = 5000, .count = 102 },
		  "на странице http://s.test/n/ прочитаны только первые 5000 ссылок, ещё 102 не просмотрены" },
		{ { .kind = FIND_STALE_ONLY, .doc = 0, .detail = "2025-2026" },
		  "«Программы»: размещён только за 2025-2026, не за текущий учебный год" },
		{ { .kind = FIND_TEXT, .doc = -1, .detail = "как было записано" }, "как было записано" },
		{ { .kind = FIND_PRIVATE_ADDRESS, .doc = -1, .url = "http://10.0.0.5/admin/", .detail = "10.0.0.5" },
		  "ссылка ведёт на внутренний адрес сети (10.0.0.5) — не открывалась: http://10.0.0.5/admin/" },
		{ { .kind = FIND_DOC_PRIVATE_ADDRESS, .doc = 0, .url = "http://intranet.s.test/p.pdf",
		    .detail = "192.168.1.7" },
		  "ссылка на документ «Программы» ведёт на внутренний адрес сети (192.168.1.7) — не открывалась, "
		  "документ не засчитан: http://intranet.s.test/p.pdf" },
		{ { .kind = FIND_RULE_ERROR, .doc = 0, .url = "http://s.test/p.pdf", .detail = "t.rules:4: match limit exceeded",
		    .failure = { .cause = UNCHECKED_RULE_ERROR } },
		  "не удалось определить, является ли ссылка http://s.test/p.pdf документом «Программы»: "
		  "ошибка правила t.rules:4: match limit exceeded" },
		{ { .kind = FIND_SECTION_RULE_ERROR, .doc = -1, .url = "http://s.test/", .detail = "t.rules:9: heap limit exceeded" },
		  "не удалось определить, ведёт ли http://s.test/ в раздел о наставничестве: "
		  "ошибка правила t.rules:9: heap limit exceeded" },
	};
	struct ruleset *rs = rules();
	char line[REPORT_FINDING_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(report_finding_ru(line, sizeof(line), rs, &cases[i].f), cases[i].want);
	/* A short buffer cuts the line, never overruns it. */
	report_finding_ru(line, 8, rs, &cases[0].f);
	assert_true(strlen(line) < 8);
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_kind),
		cmocka_unit_test(test_russian_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
