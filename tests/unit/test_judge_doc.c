/*
 * test_judge_doc.c - the judge reading what a document's file showed
 * (rules/judge_doc.c), one table row per situation of issue 16: a link
 * naming one document, its file read (its type, why it gave no text, what
 * its title blocks name), and what counts.
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

#include "core/strvec.h"
#include "rules/judge.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* order is required; programs is required and must be of the current year. */
static const char rules_text[] =
	"[document order]\n"
	"name = Приказ о внедрении целевой модели наставничества\n"
	"match = приказ.{0,80}наставничеств\n"
	"[document programs]\n"
	"name = Персонализированные программы наставничества\n"
	"fresh = yes\n"
	"match = персонализ\\w* программ\n"
	"[content]\n"
	"organisation = (?:СОШ|сад)\\W{0,3}№\\s?(\\d+)\n";

/* The registry's name of the organisation audited. */
#define ORG_NAME "МБОУ «СОШ № 7»"

enum { ORDER, PROGRAMS, NONE = -1 };

/* What the file showed: a failure, or facts naming up to two documents. */
struct file_spec {
	enum doc_type type;
	enum doc_failure failure;
	int fact_doc[2];                   /* NONE: no such fact */
	bool fact_excluded;                /* the facts are excluded ones */
	enum rule_freshness fact_freshness;
	size_t words;                      /* words of its text layer */
	bool ocr;                          /* its text was recognised (OCR, or a scan's text layer) */
	unsigned issuer;                   /* the organisation its title blocks name by number; 0: none */
};

static const struct {
	const char *name;
	int link_doc;                      /* what the link names; NONE: a file link naming nothing */
	enum rule_freshness link_freshness;
	bool names_file;                   /* the URL names a file (.pdf) */
	struct file_spec file;
	bool want_found[2];
	const char *want_recognised[2];    /* "link", "heading", NULL when not found */
	const char *want_freshness;        /* of the programmes, when found */
	enum reject_reason want_reject;    /* REJECT_COUNT: none of the judge's own */
	bool lists_files;                  /* the link opened a list of documents (src/card.c) */
} cases[] = {
	{ "an empty file is no document, whatever its link says",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_EMPTY, DOC_FAIL_EMPTY, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_NOT_DOCUMENT, false },
	{ "a blank PDF (no text, no image) is no document",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NO_TEXT, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_NOT_DOCUMENT, false },
	{ "a web page at a .pdf link (a soft 404) is no document",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_HTML, DOC_FAIL_NOT_DOCUMENT, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_NOT_DOCUMENT, false },
	{ "a web page at a link naming no file (a card, a cloud disk): the link decides",
	  ORDER, RULE_FRESH, false, { DOC_TYPE_HTML, DOC_FAIL_NOT_DOCUMENT, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { true, false }, { "link", NULL }, NULL, REJECT_COUNT, false },
	{ "a damaged file may open elsewhere: the link decides",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_CORRUPT, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { true, false }, { "link", NULL }, NULL, REJECT_COUNT, false },
	{ "a PDF cut short (an interrupted upload: no viewer shows a page) is no document",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_TRUNCATED, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_NOT_DOCUMENT, false },
	{ "an image OCR recognised no words in (faint, or not decoded) is unread: the link decides",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_OCR_NO_WORDS, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { true, false }, { "link", NULL }, NULL, REJECT_COUNT, false },
	{ "a text too short to tell (a one-line stub) that names nothing: the link decides",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { NONE, NONE }, false, RULE_UNDATED, 39, false, 0 },
	  { true, false }, { "link", NULL }, NULL, REJECT_COUNT, false },
	{ "a recognised text (a scan) that names nothing: the link decides",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { NONE, NONE }, false, RULE_UNDATED, 400, true, 0 },
	  { true, false }, { "link", NULL }, NULL, REJECT_COUNT, false },
	{ "a text layer long enough to tell that names no document (a plan, a route): none",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { NONE, NONE }, false, RULE_UNDATED, 40, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_CONTENT_SILENT, false },
	{ "its heading names it: recognised by the heading",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, NONE }, false, RULE_FRESH, 0, false, 0 },
	  { true, false }, { "heading", NULL }, NULL, REJECT_COUNT, false },
	{ "a link to the order whose file is the programmes: the content decides",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { PROGRAMS, NONE }, false, RULE_FRESH, 0, false, 0 },
	  { false, true }, { NULL, "heading" }, "fresh", REJECT_CONTENT_OTHER, false },
	{ "an undated link, programmes dated by their own text: fresh",
	  PROGRAMS, RULE_UNDATED, true, { DOC_TYPE_DOCX, DOC_FAIL_NONE, { PROGRAMS, NONE }, false, RULE_FRESH, 0, false, 0 },
	  { false, true }, { NULL, "heading" }, "fresh", REJECT_COUNT, false },
	{ "a dated link, programmes of 2023 by their own text: stale",
	  PROGRAMS, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { PROGRAMS, NONE }, false, RULE_STALE, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_STALE, false },
	{ "a programme for a pupil does not count",
	  PROGRAMS, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { PROGRAMS, NONE }, true, RULE_FRESH, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_CONTENT_EXCLUDED, false },
	{ "a link naming nothing («Скачать»), its file the order: found by its content",
	  NONE, RULE_UNDATED, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, NONE }, false, RULE_FRESH, 0, false, 0 },
	  { true, false }, { "heading", NULL }, NULL, REJECT_COUNT, false },
	{ "one file, the order and the programmes (an appendix): both found",
	  NONE, RULE_UNDATED, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, PROGRAMS }, false, RULE_FRESH, 0, false, 0 },
	  { true, true }, { "heading", "heading" }, "fresh", REJECT_COUNT, false },
	{ "the order of another school («СОШ № 5», the registry's is № 7) does not count",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, NONE }, false, RULE_FRESH, 0, false, 5 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_CONTENT_OTHER_ORG, false },
	{ "another school's programmes behind a link naming nothing are not found by their content",
	  NONE, RULE_UNDATED, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { PROGRAMS, NONE }, false, RULE_FRESH, 0, false, 5 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_COUNT, false },
	{ "the school's own order («СОШ № 7»): found by its heading",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, NONE }, false, RULE_FRESH, 0, false, 7 },
	  { true, false }, { "heading", NULL }, NULL, REJECT_COUNT, false },
	{ "the city department's order behind the pair order's title is a higher body's act",
	  ORDER, RULE_FRESH, true, { DOC_TYPE_PDF, DOC_FAIL_NONE, { ORDER, NONE }, false, RULE_FRESH, 0, false, 99 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_HIGHER_ACT, false },
	{ "a link that opened a list of documents is no document itself",
	  ORDER, RULE_FRESH, false, { DOC_TYPE_HTML, DOC_FAIL_NOT_DOCUMENT, { NONE, NONE }, false, RULE_UNDATED, 0, false, 0 },
	  { false, false }, { NULL, NULL }, NULL, REJECT_NOT_DOCUMENT, true },
};

