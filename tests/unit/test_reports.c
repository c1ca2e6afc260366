/*
 * test_reports.c - results.json, noncompliant.csv, summary.md and the
 * atomic writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "parsers/registry.h"
#include "reports/snapshot.h"
#include "reports/jsonw.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "rules/finding.h"
#include "rules/rules.h"
#include "rules/verdict.h"

/* ---- helpers ---------------------------------------------------------- */

typedef int (*report_fn)(FILE *f, const struct report_input *in);

/* Run a writer into memory; the caller frees the text. */
static char *capture(report_fn fn, const struct report_input *in, int *rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	*rc = fn(f, in);
	assert_int_equal(fclose(f), 0);
	return text;
}

static char *escape_json(const char *s)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	jsonw_write_string(f, s);
	assert_int_equal(fclose(f), 0);
	return text;
}

static struct ruleset *parse_rules(const char *text)
{
	struct ruleset *rs = NULL;
	char err[256] = "";

	if (rules_parse(&rs, text, strlen(text), "test.rules", err, sizeof(err)) != 0)
		fail_msg("rules_parse: %s", err);
	return rs;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);

	assert_non_null(p);
	return p;
}

static void found(struct doc_result *d, const char *url, const char *title, const char *page)
{
	d->found = true;
	d->url = xstrdup(url);
	d->title = xstrdup(title);
	d->page = xstrdup(page);
	d->source = xstrdup("text");
	d->http_status = 200;
	d->content_type = xstrdup("application/pdf");
}

/* ---- JSON string escaping ---------------------------------------------- */

static void test_json_escape(void **state)
{
	static const struct {
		const char *in;
		const char *want;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
		{ "C:\\dir\\file", "\"C:\\\\dir\\\\file\"" },
		{ "a\nb\tc\rd", "\"a\\nb\\tc\\rd\"" },
		{ "\b\f", "\"\\b\\f\"" },
		{ "\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"" },
		{ "Приказ «о наставничестве» №5", "\"Приказ «о наставничестве» №5\"" },
		{ "</script><script>alert(1)</script>", "\"</script><script>alert(1)</script>\"" },
		{ "emoji \xF0\x9F\x98\x80", "\"emoji \xF0\x9F\x98\x80\"" },
		/* Not UTF-8 (a windows-1251 "П", a cut sequence, a surrogate): U+FFFD per bad byte. */
		{ "\xCF!", "\"\xEF\xBF\xBD!\"" },
		{ "end \xD0", "\"end \xEF\xBF\xBD\"" },
		{ "\xED\xA0\x80", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"" },
		{ NULL, "null" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = escape_json(cases[i].in);

		if (strcmp(got, cases[i].want) != 0)
			fail_msg("case %zu: got [%s], want [%s]", i, got, cases[i].want);
		free(got);
	}
}

static void test_json_writer_nesting(void **state)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jsonw w;

	(void)state;
	assert_non_null(f);
	jsonw_init(&w, f);
	jsonw_begin_object(&w);
	jsonw_key(&w, "empty_obj");
	jsonw_begin_object(&w);
	jsonw_end_object(&w);
	jsonw_key(&w, "list");
	jsonw_begin_array(&w);
	jsonw_size(&w, 1);
	jsonw_long(&w, -2);
	jsonw_bool(&w, false);
	jsonw_null(&w);
	jsonw_share(&w, 56.25);
	jsonw_end_array(&w);
	jsonw_key(&w, "empty_list");
	jsonw_begin_array(&w);
	jsonw_end_array(&w);
	jsonw_end_object(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	fclose(f);
	assert_string_equal(text,
		"{\n"
		"  \"empty_obj\": {},\n"
		"  \"list\": [\n"
		"    1,\n"
		"    -2,\n"
		"    false,\n"
		"    null,\n"
		"    56.3\n"
		"  ],\n"
		"  \"empty_list\": []\n"
		"}\n");
	free(text);

	/* Unbalanced nesting is an error, not silently broken output. */
	f = open_memstream(&text, &len);
	jsonw_init(&w, f);
	jsonw_begin_object(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	fclose(f);
	free(text);
}

/* Dates and times as Russian reports write them; anything unexpected is shown as given. */
static void test_dates_ru(void **state)
{
	static const struct { const char *iso, *date, *time; } cases[] = {
		{ "2026-11-22", "22.11.2026", "2026-11-22" },
		{ "2026-12-03T08:23:50Z", "2026-12-03T08:23:50Z", "03.12.2026 08:23 (UTC)" },
		{ "not-a-date", "not-a-date", "not-a-date" },
		{ "", "", "" },
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		report_date_ru(out, sizeof(out), cases[i].iso);
		assert_string_equal(out, cases[i].date);
		report_time_ru(out, sizeof(out), cases[i].iso);
		assert_string_equal(out, cases[i].time);
	}
	report_time_ru(out, sizeof(out), NULL);
	assert_string_equal(out, "");
}

/* report.html's dates: «3 декабря 2026 г.», and a moment with its zone named as Russians do. */
static void test_dates_long_ru(void **state)
{
	static const struct { const char *iso, *want; } dates[] = {
		{ "2026-12-03", "3 декабря 2026 г." },
		{ "2026-01-31", "31 января 2026 г." },
		{ "2026-13-01", "01.13.2026" },   /* no such month: the short form */
		{ "not-a-date", "not-a-date" },
		{ NULL, "" },
	};
	static const struct { long gmtoff; const char *want; } zones[] = {
		{ 3 * 3600, "3 декабря 2026 г., 14:05 (МСК)" },
		{ 5 * 3600, "3 декабря 2026 г., 14:05 (МСК+2)" },
		{ 2 * 3600, "3 декабря 2026 г., 14:05 (МСК\xE2\x88\x92" "1)" },
		{ 12 * 3600, "3 декабря 2026 г., 14:05 (МСК+9)" },
		{ 0, "3 декабря 2026 г., 14:05 (UTC)" },
		{ -5 * 3600, "3 декабря 2026 г., 14:05 (UTC\xE2\x88\x92" "5)" },
		{ 5 * 3600 + 1800, "3 декабря 2026 г., 14:05 (UTC+5:30)" },
		{ 13 * 3600, "3 декабря 2026 г., 14:05 (UTC+13)" },
	};
	struct tm tm = { .tm_year = 126, .tm_mon = 11, .tm_mday = 3, .tm_hour = 14, .tm_min = 5 };
	char out[96];

	(void)state;
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		report_date_long_ru(out, sizeof(out), dates[i].iso);
		assert_string_equal(out, dates[i].want);
	}
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		report_tm_ru(out, sizeof(out), &tm, zones[i].gmtoff);
		assert_string_equal(out, zones[i].want);
	}
	setenv("TZ", "Europe/Moscow", 1);
	tzset();
	report_time_local_ru(out, sizeof(out), "2026-12-03T11:05:59Z");
	assert_string_equal(out, "3 декабря 2026 г., 14:05 (МСК)");
	setenv("TZ", "UTC", 1);
	tzset();
	report_time_local_ru(out, sizeof(out), "2026-12-03T11:05:59Z");
	assert_string_equal(out, "3 декабря 2026 г., 11:05 (UTC)");
	report_time_local_ru(out, sizeof(out), "2026-12-03 11:05");
	assert_string_equal(out, "2026-12-03 11:05");
	unsetenv("TZ");
	tzset();
}

static void test_share_format(void **state)
{
	static const struct {
		double v;
		char point;
		const char *want;
	} cases[] = {
		{ 0.0, ',', "0,0" },
		{ 100.0, ',', "100,0" },
		{ 62.5, '.', "62.5" },
		{ 900.0 / 16.0, ',', "56,3" },   /* 56.25: half-up, where printf would give 56.2 */
		{ 100.0 / 3.0, '.', "33.3" },
		{ 200.0 / 3.0, ',', "66,7" },
		{ 3.0 * 100.0 / 20.0, '.', "15.0" },
		{ 0.05, '.', "0.1" },
		{ -1.0, '.', "0.0" },
	};
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		report_fmt_share(out, sizeof(out), cases[i].v, cases[i].point);
		if (strcmp(out, cases[i].want) != 0)
			fail_msg("case %zu: got %s, want %s", i, out, cases[i].want);
	}
}

