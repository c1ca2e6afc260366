/*
 * test_verdict.c - status names, scoring and the run summary.
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
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* order and regulation are required, roadmap is not. */
static const char rules_text[] =
	"# test rules\n"
	"[document order]\n"
	"name = Приказ о внедрении целевой модели наставничества\n"
	"short = Приказ о внедрении ЦМН\n"
	"required = yes\n"
	"match = приказ.{0,80}наставничеств\n"
	"[document regulation]\n"
	"name = Положение о системе наставничества педагогических работников\n"
	"short = Положение\n"
	"match = положени\\w*.{0,40}наставничеств\n"
	"[document roadmap]\n"
	"name = Дорожная карта внедрения целевой модели наставничества\n"
	"required = no\n"
	"match = дорожн\\w* карт\n";

enum { DOC_ORDER, DOC_REGULATION, DOC_ROADMAP };

static int setup_rules(void **state)
{
	struct ruleset *rs = NULL;
	char err[256] = "";

	if (rules_parse(&rs, rules_text, sizeof(rules_text) - 1, "test.rules", err, sizeof(err)) != 0) {
		print_error("rules_parse: %s\n", err);
		return -1;
	}
	*state = rs;
	return 0;
}

static int teardown_rules(void **state)
{
	rules_free(*state);
	return 0;
}

static void test_status_tables(void **state)
{
	static const struct {
		enum org_status st;
		const char *name;
		const char *label;
	} cases[] = {
		{ ORG_COMPLIANT, "compliant", "соответствует" },
		{ ORG_NONCOMPLIANT, "noncompliant", "не соответствует" },
		{ ORG_NO_SECTION, "no_section", "нет раздела" },
		{ ORG_BLOCKED, "blocked", "не проверено: доступ закрыт" },
		{ ORG_UNREACHABLE, "unreachable", "не проверено: сайт недоступен" },
		{ ORG_INVALID_URL, "invalid_url", "не проверено: некорректная ссылка" },
		{ ORG_INCOMPLETE, "incomplete", "не проверено: раздел прочитан не полностью" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(verdict_status_name(cases[i].st), cases[i].name);
		assert_string_equal(verdict_status_label_ru(cases[i].st), cases[i].label);
	}
	/* Out of range never crashes a report. */
	assert_non_null(verdict_status_name(ORG_STATUS_COUNT));
	assert_non_null(verdict_status_label_ru((enum org_status)99));
}

static void test_score(void **state)
{
	static const struct {
		const char *what;
		bool reached;
		enum org_status before;
		bool found[3];
		enum org_status want;
	} cases[] = {
		{ "all found", true, ORG_NO_SECTION, { true, true, true }, ORG_COMPLIANT },
		{ "one required missing", true, ORG_NO_SECTION, { true, false, true }, ORG_NONCOMPLIANT },
		{ "other required missing", true, ORG_NO_SECTION, { false, true, true }, ORG_NONCOMPLIANT },
		{ "non-required missing", true, ORG_NO_SECTION, { true, true, false }, ORG_COMPLIANT },
		{ "nothing found", true, ORG_NO_SECTION, { false, false, false }, ORG_NONCOMPLIANT },
		{ "rescoring a compliant org", true, ORG_COMPLIANT, { true, false, false }, ORG_NONCOMPLIANT },
		{ "unreached keeps unreachable", false, ORG_UNREACHABLE, { true, true, true }, ORG_UNREACHABLE },
		{ "unreached keeps invalid_url", false, ORG_INVALID_URL, { true, true, true }, ORG_INVALID_URL },
		{ "unreached keeps no_section", false, ORG_NO_SECTION, { true, true, true }, ORG_NO_SECTION },
	};
	const struct ruleset *rs = *state;
	struct org_result o;
	size_t i, d;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		verdict_org_init(&o, NULL);
		o.status = cases[i].before;
		o.section_reached = cases[i].reached;
		for (d = 0; d < 3; d++)
			o.docs[d].found = cases[i].found[d];
		verdict_score(rs, &o);
		if (o.status != cases[i].want)
			fail_msg("%s: got %s, want %s", cases[i].what, verdict_status_name(o.status),
			         verdict_status_name(cases[i].want));
		verdict_org_clear(&o);
	}
	/* NULLs are ignored. */
	verdict_score(rs, NULL);
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	verdict_score(NULL, &o);
	assert_int_equal(o.status, ORG_NO_SECTION);
}

