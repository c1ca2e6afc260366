/*
 * test_wordml.c - the Word writer (reports/wordml.c) and summary.docx
 * (reports/docx.c): text escaped for XML whatever it holds, a package
 * whose every part libxml2 parses, and a table whose cells are the
 * indicator table's figures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include "parsers/registry.h"
#include "reports/indicators.h"
#include "reports/report.h"
#include "reports/report_util.h"
#include "reports/wordml.h"
#include "rules/rules.h"
#include "rules/verdict.h"

static const char *const package_parts[] = {
	"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml", "word/document.xml",
};

/* ---- wml_text ----------------------------------------------------------- */

static void test_text_escaping(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "", "" },
		{ "Доля ОО (N)", "Доля ОО (N)" },
		{ "a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'" },
		{ "&amp;", "&amp;amp;" },
		{ "</w:t></w:r><w:r><w:t>", "&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;" },
		{ "]]>", "]]&gt;" },
		{ "line\nbreak\r\ttab", "line break  tab" },
		{ "bell\a nul-less \x01\x1f\x7f end", "bell nul-less  end" },
		{ "bad \xff byte", "bad \xEF\xBF\xBD byte" },
		{ "cut \xD0", "cut \xEF\xBF\xBD" },
		{ "overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD" },
		{ "75,0\xC2\xA0%", "75,0\xC2\xA0%" },
		{ "emoji \xF0\x9F\x93\x84", "emoji \xF0\x9F\x93\x84" },
	};
	struct buf b;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_init(&b, 1024);
		assert_int_equal(wml_text(&b, cases[i].in), 0);
		if (strcmp(buf_str(&b), cases[i].want) != 0)
			fail_msg("case %zu: «%s» gave «%s», want «%s»", i, cases[i].in, buf_str(&b), cases[i].want);
		buf_free(&b);
	}
	buf_init(&b, 1024);
	assert_int_equal(wml_text(&b, NULL), 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	/* The cap holds: a text past it is an error, not a silently cut document. */
	buf_init(&b, 8);
	assert_int_not_equal(wml_text(&b, "&&&"), 0);
	buf_free(&b);
}

/* ---- the package -------------------------------------------------------- */

/* Part name of the zip in (zip, len), its bytes into *out (caller frees). */
static size_t read_part(const void *zipbytes, size_t len, const char *name, char **out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_file_t *zf;
	zip_stat_t st;

	zip_error_init(&ze);
	src = zip_source_buffer_create(zipbytes, len, 0, &ze);
	assert_non_null(src);
	za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	assert_int_equal(zip_get_num_entries(za, 0), sizeof(package_parts) / sizeof(package_parts[0]));
	if (zip_stat(za, name, 0, &st) != 0)
		fail_msg("no part %s in the package", name);
	*out = calloc(1, st.size + 1);
	assert_non_null(*out);
	zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, *out, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	zip_close(za);
	zip_error_fini(&ze);
	return st.size;
}

/* Every part of the package parses as XML (no recovery, no network); document.xml's tree into *doc. */
static void parse_package(const void *zipbytes, size_t len, xmlDocPtr *doc)
{
	for (size_t i = 0; i < sizeof(package_parts) / sizeof(package_parts[0]); i++) {
		char *xml;
		size_t n = read_part(zipbytes, len, package_parts[i], &xml);
		xmlDocPtr d = xmlReadMemory(xml, (int)n, package_parts[i], "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR);

		if (!d)
			fail_msg("%s is not well-formed XML", package_parts[i]);
		if (strcmp(package_parts[i], "word/document.xml") == 0)
			*doc = d;
		else
			xmlFreeDoc(d);
		free(xml);
	}
}

/* The elements named local (any namespace) below n, in document order. */
static size_t collect(xmlNodePtr n, const char *local, xmlNodePtr *out, size_t max, size_t k)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, local) == 0 && k < max)
			out[k++] = c;
		k = collect(c, local, out, max, k);
	}
	return k;
}

