/*
 * test_registry_xlsx.c - a registry saved as an Excel workbook
 * (parsers/registry_xlsx.c through registry_parse_sheet): the demo's
 * registry saved by Calc reads as its CSV does, row for row and line for
 * line; a named sheet under a title row; the errors a user can meet.
 * The workbooks: fixtures/registries/make-xlsx.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "parsers/registry.h"

static char *load(const char *path, size_t *len)
{
	char err[256], *data = NULL;

	assert_int_equal(file_read_all(&data, len, path, 64u * 1024u * 1024u, err, sizeof(err)), 0);
	return data;
}

static struct registry *parse(const char *path, const char *sheet)
{
	struct registry *r = NULL;
	char err[512];
	size_t len;
	char *buf = load(path, &len);

	if (registry_parse_sheet(&r, buf, len, sheet, err, sizeof(err)) != 0)
		fail_msg("%s: %s", path, err);
	free(buf);
	return r;
}

/* The demo's registry: the workbook Calc saved from the CSV reads as the CSV. */
static void test_same_as_csv(void **state)
{
	struct registry *x = parse("fixtures/registries/nefteyugansk.xlsx", NULL);
	struct registry *c = parse("examples/nefteyugansk.csv", NULL);

	(void)state;
	assert_string_equal(x->encoding, "xlsx");
	assert_int_equal(x->nissues, 0);
	assert_int_equal(x->nrows, c->nrows);
	assert_int_equal(x->nextra, c->nextra);
	for (size_t j = 0; j < x->nextra; j++)
		assert_string_equal(x->extra_names[j], c->extra_names[j]);
	for (size_t i = 0; i < x->nrows; i++) {
		assert_int_equal(x->rows[i].line, c->rows[i].line);
		assert_string_equal(x->rows[i].id, c->rows[i].id);
		assert_string_equal(x->rows[i].name, c->rows[i].name);
		assert_string_equal(x->rows[i].url, c->rows[i].url);
		for (size_t j = 0; j < x->nextra; j++)
			assert_string_equal(x->rows[i].extra[j], c->rows[i].extra[j]);
	}
	assert_int_equal(registry_digest(x), registry_digest(c));
	registry_free(x);
	registry_free(c);
}

/* The sheet «Реестр» after a sheet of notes: the title row skipped, rows on their sheet rows. */
static void test_named_sheet(void **state)
{
	struct registry *r = parse("fixtures/registries/two-sheets.xlsx", "Реестр");

	(void)state;
	assert_int_equal(r->nrows, 2);
	assert_int_equal(r->nextra, 1);
	assert_string_equal(r->extra_names[0], "Район");
	assert_int_equal(r->rows[0].line, 3);
	assert_string_equal(r->rows[0].id, "007");
	assert_string_equal(r->rows[0].name, "МБОУ «СОШ № 7», \"корпус 2\"");
	assert_string_equal(r->rows[0].url, "https://sosh7.example/nastavnichestvo/");
	assert_string_equal(r->rows[0].extra[0], "Центральный");
	/* After a blank sheet row: a number, a cell of two lines folded into one, no address. */
	assert_int_equal(r->rows[1].line, 5);
	assert_string_equal(r->rows[1].id, "12");
	assert_string_equal(r->rows[1].name, "МАДОУ «Детский сад № 12» филиал");
	assert_string_equal(r->rows[1].url, "");
	registry_free(r);
}

static void test_errors(void **state)
{
	struct registry *r = NULL;
	char err[512];
	size_t len;
	char *buf = load("fixtures/registries/two-sheets.xlsx", &len);

	(void)state;
	/* The first sheet holds notes, no header: said so, as for a CSV without one. */
	assert_int_equal(registry_parse_sheet(&r, buf, len, NULL, err, sizeof(err)), -1);
	assert_null(r);
	assert_int_equal(registry_parse_sheet(&r, buf, len, "Лист9", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no sheet named 'Лист9'"));
	/* Cut short: not a workbook libzip opens, so read as text, and no header in it. */
	assert_int_equal(registry_parse_sheet(&r, buf, len / 2, NULL, err, sizeof(err)), -1);
	free(buf);
	/* --sheet for a CSV registry. */
	buf = load("examples/nefteyugansk.csv", &len);
	assert_int_equal(registry_parse_sheet(&r, buf, len, "Лист1", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not one"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_as_csv),
		cmocka_unit_test(test_named_sheet),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