/* ---- results.json: the exact contract on a small run ------------------- */

/* A problem as an older results.json had it: a finding of kind text. */
static int add_text(struct org_result *o, const char *text)
{
	struct finding f = { .kind = FIND_TEXT, .doc = -1, .detail = (char *)text };

	return verdict_add_finding(o, &f);
}

static const char mini_rules[] =
	"[document order]\n"
	"name = Приказ о внедрении целевой модели наставничества\n"
	"short = Приказ о внедрении ЦМН\n"
	"required = yes\n"
	"match = приказ.{0,80}наставничеств\n"
	"[document roadmap]\n"
	"name = Дорожная карта внедрения целевой модели наставничества\n"
	"required = no\n"
	"match = дорожн\\w* карт\n";

static const char mini_json[] =
	"{\n"
	"  \"as_of\": \"2024-05-06\",\n"
	"  \"generated_at\": \"2024-05-06T10:00:00Z\",\n"
	"  \"registry\": \"registry.csv\",\n"
	"  \"organizations\": [\n"
	"    {\n"
	"      \"id\": \"1\",\n"
	"      \"name\": \"Школа №1\",\n"
	"      \"url\": \"http://s1.example/\",\n"
	"      \"section_url\": \"http://s1.example/nastavnichestvo/\",\n"
	"      \"section_reached\": true,\n"
	"      \"status\": \"compliant\",\n"
	"      \"reason\": null,\n"
	"      \"documents\": {\n"
	"        \"order\": {\n"
	"          \"found\": true,\n"
	"          \"url\": \"http://s1.example/docs/prikaz.pdf\",\n"
	"          \"title\": \"Приказ о внедрении ЦМН\",\n"
	"          \"page\": \"http://s1.example/nastavnichestvo/\",\n"
	"          \"source\": \"text\",\n"
	"          \"http_status\": 200,\n"
	"          \"content_type\": \"application/pdf\",\n"
	"          \"rule\": \"order\",\n"
	"          \"pattern\": \"t.rules:6\",\n"
	"          \"freshness\": null,\n"
	"          \"broken_url\": null,\n"
	"          \"state\": \"found\",\n"
	"          \"recognised\": null,\n"
	"          \"heading\": null,\n"
	"          \"heading_page\": 0,\n"
	"          \"file_type\": null,\n"
	"          \"file_bytes\": 0,\n"
	"          \"file_url\": null\n"
	"        },\n"
	"        \"roadmap\": {\n"
	"          \"found\": false,\n"
	"          \"url\": null,\n"
	"          \"title\": null,\n"
	"          \"page\": null,\n"
	"          \"source\": null,\n"
	"          \"http_status\": null,\n"
	"          \"content_type\": null,\n"
	"          \"rule\": null,\n"
	"          \"pattern\": null,\n"
	"          \"freshness\": null,\n"
	"          \"broken_url\": null,\n"
	"          \"state\": \"missing\",\n"
	"          \"recognised\": null,\n"
	"          \"heading\": null,\n"
	"          \"heading_page\": 0,\n"
	"          \"file_type\": null,\n"
	"          \"file_bytes\": 0,\n"
	"          \"file_url\": null\n"
	"        }\n"
	"      },\n"
	"      \"missing\": [],\n"
	"      \"problems\": [],\n"
	"      \"rejected\": [],\n"
	"      \"extra\": {\n"
	"        \"Район\": \"Ленинский\"\n"
	"      },\n"
	"      \"line\": 2,\n"
	"      \"pages_fetched\": 0,\n"
	"      \"links_checked\": 0,\n"
	"      \"unchecked\": [],\n"
	"      \"unchecked_reason\": null,\n"
	"      \"repeats\": null,\n"
	"      \"counted\": true,\n"
	"      \"findings\": [],\n"
	"      \"findings_dropped\": 0,\n"
	"      \"rejected_dropped\": 0,\n"
	"      \"counts\": {}\n"
	"    },\n"
	"    {\n"
	"      \"id\": \"2\",\n"
	"      \"name\": \"Лицей \\\"Вектор\\\"\",\n"
	"      \"url\": \"http://s2.example/\",\n"
	"      \"section_url\": null,\n"
	"      \"section_reached\": false,\n"
	"      \"status\": \"unreachable\",\n"
	"      \"reason\": null,\n"
	"      \"documents\": {\n"
	"        \"order\": {\n"
	"          \"found\": false,\n"
	"          \"url\": null,\n"
	"          \"title\": null,\n"
	"          \"page\": null,\n"
	"          \"source\": null,\n"
	"          \"http_status\": null,\n"
	"          \"content_type\": null,\n"
	"          \"rule\": null,\n"
	"          \"pattern\": null,\n"
	"          \"freshness\": null,\n"
	"          \"broken_url\": null,\n"
	"          \"state\": \"unchecked\",\n"
	"          \"recognised\": null,\n"
	"          \"heading\": null,\n"
	"          \"heading_page\": 0,\n"
	"          \"file_type\": null,\n"
	"          \"file_bytes\": 0,\n"
	"          \"file_url\": null\n"
	"        },\n"
	"        \"roadmap\": {\n"
	"          \"found\": false,\n"
	"          \"url\": null,\n"
	"          \"title\": null,\n"
	"          \"page\": null,\n"
	"          \"source\": null,\n"
	"          \"http_status\": null,\n"
	"          \"content_type\": null,\n"
	"          \"rule\": null,\n"
	"          \"pattern\": null,\n"
	"          \"freshness\": null,\n"
	"          \"broken_url\": null,\n"
	"          \"state\": \"unchecked\",\n"
	"          \"recognised\": null,\n"
	"          \"heading\": null,\n"
	"          \"heading_page\": 0,\n"
	"          \"file_type\": null,\n"
	"          \"file_bytes\": 0,\n"
	"          \"file_url\": null\n"
	"        }\n"
	"      },\n"
	"      \"missing\": [\n"
	"        \"order\"\n"
	"      ],\n"
	"      \"problems\": [\n"
	"        \"connection timed out\"\n"
	"      ],\n"
	"      \"rejected\": [\n"
	"        {\n"
	"          \"url\": \"http://s2.example/p.pdf\",\n"
	"          \"text\": \"Приказ о закреплении пар на 2022-2023\",\n"
	"          \"page\": \"http://s2.example/\",\n"
	"          \"looked_like\": \"order\",\n"
	"          \"reason\": \"stale\",\n"
	"          \"detail\": \"2022-2023\"\n"
	"        }\n"
	"      ],\n"
	"      \"extra\": {\n"
	"        \"Район\": \"Октябрьский\"\n"
	"      },\n"
	"      \"line\": 3,\n"
	"      \"pages_fetched\": 0,\n"
	"      \"links_checked\": 0,\n"
	"      \"unchecked\": [\n"
	"        \"order\",\n"
	"        \"roadmap\"\n"
	"      ],\n"
	"      \"unchecked_reason\": \"timeout\",\n"
	"      \"repeats\": null,\n"
	"      \"counted\": true,\n"
	"      \"findings\": [\n"
	"        {\n"
	"          \"kind\": \"text\",\n"
	"          \"document\": null,\n"
	"          \"url\": null,\n"
	"          \"detail\": \"connection timed out\",\n"
	"          \"cause\": null,\n"
	"          \"http_status\": 0,\n"
	"          \"transfer_error\": false,\n"
	"          \"redirect_refused\": false,\n"
	"          \"cap\": 0,\n"
	"          \"count\": 0\n"
	"        }\n"
	"      ],\n"
	"      \"findings_dropped\": 0,\n"
	"      \"rejected_dropped\": 0,\n"
	"      \"counts\": {}\n"
	"    }\n"
	"  ],\n"
	"  \"summary\": {\n"
	"    \"total\": 2,\n"
	"    \"compliant\": 1,\n"
	"    \"compliant_share\": 50.0,\n"
	"    \"by_status\": {\n"
	"      \"compliant\": 1,\n"
	"      \"noncompliant\": 0,\n"
	"      \"no_section\": 0,\n"
	"      \"blocked\": 0,\n"
	"      \"unreachable\": 1,\n"
	"      \"invalid_url\": 0,\n"
	"      \"incomplete\": 0\n"
	"    },\n"
	"    \"section\": {\n"
	"      \"count\": 1,\n"
	"      \"share\": 50.0,\n"
	"      \"unchecked\": 1\n"
	"    },\n"
	"    \"documents\": {\n"
	"      \"order\": {\n"
	"        \"count\": 1,\n"
	"        \"share\": 50.0,\n"
	"        \"unchecked\": 1\n"
	"      },\n"
	"      \"roadmap\": {\n"
	"        \"count\": 0,\n"
	"        \"share\": 0.0,\n"
	"        \"unchecked\": 1\n"
	"      }\n"
	"    },\n"
	"    \"rows\": 2,\n"
	"    \"unchecked\": 1,\n"
	"    \"system\": {\n"
	"      \"documents\": [\n"
	"        \"order\"\n"
	"      ],\n"
	"      \"count\": 1,\n"
	"      \"share\": 50.0,\n"
	"      \"unchecked\": 1\n"
	"    },\n"
	"    \"indicators\": [\n"
	"      {\n"
	"        \"number\": 1,\n"
	"        \"letter\": \"N\",\n"
	"        \"name\": \"Доля ОО, разместивших на сайте: Приказ о внедрении целевой модели наставничества\",\n"
	"        \"kind\": \"document\",\n"
	"        \"document\": \"order\",\n"
	"        \"count\": 1,\n"
	"        \"share\": 50.0,\n"
	"        \"unchecked\": 1,\n"
	"        \"checked_share\": 100.0\n"
	"      },\n"
	"      {\n"
	"        \"number\": 2,\n"
	"        \"letter\": \"P\",\n"
	"        \"name\": \"Доля ОО, разместивших на сайте: Дорожная карта внедрения целевой модели наставничества\",\n"
	"        \"kind\": \"document\",\n"
	"        \"document\": \"roadmap\",\n"
	"        \"count\": 0,\n"
	"        \"share\": 0.0,\n"
	"        \"unchecked\": 1,\n"
	"        \"checked_share\": 0.0\n"
	"      },\n"
	"      {\n"
	"        \"number\": 3,\n"
	"        \"letter\": \"F\",\n"
	"        \"name\": \"Доля ОО, создавших специальный раздел «Наставничество» на официальных сайтах\",\n"
	"        \"kind\": \"section\",\n"
	"        \"document\": null,\n"
	"        \"count\": 1,\n"
	"        \"share\": 50.0,\n"
	"        \"unchecked\": 1,\n"
	"        \"checked_share\": 100.0\n"
	"      },\n"
	"      {\n"
	"        \"number\": 4,\n"
	"        \"letter\": \"Q\",\n"
	"        \"name\": \"Доля ОО, реализующих систему наставничества педагогических работников\",\n"
	"        \"kind\": \"system\",\n"
	"        \"document\": null,\n"
	"        \"count\": 1,\n"
	"        \"share\": 50.0,\n"
	"        \"unchecked\": 1,\n"
	"        \"checked_share\": 100.0\n"
	"      }\n"
	"    ],\n"
	"    \"counts\": {}\n"
	"  },\n"
	"  \"registry_issues\": [\n"
	"    {\n"
	"      \"line\": 4,\n"
	"      \"reason\": \"more fields than the header\"\n"
	"    }\n"
	"  ],\n"
	"  \"registry_issues_dropped\": 0,\n"
	"  \"registry_digest\": \"fnv1a64:00000000000000a1\",\n"
	"  \"rules_digest\": \"fnv1a64:00000000000000b2\",\n"
	"  \"group_by\": null,\n"
	"  \"groups\": [],\n"
	"  \"schema_version\": 6\n"
	"}\n";

