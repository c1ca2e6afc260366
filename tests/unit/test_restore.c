/*
 * test_restore.c - a verdict written to results.json and read back is the
 * same verdict: writing it again gives the same bytes (the ground --resume
 * and merging shards stand on). The same through the run's journal, from
 * which an audit writes its reports.
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
#include <sys/stat.h>
#include <unistd.h>

#include "parsers/registry.h"
#include "reports/report.h"
#include "rules/builtin.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"
#include "reports/schema.h"
#include "src/journal.h"
#include "src/store.h"

#define NORGS 4

static char *render(const struct report_input *in)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(report_json(f, in), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static void set(char **field, const char *value)
{
	*field = strdup(value);
	assert_non_null(*field);
}

static void fill(struct org_result *o, const struct ruleset *rs)
{
	struct evidence_ref page = { "<urn:uuid:00000000-0000-4000-8000-000000000001>", 3544 };
	struct evidence_ref link = { "<urn:uuid:00000000-0000-4000-8000-000000000002>", 39644 };
	struct doc_result *d;

	/* 0: compliant, every field a found document has, archived. */
	set(&o[0].section_url, "https://s1.test/nastavnichestvo/");
	o[0].section_reached = true;
	for (size_t i = 0; i < rules_doc_count(rs); i++) {
		d = &o[0].docs[i];
		d->found = true;
		set(&d->url, "https://s1.test/doc.pdf");
		set(&d->title, "Приказ «О наставничестве» \"2026\"");
		set(&d->page, "https://s1.test/nastavnichestvo/");
		set(&d->source, "text");
		set(&d->content_type, "application/pdf");
		set(&d->pattern, "built-in rules:35");
		d->http_status = 200;
		d->freshness = rules_doc(rs, i)->fresh ? rules_freshness_name(RULE_FRESH) : NULL;
		d->page_record = page;
		d->link_record = link;
	}
	o[0].pages_fetched = 3;
	o[0].links_checked = 7;
	assert_int_equal(verdict_add_evidence(&o[0], "https://s1.test/nastavnichestvo/", 200, &page), 0);
	verdict_score(rs, &o[0]);

	/* 1: noncompliant with a dead link, rejections past the cap, problems past the cap. */
	set(&o[1].section_url, "https://s2.test/n/");
	o[1].section_reached = true;
	d = &o[1].docs[1];
	d->broken = true;
	set(&d->broken_url, "https://s2.test/polozhenie.pdf");
	for (size_t i = 0; i < CAP_REJECTED_PER_ORG + 3; i++) {
		char url[64];

		snprintf(url, sizeof(url), "https://s2.test/old%zu.pdf", i);
		assert_int_equal(verdict_add_rejected(&o[1], url, "Приказ на 2024-2025", "https://s2.test/n/",
		                                      i % 2 ? 0 : -1, REJECT_STALE, "2024-2025"), 0);
	}
	for (size_t i = 0; i < CAP_PROBLEMS_PER_ORG + 2; i++) {
		char big[64];
		struct finding f = { .kind = FIND_PAGE_TRUNCATED, .doc = -1, .url = big };

		snprintf(big, sizeof(big), "https://s2.test/big%zu.html", i);
		assert_int_equal(verdict_add_finding(&o[1], &f), 0);
	}
	{
		/* Every argument a finding has, read back as it was written. */
		struct finding f = { .kind = FIND_BROKEN_LINK, .doc = 1, .url = "https://s2.test/dead.pdf",
		                     .detail = "2024-2025", .cap = 7, .count = 3,
		                     .failure = { .cause = UNCHECKED_TIMEOUT, .code = 504, .transfer_error = true,
		                                  .redirect_refused = true } };

		assert_int_equal(verdict_add_finding(&o[0], &f), 0);
	}
	{
		/* A rule the order could not be told by, past the cap: the order is unchecked, not missing. */
		struct finding f = { .kind = FIND_RULE_ERROR, .doc = 0, .url = "https://s2.test/x.pdf",
		                     .detail = "built-in rules:35: match limit exceeded",
		                     .failure = { .cause = UNCHECKED_RULE_ERROR } };

		assert_int_equal(verdict_add_finding(&o[1], &f), 0);
	}
	verdict_score(rs, &o[1]);
	o[1].cause = UNCHECKED_RULE_ERROR;

	/* 2: blocked with its reason; 3: an invalid URL. */
	o[2].status = ORG_BLOCKED;
	set(&o[2].reason, "robots.txt answered HTTP 503 (RFC 9309: disallowed while it fails)");
	{
		struct finding robots = { .kind = FIND_ROBOTS_ERROR, .doc = -1,
		                          .failure = { .cause = UNCHECKED_ROBOTS_ERROR, .code = 503, .transfer_error = true } };
		struct finding bad = { .kind = FIND_INVALID_URL, .doc = -1, .url = "не URL" };

		assert_int_equal(verdict_add_finding(&o[2], &robots), 0);
		o[3].status = ORG_INVALID_URL;
		assert_int_equal(verdict_add_finding(&o[3], &bad), 0);
	}
}

