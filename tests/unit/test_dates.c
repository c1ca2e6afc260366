/*
 * test_dates.c - dates in titles and file names, and the academic-year
 * freshness decision built on them (audit date 2026-11-22: the year began
 * 2026-09-01).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <string.h>

#include "core/macros.h"
#include "parsers/dates.h"
#include "rules/rules.h"

#define AS_OF 20261122

static const struct {
	const char *text;
	enum rule_freshness want;
	const char *label;      /* for stale */
} cases[] = {
	/* periods naming the current year */
	{ "Приказ о закреплении наставнических пар на 2026-2027 учебный год", RULE_FRESH, "" },
	{ "Персонализированная программа 2026/2027 уч. год", RULE_FRESH, "" },
	{ "программа наставничества 2026/27", RULE_FRESH, "" },
	{ "на 2026 – 2027 учебный год", RULE_FRESH, "" },
	{ "prikaz_o_zakreplenii_par_2026_2027.pdf", RULE_FRESH, "" },
	{ "План 2024-2027 гг.", RULE_FRESH, "" },
	/* dates on or after 1 September 2026 */
	{ "Приказ от 01.09.2026 № 214 «Об утверждении наставнической пары»", RULE_FRESH, "" },
	{ "Приказ от «02» сентября 2026 г. № 15", RULE_FRESH, "" },
	{ "Prikaz_ot_02_09_2026.pdf", RULE_FRESH, "" },
	{ "приказ от 2.9.26 № 7", RULE_FRESH, "" },
	{ "scan 2026-09-15.pdf", RULE_FRESH, "" },
	/* a lone year at least 2026 */
	{ "Программа наставничества (2026)", RULE_FRESH, "" },
	{ "Personalizirovannaya_programma_2027.pdf", RULE_FRESH, "" },
	/* stale, reported with the latest date given */
	{ "Приказ о закреплении наставнических пар на 2025-2026 учебный год", RULE_STALE, "2025-2026" },
	{ "Приказ от 01.09.2025 № 101", RULE_STALE, "01.09.2025" },
	{ "Приказ от 31.08.2026 № 99", RULE_STALE, "31.08.2026" },
	{ "Программа наставничества 2024 г.", RULE_STALE, "2024" },
	{ "Приказ от «30» августа 2023 г. № 41-од на 2023/2024 уч. год", RULE_STALE, "2023-2024" },
	{ "от 31. 03. 22 г.", RULE_STALE, "31.03.2022" },
	{ "(сентябрь 2022 г. - май 2024 г.)", RULE_STALE, "2024" },
	/* undated */
	{ "Персонализированная программа наставничества", RULE_UNDATED, "" },
	{ "Приказ № 2026 о закреплении пар", RULE_UNDATED, "" },
	{ "Приказ №181/1", RULE_UNDATED, "" },
	{ "Программа наставничества. Дата размещения: 10.09.2024", RULE_UNDATED, "" },
	{ "Программа, опубликовано 05.09.2025", RULE_UNDATED, "" },
	{ "", RULE_UNDATED, "" },
};

static void test_freshness_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct date_scan s;
		char label[32];
		enum rule_freshness got;

		dates_scan(&s, cases[i].text);
		got = rules_freshness(&s, AS_OF, label, sizeof(label));
		if (got != cases[i].want)
			fail_msg("'%s': got %s, want %s", cases[i].text, rules_freshness_name(got),
			         rules_freshness_name(cases[i].want));
		if (got == RULE_STALE && strcmp(label, cases[i].label) != 0)
			fail_msg("'%s': label '%s', want '%s'", cases[i].text, label, cases[i].label);
	}
}

/* The academic year turns on 1 September. */
static void test_year_boundary(void **state)
{
	struct date_scan s;
	char label[32];

	(void)state;
	dates_scan(&s, "на 2025-2026 учебный год");
	assert_int_equal(rules_freshness(&s, 20260831, label, sizeof(label)), RULE_FRESH);
	assert_int_equal(rules_freshness(&s, 20260901, label, sizeof(label)), RULE_STALE);
	dates_scan(&s, "2026");
	assert_int_equal(rules_freshness(&s, 20270315, label, sizeof(label)), RULE_FRESH);
	assert_int_equal(rules_freshness(&s, 20270901, label, sizeof(label)), RULE_STALE);
}