static struct ruleset *rules;

static int setup(void **state)
{
	char err[256];

	(void)state;
	return rules_parse(&rules, rules_text, strlen(rules_text), "test.rules", err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	rules_free(rules);
	return 0;
}

/* The file read as the row says. */
static void make_document(struct judge_document *doc, const struct file_spec *f)
{
	memset(doc, 0, sizeof(*doc));
	doc->type = f->type;
	doc->failure = f->failure;
	doc->bytes = 1234;
	doc->ocr = f->ocr;
	doc->content.text_words = f->ocr ? 0 : f->words;
	for (size_t i = 0; i < 2; i++) {
		struct content_fact *cf;

		if (f->fact_doc[i] == NONE)
			continue;
		cf = &doc->content.facts[doc->content.nfacts++];
		*cf = (struct content_fact){ .doc = (size_t)f->fact_doc[i], .excluded = f->fact_excluded,
		                             .page = (unsigned)i + 1, .line = 7, .freshness = f->fact_freshness };
		strcpy(cf->heading, f->fact_doc[i] == ORDER ? "ПРИКАЗ О внедрении" : "ПЕРСОНАЛИЗИРОВАННАЯ ПРОГРАММА");
		/* 99: no organisation's number, a higher body's letterhead. */
		if (f->issuer == 99) {
			cf->higher_body = "regional or municipal act";
			continue;
		}
		if (f->issuer) {
			cf->issuers[cf->nissuers++] = f->issuer;
			snprintf(cf->issuer, sizeof(cf->issuer), "СОШ № %u", f->issuer);
		}
	}
}

static bool rejected_for(const struct org_result *o, enum reject_reason reason)
{
	for (size_t i = 0; i < o->nrejected; i++)
		if (o->rejected[i].reason == reason)
			return true;
	return false;
}

static void run_case(size_t ci)
{
	struct judge_document doc;
	unsigned org_numbers[CAP_CONTENT_ISSUERS];
	size_t norg_numbers = rules_org_numbers(rules, ORG_NAME, strlen(ORG_NAME), org_numbers, CAP_CONTENT_ISSUERS,
	                                        NULL, 0);
	struct judge_check check = { .url = "http://s/f.pdf", .page = "http://s/nastavnichestvo/", .done = true,
	                             .status = 200, .content_type = "application/pdf", .error = "",
	                             .record = { "", -1 }, .document = &doc,
	                             .names_file = cases[ci].names_file, .lists_files = cases[ci].lists_files };
	struct judge_candidate cand = { .doc = (size_t)cases[ci].link_doc, .url = "http://s/f.pdf", .title = "title",
	                                .page = "http://s/nastavnichestvo/", .source = RULE_SRC_TEXT, .line = 3,
	                                .freshness = cases[ci].link_freshness, .check = 0 };
	struct judge_input in = { .rules = rules, .cands = &cand, .ncands = cases[ci].link_doc == NONE ? 0 : 1,
	                          .checks = &check, .nchecks = 1, .section_url = "http://s/nastavnichestvo/",
	                          .org_numbers = org_numbers, .norg_numbers = norg_numbers };
	struct org_result o;

	print_message("%s\n", cases[ci].name);
	make_document(&doc, &cases[ci].file);
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	assert_int_equal(judge_org(&in, &o), 0);
	for (size_t d = 0; d < 2; d++) {
		assert_int_equal(o.docs[d].found, cases[ci].want_found[d]);
		if (!o.docs[d].found)
			continue;
		assert_string_equal(o.docs[d].recognised, cases[ci].want_recognised[d]);
		assert_string_equal(o.docs[d].file_type, doc_type_name(cases[ci].file.type));
		assert_int_equal(o.docs[d].file_bytes, 1234);
		if (strcmp(cases[ci].want_recognised[d], "heading") == 0)
			assert_non_null(o.docs[d].heading);
	}
	if (o.docs[PROGRAMS].found)
		assert_string_equal(o.docs[PROGRAMS].freshness, cases[ci].want_freshness);
	if (cases[ci].want_reject != REJECT_COUNT)
		assert_true(rejected_for(&o, cases[ci].want_reject));
	else
		assert_int_equal(o.nrejected, 0);
	verdict_org_clear(&o);
}

static void test_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_case(i);
}