static void test_init_clear(void **state)
{
	struct org_result o;

	(void)state;
	verdict_org_init(&o, NULL);
	assert_int_equal(o.status, ORG_NO_SECTION);
	assert_false(o.section_reached);
	o.section_url = strdup("http://school.example/nastavnichestvo/");
	o.docs[0].url = strdup("http://school.example/prikaz.pdf");
	o.docs[0].title = strdup("Приказ");
	o.docs[0].page = strdup("http://school.example/nastavnichestvo/");
	o.docs[0].source = strdup("text");
	o.docs[0].content_type = strdup("application/pdf");
	o.docs[1].broken_url = strdup("http://school.example/dead.pdf");
	{
		struct finding f = { .kind = FIND_TEXT, .doc = -1, .detail = "проблема" };

		assert_int_equal(verdict_add_finding(&o, &f), 0);
		/* The same finding again is kept once. */
		assert_int_equal(verdict_add_finding(&o, &f), 0);
		assert_int_equal(o.nfindings, 1);
	}
	verdict_org_clear(&o);
	assert_null(o.section_url);
	assert_null(o.docs[0].url);
	assert_int_equal(o.nfindings, 0);
	assert_null(o.findings);
	/* A second clear and a NULL clear are harmless (the sanitizer build checks the frees). */
	verdict_org_clear(&o);
	verdict_org_clear(NULL);
	verdict_org_init(NULL, NULL);
}

/* Findings noted in any order read in one: by kind, document, URL; equal keys keep their order. */
static void test_sort_findings(void **state)
{
	static const struct finding in[] = {
		{ .kind = FIND_BROKEN_LINK, .doc = 2, .url = "http://s.test/b.pdf" },
		{ .kind = FIND_SECTION_FAILED, .doc = -1, .url = "http://s.test/z/" },
		{ .kind = FIND_BROKEN_LINK, .doc = 1, .url = "http://s.test/c.pdf" },
		{ .kind = FIND_SECTION_FAILED, .doc = -1, .url = "http://s.test/a/" },
		{ .kind = FIND_TIME_BUDGET, .doc = -1 },
		{ .kind = FIND_SECTION_FAILED, .doc = -1, .url = NULL },
		{ .kind = FIND_BROKEN_LINK, .doc = 2, .url = "http://s.test/a.pdf" },
		{ .kind = FIND_STALE_ONLY, .doc = 0, .detail = "2024" },
		{ .kind = FIND_STALE_ONLY, .doc = 0, .detail = "2023" },
	};
	/* Indexes of in[], as sorted. */
	static const size_t want[] = { 4, 5, 3, 1, 7, 8, 2, 6, 0 };
	struct org_result a, b;

	(void)state;
	verdict_org_init(&a, NULL);
	verdict_org_init(&b, NULL);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		assert_int_equal(verdict_add_finding(&a, &in[i]), 0);
		assert_int_equal(verdict_add_finding(&b, &in[sizeof(in) / sizeof(in[0]) - 1 - i]), 0);
	}
	verdict_sort_findings(&a);
	verdict_sort_findings(&b);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct finding *f = &a.findings[i], *w = &in[want[i]];

		print_message("%zu\n", i);
		assert_int_equal(f->kind, w->kind);
		assert_int_equal(f->doc, w->doc);
		if (w->url)
			assert_string_equal(f->url, w->url);
		else
			assert_null(f->url);
		/* The other order gives the same list, but for the two stale years, equal by key. */
		if (w->kind != FIND_STALE_ONLY) {
			assert_int_equal(b.findings[i].kind, w->kind);
			assert_true((!w->url && !b.findings[i].url) || strcmp(b.findings[i].url, w->url) == 0);
		}
	}
	assert_string_equal(a.findings[4].detail, "2024");
	assert_string_equal(a.findings[5].detail, "2023");
	verdict_org_clear(&a);
	verdict_org_clear(&b);
}