static void test_results_json_exact(void **state)
{
	static char *extra_names[] = { "Район" };
	static char *extra1[] = { "Ленинский" };
	static char *extra2[] = { "Октябрьский" };
	struct registry_row rows[] = {
		{ .line = 2, .id = "1", .name = "Школа №1", .url = "http://s1.example/", .extra = extra1,
		  .repeats = -1 },
		{ .line = 3, .id = "2", .name = "Лицей \"Вектор\"", .url = "http://s2.example/",
		  .extra = extra2, .repeats = -1 },
	};
	struct registry_issue issues[] = { { .line = 4, .reason = "more fields than the header" } };
	struct registry reg = {
		.extra_names = extra_names, .nextra = 1, .rows = rows, .nrows = 2,
		.issues = issues, .nissues = 1, .delimiter = ';', .encoding = "utf-8",
	};
	struct ruleset *rs = parse_rules(mini_rules);
	struct org_result orgs[2];
	struct run_summary sum;
	struct report_input in = {
		.as_of = "2024-05-06", .generated_at = "2024-05-06T10:00:00Z",
		.registry_path = "registry.csv", .rules = rs, .registry = &reg,
		.orgs = orgs, .norgs = 2, .summary = &sum,
		.registry_digest = "fnv1a64:00000000000000a1", .rules_digest = "fnv1a64:00000000000000b2",
	};
	char *text;
	int rc;

	(void)state;
	verdict_org_init(&orgs[0], &rows[0]);
	orgs[0].section_url = xstrdup("http://s1.example/nastavnichestvo/");
	orgs[0].section_reached = true;
	found(&orgs[0].docs[0], "http://s1.example/docs/prikaz.pdf", "Приказ о внедрении ЦМН",
	      "http://s1.example/nastavnichestvo/");
	orgs[0].docs[0].pattern = xstrdup("t.rules:6");
	verdict_score(rs, &orgs[0]);
	verdict_org_init(&orgs[1], &rows[1]);
	orgs[1].status = ORG_UNREACHABLE;
	orgs[1].cause = UNCHECKED_TIMEOUT;
	assert_int_equal(add_text(&orgs[1], "connection timed out"), 0);
	assert_int_equal(verdict_add_rejected(&orgs[1], "http://s2.example/p.pdf",
	                                      "Приказ о закреплении пар на 2022-2023",
	                                      "http://s2.example/", 0, REJECT_STALE, "2022-2023"), 0);
	/* the same rejection twice is kept once */
	assert_int_equal(verdict_add_rejected(&orgs[1], "http://s2.example/p.pdf", "x", "y", 0,
	                                      REJECT_STALE, "2022-2023"), 0);
	assert_int_equal(orgs[1].nrejected, 1);
	verdict_summarize(rs, orgs, 2, NULL, &sum);

	text = capture(report_json, &in, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, mini_json);
	free(text);

	/* Without a precomputed summary the writer computes the same one. */
	in.summary = NULL;
	text = capture(report_json, &in, &rc);
	assert_int_equal(rc, 0);
	assert_string_equal(text, mini_json);
	free(text);

	/* --group-by: the column found as people type it; a group per value, each counted alone. */
	{
		struct report_groups g;
		char err[256];

		assert_int_equal(report_group_column(&reg, "  РАЙОН "), 0);
		assert_int_equal(report_group_column(&reg, "Округ"), -1);
		assert_int_equal(report_groups_compute(&in, "Округ", &g, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "no column \"Округ\""));
		assert_int_equal(report_groups_compute(&in, "район", &g, err, sizeof(err)), 0);
		assert_ptr_equal(in.groups, &g);
		assert_int_equal(g.n, 2);
		assert_string_equal(g.names[0], "Ленинский");
		assert_string_equal(g.names[1], "Октябрьский");
		assert_int_equal(g.summaries[0].total, 1);
		assert_int_equal(g.summaries[0].with_section, 1);
		assert_int_equal(g.summaries[1].total, 1);
		assert_int_equal(g.summaries[1].unchecked, 1);
		assert_int_equal(g.summaries[0].doc_count[0] + g.summaries[1].doc_count[0], sum.doc_count[0]);
		text = capture(report_json, &in, &rc);
		assert_int_equal(rc, 0);
		assert_non_null(strstr(text, "\"group_by\": \"район\""));
		assert_non_null(strstr(text, "\"name\": \"Октябрьский\""));
		free(text);
		in.groups = NULL;
		report_groups_free(&g);
	}

	verdict_org_clear(&orgs[0]);
	verdict_org_clear(&orgs[1]);
	rules_free(rs);
}