/*
 * A link of an older year («… на 2025-2026 учебный год»): section.c rejects
 * it as stale and still has its file read (link_stale). Its own text of the
 * current year makes it found, and the stale rejection goes; an undated
 * text leaves the link's year standing.
 */
static void stale_link_case(enum rule_freshness text_year, bool want_found)
{
	struct judge_document doc;
	struct judge_check check = { .url = "http://s/f.pdf", .page = "http://s/nastavnichestvo/", .done = true,
	                             .status = 200, .content_type = "application/pdf", .error = "",
	                             .record = { "", -1 }, .document = &doc, .names_file = true,
	                             .link_stale = true };
	struct judge_input in = { .rules = rules, .checks = &check, .nchecks = 1,
	                          .section_url = "http://s/nastavnichestvo/" };
	const struct file_spec file = { DOC_TYPE_PDF, DOC_FAIL_NONE, { PROGRAMS, NONE }, false, text_year, 0, false, 0 };
	struct org_result o;

	make_document(&doc, &file);
	verdict_org_init(&o, NULL);
	o.section_reached = true;
	assert_int_equal(verdict_add_rejected(&o, "http://s/f.pdf", "title", "http://s/nastavnichestvo/", PROGRAMS,
	                                      REJECT_STALE, "2025-2026"), 0);
	assert_int_equal(judge_org(&in, &o), 0);
	assert_int_equal(o.docs[PROGRAMS].found, want_found);
	assert_int_equal(rejected_for(&o, REJECT_STALE), !want_found);
	if (want_found)
		assert_string_equal(o.docs[PROGRAMS].freshness, "fresh");
	verdict_org_clear(&o);
}

static void test_stale_link(void **state)
{
	(void)state;
	stale_link_case(RULE_FRESH, true);
	stale_link_case(RULE_UNDATED, false);
	stale_link_case(RULE_STALE, false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_stale_link),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
