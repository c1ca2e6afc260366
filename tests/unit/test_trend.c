/*
 * test_trend.c - the trend of earlier runs (reports/trend.h): which
 * directory names are dated runs and their order, where a share falls on
 * a chart, and an earlier results.json read into statuses and shares
 * (organisations matched by id, repeated and unknown ids, a later run,
 * another rule file, malformed texts, the order of runs, the cap).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/macros.h"
#include "reports/trend.h"
#include "rules/verdict.h"

static void test_dir_names(void **state)
{
	static const struct {
		const char *name;
		bool dated;
	} cases[] = {
		{ "2026-11-22", true },
		{ "2026-12-31", true },
		{ "2028-02-29", true },
		{ "2026-02-30", false },
		{ "2026-13-01", false },
		{ "2026-00-10", false },
		{ "2026-11-00", false },
		{ "2026-1-22", false },
		{ "2026-11-22x", false },
		{ "2026_11_22", false },
		{ "latest", false },
		{ "", false },
		{ ".2026-11-2", false },
		{ "2026-11-2a", false },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		if (report_trend_dir_name(cases[i].name) != cases[i].dated)
			fail_msg("\"%s\": expected %d", cases[i].name, cases[i].dated);
	assert_false(report_trend_dir_name(NULL));
}

static void test_dated_order(void **state)
{
	char a[] = "latest", b[] = "2026-11-22", c[] = "notes", d[] = "2025-12-01", e[] = "2026-09-15";
	char *names[] = { a, b, c, d, e };
	char *none[] = { a, c };

	(void)state;
	assert_int_equal(report_trend_dated(names, COUNT(names)), 3);
	assert_string_equal(names[0], "2025-12-01");
	assert_string_equal(names[1], "2026-09-15");
	assert_string_equal(names[2], "2026-11-22");
	/* the others are kept, after them */
	assert_true((names[3] == a && names[4] == c) || (names[3] == c && names[4] == a));
	assert_int_equal(report_trend_dated(none, COUNT(none)), 0);
	assert_int_equal(report_trend_dated(NULL, 0), 0);
}

static void test_scale(void **state)
{
	const struct trend_scale s = { 50, 20, 600, 200 };

	(void)state;
	assert_true(fabs(report_trend_x(&s, 0, 1) - 350) < 1e-9);
	assert_true(fabs(report_trend_x(&s, 0, 3) - 50) < 1e-9);
	assert_true(fabs(report_trend_x(&s, 1, 3) - 350) < 1e-9);
	assert_true(fabs(report_trend_x(&s, 2, 3) - 650) < 1e-9);
	assert_true(fabs(report_trend_x(&s, 35, 36) - 650) < 1e-9);
	assert_true(fabs(report_trend_y(&s, 100) - 20) < 1e-9);
	assert_true(fabs(report_trend_y(&s, 0) - 220) < 1e-9);
	assert_true(fabs(report_trend_y(&s, 56.25) - (20 + 200 * 0.4375)) < 1e-9);
	assert_true(fabs(report_trend_y(&s, 150) - 20) < 1e-9);
	assert_true(fabs(report_trend_y(&s, -5) - 220) < 1e-9);
	assert_true(fabs(report_trend_y(&s, NAN) - 220) < 1e-9);
}

/* An earlier run's results.json, as the schema writes it (the members the trend reads and a few more). */
#define RUN_JSON(as_of, rules, orgs) \
	"{\"as_of\": \"" as_of "\", \"generated_at\": \"" as_of "T03:00:00Z\", \"registry\": \"r.csv\",\n" \
	"\"organizations\": [" orgs "],\n" \
	"\"summary\": {\"total\": 3, \"compliant\": 2, \"compliant_share\": 66.7,\n" \
	" \"documents\": {\"order\": {\"count\": 1, \"share\": 33.3, \"unchecked\": 0}},\n" \
	" \"indicators\": [{\"number\": 1, \"share\": 33.3}, {\"number\": 14, \"share\": 100.0}, {\"share\": 5}]},\n" \
	"\"registry_digest\": \"fnv1a64:aa\", \"rules_digest\": \"" rules "\", \"schema_version\": 6}\n"
#define ORGS \
	"{\"id\": \"1\", \"name\": \"A\", \"status\": \"compliant\", \"documents\": {}}," \
	"{\"id\": \"2\", \"name\": \"B\", \"status\": \"noncompliant\"}," \
	"{\"id\": \"9\", \"name\": \"C\", \"status\": \"compliant\"}," \
	"{\"id\": \"3\", \"name\": \"D\", \"status\": \"a_status_of_later_versions\"}"

static const char *const ids[] = { "1", "2", "2", "3", "4" };

