/*
 * test_schema.c - reading results.json back through its field tables:
 * files of schema 1, what is refused and why, the run's head and the
 * registry rows merge rebuilds. (test_restore.c checks that writing,
 * reading and writing again gives the same bytes.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/registry.h"
#include "reports/report.h"
#include "reports/schema.h"
#include "rules/builtin.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static struct ruleset *rs;

static int setup(void **state)
{
	char err[256];

	(void)state;
	return rules_load_or_builtin(&rs, NULL, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	rules_free(rs);
	return 0;
}

static json_t *parse(const char *text)
{
	json_error_t jerr;
	json_t *v = json_loads(text, 0, &jerr);

	if (!v)
		fail_msg("test JSON: %s", jerr.text);
	return v;
}

/* Read item into a fresh organisation; the return code, err filled. */
static int read_org(struct org_result *o, const char *item, char *err, size_t errlen)
{
	json_t *v = parse(item);
	int rc;

	verdict_org_init(o, NULL);
	rc = schema_read_org(o, v, rs, err, errlen);
	json_decref(v);
	return rc;
}

/* Schema 1 had problems as text only, and counted what it dropped in a last line. */
static void test_schema1_org(void **state)
{
	struct org_result o;
	char err[256] = "";

	(void)state;
	assert_int_equal(read_org(&o,
		"{\"id\": \"7\", \"status\": \"noncompliant\", \"section_reached\": true,"
		" \"documents\": {\"order\": {\"found\": true, \"url\": \"http://s.test/p.pdf\","
		" \"http_status\": 200, \"freshness\": \"fresh\"}},"
		" \"problems\": [\"Первая\", \"Вторая\", \"(+4 more problems not kept)\"],"
		" \"rejected\": [{\"url\": \"http://s.test/x.pdf\", \"reason\": \"stale\", \"detail\": \"2023\"},"
		" \"(+2 more rejected candidates not kept)\"]}", err, sizeof(err)), 0);
	assert_int_equal(o.status, ORG_NONCOMPLIANT);
	assert_true(o.section_reached);
	assert_int_equal(o.cause, UNCHECKED_NONE);
	assert_true(o.docs[0].found);
	assert_int_equal(o.docs[0].http_status, 200);
	assert_string_equal(o.docs[0].freshness, "fresh");
	assert_int_equal(o.nfindings, 2);
	assert_int_equal(o.findings[0].kind, FIND_TEXT);
	assert_string_equal(o.findings[1].detail, "Вторая");
	assert_int_equal(o.findings_dropped, 4);
	assert_int_equal(o.nrejected, 1);
	assert_int_equal(o.rejected[0].reason, REJECT_STALE);
	assert_int_equal(o.rejected[0].doc, -1);
	assert_int_equal(o.rejected_dropped, 2);
	verdict_org_clear(&o);
}

/* What cannot be read back is refused with one line saying what. */
static void test_refused(void **state)
{
	static const struct {
		const char *item, *says;
	} cases[] = {
		{ "{\"id\": \"1\"}", "an organisation without a known status" },
		{ "{\"status\": \"fine\"}", "an organisation without a known status" },
		{ "[1]", "an organisation without a known status" },
		{ "{\"status\": \"compliant\", \"documents\": {\"diploma\": {}}}",
		  "document 'diploma' is not in the rule file" },
		{ "{\"status\": \"blocked\", \"unchecked_reason\": \"moon\"}", "unknown unchecked_reason 'moon'" },
		{ "{\"status\": \"compliant\", \"rejected\": [{\"reason\": \"ugly\"}]}",
		  "rejected[0]: unknown reason" },
	};
	struct org_result o;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		assert_int_equal(read_org(&o, cases[i].item, err, sizeof(err)), -1);
		assert_string_equal(err, cases[i].says);
		verdict_org_clear(&o);
	}
}

/* The head of a shard's file, and its registry issues, as merge reads them. */
static void test_head(void **state)
{
	json_t *root = parse("{\"as_of\": \"2026-11-22\", \"generated_at\": \"t\", \"registry\": \"r.csv\","
	                     " \"shard\": {\"index\": 2, \"count\": 3}, \"organizations\": [],"
	                     " \"registry_issues\": [{\"line\": 9, \"reason\": \"bad\"}],"
	                     " \"registry_issues_dropped\": 5}");
	struct report_input in = { 0 };
	struct registry reg = { 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(schema_read_head(&in, &reg, root, err, sizeof(err)), 0);
	assert_string_equal(in.as_of, "2026-11-22");
	assert_string_equal(in.registry_path, "r.csv");
	assert_null(in.warc_path);
	assert_int_equal(in.shard_index, 2);
	assert_int_equal(in.shard_count, 3);
	assert_int_equal(reg.nissues, 1);
	assert_int_equal(reg.issues[0].line, 9);
	assert_string_equal(reg.issues[0].reason, "bad");
	assert_int_equal(reg.issues_dropped, 5);
	free(reg.issues[0].reason);
	free(reg.issues);
	json_decref(root);
}

static int count_found(void *ctx, const char *key, bool found)
{
	(void)key;
	*(size_t *)ctx += found;
	return 0;
}

/* The registry row an organisation's item carries, and what diff compares. */
static void test_row_and_brief(void **state)
{
	json_t *item = parse("{\"id\": \"12\", \"name\": \"Школа\", \"url\": \"http://s.test/\", \"status\": "
	                     "\"compliant\", \"documents\": {\"order\": {\"found\": true}, \"roadmap\": "
	                     "{\"found\": false}}, \"extra\": {\"Район\": \"Северный\"}, \"line\": 4}");
	struct schema_row row;
	size_t nfound = 0;

	(void)state;
	schema_read_row(&row, item);
	assert_string_equal(row.id, "12");
	assert_string_equal(row.name, "Школа");
	assert_string_equal(row.url, "http://s.test/");
	assert_int_equal(row.line, 4);
	assert_string_equal(json_string_value(json_object_get(row.extra, "Район")), "Северный");
	assert_string_equal(schema_org_status(item), "compliant");
	assert_int_equal(schema_org_documents(item, count_found, &nfound), 0);
	assert_int_equal(nfound, 1);
	json_decref(item);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema1_org),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_row_and_brief),
	};

	return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