/* ---- a larger run shared by the CSV and summary.md tests --------------- */

static const char full_rules[] =
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

#define NFIX 16

struct fixture {
	struct ruleset *rs;
	struct registry reg;
	struct registry_row rows[NFIX];
	char *extra[NFIX][1];
	char names[NFIX][96];
	char ids[NFIX][8];
	struct org_result orgs[NFIX];
	struct run_summary sum;
	struct report_input in;
};

static char *fixture_extra_names[] = { "Район" };
static struct registry_issue fixture_issues[] = {
	{ .line = 19, .kind = REGISTRY_ISSUE_UNTERMINATED_QUOTE, .reason = "unterminated quote" },
};

/*
 * 16 organisations (V = 16): ids 1-9 and 16 compliant, 10 and 11
 * noncompliant, 12 without a section, 13 and 14 unreachable, 15 with an
 * invalid URL. The order is found by 11 (68.75 %, shown 68,8 - half-up),
 * the regulation by 10 (62.5 %), the roadmap by 3 (18.75 %), a section
 * reached by 12 (75 %).
 */
static int setup_fixture(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	size_t i;

	if (!fx)
		return -1;
	fx->rs = parse_rules(full_rules);
	for (i = 0; i < NFIX; i++) {
		struct org_result *o = &fx->orgs[i];

		snprintf(fx->ids[i], sizeof(fx->ids[i]), "%zu", i + 1);
		snprintf(fx->names[i], sizeof(fx->names[i]), "МБОУ СОШ № %zu", i + 1);
		fx->extra[i][0] = i % 2 ? "Ленинский" : "Октябрьский";
		fx->rows[i] = (struct registry_row){ .line = i + 2, .id = fx->ids[i], .name = fx->names[i],
		                                     .url = "http://school.example/", .extra = fx->extra[i],
		                                     .repeats = -1 };
		verdict_org_init(o, &fx->rows[i]);
		if (i < 9) {
			o->section_reached = true;
			found(&o->docs[0], "http://school.example/a.pdf", "Приказ", "http://school.example/n/");
			found(&o->docs[1], "http://school.example/b.pdf", "Положение", "http://school.example/n/");
			if (i < 3)
				found(&o->docs[2], "http://school.example/c.pdf", "Дорожная карта",
				      "http://school.example/n/");
		}
	}
	/* 10: order found, regulation missing; hostile name. */
	snprintf(fx->names[9], sizeof(fx->names[9]), "=HYPERLINK(\"http://evil\";\"x\")");
	fx->orgs[9].section_reached = true;
	found(&fx->orgs[9].docs[0], "http://school.example/a.pdf", "Приказ", "http://school.example/n/");
	assert_int_equal(add_text(&fx->orgs[9], "ссылка на положение не открывается (404)"), 0);
	assert_int_equal(add_text(&fx->orgs[9], "второе замечание"), 0);
	/* 11: nothing found, a name with every character CSV and markdown care about. */
	snprintf(fx->names[10], sizeof(fx->names[10]), "Школа \"Радуга\"; корпус | 2\r\nвтор");
	fx->orgs[10].section_reached = true;
	/* 12: no section; 13, 14: unreachable; 15: invalid URL. 16 is compliant after all. */
	fx->orgs[11].status = ORG_NO_SECTION;
	fx->orgs[12].status = ORG_UNREACHABLE;
	fx->orgs[13].status = ORG_UNREACHABLE;
	assert_int_equal(add_text(&fx->orgs[13], "-timeout"), 0);
	fx->orgs[14].status = ORG_INVALID_URL;
	fx->rows[14].url = "+7 (3412) 00-00-00";
	fx->orgs[15].section_reached = true;
	found(&fx->orgs[15].docs[0], "http://school.example/a.pdf", "Приказ", "http://school.example/n/");
	found(&fx->orgs[15].docs[1], "http://school.example/b.pdf", "Положение", "http://school.example/n/");
	for (i = 0; i < NFIX; i++)
		verdict_score(fx->rs, &fx->orgs[i]);

	fx->reg = (struct registry){
		.extra_names = fixture_extra_names, .nextra = 1, .rows = fx->rows, .nrows = NFIX,
		.issues = fixture_issues, .nissues = 1, .delimiter = ';', .encoding = "utf-8",
	};
	verdict_summarize(fx->rs, fx->orgs, NFIX, NULL, &fx->sum);
	fx->in = (struct report_input){
		.as_of = "2022-05-06", .generated_at = "2022-05-06T12:00:00Z",
		.registry_path = "reestr.csv", .rules = fx->rs, .registry = &fx->reg,
		.orgs = fx->orgs, .norgs = NFIX, .summary = &fx->sum,
	};
	*state = fx;
	return 0;
}

static int teardown_fixture(void **state)
{
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < NFIX; i++)
		verdict_org_clear(&fx->orgs[i]);
	rules_free(fx->rs);
	free(fx);
	return 0;
}

static void test_fixture_summary(void **state)
{
	struct fixture *fx = *state;

	assert_int_equal(fx->sum.total, 16);
	assert_int_equal(fx->sum.compliant, 10);
	assert_int_equal(fx->sum.by_status[ORG_NONCOMPLIANT], 2);
	assert_int_equal(fx->sum.doc_count[0], 11);
	assert_int_equal(fx->sum.doc_count[1], 10);
	assert_int_equal(fx->sum.doc_count[2], 3);
	assert_int_equal(fx->sum.with_section, 12);
}

/* ---- noncompliant.csv --------------------------------------------------- */

static void test_csv(void **state)
{
	struct fixture *fx = *state;
	char *text, *line;
	size_t nlines = 0;
	int rc;

	text = capture(report_csv, &fx->in, &rc);
	assert_int_equal(rc, 0);
	/* BOM, Russian header, extra column, CRLF. */
	assert_memory_equal(text, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(text,
		"\xEF\xBB\xBF№;Наименование;Ссылка;Статус;Отсутствующие документы;Не проверено;Замечания;Район\r\n"));
	/* Formula guard inside quoting; inner quotes doubled. */
	assert_non_null(strstr(text,
		"\r\n10;\"'=HYPERLINK(\"\"http://evil\"\";\"\"x\"\")\";http://school.example/;"
		"не соответствует;Положение о системе наставничества педагогических работников;;"
		"\"ссылка на положение не открывается (404); второе замечание\";Ленинский\r\n"));
	/* ; " CR LF inside a field are quoted (so is every joined list); the line break survives inside the quotes. */
	assert_non_null(strstr(text,
		"\r\n11;\"Школа \"\"Радуга\"\"; корпус | 2\r\nвтор\";http://school.example/;"
		"не соответствует;\"Приказ о внедрении целевой модели наставничества; "
		"Положение о системе наставничества педагогических работников\";;;Октябрьский\r\n"));
	/* Not reached: every required document is not checked, none missing; '-' before a letter is guarded. */
	assert_non_null(strstr(text,
		"\r\n14;МБОУ СОШ № 14;http://school.example/;не проверено: сайт недоступен;;"
		"\"Приказ о внедрении целевой модели наставничества; "
		"Положение о системе наставничества педагогических работников — сайт недоступен\";'-timeout;Ленинский\r\n"));
	assert_non_null(strstr(text, "\r\n15;МБОУ СОШ № 15;'+7 (3412) 00-00-00;не проверено: некорректная ссылка;;"));
	assert_non_null(strstr(text, "\r\n12;МБОУ СОШ № 12;http://school.example/;нет раздела;"));
	/* Compliant organisations are not listed. */
	assert_null(strstr(text, "\r\n1;"));
	assert_null(strstr(text, "\r\n16;"));
	/* Header + 6 rows, no bare LF outside quotes: every LF is preceded by CR. */
	for (line = text; *line; line++) {
		if (*line == '\n') {
			assert_true(line > text && line[-1] == '\r');
			nlines++;
		}
	}
	assert_int_equal(nlines, 1 + 6 + 1);   /* + the CRLF quoted inside row 11 */
	free(text);
}