/* NORGS registry rows, ids "1".."4", and their organisations initialised. */
static void make_rows(struct registry_row *rows, char (*ids)[4], struct org_result *orgs)
{
	for (size_t i = 0; i < NORGS; i++) {
		snprintf(ids[i], sizeof(ids[i]), "%zu", i + 1);
		rows[i] = (struct registry_row){ .line = i + 2, .id = ids[i], .name = "Школа",
		                                 .url = "https://s.test/", .repeats = -1 };
		verdict_org_init(&orgs[i], &rows[i]);
	}
}

static void test_round_trip(void **state)
{
	struct registry_row rows[NORGS];
	char ids[NORGS][4];
	struct registry reg = { .rows = rows, .nrows = NORGS, .delimiter = ',', .encoding = "utf-8" };
	struct org_result before[NORGS], after[NORGS];
	struct ruleset *rs = NULL;
	struct report_input in = {
		.as_of = "2026-11-22", .generated_at = "2026-11-22T00:00:00Z", .registry_path = "r.csv",
		.registry = &reg, .norgs = NORGS, .warc_path = "e.warc.gz",
	};
	char err[256] = "", *first, *second;
	json_t *root, *orgs;
	json_error_t jerr;

	(void)state;
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	in.rules = rs;
	make_rows(rows, ids, before);
	make_rows(rows, ids, after);
	fill(before, rs);
	in.orgs = before;
	first = render(&in);

	root = json_loads(first, 0, &jerr);
	assert_non_null(root);
	orgs = json_object_get(root, "organizations");
	assert_int_equal(json_array_size(orgs), NORGS);
	for (size_t i = 0; i < NORGS; i++)
		if (schema_read_org(&after[i], json_array_get(orgs, i), rs, err, sizeof(err)))
			fail_msg("schema_read_org %zu: %s", i, err);
	in.orgs = after;
	second = render(&in);
	assert_string_equal(second, first);
	assert_int_equal(after[1].rejected_dropped, 3);
	assert_int_equal(after[1].findings_dropped, 2);
	assert_int_equal(after[0].nfindings, 1);
	assert_int_equal(after[0].findings[0].kind, FIND_BROKEN_LINK);
	assert_int_equal(after[0].findings[0].doc, 1);
	assert_int_equal(after[0].findings[0].failure.cause, UNCHECKED_TIMEOUT);
	assert_int_equal(after[0].findings[0].failure.code, 504);
	assert_true(after[0].findings[0].failure.redirect_refused);
	assert_int_equal(after[0].findings[0].count, 3);
	assert_string_equal(after[0].findings[0].detail, "2024-2025");
	assert_true(after[1].docs[1].broken);
	assert_int_equal(after[1].nfindings, CAP_PROBLEMS_PER_ORG + 1);
	assert_int_equal(after[1].findings[CAP_PROBLEMS_PER_ORG].kind, FIND_RULE_ERROR);
	assert_string_equal(after[1].findings[CAP_PROBLEMS_PER_ORG].detail, "built-in rules:35: match limit exceeded");
	assert_int_equal(after[1].findings[CAP_PROBLEMS_PER_ORG].failure.cause, UNCHECKED_RULE_ERROR);
	assert_int_equal(after[1].cause, UNCHECKED_RULE_ERROR);
	assert_int_equal(after[1].status, ORG_NONCOMPLIANT);
	assert_int_equal(verdict_doc_state(&after[1], 0), DOC_UNCHECKED);
	assert_int_equal(verdict_doc_state(&after[1], 2), DOC_MISSING);

	/* An object that is not an organisation is refused with a reason. */
	verdict_org_clear(&after[0]);
	verdict_org_init(&after[0], &rows[0]);
	{
		json_t *not_org = json_string("x");

		assert_int_equal(schema_read_org(&after[0], not_org, rs, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
		json_decref(not_org);
	}

	json_decref(root);
	for (size_t i = 0; i < NORGS; i++) {
		verdict_org_clear(&before[i]);
		verdict_org_clear(&after[i]);
	}
	free(first);
	free(second);
	rules_free(rs);
}

static int count_entry(void *ctx, size_t index, const struct org_result *o)
{
	(void)index;
	(void)o;
	++*(size_t *)ctx;
	return 0;
}

static long long file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (long long)st.st_size;
}

/*
 * An audit's organisations finish in any order and go to the journal; the
 * reports read them back in registry order and say what the array would.
 * A resumed journal with a record cut short is cut back to its whole ones.
 */
static void test_journal_store(void **state)
{
	struct registry_row rows[NORGS];
	char ids[NORGS][4], dir[] = "/tmp/ma-journal-XXXXXX", path[64], as_of[16];
	struct registry reg = { .rows = rows, .nrows = NORGS, .delimiter = ',', .encoding = "utf-8" };
	struct org_result orgs[NORGS];
	struct ruleset *rs = NULL;
	struct report_input in = {
		.as_of = "2026-11-22", .generated_at = "2026-11-22T00:00:00Z", .registry_path = "r.csv",
		.registry = &reg, .norgs = NORGS,
	};
	struct journal_key key = { .registry_path = "r.csv", .registry_digest = 42, .rows = NORGS,
	                           .as_of = "2026-11-22", .rules = "built-in" };
	static const size_t order[NORGS] = { 2, 0, 3, 1 };
	struct run_store st;
	struct journal *j = NULL;
	char err[256] = "", *want, *got;
	long long whole;
	size_t entries = 0;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	assert_int_equal(rules_load_or_builtin(&rs, NULL, err, sizeof(err)), 0);
	in.rules = rs;
	make_rows(rows, ids, orgs);
	fill(orgs, rs);
	in.orgs = orgs;
	want = render(&in);
	in.orgs = NULL;

	assert_int_equal(journal_open(&j, dir, &key, err, sizeof(err)), 0);
	assert_int_equal(store_init(&st, &in), 0);
	st.journal = j;
	in.org_at = store_org_at;
	in.org_ctx = &st;
	for (size_t k = 0; k < NORGS; k++)
		assert_int_equal(store_finished(&st, order[k], &orgs[order[k]], err, sizeof(err)), 0);
	assert_false(st.lost);
	got = render(&in);
	assert_string_equal(got, want);
	free(got);
	/* The summary summed as they finished is the one the array gives. */
	{
		struct run_summary whole_array;

		struct run_summary from_journal;
		size_t *stand_in = NULL;

		verdict_summarize(rs, orgs, NORGS, NULL, &whole_array);
		assert_int_equal(report_summarize(&in, &from_journal, &stand_in), 0);
		assert_null(stand_in);
		assert_memory_equal(&from_journal, &whole_array, sizeof(whole_array));
		in.summary = NULL;
	}
	store_free(&st);
	assert_int_equal(journal_close(j, false), 0);

	/* A crash cut the next record short: --resume reads the whole ones and cuts it off. */
	whole = file_size(path);
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("{\"index\": 1, \"org\":\n{\"id\": \"2\", \"na", f);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(journal_resume(&j, dir, &key, &in, count_entry, &entries, as_of, sizeof(as_of),
	                                err, sizeof(err)), 0);
	assert_non_null(j);
	assert_int_equal(entries, NORGS);
	assert_string_equal(as_of, "2026-11-22");
	assert_int_equal(file_size(path), whole);
	assert_int_equal(store_init(&st, &in), 0);
	st.journal = j;
	got = render(&in);
	assert_string_equal(got, want);
	free(got);
	store_free(&st);
	assert_int_equal(journal_close(j, true), 0);

	/* Another registry's journal is refused. */
	key.registry_digest = 43;
	assert_int_equal(journal_open(&j, dir, &key, err, sizeof(err)), 0);
	assert_int_equal(journal_close(j, false), 0);
	key.registry_digest = 42;
	assert_int_equal(journal_resume(&j, dir, &key, &in, count_entry, &entries, as_of, sizeof(as_of),
	                                err, sizeof(err)), -1);
	assert_null(j);
	assert_non_null(strstr(err, "another registry"));
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);

	for (size_t i = 0; i < NORGS; i++)
		verdict_org_clear(&orgs[i]);
	free(want);
	rules_free(rs);
}