/* The text of an element, its <w:t>s joined; caller frees. */
static char *text_of(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *s;

	assert_non_null(t);
	s = strdup((const char *)t);
	xmlFree(t);
	assert_non_null(s);
	return s;
}

static void test_package(void **state)
{
	static const char hostile[] = "«Школа» <b>&amp; \"№ 1\"\x01 & ]]>";
	static const unsigned widths[] = { 4000, 5355 };
	static const char *const head[] = { "A & B", "<C>" };
	static const char *const cells[] = { hostile, "12" };
	static const bool numeric[] = { false, true };
	struct buf b;
	void *zipbytes = NULL;
	size_t len = 0;
	xmlDocPtr doc = NULL;
	xmlNodePtr found[16];
	char *s;

	(void)state;
	buf_init(&b, WML_DOCUMENT_CAP);
	assert_int_equal(wml_begin(&b), 0);
	assert_int_equal(wml_paragraph(&b, WML_TITLE, hostile), 0);
	assert_int_equal(wml_table_begin(&b, widths, 2), 0);
	assert_int_equal(wml_table_row(&b, widths, head, 2, true, NULL), 0);
	assert_int_equal(wml_table_row(&b, widths, cells, 2, false, numeric), 0);
	assert_int_equal(wml_table_end(&b), 0);
	assert_int_equal(wml_end(&b), 0);
	assert_int_not_equal(wml_table_begin(&b, widths, 0), 0);
	assert_int_not_equal(wml_table_begin(&b, widths, WML_MAX_COLS + 1), 0);
	assert_int_equal(wml_package(buf_str(&b), b.len, 1700000000, &zipbytes, &len), 0);
	buf_free(&b);
	/* A zip: its local header's signature; every part there and well-formed. */
	assert_true(len > 4 && memcmp(zipbytes, "PK\x03\x04", 4) == 0);
	parse_package(zipbytes, len, &doc);
	assert_non_null(doc);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tbl", found, 16, 0), 1);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tr", found, 16, 0), 2);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tc", found, 16, 0), 4);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "gridCol", found, 16, 0), 2);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tblHeader", found, 16, 0), 1);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tc", found, 16, 0), 4);
	s = text_of(found[0]);
	assert_string_equal(s, "A & B");
	free(s);
	s = text_of(found[2]);
	assert_string_equal(s, "«Школа» <b>&amp; \"№ 1\" & ]]>");   /* the control character dropped */
	free(s);
	assert_int_equal(collect(xmlDocGetRootElement(doc), "sectPr", found, 16, 0), 1);
	xmlFreeDoc(doc);
	free(zipbytes);
}

/* ---- summary.docx ------------------------------------------------------- */

static const char rules_text[] =
	"[document order]\n"
	"name = Приказ о внедрении целевой модели наставничества\n"
	"short = Приказ о внедрении\n"
	"match = приказ.{0,80}наставничеств\n"
	"[document regulation]\n"
	"name = Положение о системе наставничества & <прочее>\n"
	"short = Положение\n"
	"match = положени\\w*.{0,40}наставничеств\n";

#define NORGS 3