static void test_csv_formula_guard(void **state)
{
	static const struct {
		const char *name;
		const char *want;   /* the name cell as written */
	} cases[] = {
		{ "=1+1", "'=1+1" },
		{ "+79990000000", "'+79990000000" },
		{ "@SUM(A1)", "'@SUM(A1)" },
		{ "-cmd", "'-cmd" },
		/* Excel reads each of these as a formula: only a plain number or a lone '-' is left alone. */
		{ "-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0" },
		{ "- 1+1", "'- 1+1" },
		{ "- список", "'- список" },
		{ "-5+5", "'-5+5" },
		{ "-5,5,5", "'-5,5,5" },
		{ "-5.", "'-5." },
		{ "--5", "'--5" },
		{ "-5", "-5" },
		{ "-12,5", "-12,5" },
		{ "-0.25", "-0.25" },
		{ "-", "-" },
		{ "\tx=1", "'\tx=1" },
		{ "\r=1", "\"'\r=1\"" },
		{ " =1", " =1" },
		{ "a=b", "a=b" },
		{ "Школа", "Школа" },
		{ "=x;y", "\"'=x;y\"" },
	};
	static char *no_extra[1];
	struct ruleset *rs = parse_rules(mini_rules);
	struct registry_row row = { .line = 2, .id = "1", .name = "", .url = "http://x.example/",
	                            .extra = no_extra, .repeats = -1 };
	struct registry reg = { .rows = &row, .nrows = 1, .delimiter = ';', .encoding = "utf-8" };
	struct org_result o;
	struct report_input in = { .as_of = "2024-01-01", .rules = rs, .registry = &reg,
	                           .orgs = &o, .norgs = 1 };
	char want[128];
	size_t i;
	int rc;

	(void)state;
	verdict_org_init(&o, &row);
	o.status = ORG_NO_SECTION;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text;

		row.name = (char *)cases[i].name;
		text = capture(report_csv, &in, &rc);
		assert_int_equal(rc, 0);
		snprintf(want, sizeof(want), "\r\n1;%s;http://x.example/;нет раздела;", cases[i].want);
		if (!strstr(text, want))
			fail_msg("case %zu: [%s] not in [%s]", i, want, text);
		free(text);
	}
	verdict_org_clear(&o);
	rules_free(rs);
}

/*
 * A noncompliant organisation whose order a rule could not tell: every
 * report lists it as not checked, with the reason, and not as missing.
 */
static void test_rule_error_reports(void **state)
{
	static const char two_required[] =
		"[document order]\nname = Приказ о внедрении\nmatch = приказ\n"
		"[document regulation]\nname = Положение о наставничестве\nmatch = положени\n";
	static char *no_extra[1];
	static const report_fn writers[] = { report_csv, report_summary_md, report_html };
	struct ruleset *rs = parse_rules(two_required);
	struct registry_row row = { .line = 2, .id = "1", .name = "Школа", .url = "http://x.example/",
	                            .extra = no_extra, .repeats = -1 };
	struct registry reg = { .rows = &row, .nrows = 1, .delimiter = ';', .encoding = "utf-8" };
	struct finding f = { .kind = FIND_RULE_ERROR, .doc = 0, .url = "http://x.example/p.pdf",
	                     .detail = "test.rules:3: match limit exceeded", .failure = { .cause = UNCHECKED_RULE_ERROR } };
	struct org_result o;
	struct report_input in = { .as_of = "2024-01-01", .rules = rs, .registry = &reg, .orgs = &o, .norgs = 1 };
	const char *why = verdict_cause_label_ru(UNCHECKED_RULE_ERROR);
	char want[512];
	int rc;

	(void)state;
	verdict_org_init(&o, &row);
	o.section_reached = true;
	verdict_score(rs, &o);
	o.cause = UNCHECKED_RULE_ERROR;
	assert_int_equal(verdict_add_finding(&o, &f), 0);
	assert_string_equal(report_unchecked_why(&o), why);
	for (size_t i = 0; i < sizeof(writers) / sizeof(writers[0]); i++) {
		char *text = capture(writers[i], &in, &rc);

		assert_int_equal(rc, 0);
		snprintf(want, sizeof(want), i == 2 ? "не проверено: Приказ о внедрении — %s" : "Приказ о внедрении — %s", why);
		if (!strstr(text, want))
			fail_msg("writer %zu: [%s] not in [%s]", i, want, text);
		/* The problems, where a report lists them (summary.md does not). */
		assert_true(i == 1 || strstr(text, "ошибка правила test.rules:3: match limit exceeded"));
		free(text);
	}
	verdict_org_clear(&o);
	rules_free(rs);
}

/* ---- summary.md --------------------------------------------------------- */

static void test_summary_md(void **state)
{
	struct fixture *fx = *state;
	char *text;
	int rc;

	text = capture(report_summary_md, &fx->in, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "по состоянию на 06.05.2022\n"));
	assert_non_null(strstr(text,
		"| № | Показатель | Методика расчета | Значение показателя | По проверенным ОО |\n"));
	/*
	 * Document rows: counts substituted, decimal comma, half-up rounding;
	 * the share over the checked ones leaves out 13, 14 (unreachable) and 15 (invalid URL).
	 */
	assert_non_null(strstr(text,
		"| 1 | Доля ОО, разместивших на сайте: Приказ о внедрении целевой модели наставничества (N) | "
		"N = N1 / V × 100 % = 11 / 16 × 100 %, где N1 – количество ОО, разместивших на сайте: "
		"Приказ о внедрении целевой модели наставничества, V – общее количество ОО | 68,8 % | "
		"84,6 % (11 / 13; не проверено: 3) |\n"));
	assert_non_null(strstr(text, "P = P1 / V × 100 % = 10 / 16 × 100 %"));
	assert_non_null(strstr(text, "| 62,5 % | 76,9 % (10 / 13; не проверено: 3) |\n"));
	assert_non_null(strstr(text, "K = K1 / V × 100 % = 3 / 16 × 100 %"));
	assert_non_null(strstr(text, "| 18,8 % | 23,1 % (3 / 13; не проверено: 3) |\n"));
	assert_non_null(strstr(text,
		"| 4 | Доля ОО, создавших специальный раздел «Наставничество» на официальных сайтах (F) | "
		"F = F1 / V × 100 % = 12 / 16 × 100 %"));
	assert_non_null(strstr(text, "| 75,0 % | 92,3 % (12 / 13; не проверено: 3) |\n"));
	/* Without a [system] block the system is the required documents. */
	assert_non_null(strstr(text,
		"| 5 | Доля ОО, реализующих систему наставничества педагогических работников "
		"(Q) | Q = Q1 / V × 100 % = 10 / 16 × 100 %, где "
		"Q1 – количество ОО, разместивших все документы системы наставничества (Приказ о внедрении ЦМН, Положение)"));
	assert_non_null(strstr(text, "Не удалось проверить полностью: 3 ОО из 16"));
	/* No decimal point sneaks into the shares. */
	assert_null(strstr(text, "62.5"));
	/* Counts by status, Russian labels. */
	assert_non_null(strstr(text, "| соответствует | 10 |\n"));
	assert_non_null(strstr(text, "| не проверено: сайт недоступен | 2 |\n"));
	assert_non_null(strstr(text, "| **всего** | **16** |\n"));
	/* Non-compliant list: short names, '|' escaped, line breaks folded. */
	assert_non_null(strstr(text, "не соответствующие требованиям или не проверенные: 6\n"));
	assert_non_null(strstr(text, "| 10 | =HYPERLINK(\"http://evil\";\"x\") | не соответствует | Положение |  |\n"));
	assert_non_null(strstr(text,
		"| 11 | Школа \"Радуга\"; корпус \\| 2  втор | не соответствует | "
		"Приказ о внедрении ЦМН, Положение |  |\n"));
	/* Could not check: nothing is missing, everything is not checked, and why. */
	assert_non_null(strstr(text, "| 13 | МБОУ СОШ № 13 | не проверено: сайт недоступен |  | "
	                             "Приказ о внедрении ЦМН, Положение — сайт недоступен |\n"));
	assert_null(strstr(text, "| 16 | МБОУ"));
	/* Registry issues in Russian; the English reason stays in results.json. */
	assert_non_null(strstr(text, "- строка 19: не закрыта кавычка\n"));
	assert_null(strstr(text, "unterminated"));
	free(text);
}