static struct report_trend *new_trend(void)
{
	struct report_trend *t = NULL;

	assert_int_equal(report_trend_new(&t, ids, COUNT(ids), "2026-11-22", "fnv1a64:bb", "fnv1a64:aa"), 0);
	return t;
}

static int add(struct report_trend *t, const char *text, char *err, size_t errlen)
{
	return report_trend_add(t, text, strlen(text), err, errlen);
}

static void test_read_run(void **state)
{
	struct report_trend *t = new_trend();
	const struct trend_run *r;
	char err[256] = "";
	double share = -1;

	(void)state;
	assert_int_equal(add(t, RUN_JSON("2026-10-20", "fnv1a64:bb", ORGS), err, sizeof(err)), 0);
	assert_int_equal(report_trend_count(t), 1);
	r = report_trend_run(t, 0);
	assert_string_equal(r->as_of, "2026-10-20");
	assert_true(fabs(r->compliant_share - 66.7) < 1e-9);
	assert_false(r->other_rules);
	assert_false(r->other_registry);
	/* by id: a repeated id gets its status on both rows; an id the run did not have, none */
	assert_int_equal(report_trend_status(t, 0, 0), ORG_COMPLIANT);
	assert_int_equal(report_trend_status(t, 0, 1), ORG_NONCOMPLIANT);
	assert_int_equal(report_trend_status(t, 0, 2), ORG_NONCOMPLIANT);
	assert_int_equal(report_trend_status(t, 0, 3), -1);   /* a status this version does not know */
	assert_int_equal(report_trend_status(t, 0, 4), -1);
	assert_int_equal(report_trend_status(t, 0, 99), -1);
	assert_true(report_trend_indicator(t, 0, 14, &share));
	assert_true(fabs(share - 100.0) < 1e-9);
	assert_true(report_trend_indicator(t, 0, 1, &share));
	assert_true(fabs(share - 33.3) < 1e-9);
	assert_false(report_trend_indicator(t, 0, 2, &share));
	assert_int_equal(r->nindicators, 2);   /* the row without a number is passed over */
	report_trend_free(t);
}

static void test_read_order_and_refusals(void **state)
{
	struct report_trend *t = new_trend();
	char err[256];

	(void)state;
	assert_int_equal(add(t, RUN_JSON("2026-10-20", "fnv1a64:bb", ORGS), err, sizeof(err)), 0);
	assert_int_equal(add(t, RUN_JSON("2026-09-15", "fnv1a64:cc", ORGS), err, sizeof(err)), 0);
	/* this run's day and later are no part of its past */
	assert_int_equal(add(t, RUN_JSON("2026-11-22", "fnv1a64:bb", ORGS), err, sizeof(err)), 1);
	assert_int_equal(add(t, RUN_JSON("2026-12-01", "fnv1a64:bb", ORGS), err, sizeof(err)), 1);
	/* malformed: said, not added */
	err[0] = '\0';
	assert_int_equal(add(t, "{\"organizations\": [", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1"));
	assert_int_equal(add(t, "{\"as_of\": \"2026-01-01\", \"summary\": {\"documents\": {}}}", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no organizations"));
	assert_int_equal(add(t, "{\"as_of\": \"2026-01-01\", \"organizations\": []}", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no summary"));
	assert_int_equal(add(t, "[]", err, sizeof(err)), -1);
	assert_int_equal(report_trend_count(t), 2);
	report_trend_sort(t);
	assert_string_equal(report_trend_run(t, 0)->as_of, "2026-09-15");
	assert_true(report_trend_run(t, 0)->other_rules);
	assert_string_equal(report_trend_run(t, 1)->as_of, "2026-10-20");
	assert_false(report_trend_run(t, 1)->other_rules);
	/* statuses follow their run through the sort */
	assert_int_equal(report_trend_status(t, 0, 1), ORG_NONCOMPLIANT);
	report_trend_free(t);
}

static void test_cap(void **state)
{
	struct report_trend *t = new_trend();
	char err[256];

	(void)state;
	for (unsigned i = 0; i < CAP_TREND_RUNS; i++)
		assert_int_equal(add(t, RUN_JSON("2026-01-01", "fnv1a64:bb", ORGS), err, sizeof(err)), 0);
	assert_int_equal(add(t, RUN_JSON("2026-01-02", "fnv1a64:bb", ORGS), err, sizeof(err)), 1);
	assert_int_equal(report_trend_count(t), CAP_TREND_RUNS);
	report_trend_free(t);
	report_trend_free(NULL);
	assert_int_equal(report_trend_count(NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dir_names),
		cmocka_unit_test(test_dated_order),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_read_run),
		cmocka_unit_test(test_read_order_and_refusals),
		cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
