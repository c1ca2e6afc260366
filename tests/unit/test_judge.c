/*
 * test_judge.c - the judge's decisions, one table row per situation:
 * candidate links and their checks in, each document's verdict, the
 * problems people read and the organisation's status out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/strvec.h"
#include "reports/finding_words.h"
#include "rules/finding.h"
#include "rules/judge.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* order is required; programs is required and must be of the current year. */
static const char rules_text[] =
	"[document order]\n"
	"name = Приказ о внедрении целевой модели наставничества\n"
	"short = Приказ о внедрении\n"
	"match = приказ.{0,80}наставничеств\n"
	"[document programs]\n"
	"name = Персонализированные программы наставничества\n"
	"short = Программы\n"
	"fresh = yes\n"
	"match = персонализ\\w* программ\n";

enum { ORDER, PROGRAMS, NONE = -1 };
#define BIT(d) (1u << (d))

/* The words of a rule error on the order's pattern (line 3 of test.rules) at http://s/x.pdf. */
#define RULE_ERROR_LINE "не удалось определить, является ли ссылка http://s/x.pdf документом «Приказ о внедрении»: " \
	"ошибка правила test.rules:3: match limit exceeded"

/* One link check: the HTTP status, or a transfer error, or not fetched at all. */
struct check_spec {
	long status;
	int curl_code;                 /* 0: an answer came */
	enum unchecked_cause cause;
	bool unverified;               /* robots.txt or time budget: not fetched */
};

struct cand_spec {
	int doc;
	const char *url;
	enum rule_freshness freshness;
	struct check_spec check;
};