static void test_summary_md_empty(void **state)
{
	struct ruleset *rs = parse_rules(mini_rules);
	struct registry reg = { .delimiter = ';', .encoding = "utf-8" };
	struct report_input in = { .as_of = "not-a-date", .rules = rs, .registry = &reg };
	char *text;
	int rc;

	(void)state;
	text = capture(report_summary_md, &in, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "по состоянию на not-a-date\n"));
	assert_non_null(strstr(text, "= 0 / 0 × 100 %"));
	assert_non_null(strstr(text, "| 0,0 % |\n"));
	assert_non_null(strstr(text, "Реестр не содержит организаций."));
	free(text);
	text = capture(report_json, &in, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "\"organizations\": [],\n"));
	assert_non_null(strstr(text, "\"compliant_share\": 0.0,\n"));
	free(text);
	rules_free(rs);
}

static void test_writers_reject_null(void **state)
{
	struct report_input in = { .as_of = "2024-01-01" };

	(void)state;
	assert_int_equal(report_json(stdout, NULL), -1);
	assert_int_equal(report_csv(NULL, &in), -1);
	assert_int_equal(report_summary_md(stdout, &in), -1);   /* no rules */
	assert_int_equal(report_html(stdout, &in), -1);         /* no rules */
	assert_int_equal(report_changes_csv(stdout, &in), -1);  /* no changes */
	assert_int_equal(report_changes_html(stdout, &in), -1);
}

/* A full disk is a failure of the writer itself, not something found later. */
static void test_writers_full_disk(void **state)
{
	static const report_fn fns[] = { report_json, report_csv, report_summary_md, report_html, report_docx };
	struct ruleset *rs = parse_rules(mini_rules);
	struct registry reg = { .delimiter = ';', .encoding = "utf-8" };
	struct report_input in = { .as_of = "2024-01-01", .rules = rs, .registry = &reg };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		FILE *f = fopen("/dev/full", "w");

		if (!f) {
			rules_free(rs);
			skip();
		}
		assert_int_equal(fns[i](f, &in), -1);
		fclose(f);
	}
	rules_free(rs);
}

/* ---- report_write_all -------------------------------------------------- */

static char *make_tmpdir(void)
{
	char tmpl[] = "/tmp/test_reports.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return xstrdup(d);
}

static void rm_rf(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	assert_int_equal(system(cmd), 0);
}

static void put_file(const char *dir, const char *name, const char *text);

static void test_write_all(void **state)
{
	struct fixture *fx = *state;
	static const char *const names[] = { "results.json", "noncompliant.csv", "noncompliant.xlsx",
	                                     "summary.md", "summary.docx", "report.html" };
	char *base = make_tmpdir();
	char dir[512], path[600], err[512];
	struct dirent *de;
	struct stat st;
	DIR *d;
	size_t i, nfiles = 0;

	snprintf(dir, sizeof(dir), "%s/out/nested/", base);
	for (i = 0; i < 2; i++) {   /* the second run replaces the first, notices/ whole */
		err[0] = 'x';
		assert_int_equal(report_write_all(dir, &fx->in, err, sizeof(err)), 0);
		assert_string_equal(err, "");
		snprintf(path, sizeof(path), "%s/notices", dir);
		if (i == 0)
			put_file(path, "stale.html", "an organisation compliant now");
	}
	snprintf(path, sizeof(path), "%s/notices/stale.html", dir);
	assert_int_equal(stat(path, &st), -1);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(stat(path, &st), 0);
		assert_true(st.st_size > 100);
	}
	d = opendir(dir);
	assert_non_null(d);
	for (;;) {
		de = readdir(d);
		if (!de)
			break;
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (de->d_name[0] == '.' || strstr(de->d_name, ".tmp"))
			fail_msg("left behind: %s", de->d_name);
		nfiles++;
	}
	closedir(d);
	assert_int_equal(nfiles, sizeof(names) / sizeof(names[0]) + 1);   /* no changes.csv without a previous run; notices/ */
	rm_rf(base);
	free(base);
}

static void test_write_all_errors(void **state)
{
	struct fixture *fx = *state;
	char *base = make_tmpdir();
	char file[512], dir[600], err[512];
	FILE *f;
	struct report_input bad;

	snprintf(file, sizeof(file), "%s/plain-file", base);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);

	/* A directory under a regular file. */
	snprintf(dir, sizeof(dir), "%s/sub", file);
	assert_int_equal(report_write_all(dir, &fx->in, err, sizeof(err)), -1);
	assert_non_null(strstr(err, dir));
	assert_non_null(strstr(err, "Not a directory"));
	assert_null(strchr(err, '\n'));

	/* The directory itself is a regular file. */
	assert_int_equal(report_write_all(file, &fx->in, err, sizeof(err)), -1);
	assert_non_null(strstr(err, file));
	assert_non_null(strstr(err, "Not a directory"));

	/* Input a writer refuses: the error names the report, no temporary file remains. */
	bad = fx->in;
	bad.rules = NULL;
	snprintf(dir, sizeof(dir), "%s/out", base);
	assert_int_equal(report_write_all(dir, &bad, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "noncompliant.csv"));
	assert_int_equal(rmdir(dir), 0);   /* fails if anything was left inside */

	assert_int_equal(report_write_all(NULL, &fx->in, err, sizeof(err)), -1);
	assert_true(err[0] != '\0');
	assert_int_equal(report_write_all("", &fx->in, NULL, 0), -1);
	rm_rf(base);
	free(base);
}

static void put_file(const char *dir, const char *name, const char *text)
{
	char path[700];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static char *get_file(const char *dir, const char *name)
{
	char path[700], *text = calloc(1, 256);
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(text);
	if (!f)
		return strcpy(text, "(none)");
	assert_true(fread(text, 1, 255, f) < 255);
	fclose(f);
	return text;
}

/* A PID no process has (a child that has exited and been waited for). */
static long dead_pid(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	return (long)pid;
}

/*
 * What killed runs left: a set written whole is put in place (results.json
 * with the rest, the old versions dropped), a set written in part and the
 * temporary files of processes that are gone are removed; a live
 * process's temporary file is not touched.
 */
static void test_recover(void **state)
{
	static const struct {
		const char *name;
		const char *want;   /* after report_recover */
	} files[] = {
		{ "results.json", "new results" },
		{ "summary.md", "new summary" },
		{ "report.html", "old html" },    /* not in the set: stays */
	};
	char *base = make_tmpdir();
	char sub[600], name[64];
	long dead = dead_pid();
	size_t nleft = 0;
	struct dirent *de;
	DIR *d;

	(void)state;
	put_file(base, "results.json", "old results");
	put_file(base, "summary.md", "old summary");
	put_file(base, "report.html", "old html");
	snprintf(sub, sizeof(sub), "%s/.reports.ready-%ld", base, dead);
	assert_int_equal(mkdir(sub, 0777), 0);
	put_file(sub, "results.json", "new results");
	put_file(sub, "summary.md", "new summary");
	put_file(sub, "summary.md.old", "old summary");
	snprintf(sub, sizeof(sub), "%s/.reports.tmp-%ld", base, dead);
	assert_int_equal(mkdir(sub, 0777), 0);
	put_file(sub, "results.json", "half");
	snprintf(name, sizeof(name), ".results.json.tmp-%ld", dead);
	put_file(base, name, "half");
	snprintf(name, sizeof(name), ".journal.json.tmp-%ld", dead);
	put_file(base, name, "half");
	snprintf(name, sizeof(name), ".results.json.tmp-%ld", (long)getppid());
	put_file(base, name, "a live run's");

	assert_int_equal(report_recover(base), 1);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *got = get_file(base, files[i].name);

		assert_string_equal(got, files[i].want);
		free(got);
	}
	d = opendir(base);
	assert_non_null(d);
	for (de = readdir(d); de; de = readdir(d)) {
		if (de->d_name[0] != '.' || strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, name) != 0)
			fail_msg("left behind: %s", de->d_name);
		nleft++;
	}
	closedir(d);
	assert_int_equal(nleft, 1);
	assert_int_equal(report_recover(base), 0);
	assert_int_equal(report_recover("/nonexistent-ma-dir"), 0);
	rm_rf(base);
	free(base);
}