static void set_org(struct org_result *o, enum org_status st, bool reached, bool f0, bool f1, bool f2)
{
	verdict_org_init(o, NULL);
	o->status = st;
	o->section_reached = reached;
	o->docs[DOC_ORDER].found = f0;
	o->docs[DOC_REGULATION].found = f1;
	o->docs[DOC_ROADMAP].found = f2;
}

static void test_summarize(void **state)
{
	const struct ruleset *rs = *state;
	struct org_result orgs[8];
	struct run_summary s;
	size_t i;

	set_org(&orgs[0], ORG_COMPLIANT, true, true, true, true);
	set_org(&orgs[1], ORG_COMPLIANT, true, true, true, false);
	set_org(&orgs[2], ORG_COMPLIANT, true, true, true, false);
	set_org(&orgs[3], ORG_NONCOMPLIANT, true, true, false, false);
	set_org(&orgs[4], ORG_NONCOMPLIANT, true, false, false, true);
	set_org(&orgs[5], ORG_NO_SECTION, false, false, false, false);
	set_org(&orgs[6], ORG_UNREACHABLE, false, false, false, false);
	set_org(&orgs[7], ORG_INVALID_URL, false, false, false, false);

	verdict_summarize(rs, orgs, 8, NULL, &s);
	/* V counts every row, unreachable and invalid ones included. */
	assert_int_equal(s.total, 8);
	assert_int_equal(s.compliant, 3);
	assert_float_equal(s.compliant_share, 37.5, 1e-9);
	assert_int_equal(s.by_status[ORG_COMPLIANT], 3);
	assert_int_equal(s.by_status[ORG_NONCOMPLIANT], 2);
	assert_int_equal(s.by_status[ORG_NO_SECTION], 1);
	assert_int_equal(s.by_status[ORG_UNREACHABLE], 1);
	assert_int_equal(s.by_status[ORG_INVALID_URL], 1);
	assert_int_equal(s.with_section, 5);
	assert_float_equal(s.section_share, 62.5, 1e-9);
	assert_int_equal(s.doc_count[DOC_ORDER], 4);
	assert_float_equal(s.doc_share[DOC_ORDER], 50.0, 1e-9);
	assert_int_equal(s.doc_count[DOC_REGULATION], 3);
	assert_float_equal(s.doc_share[DOC_REGULATION], 37.5, 1e-9);
	assert_int_equal(s.doc_count[DOC_ROADMAP], 2);
	assert_float_equal(s.doc_share[DOC_ROADMAP], 25.0, 1e-9);

	/* A third is not a round number: the raw share is kept, reports round it. */
	verdict_summarize(rs, orgs, 3, NULL, &s);
	assert_float_equal(s.doc_share[DOC_ROADMAP], 100.0 / 3.0, 1e-9);
	assert_float_equal(s.compliant_share, 100.0, 1e-9);

	for (i = 0; i < 8; i++)
		verdict_org_clear(&orgs[i]);
}

static void test_summarize_empty(void **state)
{
	const struct ruleset *rs = *state;
	struct run_summary s;
	size_t i;

	memset(&s, 0xAB, sizeof(s));
	verdict_summarize(rs, NULL, 0, NULL, &s);
	assert_int_equal(s.total, 0);
	assert_int_equal(s.compliant, 0);
	/* No organisations: shares are 0, not NaN. */
	assert_float_equal(s.compliant_share, 0.0, 0.0);
	assert_float_equal(s.section_share, 0.0, 0.0);
	for (i = 0; i < ORG_STATUS_COUNT; i++)
		assert_int_equal(s.by_status[i], 0);
	for (i = 0; i < CAP_RULE_DOCS; i++) {
		assert_int_equal(s.doc_count[i], 0);
		assert_float_equal(s.doc_share[i], 0.0, 0.0);
	}
}