/* A plan's period (`fresh = period`): approval dates and lone years do not age it. */
static const struct {
	const char *text;
	int as_of;
	enum rule_freshness want;
	const char *label;
} period_cases[] = {
	{ "Дорожная карта на 2021–2024 годы", 20261122, RULE_STALE, "2021-2024" },
	{ "Дорожная карта на 2022-2025 гг.", 20261122, RULE_STALE, "2022-2025" },
	{ "План мероприятий на 2023-2024 учебный год", 20261122, RULE_STALE, "2023-2024" },
	{ "План мероприятий на 2025-2026 учебный год", 20260831, RULE_FRESH, "" },
	{ "План мероприятий на 2025-2026 учебный год", 20260901, RULE_STALE, "2025-2026" },
	{ "на 2024–2026 годы", 20261231, RULE_FRESH, "" },
	{ "на 2024–2026 годы", 20270101, RULE_STALE, "2024-2026" },
	{ "утверждена приказом от 31.08.2022 № 45-од, на 2022–2027 годы", 20261122, RULE_FRESH, "" },
	{ "на 2021-2022 учебный год и на 2026-2027 учебный год", 20261122, RULE_FRESH, "" },
	{ "утверждена приказом от 31.08.2022 № 45-од", 20261122, RULE_UNDATED, "" },
	{ "Дорожная карта 2022", 20261122, RULE_UNDATED, "" },
};

static void test_period_freshness(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(period_cases); i++) {
		struct date_scan s;
		char label[32];
		enum rule_freshness got;

		dates_scan(&s, period_cases[i].text);
		got = rules_period_freshness(&s, period_cases[i].as_of, label, sizeof(label));
		if (got != period_cases[i].want)
			fail_msg("'%s' on %d: got %s, want %s", period_cases[i].text, period_cases[i].as_of,
			         rules_freshness_name(got), rules_freshness_name(period_cases[i].want));
		if (strcmp(label, period_cases[i].label) != 0)
			fail_msg("'%s': label '%s', want '%s'", period_cases[i].text, label, period_cases[i].label);
	}
}

static void test_scan_shapes(void **state)
{
	struct date_scan s;

	(void)state;
	dates_scan(&s, "от 13.09.2021г. № 127-а, на 2021-2024 г.г., 2019");
	assert_int_equal(s.ndates, 1);
	assert_int_equal(s.dates[0], 20210913);
	assert_int_equal(s.nperiods, 1);
	assert_int_equal(s.periods[0].from, 2021);
	assert_int_equal(s.periods[0].to, 2024);
	assert_int_equal(s.nyears, 1);
	assert_int_equal(s.years[0], 2019);
	/* impossible dates and numbers are not dates */
	dates_scan(&s, "32.13.2026");
	assert_int_equal(s.ndates, 0);           /* no such day: only the year stands */
	assert_int_equal(s.nyears, 1);
	dates_scan(&s, "99999 1850 №2027 № 2026");
	assert_int_equal(s.ndates + s.nperiods + s.nyears, 0);
	dates_scan(&s, NULL);
	assert_int_equal(s.ndates + s.nperiods + s.nyears, 0);
}

static void test_parse_iso(void **state)
{
	int d = 0;

	(void)state;
	assert_int_equal(dates_parse_iso("2026-11-22", &d), 0);
	assert_int_equal(d, 20261122);
	assert_int_equal(dates_parse_iso("2026-13-01", &d), -1);
	assert_int_equal(dates_parse_iso("22.11.2026", &d), -1);
	assert_int_equal(dates_parse_iso("", &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_freshness_table),
		cmocka_unit_test(test_year_boundary),
		cmocka_unit_test(test_period_freshness),
		cmocka_unit_test(test_scan_shapes),
		cmocka_unit_test(test_parse_iso),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