static void test_report_docx(void **state)
{
	struct ruleset *rs = NULL;
	struct registry_row rows[NORGS];
	struct org_result orgs[NORGS];
	struct registry reg;
	struct run_summary sum;
	struct report_input in;
	struct indicator_row want[INDICATOR_ROWS];
	char err[256] = "", *bytes = NULL, name[1024], expect[1200], *s;
	size_t len = 0, n;
	FILE *f;
	xmlDocPtr doc = NULL;
	xmlNodePtr tr[32], tc[16];
	int rc;

	(void)state;
	if (rules_parse(&rs, rules_text, strlen(rules_text), "test.rules", err, sizeof(err)) != 0)
		fail_msg("rules_parse: %s", err);
	for (size_t i = 0; i < NORGS; i++) {
		rows[i] = (struct registry_row){ .line = i + 2, .id = "1", .name = "МБОУ", .url = "http://s.example/",
		                                 .repeats = -1 };
		verdict_org_init(&orgs[i], &rows[i]);
		orgs[i].section_reached = i < 2;
		orgs[i].docs[0].found = i == 0;
	}
	orgs[2].status = ORG_UNREACHABLE;
	for (size_t i = 0; i < NORGS; i++)
		verdict_score(rs, &orgs[i]);
	reg = (struct registry){ .rows = rows, .nrows = NORGS, .delimiter = ';', .encoding = "utf-8" };
	verdict_summarize(rs, orgs, NORGS, NULL, &sum);
	in = (struct report_input){ .as_of = "2026-11-22", .rules = rs, .registry = &reg, .orgs = orgs,
	                            .norgs = NORGS, .summary = &sum };
	f = open_memstream(&bytes, &len);
	assert_non_null(f);
	rc = report_docx(f, &in);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(rc, 0);
	parse_package(bytes, len, &doc);
	/* The same run, the same bytes: the parts are dated by the audit date, not the clock. */
	{
		char *again = NULL;
		size_t again_len = 0;
		FILE *g = open_memstream(&again, &again_len);

		assert_non_null(g);
		assert_int_equal(report_docx(g, &in), 0);
		assert_int_equal(fclose(g), 0);
		assert_int_equal(again_len, len);
		assert_memory_equal(again, bytes, len);
		free(again);
	}
	n = report_indicators(rs, &sum, want);
	/* The header and one row per indicator, each of five cells: №, name (letter), method, count, share. */
	assert_int_equal(collect(xmlDocGetRootElement(doc), "tr", tr, 32, 0), n + 1);
	for (size_t i = 0; i < n; i++) {
		char number[16], count[32], share[32], value[40];

		assert_int_equal(collect(tr[i + 1], "tc", tc, 16, 0), 5);
		snprintf(number, sizeof(number), "%u", want[i].number);
		snprintf(expect, sizeof(expect), "%s (%s)", report_indicator_name(name, sizeof(name), rs, &want[i]),
		         want[i].letter);
		snprintf(count, sizeof(count), "%zu", want[i].count);
		report_fmt_share(share, sizeof(share), want[i].share, ',');
		snprintf(value, sizeof(value), "%s\xC2\xA0%%", share);
		const char *cells[] = { number, expect, NULL, count, value };
		for (size_t c = 0; c < 5; c++) {
			if (!cells[c])
				continue;
			s = text_of(tc[c]);
			if (strcmp(s, cells[c]) != 0)
				fail_msg("row %zu cell %zu: «%s», want «%s»", i + 1, c + 1, s, cells[c]);
			free(s);
		}
	}
	/* One of three unchecked: the note gives each share among the two checked. */
	s = text_of(xmlDocGetRootElement(doc));
	assert_non_null(strstr(s, "по состоянию на 22.11.2026"));
	assert_non_null(strstr(s, "Не проверено: 1 ОО из 3"));
	assert_non_null(strstr(s, "показатель 1 – 50,0 % (1 из 2)"));
	assert_non_null(strstr(s, "Положение о системе наставничества & <прочее>"));
	free(s);
	xmlFreeDoc(doc);
	free(bytes);
	/* Nothing to write from: refused, nothing written. */
	assert_int_equal(report_docx(NULL, &in), -1);
	in.rules = NULL;
	assert_int_equal(report_docx(stdout, &in), -1);
	for (size_t i = 0; i < NORGS; i++)
		verdict_org_clear(&orgs[i]);
	rules_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_package),
		cmocka_unit_test(test_report_docx),
	};

	return cmocka_run_group_tests_name("wordml", tests, NULL, NULL) ? 1 : 0;
}