/*
 * A run killed before its journal's header was whole finished nothing:
 * --resume starts afresh rather than refusing. A file that is no journal
 * at all is still refused.
 */
static void test_journal_headerless(void **state)
{
	static const struct {
		const char *text;   /* NULL: no file */
		int rc;
		const char *says;
	} cases[] = {
		{ NULL, 0, "no journal.json in" },
		{ "", 0, "ends before its header" },
		{ "\n  \n", 0, "ends before its header" },
		{ "{\"mentor_audit_journal\": 1, \"reg", 0, "ends before its header" },
		{ "x", -1, "line 1" },
		{ "{\"something\": 1}\n", -1, "not a mentor-audit journal" },
	};
	struct registry reg = { .nrows = 1, .delimiter = ',', .encoding = "utf-8" };
	struct report_input in = { .as_of = "2026-11-22", .registry = &reg, .norgs = 1 };
	struct journal_key key = { .registry_path = "r.csv", .registry_digest = 42, .rows = 1,
	                           .as_of = "2026-11-22", .rules = "built-in" };
	char dir[] = "/tmp/ma-journal-XXXXXX", path[64], as_of[16], err[256];
	size_t entries = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/%s", dir, JOURNAL_NAME);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct journal *j = NULL;
		FILE *f;

		if (cases[i].text) {
			f = fopen(path, "w");
			assert_non_null(f);
			fputs(cases[i].text, f);
			assert_int_equal(fclose(f), 0);
		}
		err[0] = '\0';
		assert_int_equal(journal_resume(&j, dir, &key, &in, count_entry, &entries, as_of, sizeof(as_of),
		                                err, sizeof(err)), cases[i].rc);
		assert_null(j);
		if (!strstr(err, cases[i].says))
			fail_msg("case %zu: [%s] not in [%s]", i, cases[i].says, err);
		assert_int_equal(entries, 0);
	}
	/* A new journal then replaces what was there, its header whole. */
	{
		struct journal *j = NULL;
		json_t *h;

		assert_int_equal(journal_open(&j, dir, &key, err, sizeof(err)), 0);
		assert_int_equal(journal_close(j, false), 0);
		h = json_load_file(path, 0, NULL);
		assert_non_null(h);
		assert_int_equal(json_integer_value(json_object_get(h, "mentor_audit_journal")), 1);
		json_decref(h);
	}
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_journal_store),
		cmocka_unit_test(test_journal_headerless),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