/*
 * A document a rule could not tell (a rule_error finding about it) is
 * unchecked, not missing, in an organisation whose documents were looked
 * for; found stays found. Its finding is kept past the cap, once.
 */
static void test_rule_error_state(void **state)
{
	const struct ruleset *rs = *state;
	struct finding err = { .kind = FIND_RULE_ERROR, .doc = DOC_ROADMAP, .url = "http://s/x.pdf",
	                       .detail = "test.rules:13: match limit exceeded",
	                       .failure = { .cause = UNCHECKED_RULE_ERROR } };
	struct finding other = { .kind = FIND_PAGE_TRUNCATED, .doc = -1 };
	struct run_summary sum;
	struct org_result o;
	enum unchecked_cause cause;
	char url[32];

	verdict_org_init(&o, NULL);
	o.section_reached = true;
	o.docs[DOC_ORDER].found = true;
	verdict_score(rs, &o);
	assert_int_equal(o.status, ORG_NONCOMPLIANT);
	assert_int_equal(verdict_doc_state(&o, DOC_ROADMAP), DOC_MISSING);
	assert_int_equal(verdict_add_finding(&o, &err), 0);
	assert_int_equal(verdict_doc_state(&o, DOC_ROADMAP), DOC_UNCHECKED);
	assert_int_equal(verdict_doc_state(&o, DOC_REGULATION), DOC_MISSING);
	assert_int_equal(verdict_summarize(rs, &o, 1, NULL, &sum), 0);
	assert_int_equal(sum.doc_unchecked[DOC_ROADMAP], 1);
	assert_int_equal(sum.doc_unchecked[DOC_REGULATION], 0);
	err.doc = DOC_ORDER;
	assert_int_equal(verdict_add_finding(&o, &err), 0);
	assert_int_equal(verdict_doc_state(&o, DOC_ORDER), DOC_FOUND);

	/* Past the cap: a document's first rule_error is kept, a second one and others are counted. */
	for (size_t i = o.nfindings; i < CAP_PROBLEMS_PER_ORG; i++) {
		snprintf(url, sizeof(url), "http://s/%zu", i);
		other.url = url;
		assert_int_equal(verdict_add_finding(&o, &other), 0);
	}
	assert_int_equal(o.nfindings, CAP_PROBLEMS_PER_ORG);
	err.doc = DOC_REGULATION;
	assert_int_equal(verdict_add_finding(&o, &err), 0);
	err.url = "http://s/y.pdf";
	assert_int_equal(verdict_add_finding(&o, &err), 0);
	other.url = "http://s/last";
	assert_int_equal(verdict_add_finding(&o, &other), 0);
	assert_int_equal(o.nfindings, CAP_PROBLEMS_PER_ORG + 1);
	assert_int_equal(o.findings_dropped, 2);
	assert_int_equal(verdict_doc_state(&o, DOC_REGULATION), DOC_UNCHECKED);
	verdict_org_clear(&o);

	assert_string_equal(verdict_cause_name(UNCHECKED_RULE_ERROR), "rule_error");
	assert_int_equal(verdict_cause_parse(&cause, "rule_error"), 0);
	assert_int_equal(cause, UNCHECKED_RULE_ERROR);
	assert_true(strlen(verdict_cause_label_ru(UNCHECKED_RULE_ERROR)) > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_tables),
		cmocka_unit_test(test_init_clear),
		cmocka_unit_test(test_sort_findings),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_summarize),
		cmocka_unit_test(test_summarize_empty),
		cmocka_unit_test(test_rule_error_state),
	};

	return cmocka_run_group_tests_name("verdict", tests, setup_rules, teardown_rules);
}