static bool has_file(const char *dir, const char *name)
{
	char path[1024];
	struct stat st;

	snprintf(path, sizeof(path), "%.500s/%.500s", dir, name);
	return stat(path, &st) == 0;
}

/*
 * notices/ in a set a killed run left: whether the run died before moving
 * the old directory aside or between that and renaming the new one in,
 * recovery ends with the new directory alone; a set written in part goes
 * with its directory.
 */
static void test_recover_notices(void **state)
{
	char *base = make_tmpdir();
	char ready[300], sub[400], notices[300];
	long dead = dead_pid();

	(void)state;
	snprintf(notices, sizeof(notices), "%s/notices", base);
	snprintf(ready, sizeof(ready), "%s/.reports.ready-%ld", base, dead);
	for (int moved_aside = 0; moved_aside < 2; moved_aside++) {
		assert_int_equal(mkdir(ready, 0777), 0);
		put_file(ready, "results.json", "new results");
		snprintf(sub, sizeof(sub), "%s/notices", ready);
		assert_int_equal(mkdir(sub, 0777), 0);
		put_file(sub, "7.html", "new notice");
		if (moved_aside) {
			snprintf(sub, sizeof(sub), "%s/notices.old", ready);
			assert_int_equal(mkdir(sub, 0777), 0);
			put_file(sub, "4.html", "old notice");
		} else {
			assert_int_equal(mkdir(notices, 0777), 0);
			put_file(notices, "4.html", "old notice");
		}
		assert_int_equal(report_recover(base), 1);
		assert_true(has_file(notices, "7.html"));
		assert_false(has_file(notices, "4.html"));
		assert_false(has_file(base, strrchr(ready, '/') + 1));
		rm_rf(notices);
	}
	snprintf(sub, sizeof(sub), "%s/.reports.tmp-%ld", base, dead);
	assert_int_equal(mkdir(sub, 0777), 0);
	put_file(sub, "results.json", "half");
	snprintf(sub, sizeof(sub), "%s/.reports.tmp-%ld/notices", base, dead);
	assert_int_equal(mkdir(sub, 0777), 0);
	put_file(sub, "4.html", "half");
	assert_int_equal(report_recover(base), 0);
	snprintf(sub, sizeof(sub), ".reports.tmp-%ld", dead);
	assert_false(has_file(base, sub));
	rm_rf(base);
	free(base);
}

/* A notice's file name: safe bytes kept, others ~XX, long ids cut with a hash, names never shared. */
static void test_notice_name(void **state)
{
	static const struct { const char *id; size_t line; const char *want; } cases[] = {
		{ "12", 3, "12.html" },
		{ "sch-1_b", 3, "sch-1_b.html" },
		{ "12/3", 3, "12~2F3.html" },
		{ "../x", 3, "~2E~2E~2Fx.html" },
		{ "a~2F", 3, "a~7E2F.html" },
		{ "№5", 3, "~E2~84~965.html" },
		{ "", 9, "~L9.html" },
		{ NULL, 10, "~L10.html" },
	};
	char out[REPORT_NOTICE_NAME_LEN], other[REPORT_NOTICE_NAME_LEN], id[300];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		report_notice_name(out, cases[i].id, cases[i].line);
		assert_string_equal(out, cases[i].want);
	}
	/* Long ids: cut, within the length, told apart by the hash of the whole id. */
	memset(id, 'x', sizeof(id) - 1);
	id[sizeof(id) - 1] = '\0';
	report_notice_name(out, id, 1);
	id[sizeof(id) - 2] = 'y';
	report_notice_name(other, id, 1);
	assert_true(strlen(out) < REPORT_NOTICE_NAME_LEN - 1);
	assert_non_null(strstr(out, "~H"));
	assert_string_not_equal(out, other);
	memset(id, '/', 200);
	id[200] = '\0';
	report_notice_name(out, id, 1);
	assert_true(strlen(out) < REPORT_NOTICE_NAME_LEN - 1);
	assert_int_equal(strncmp(out + 78, "~H", 2), 0);   /* 26 whole ~2F units, then the hash */
}