static const struct {
	const char *name;
	struct cand_spec cands[3];
	bool ignore_first;             /* the first candidate's URL is a higher-level act */
	enum unchecked_cause partial;
	enum org_status want_status;
	enum unchecked_cause want_cause;
	bool want_found[2];
	bool want_broken[2];
	size_t want_rejected;
	const char *want_problem;      /* a substring of one problem line, or NULL for none */
	unsigned rule_errors;          /* BIT(d): a link the rules could not tell document d from */
	unsigned want_unchecked;       /* BIT(d): document d not found, and unchecked rather than missing */
} cases[] = {
	{ "both found: compliant",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 0, NULL, 0, 0 },
	{ "a 404 link: broken, rejected, noncompliant, the code in Russian",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 404, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_NONCOMPLIANT, UNCHECKED_NONE, { true, false }, { false, true }, 1,
	  "битая ссылка на документ «Программы»: http://s/p.pdf (код ответа 404)", 0, 0 },
	{ "a dead link, then a live one: the live one is the document",
	  { { ORDER, "http://s/old.pdf", RULE_FRESH, { 404, 0, UNCHECKED_NONE, false } },
	    { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 1, NULL, 0, 0 },
	{ "a link that did not answer: not checked, never missing",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 0, 28, UNCHECKED_TIMEOUT, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_UNREACHABLE, UNCHECKED_TIMEOUT, { true, false }, { false, true }, 1,
	  "(сайт не ответил вовремя)", 0, BIT(PROGRAMS) },
	{ "a link robots.txt kept us from: taken on trust, said so",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 0, 0, UNCHECKED_ROBOTS, true } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 0,
	  "ссылка на «Приказ о внедрении» не проверена", 0, 0 },
	{ "a higher-level act's URL is never the document",
	  { { ORDER, "http://s/act.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  true, UNCHECKED_NONE, ORG_NONCOMPLIANT, UNCHECKED_NONE, { false, true }, { false, false }, 0, NULL, 0, 0 },
	{ "an undated programme counts and is flagged",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_UNDATED, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 0,
	  "«Программы» без даты", 0, 0 },
	{ "a section read in part, a document not seen: incomplete",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_LINKS_CAP, ORG_INCOMPLETE, UNCHECKED_LINKS_CAP, { true, false }, { false, false }, 0, NULL,
	  0, BIT(PROGRAMS) },
	{ "a section read in part, everything found: compliant all the same",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_TRUNCATED, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 0, NULL, 0, 0 },
	/* Rule errors: a link of which the rules could not tell whether it is the order. */
	{ "a rule error, the order found nowhere else: unchecked, and nothing missing: incomplete",
	  { { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_INCOMPLETE, UNCHECKED_RULE_ERROR, { false, true }, { false, false }, 0,
	  RULE_ERROR_LINE, BIT(ORDER), BIT(ORDER) },
	{ "a rule error, the order found by another link: found, the error said all the same",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_COMPLIANT, UNCHECKED_NONE, { true, true }, { false, false }, 0,
	  RULE_ERROR_LINE, BIT(ORDER), 0 },
	{ "a rule error on the order, the programmes missing: noncompliant, the order unchecked",
	  { { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_NONCOMPLIANT, UNCHECKED_RULE_ERROR, { false, false }, { false, false }, 0,
	  RULE_ERROR_LINE, BIT(ORDER), BIT(ORDER) },
	{ "a rule error on each: nothing known missing, incomplete",
	  { { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_INCOMPLETE, UNCHECKED_RULE_ERROR, { false, false }, { false, false }, 0,
	  RULE_ERROR_LINE, BIT(ORDER) | BIT(PROGRAMS), BIT(ORDER) | BIT(PROGRAMS) },
	{ "a rule error on the order, its other link dead: broken and unchecked, not missing",
	  { { ORDER, "http://s/o.pdf", RULE_FRESH, { 404, 0, UNCHECKED_NONE, false } },
	    { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_INCOMPLETE, UNCHECKED_RULE_ERROR, { false, true }, { true, false }, 1,
	  RULE_ERROR_LINE, BIT(ORDER), BIT(ORDER) },
	{ "a rule error, and a missing document's link did not answer: unreachable says why",
	  { { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 0, 28, UNCHECKED_TIMEOUT, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_NONE, ORG_UNREACHABLE, UNCHECKED_TIMEOUT, { false, false }, { false, true }, 1,
	  RULE_ERROR_LINE, BIT(ORDER), BIT(ORDER) | BIT(PROGRAMS) },
	{ "a rule error, and the section read in part: incomplete, the part read in part says why",
	  { { PROGRAMS, "http://s/p.pdf", RULE_FRESH, { 200, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } },
	    { NONE, NULL, RULE_FRESH, { 0, 0, UNCHECKED_NONE, false } } },
	  false, UNCHECKED_LINKS_CAP, ORG_INCOMPLETE, UNCHECKED_LINKS_CAP, { false, true }, { false, false }, 0,
	  RULE_ERROR_LINE, BIT(ORDER), BIT(ORDER) },
};

static struct ruleset *rules(void)
{
	struct ruleset *rs = NULL;
	char err[256] = "";

	if (rules_parse(&rs, rules_text, sizeof(rules_text) - 1, "test.rules", err, sizeof(err)))
		fail_msg("rules_parse: %s", err);
	return rs;
}

/* Is part in one of o's findings, as the reports put them into Russian? */
static bool has_problem(const struct ruleset *rs, const struct org_result *o, const char *part)
{
	char line[REPORT_FINDING_LEN];

	for (size_t i = 0; i < o->nfindings; i++)
		if (strstr(report_finding_ru(line, sizeof(line), rs, &o->findings[i]), part))
			return true;
	return false;
}

static void run_case(const struct ruleset *rs, size_t ci)
{
	struct judge_candidate cands[3];
	struct judge_check checks[3];
	struct judge_rule_error errors[2];
	struct strvec ignored;
	struct org_result o;
	struct judge_input in = { .rules = rs, .cands = cands, .checks = checks, .ignored_urls = &ignored,
	                          .section_url = "http://s/nastavnichestvo/", .partial = cases[ci].partial };
	size_t n = 0;

	strvec_init(&ignored, 0);
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	for (size_t i = 0; i < 3 && cases[ci].cands[i].doc != NONE; i++, n++) {
		const struct cand_spec *c = &cases[ci].cands[i];

		checks[n] = (struct judge_check){ .url = (char *)c->url, .done = true,
			.unverified = c->check.unverified, .unreachable = c->check.curl_code != 0,
			.cause = c->check.cause, .status = c->check.status, .curl_code = c->check.curl_code,
			.content_type = "application/pdf", .error = "transfer error", .record = { "", -1 } };
		cands[n] = (struct judge_candidate){ .doc = (size_t)c->doc, .url = (char *)c->url,
			.title = "title", .page = "http://s/nastavnichestvo/", .source = RULE_SRC_TEXT,
			.line = 3, .freshness = c->freshness, .check = n };
	}
	in.ncands = in.nchecks = n;
	in.rule_errors = errors;
	for (int d = ORDER; d <= PROGRAMS; d++)
		if (cases[ci].rule_errors & BIT(d))
			errors[in.nrule_errors++] = (struct judge_rule_error){ .doc = (size_t)d, .url = "http://s/x.pdf",
				.error = { d == ORDER ? 3 : 8, PCRE2_ERROR_MATCHLIMIT } };
	if (cases[ci].ignore_first)
		assert_int_equal(strvec_push(&ignored, cands[0].url), 0);
	assert_int_equal(judge_org(&in, &o), 0);

	assert_string_equal(verdict_status_name(o.status), verdict_status_name(cases[ci].want_status));
	assert_int_equal(o.cause, cases[ci].want_cause);
	for (size_t d = 0; d < 2; d++) {
		enum doc_state want = o.docs[d].found ? DOC_FOUND
		                      : cases[ci].want_unchecked & BIT(d) ? DOC_UNCHECKED : DOC_MISSING;

		assert_int_equal(o.docs[d].found, cases[ci].want_found[d]);
		assert_int_equal(o.docs[d].broken, cases[ci].want_broken[d]);
		assert_string_equal(verdict_doc_state_name(verdict_doc_state(&o, d)), verdict_doc_state_name(want));
	}
	assert_int_equal(o.nrejected, cases[ci].want_rejected);
	if (cases[ci].want_problem)
		assert_true(has_problem(rs, &o, cases[ci].want_problem));
	else
		assert_int_equal(o.nfindings, 0);
	assert_string_equal(o.section_url, "http://s/nastavnichestvo/");
	verdict_org_clear(&o);
	strvec_free(&ignored);
}

/* No section found: so when everything was read, not known when a page was read in part. */
static void test_no_section_read_in_part(void **state)
{
	static const struct {
		enum unchecked_cause partial;
		enum org_status want;
	} rows[] = {
		{ UNCHECKED_NONE, ORG_NO_SECTION },
		{ UNCHECKED_PAGE_COMPLEX, ORG_UNREACHABLE },
		{ UNCHECKED_TRUNCATED, ORG_UNREACHABLE },
	};
	struct ruleset *rs = rules();
	struct strvec ignored;

	(void)state;
	strvec_init(&ignored, 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct judge_input in = { .rules = rs, .ignored_urls = &ignored, .partial = rows[i].partial };
		struct org_result o;

		verdict_org_init(&o, NULL);
		o.status = ORG_NO_SECTION;
		assert_int_equal(judge_org(&in, &o), 0);
		assert_string_equal(verdict_status_name(o.status), verdict_status_name(rows[i].want));
		assert_int_equal(o.cause, rows[i].partial);
		assert_int_equal(verdict_doc_state(&o, 0), rows[i].partial ? DOC_UNCHECKED : DOC_MISSING);
		verdict_org_clear(&o);
	}
	strvec_free(&ignored);
	rules_free(rs);
}

static void test_cases(void **state)
{
	struct ruleset *rs = rules();

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("case: %s\n", cases[i].name);
		run_case(rs, i);
	}
	rules_free(rs);
}

/* What was found carries its evidence: the rule line, the link's answer, the freshness. */
static void test_found_evidence(void **state)
{
	struct ruleset *rs = rules();
	struct judge_check k = { .url = "http://s/p.pdf", .done = true, .status = 200,
	                         .content_type = "application/pdf", .error = "", .record = { "", -1 } };
	struct judge_candidate c = { .doc = PROGRAMS, .url = "http://s/p.pdf", .title = "Персонализированная программа",
	                             .page = "http://s/n/", .source = RULE_SRC_FILENAME, .line = 9,
	                             .freshness = RULE_FRESH, .check = 0 };
	struct judge_input in = { .rules = rs, .cands = &c, .ncands = 1, .checks = &k, .nchecks = 1 };
	struct org_result o;

	(void)state;
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	assert_int_equal(judge_org(&in, &o), 0);
	assert_true(o.docs[PROGRAMS].found);
	assert_string_equal(o.docs[PROGRAMS].pattern, "test.rules:9");
	assert_string_equal(o.docs[PROGRAMS].source, "filename");
	assert_string_equal(o.docs[PROGRAMS].freshness, "fresh");
	assert_int_equal(o.docs[PROGRAMS].http_status, 200);
	assert_string_equal(o.docs[PROGRAMS].content_type, "application/pdf");
	assert_null(o.section_url);
	/* The order has no candidate: missing, and the organisation noncompliant. */
	assert_false(o.docs[ORDER].found);
	assert_int_equal(o.status, ORG_NONCOMPLIANT);
	verdict_org_clear(&o);
	rules_free(rs);
}

/* A status set while fetching stands when the section was never reached. */
static void test_unreached_status_stands(void **state)
{
	struct ruleset *rs = rules();
	struct judge_input in = { .rules = rs };
	struct org_result o;

	(void)state;
	verdict_org_init(&o, NULL);
	o.status = ORG_BLOCKED;
	o.cause = UNCHECKED_ROBOTS;
	assert_int_equal(judge_org(&in, &o), 0);
	assert_int_equal(o.status, ORG_BLOCKED);
	assert_int_equal(o.cause, UNCHECKED_ROBOTS);
	assert_int_equal(verdict_doc_state(&o, ORDER), DOC_UNCHECKED);
	verdict_org_clear(&o);
	rules_free(rs);
}

/* A check refused for its address: the link leads into a private network. */
static struct judge_check refused_check(const char *url, const char *address)
{
	return (struct judge_check){ .url = (char *)url, .done = true, .curl_code = 7, .content_type = "",
	                             .error = "not connected", .refused_address = (char *)address,
	                             .record = { "", -1 } };
}

static struct judge_check ok_check(const char *url)
{
	return (struct judge_check){ .url = (char *)url, .done = true, .status = 200,
	                             .content_type = "application/pdf", .error = "", .record = { "", -1 } };
}

static struct judge_candidate candidate(size_t doc, const char *url, size_t check)
{
	return (struct judge_candidate){ .doc = doc, .url = (char *)url, .title = "title",
	                                 .page = "http://s/nastavnichestvo/", .source = RULE_SRC_TEXT, .line = 3,
	                                 .freshness = RULE_FRESH, .check = check };
}

/*
 * A document link into a private network is no published document: the
 * document is broken (missing, not "not checked"), with its own finding and
 * not the broken-link one; another live link of the same document counts.
 */
static void test_refused_links(void **state)
{
	struct ruleset *rs = rules();
	struct judge_check checks[3] = {
		ok_check("http://s/o.pdf"), refused_check("http://intranet.s/p.pdf", "10.0.0.5"),
		ok_check("http://s/p2.pdf"),
	};
	struct judge_candidate cands[3] = {
		candidate(ORDER, "http://s/o.pdf", 0), candidate(PROGRAMS, "http://intranet.s/p.pdf", 1),
		candidate(PROGRAMS, "http://s/p2.pdf", 2),
	};
	struct judge_input in = { .rules = rs, .cands = cands, .ncands = 2, .checks = checks, .nchecks = 3 };
	struct org_result o;

	(void)state;
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	assert_int_equal(judge_org(&in, &o), 0);
	assert_int_equal(o.status, ORG_NONCOMPLIANT);
	assert_int_equal(o.cause, UNCHECKED_NONE);
	assert_true(o.docs[ORDER].found);
	assert_false(o.docs[PROGRAMS].found);
	assert_true(o.docs[PROGRAMS].broken);
	assert_string_equal(o.docs[PROGRAMS].broken_url, "http://intranet.s/p.pdf");
	assert_int_equal(verdict_doc_state(&o, PROGRAMS), DOC_MISSING);
	assert_int_equal(o.nrejected, 1);
	assert_int_equal(o.nfindings, 1);
	assert_int_equal(o.findings[0].kind, FIND_DOC_PRIVATE_ADDRESS);
	assert_true(has_problem(rs, &o, "ссылка на документ «Программы» ведёт на внутренний адрес сети (10.0.0.5) — "
	                                "не открывалась, документ не засчитан: http://intranet.s/p.pdf"));
	assert_false(has_problem(rs, &o, "битая ссылка"));
	verdict_org_clear(&o);

	/* The same with a live link after it: found there; the refused one is still said. */
	in.ncands = 3;
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	assert_int_equal(judge_org(&in, &o), 0);
	assert_int_equal(o.status, ORG_COMPLIANT);
	assert_true(o.docs[PROGRAMS].found);
	assert_string_equal(o.docs[PROGRAMS].url, "http://s/p2.pdf");
	assert_false(o.docs[PROGRAMS].broken);
	assert_true(has_problem(rs, &o, "(10.0.0.5)"));
	verdict_org_clear(&o);
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_section_read_in_part),
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_found_evidence),
		cmocka_unit_test(test_unreached_status_stands),
		cmocka_unit_test(test_refused_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