/* ---- report.html --------------------------------------------------------- */

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Site text in the page is escaped, and only http(s) URLs become links. Runs last: it edits the fixture. */
static void test_html(void **state)
{
	struct fixture *fx = *state;
	struct doc_result *d = &fx->orgs[0].docs[0];
	char *text;
	int rc;

	free(d->title);
	d->title = xstrdup("<script>alert('title')</script>");
	free(fx->orgs[1].docs[0].url);
	fx->orgs[1].docs[0].url = xstrdup("javascript:alert(1)");
	snprintf(fx->names[2], sizeof(fx->names[2]), "Школа <img src=x onerror=alert(2)> & Co");
	text = capture(report_html, &fx->in, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(count_of(text, "<tr class=\"org\""), NFIX);
	assert_int_equal(count_of(text, "<article class=\"evidence\" id=\"ev-"), NFIX);   /* outside the rows */
	assert_int_equal(count_of(text, "<a class=\"notice\" href=\"notices/"), NFIX - 10);   /* all but the compliant */
	assert_null(strstr(text, "<details>"));
	assert_int_equal(count_of(text, "\" data-doc=\""), 1 + 3);   /* section + 3 documents */
	assert_non_null(strstr(text, "<svg id=\"doc-chart\""));
	assert_non_null(strstr(text, "62,5\xC2\xA0%"));                 /* the compliant share, 10 of 16 */
	assert_non_null(strstr(text, "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"));
	assert_non_null(strstr(text, "Школа &lt;img src=x onerror=alert(2)&gt; &amp; Co"));
	assert_null(strstr(text, "href=\"javascript:"));
	assert_int_equal(count_of(text, "<script"), 1);                 /* ours only */
	assert_null(strstr(text, "src=\"http"));                        /* self-contained */
	assert_null(strstr(text, "<link"));
	assert_non_null(strstr(text, "id=\"registry-issues\""));
	assert_null(strstr(text, "id=\"changes\""));
	free(text);
}

/* ---- changes between runs ----------------------------------------------- */

static struct results_snapshot *snapshot_of(const struct report_input *in)
{
	struct results_snapshot *s = NULL;
	char err[256] = "";
	int rc;
	char *text = capture(report_json, in, &rc);

	assert_int_equal(rc, 0);
	if (results_parse(&s, text, strlen(text), err, sizeof(err)))
		fail_msg("results_parse: %s", err);
	free(text);
	return s;
}

static void set_str(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

static void test_results_parse_errors(void **state)
{
	static const char *const bad[] = {
		"{\"organizations\": [", "[]", "{\"summary\": {}}",
		"{\"organizations\": [], \"summary\": {\"documents\": 5}}",
		"{\"organizations\": [{\"id\": 1}], \"summary\": {\"documents\": {}}}",
	};
	struct results_snapshot *s = (void *)1;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(results_parse(&s, bad[i], strlen(bad[i]), err, sizeof(err)), -1);
		assert_null(s);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(results_parse(&s, bad[0], strlen(bad[0]), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1"));
	/* The line of a fault deep in the list, and a second summary. */
	{
		static const char deep[] = "{\"organizations\": [\n{\"id\": \"1\", \"status\": \"x\"},\n"
		                           "{\"id\": \"2\", \"status\": }]}";

		assert_int_equal(results_parse(&s, deep, strlen(deep), err, sizeof(err)), -1);
		assert_non_null(strstr(err, "line 3"));
	}
	{
		static const char twice[] = "{\"organizations\": [], \"summary\": {\"documents\": {}},"
		                            " \"summary\": {\"documents\": {}}}";

		assert_int_equal(results_parse(&s, twice, strlen(twice), err, sizeof(err)), -1);
		assert_non_null(strstr(err, "twice"));
	}
}

/* Organisations name their documents before the summary does, in any order: read by the summary's keys. */
static void test_results_parse_doc_order(void **state)
{
	static const char text[] =
		"{\"as_of\": \"2026-11-22\", \"organizations\": [\n"
		"{\"id\": \"1\", \"status\": \"noncompliant\", \"documents\": "
		"{\"b\": {\"found\": true}, \"z\": {\"found\": true}, \"a\": {\"found\": false}}},\n"
		"{\"id\": \"2\", \"status\": \"compliant\", \"documents\": "
		"{\"a\": {\"found\": true}, \"b\": {\"found\": true}}}],\n"
		"\"summary\": {\"total\": 2, \"compliant\": 1, \"compliant_share\": 50.0, "
		"\"documents\": {\"a\": {}, \"b\": {}, \"c\": {}}}}";
	struct results_snapshot *s = NULL;
	char err[256] = "";

	(void)state;
	if (results_parse(&s, text, strlen(text), err, sizeof(err)))
		fail_msg("results_parse: %s", err);
	assert_int_equal(s->ndocs, 3);
	assert_string_equal(s->doc_keys[0], "a");
	assert_string_equal(s->as_of, "2026-11-22");
	assert_false(s->orgs[0].found[0]);
	assert_true(s->orgs[0].found[1]);
	assert_false(s->orgs[0].found[2]);
	assert_true(s->orgs[1].found[0]);
	assert_true(s->orgs[1].found[1]);
	assert_false(s->orgs[1].found[2]);
	assert_non_null(results_find(s, "2"));
	results_free(s);
}

/* This run as diff compares it, taken from the verdicts, says what its results.json says. */
static void test_snapshot_of_run(void **state)
{
	struct fixture *fx = *state;
	struct results_snapshot *parsed = snapshot_of(&fx->in), *run = NULL;
	char err[256] = "";

	if (results_of_run(&run, &fx->in, err, sizeof(err)))
		fail_msg("results_of_run: %s", err);
	assert_string_equal(run->as_of, parsed->as_of);
	assert_string_equal(run->generated_at, parsed->generated_at);
	assert_int_equal(run->total, parsed->total);
	assert_int_equal(run->compliant, parsed->compliant);
	assert_true(run->compliant_share == parsed->compliant_share);
	assert_int_equal(run->ndocs, parsed->ndocs);
	for (size_t d = 0; d < run->ndocs; d++)
		assert_string_equal(run->doc_keys[d], parsed->doc_keys[d]);
	assert_int_equal(run->norgs, parsed->norgs);
	for (size_t i = 0; i < run->norgs; i++) {
		assert_string_equal(run->orgs[i].id, parsed->orgs[i].id);
		assert_string_equal(run->orgs[i].name, parsed->orgs[i].name);
		assert_string_equal(run->orgs[i].status, parsed->orgs[i].status);
		assert_memory_equal(run->orgs[i].found, parsed->orgs[i].found, sizeof(run->orgs[i].found));
	}
	assert_non_null(results_find(run, parsed->orgs[0].id));
	results_free(run);
	results_free(parsed);
}

static void test_changes(void **state)
{
	struct fixture *fx = *state;
	struct results_snapshot *before = snapshot_of(&fx->in), *after = snapshot_of(&fx->in);
	struct run_changes ch;
	struct report_input in = { .rules = fx->rs, .csv_dialect = REPORT_CSV_RFC4180 };
	char *text;
	int rc;

	(void)state;
	assert_int_equal(before->norgs, NFIX);
	assert_int_equal(before->ndocs, 3);
	assert_non_null(results_find(before, "16"));
	assert_null(results_find(before, "17"));
	/* The same run twice: nothing changed. */
	assert_int_equal(report_changes_compute(&ch, before, after), 0);
	assert_int_equal(ch.n, 0);
	report_changes_free(&ch);

	/* 1 loses its order (and so its status); 10 publishes the regulation;
	 * 13 (unreachable before) is now reachable and has documents: a status
	 * change only, since the earlier run could not look; 16 is renamed to 17. */
	results_free(after);   /* ids are indexed at parse time: rename 16 in the text */
	after = NULL;
	{
		char *json = capture(report_json, &fx->in, &rc);
		char *p = strstr(json, "\"id\": \"16\"");

		assert_non_null(p);
		memcpy(p, "\"id\": \"17\"", 10);
		assert_int_equal(results_parse(&after, json, strlen(json), NULL, 0), 0);
		free(json);
	}
	after->orgs[0].found[0] = false;
	set_str(&after->orgs[0].status, "noncompliant");
	after->orgs[9].found[1] = true;
	set_str(&after->orgs[12].status, "compliant");
	after->orgs[12].found[0] = true;

	assert_int_equal(report_changes_compute(&ch, before, after), 0);
	assert_int_equal(ch.n, 5);            /* 1, 10, 13, 17 added, 16 removed */
	assert_int_equal(ch.published, 1);
	assert_int_equal(ch.lost, 1);
	assert_int_equal(ch.status_changed, 2);
	assert_int_equal(ch.added, 1);
	assert_int_equal(ch.removed, 1);
	in.changes = &ch;
	text = capture(report_changes_csv, &in, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "№,Наименование,Статус был,Статус стал,Опубликованы,Пропали,"
	                             "Документов было,Документов стало\r\n"));
	assert_non_null(strstr(text, "1,МБОУ СОШ № 1,соответствует,не соответствует,,"
	                             "Приказ о внедрении целевой модели наставничества,3 из 3,2 из 3\r\n"));
	assert_non_null(strstr(text, ",не соответствует,не соответствует,"
	                             "Положение о системе наставничества педагогических работников,,1 из 3,2 из 3\r\n"));
	assert_non_null(strstr(text, "13,МБОУ СОШ № 13,не проверено: сайт недоступен,соответствует,,,—,1 из 3\r\n"));
	assert_non_null(strstr(text, "17,МБОУ СОШ № 16,не было в реестре,соответствует,,,—,"));
	assert_non_null(strstr(text, "16,МБОУ СОШ № 16,соответствует,нет в реестре,,,"));
	free(text);
	text = capture(report_changes_html, &in, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(text, "id=\"changes\""));
	assert_int_equal(count_of(text, "<tr data-change="), 5);
	free(text);
	report_changes_free(&ch);
	results_free(before);
	results_free(after);
}

/* Registry records past the listed ones: summary.md and report.html both say how many. */
static void test_registry_issues_dropped(void **state)
{
	struct fixture *fx = *state;
	char *md, *html;
	int rc;

	fx->reg.issues_dropped = 500;
	md = capture(report_summary_md, &fx->in, &rc);
	assert_int_equal(rc, 0);
	html = capture(report_html, &fx->in, &rc);
	assert_int_equal(rc, 0);
	fx->reg.issues_dropped = 0;
	assert_non_null(strstr(md, "не включенные в мониторинг: 501\n"));
	assert_non_null(strstr(md, "- ещё 500 записей не показаны\n"));
	assert_non_null(strstr(html, "<li>ещё 500 записей не показаны</li>"));
	free(md);
	free(html);
}

int main(void)
{
	const struct CMUnitTest plain[] = {
		cmocka_unit_test(test_json_escape),
		cmocka_unit_test(test_json_writer_nesting),
		cmocka_unit_test(test_share_format),
		cmocka_unit_test(test_dates_ru),
		cmocka_unit_test(test_results_json_exact),
		cmocka_unit_test(test_csv_formula_guard),
		cmocka_unit_test(test_rule_error_reports),
		cmocka_unit_test(test_summary_md_empty),
		cmocka_unit_test(test_writers_reject_null),
		cmocka_unit_test(test_writers_full_disk),
		cmocka_unit_test(test_results_parse_errors),
		cmocka_unit_test(test_results_parse_doc_order),
	};
	const struct CMUnitTest with_fixture[] = {
		cmocka_unit_test(test_fixture_summary),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_summary_md),
		cmocka_unit_test(test_write_all),
		cmocka_unit_test(test_write_all_errors),
		cmocka_unit_test(test_snapshot_of_run),
		cmocka_unit_test(test_recover),
		cmocka_unit_test(test_recover_notices),
		cmocka_unit_test(test_dates_long_ru),
		cmocka_unit_test(test_notice_name),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_registry_issues_dropped),
	};
	int failed;

	failed = cmocka_run_group_tests_name("reports", plain, NULL, NULL);
	failed += cmocka_run_group_tests_name("reports with a 16-school run", with_fixture,
	                                      setup_fixture, teardown_fixture);
	return failed ? 1 : 0;
}
