/*
 * test_registry.c - registry_parse() over a table of CSV inputs.
 *
 * Each case renders the parsed registry as text (extra column names, rows,
 * issues) and compares it with the expected rendering, so a case reads like
 * the file it describes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/registry.h"

struct ok_case {
	const char *title;
	const char *input;
	size_t len;             /* 0: strlen(input) */
	char delimiter;
	const char *encoding;
	/*
	 * "cols: a|b\n" when there are extra columns, then one line per row
	 * "<line>: id|name|url[|extra...]" (and " ~N" when it repeats row N,
	 * 0-based), then "! <line>: reason" per issue.
	 */
	const char *expect;
};

#define SEED_HEADER_CP1251                                                                      \
	"\xb9 \xef/\xef;\xce\xe1\xf0\xe0\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc\xed\xe0\xff "                \
	"\xee\xf0\xe3\xe0\xed\xe8\xe7\xe0\xf6\xe8\xff;\xd1\xf1\xfb\xeb\xea\xe0 \xed\xe0 "              \
	"\xe8\xed\xf4\xee\xf0\xec\xe0\xf6\xe8\xee\xed\xed\xfb\xe9 \xf0\xe5\xf1\xf3\xf0\xf1 "          \
	"\xf1\xee\xef\xf0\xee\xe2\xee\xe6\xe4\xe5\xed\xe8\xff \xed\xe0\xf1\xf2\xe0\xe2\xed\xe8\xf7"   \
	"\xe5\xf1\xf2\xe2\xe0 \xef\xe5\xe4\xe0\xe3\xee\xe3\xe8\xf7\xe5\xf1\xea\xe8\xf5 "              \
	"\xf0\xe0\xe1\xee\xf2\xed\xe8\xea\xee\xe2 \xee\xe1\xf0\xe0\xe7\xee\xe2\xe0\xf2\xe5\xeb\xfc"   \
	"\xed\xfb\xf5 \xee\xf0\xe3\xe0\xed\xe8\xe7\xe0\xf6\xe8\xe9"

#define SEED_HEADER_UTF8                                                                        \
	"№ п/п\tОбразовательная организация\tСсылка на информационный ресурс сопровождения "    \
	"наставничества педагогических работников образовательных организаций"

/* "id\tname\turl\r\n1\tП\tu\r\n" in UTF-16LE with its BOM. */
#define UTF16_INPUT                                                                             \
	"\xFF\xFEi\0d\0\t\0n\0a\0m\0e\0\t\0u\0r\0l\0\r\0\n\0"                                 \
	"1\0\t\0\x1f\x04\t\0u\0\r\0\n\0"

static const struct ok_case ok_cases[] = {
	/* Found by fuzz_registry: a NUL cut the field and left it untrimmed. */
	{ "NUL inside a field is blank", "id,name,url\n1,\"\xD0\xA8 \0\xE2\x84\x96 1\",http://a/\n", 36, ',',
	  "utf-8", "2: 1|\xD0\xA8 \xE2\x84\x96 1|http://a/\n" },
	{ "utf-8, comma", "id,name,url\n1,Школа 1,http://a/\n2,Школа 2,http://b/\n", 0, ',',
	  "utf-8", "2: 1|Школа 1|http://a/\n3: 2|Школа 2|http://b/\n" },
	{ "utf-8 BOM, semicolon, CRLF", "\xEF\xBB\xBFid;name;url\r\n1;A;http://a/\r\n2;B;http://b/\r\n",
	  0, ';', "utf-8", "2: 1|A|http://a/\n3: 2|B|http://b/\n" },
	{ "windows-1251 bytes",
	  "\xb9;\xcd\xe0\xe8\xec\xe5\xed\xee\xe2\xe0\xed\xe8\xe5;\xd1\xe0\xe9\xf2\n"
	  "1;\xd8\xea\xee\xeb\xe0;http://a\n",
	  0, ';', "windows-1251", "2: 1|Школа|http://a\n" },
	{ "windows-1251 seed header, trailing dots on numbers",
	  SEED_HEADER_CP1251 "\r\n1.;\xcb\xe8\xf6\xe5\xe9 \xb9 1;https://lizei1.gosuslugi.ru/n/\r\n", 0, ';',
	  "windows-1251", "2: 1|Лицей № 1|https://lizei1.gosuslugi.ru/n/\n" },
	{ "seed header, tab-separated, blank lines between rows",
	  SEED_HEADER_UTF8 "\n1.\tМБОУ «Лицей № 1»\thttps://lizei1.gosuslugi.ru/n/\n\n"
	                   "2.\tМБОУ «СОШ № 2»\thttps://sosh2ugansk.gosuslugi.ru/n/\n",
	  0, '\t', "utf-8",
	  "2: 1|МБОУ «Лицей № 1»|https://lizei1.gosuslugi.ru/n/\n"
	  "4: 2|МБОУ «СОШ № 2»|https://sosh2ugansk.gosuslugi.ru/n/\n" },
	{ "quoted delimiters, doubled quotes and newlines; lines counted across them",
	  "id,name,url\n1,\"Школа, №1\",\"http://a/\"\n2,\"Say \"\"hi\"\"\",http://b/\n"
	  "3,\"Line one\nLine two\",http://c/\n4,x,http://d/\n",
	  0, ',', "utf-8",
	  "2: 1|Школа, №1|http://a/\n3: 2|Say \"hi\"|http://b/\n4: 3|Line one Line two|http://c/\n"
	  "6: 4|x|http://d/\n" },
	{ "CRLF inside quotes counts one line", "id,name,url\r\n1,\"a\r\nb\",u\r\n2,B,v\r\n", 0, ',',
	  "utf-8", "2: 1|a b|u\n4: 2|B|v\n" },
	{ "CR-only line ends, last line without newline", "id;name;url\r1;A;u\r2;B;v", 0, ';', "utf-8",
	  "2: 1|A|u\n3: 2|B|v\n" },
	{ "blanks around quoted fields, U+00A0 trimmed",
	  "id;name;url\n1; \"A\" ;\xC2\xA0http://a/\xC2\xA0\n", 0, ';', "utf-8", "2: 1|A|http://a/\n" },
	{ "extra columns kept in order, id from Код",
	  "Код;Район;Наименование;Телефон;Сайт;Примечание\n7;Центр;Школа;123;http://a;ok\n", 0, ';',
	  "utf-8", "cols: Район|Телефон|Примечание\n2: 7|Школа|http://a|Центр|123|ok\n" },
	{ "short row padded", "id,name,url,note\n1,A\n2,B,v,n\n", 0, ',', "utf-8",
	  "cols: note\n2: 1|A||\n3: 2|B|v|n\n" },
	{ "cells past the header become a column; the rows before get \"\"",
	  "id,name,url\n1,\"a\nb\",u,extra\n2,B,v\n", 0, ',', "utf-8",
	  "cols: столбец 4\n2: 1|a b|u|extra\n4: 2|B|v|\n" },
	{ "Excel header with a trailing empty cell, notes under it",
	  "№;Наименование;Ссылка;\n1;A;http://a/;примечание\n2;B;http://b/;\n3;C;http://c/;ещё\n", 0, ';',
	  "utf-8", "cols: столбец 4\n2: 1|A|http://a/|примечание\n3: 2|B|http://b/|\n4: 3|C|http://c/|ещё\n" },
	{ "a row wider than every row before widens them all",
	  "id;name;url;note\n1;A;u;n\n2;B;v;;x;y\n3;C;w\n", 0, ';', "utf-8",
	  "cols: note|столбец 5|столбец 6\n2: 1|A|u|n||\n3: 2|B|v||x|y\n4: 3|C|w|||\n" },
	{ "an empty header cell between named ones", "№;;Наименование;Сайт\n1;a;B;u\n", 0, ';', "utf-8",
	  "cols: столбец 2\n2: 1|B|u|a\n" },
	{ "empty cells past the header are Excel padding", "id,name,url,,\n1,A,u,,,\n", 0, ',', "utf-8",
	  "2: 1|A|u\n" },
	{ "unterminated quote: issue, reading resumes on the next line",
	  "id,name,url\n1,\"broken,u\n2,B,v\n3,C,w\n", 0, ',', "utf-8",
	  "3: 2|B|v\n4: 3|C|w\n! 2: unterminated quote\n" },
	{ "unterminated quote over several lines",
	  "id,name,url\n1,A,u\n2,\"B\nstill,v\n3,C,w", 0, ',', "utf-8",
	  "2: 1|A|u\n4: still|v|\n5: 3|C|w\n! 3: unterminated quote\n" },
	{ "text after a closing quote", "id,name,url\n1,\"A\"x,u\n2,B,v\n", 0, ',', "utf-8",
	  "3: 2|B|v\n! 2: text after the closing quote in column 2\n" },
	{ "header only", "id,name,url\n", 0, ',', "utf-8", "" },
	{ "duplicate ids keep both rows, no issue", "id,name,url\n1,A,u\n2,B,v\n1.,C,w\n", 0, ',', "utf-8",
	  "2: 1|A|u\n3: 2|B|v\n4: 1|C|w ~0\n" },
	{ "same name with another URL: quotes, case, white space and ё do not matter",
	  "№;Наименование;Сайт\n1;МБОУ «СОШ № 1»;http://a/\n2;Гимназия «Ёлочка»;http://b/\n"
	  "3;мбоу \"сош №1\";http://c/\n4;ГИМНАЗИЯ ЕЛОЧКА;http://b/\n5;МБОУ «СОШ № 10»;http://a/\n",
	  0, ';', "utf-8",
	  "2: 1|МБОУ «СОШ № 1»|http://a/\n3: 2|Гимназия «Ёлочка»|http://b/\n"
	  "4: 3|мбоу \"сош №1\"|http://c/ ~0\n5: 4|ГИМНАЗИЯ ЕЛОЧКА|http://b/ ~1\n6: 5|МБОУ «СОШ № 10»|http://a/\n" },
	{ "a chain points at the group's first row",
	  "id;name;url\n1;A;http://a/\n1;B;http://b/\n2;b;http://c/\n3;C;http://d/\n", 0, ';', "utf-8",
	  "2: 1|A|http://a/\n3: 1|B|http://b/ ~0\n4: 2|b|http://c/ ~0\n5: 3|C|http://d/\n" },
	{ "the id decides before the name",
	  "id;name;url\n1;A;u\n2;B;v\n2;A;w\n", 0, ';', "utf-8", "2: 1|A|u\n3: 2|B|v\n4: 2|A|w ~1\n" },
	{ "empty names repeat nothing", "id;name;url\n1;;u\n2;«»;v\n", 0, ';', "utf-8",
	  "2: 1||u\n3: 2|«»|v\n" },
	{ "separator-only lines wider than the header, and notes without id, name or URL, skipped",
	  "id;name;url;note\n1;A;u;n\n;;;;;;\n;;;Итого: 1\n\n2;B;v;m\n", 0, ';', "utf-8",
	  "cols: note\n2: 1|A|u|n\n6: 2|B|v|m\n" },
	{ "merged id and name cells: the next URL of the row above",
	  "№;Наименование;Сайт;Примечание\n1;Школа 1;http://a/;x\n;;http://b/;\n;;http://c/;y\n"
	  "2;Школа 2;http://d/;\n",
	  0, ';', "utf-8",
	  "cols: Примечание\n2: 1|Школа 1|http://a/|x\n3: 1|Школа 1|http://b/| ~0\n"
	  "4: 1|Школа 1|http://c/|y ~0\n5: 2|Школа 2|http://d/|\n" },
	{ "merged name cell without an id column", "name;url\nA;http://a/\n;http://b/\nB;http://c/\n", 0,
	  ';', "utf-8", "2: 1|A|http://a/\n3: 2|A|http://b/ ~0\n4: 3|B|http://c/\n" },
	{ "no row right above to continue: an empty id",
	  "№;Наименование;Сайт\n;;http://a/\n1;\"A\"x;u\n;;http://b/\n2;B;v\n\n;;http://c/\n", 0, ';',
	  "utf-8",
	  "5: 2|B|v\n7: 2|B|http://c/ ~0\n! 2: empty id\n! 3: text after the closing quote in column 2\n"
	  "! 4: empty id\n" },
	{ "an id without a name is its own row, not a continuation",
	  "№;Наименование;Сайт\n1;A;http://a/\n2;;http://b/\n", 0, ';', "utf-8",
	  "2: 1|A|http://a/\n3: 2||http://b/\n" },
	{ "blank and separator-only lines skipped",
	  "\n\nid,name,url\n\n1,A,u\n   \n,,\n\"\",,\n2,B,v\n\n", 0, ',', "utf-8",
	  "5: 1|A|u\n9: 2|B|v\n" },
	{ "no id column: ids are data record ordinals", "name;url\nA;u\n\n;;\nB;v\n", 0, ';', "utf-8",
	  "2: 1|A|u\n5: 2|B|v\n" },
	{ "empty id is an issue", "id;name;url\n;A;u\n2;B;v\n", 0, ';', "utf-8",
	  "3: 2|B|v\n! 2: empty id\n" },
	{ "empty name or url still a row", "id;name;url\n1;;u\n2;B;\n", 0, ';', "utf-8",
	  "2: 1||u\n3: 2|B|\n" },
	{ "title rows above the header", "Реестр ссылок;;\n;;\n№;Наименование;Сайт\n1;A;u\n", 0, ';',
	  "utf-8", "4: 1|A|u\n" },
	{ "decorated, quoted, upper-case header names",
	  "\"№ П/П\";\"НАИМЕНОВАНИЕ:\";«Сайт».;Ё-mail\n1;A;u;e\n", 0, ';', "utf-8",
	  "cols: Ё-mail\n2: 1|A|u|e\n" },
	{ "specific URL name beats адрес", "№;Наименование;Адрес;Сайт\n1;A;ул. Ленина;http://a\n", 0,
	  ';', "utf-8", "cols: Адрес\n2: 1|A|http://a|ул. Ленина\n" },
	{ "адрес serves when nothing better", "№;Наименование;Адрес\n1;A;http://a\n", 0, ';', "utf-8",
	  "2: 1|A|http://a\n" },
	{ "header containing наименование and сайт",
	  "N;Полное наименование ОО;Адрес сайта ОО в сети Интернет\n1;A;u\n", 0, ';', "utf-8",
	  "2: 1|A|u\n" },
	{ "English synonyms", "Code,Organisation,Website,Section\n1,A,http://a,http://a/s\n", 0, ',',
	  "utf-8", "cols: Section\n2: 1|A|http://a|http://a/s\n" },
	{ "tab wins over a comma inside a header cell", "№\tНаименование, адрес\tСайт\n1\tA, b\tu\n", 0,
	  '\t', "utf-8", "2: 1|A, b|u\n" },
	{ "semicolon wins a tie with comma", "id;name;url;note, x, y, z\n1;A,x;u,y;n\n", 0, ';',
	  "utf-8", "cols: note, x, y, z\n2: 1|A,x|u,y|n\n" },
	{ "BOM but bad bytes: U+FFFD", "\xEF\xBB\xBFid,name,url\n1,A\xFF,u\n", 0, ',', "utf-8",
	  "2: 1|A\xEF\xBF\xBD|u\n" },
	{ "UTF-16LE with BOM (Excel Unicode text)", UTF16_INPUT, sizeof(UTF16_INPUT) - 1, '\t',
	  "utf-16le", "2: 1|П|u\n" },
};

/* Render a registry in the form the table's expect fields use. */
static char *render(const struct registry *r)
{
	struct buf b;
	size_t i, k;

	buf_init(&b, 1u << 24);
	if (r->nextra) {
		assert_int_equal(buf_addstr(&b, "cols: "), 0);
		for (k = 0; k < r->nextra; k++)
			assert_int_equal(buf_printf(&b, "%s%s", k ? "|" : "", r->extra_names[k]), 0);
		assert_int_equal(buf_addc(&b, '\n'), 0);
	}
	for (i = 0; i < r->nrows; i++) {
		const struct registry_row *row = &r->rows[i];

		assert_int_equal(buf_printf(&b, "%zu: %s|%s|%s", row->line, row->id, row->name, row->url), 0);
		for (k = 0; k < r->nextra; k++)
			assert_int_equal(buf_printf(&b, "|%s", row->extra[k]), 0);
		if (row->repeats >= 0)
			assert_int_equal(buf_printf(&b, " ~%ld", row->repeats), 0);
		assert_int_equal(buf_addc(&b, '\n'), 0);
	}
	for (i = 0; i < r->nissues; i++)
		assert_int_equal(buf_printf(&b, "! %zu: %s\n", r->issues[i].line, r->issues[i].reason), 0);
	return buf_detach(&b);
}

static void test_ok_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(ok_cases); i++) {
		const struct ok_case *c = &ok_cases[i];
		struct registry *r = NULL;
		char err[512];
		size_t len = c->len ? c->len : strlen(c->input);
		char *got;
		int rc;

		print_message("case: %s\n", c->title);
		rc = registry_parse(&r, c->input, len, err, sizeof(err));
		if (rc != 0)
			print_error("unexpected error: %s\n", err);
		assert_int_equal(rc, 0);
		assert_non_null(r);
		assert_int_equal(r->delimiter, c->delimiter);
		assert_string_equal(r->encoding, c->encoding);
		got = render(r);
		assert_string_equal(got, c->expect);
		free(got);
		registry_free(r);
	}
}

struct fail_case {
	const char *title;
	const char *input;
	size_t len;
	const char *err_prefix;
	const char *err_contains;
};

static const struct fail_case fail_cases[] = {
	{ "empty input", "", 0, "the registry is empty (no header line)", NULL },
	{ "only a BOM and blank lines", "\xEF\xBB\xBF\r\n\r\n  \n", 0,
	  "the registry is empty (no header line)", NULL },
	{ "no URL column", "id,name,phone\n1,A,2\n", 0,
	  "line 1: no URL column (expected one of: url, ссылка на раздел,", "or a header containing ссылка" },
	{ "no name column", "\n№;Сайт\n1;u\n", 0, "line 2: no name column (expected one of:",
	  "наименование" },
	{ "neither", "a,b\n", 0, "line 1: no name column", "; no URL column" },
	{ "unterminated quote in the header", "id,\"name,url\n1,A,u\n", 0,
	  "line 1: header: unterminated quote", NULL },
	{ "Russian words of the wrong kind", "Номер;Телефон;Адрес электронной почты\n1;2;3\n", 0,
	  "line 1: no name column", NULL },
};

static void test_fail_cases(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(fail_cases); i++) {
		const struct fail_case *c = &fail_cases[i];
		struct registry *r = (struct registry *)&r; /* must be reset to NULL */
		char err[1024];
		size_t len = c->len ? c->len : strlen(c->input);

		print_message("case: %s\n", c->title);
		assert_int_equal(registry_parse(&r, c->input, len, err, sizeof(err)), -1);
		assert_null(r);
		if (strncmp(err, c->err_prefix, strlen(c->err_prefix)) != 0)
			print_error("err: %s\n", err);
		assert_true(strncmp(err, c->err_prefix, strlen(c->err_prefix)) == 0);
		if (c->err_contains)
			assert_non_null(strstr(err, c->err_contains));
	}
}

/* Whatever the room, err is a NUL-terminated, whole-character string. */
static void test_err_truncated_on_char_boundary(void **state)
{
	struct registry *r;
	char err[300];
	size_t room;

	(void)state;
	for (room = 1; room <= sizeof(err); room++) {
		memset(err, 'x', sizeof(err));
		assert_int_equal(registry_parse(&r, "id,name\n", 8, err, room), -1);
		assert_true(strlen(err) < room);
		assert_true(text_utf8_valid(err, strlen(err)));
	}
	assert_int_equal(registry_parse(&r, "id,name\n", 8, NULL, 0), -1);
	assert_null(r);
}

static char *repeat(const char *head, char c, size_t n, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	char *s = malloc(hl + n + tl + 1);

	assert_non_null(s);
	memcpy(s, head, hl);
	memset(s + hl, c, n);
	memcpy(s + hl + n, tail, tl + 1);
	return s;
}

static void test_field_cap(void **state)
{
	struct registry *r;
	char err[256];
	char *in = repeat("id,name,url\n1,", 'a', CAP_REGISTRY_FIELD + 1, ",u\n2,B,v\n");

	(void)state;
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].id, "2");
	assert_int_equal(r->nissues, 1);
	assert_int_equal(r->issues[0].line, 2);
	assert_string_equal(r->issues[0].reason, "field longer than the cap in column 2");
	assert_int_equal(r->issues[0].kind, REGISTRY_ISSUE_FIELD_TOO_LONG);
	assert_int_equal(r->issues[0].column, 2);
	registry_free(r);
	free(in);

	/* A quoted field at the cap: most likely a lost quote; the next line survives. */
	in = repeat("id,name,url\n1,\"", 'a', CAP_REGISTRY_FIELD + 1, "\",u\n2,B,v\n");
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 1);
	assert_string_equal(r->rows[0].id, "2");
	assert_int_equal(r->rows[0].line, 3);
	assert_int_equal(r->nissues, 1);
	assert_int_equal(r->issues[0].line, 2);
	assert_string_equal(r->issues[0].reason,
	                    "quoted field longer than the cap (unterminated quote?)");
	assert_int_equal(r->issues[0].kind, REGISTRY_ISSUE_QUOTED_TOO_LONG);
	registry_free(r);
	free(in);

	/* Exactly at the cap is fine. */
	in = repeat("id,name,url\n1,", 'a', CAP_REGISTRY_FIELD, ",u\n");
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(strlen(r->rows[0].name), CAP_REGISTRY_FIELD);
	registry_free(r);
	free(in);
}

static void test_column_cap(void **state)
{
	struct registry *r;
	char err[256];
	char *in = repeat("id,name,url", ',', CAP_REGISTRY_COLUMNS, "x\n1,A,u\n");

	(void)state;
	/* 3 + 256 - 1 empty + "x": the last column is the 259th. */
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), -1);
	assert_string_equal(err, "line 1: 259 columns, more than the cap of 256");
	free(in);
	/* A data row past the cap is an issue; the rows around it are read. */
	in = repeat("id,name,url\n1,A,u\n2,B,v", ',', CAP_REGISTRY_COLUMNS, "x\n3,C,w\n");
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 2);
	assert_int_equal(r->nextra, 0);
	assert_int_equal(r->nissues, 1);
	assert_int_equal(r->issues[0].line, 3);
	assert_string_equal(r->issues[0].reason, "259 fields, more than the cap of 256");
	assert_int_equal(r->issues[0].kind, REGISTRY_ISSUE_TOO_MANY_FIELDS);
	registry_free(r);
	free(in);
	/* Up to the cap, a row adds columns. */
	in = repeat("id,name,url\n1,A,u", ',', CAP_REGISTRY_COLUMNS - 3, "x\n");
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->nissues, 0);
	assert_int_equal(r->nextra, CAP_REGISTRY_COLUMNS - 3);
	assert_string_equal(r->extra_names[r->nextra - 1], "столбец 256");
	assert_string_equal(r->rows[0].extra[r->nextra - 1], "x");
	registry_free(r);
	free(in);
	/* The same width of empty padding is not a problem. */
	in = repeat("id,name,url", ',', CAP_REGISTRY_COLUMNS + 10, "\n1,A,u\n");
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 1);
	assert_int_equal(r->nextra, 0);
	registry_free(r);
	free(in);
}

static void test_byte_cap(void **state)
{
	struct registry *r;
	char err[256];
	char *big = calloc(1, (size_t)CAP_REGISTRY_BYTES + 1);

	(void)state;
	assert_non_null(big);
	assert_int_equal(registry_parse(&r, big, (size_t)CAP_REGISTRY_BYTES + 1, err, sizeof(err)), -1);
	assert_null(r);
	assert_non_null(strstr(err, "more than the cap"));
	free(big);
}

/* 1 500 unreadable records, then 10 rows: every row read, every issue counted, the first 1 000 kept. */
static void test_issue_cap(void **state)
{
	struct registry *r;
	struct buf in;
	char err[256];
	size_t i;

	(void)state;
	buf_init(&in, 1u << 20);
	assert_int_equal(buf_addstr(&in, "id;name;url\n"), 0);
	for (i = 0; i < CAP_REGISTRY_ISSUES + 500; i++)
		assert_int_equal(buf_addstr(&in, i % 2 ? ";A;u\n" : "7;\"A\"x;u\n"), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(buf_printf(&in, "%zu;B%zu;http://b%zu/\n", i + 1, i, i), 0);
	assert_int_equal(registry_parse(&r, in.data, in.len, err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(r->rows[i].line, CAP_REGISTRY_ISSUES + 500 + 2 + i);
	assert_int_equal(r->nissues, CAP_REGISTRY_ISSUES);
	assert_int_equal(r->issues_dropped, 500);
	assert_int_equal(registry_unread(r), CAP_REGISTRY_ISSUES + 500);
	assert_int_equal(r->issues[0].kind, REGISTRY_ISSUE_TEXT_AFTER_QUOTE);
	assert_int_equal(r->issues[0].column, 2);
	assert_string_equal(r->issues[0].reason, "text after the closing quote in column 2");
	assert_int_equal(r->issues[1].kind, REGISTRY_ISSUE_EMPTY_ID);
	assert_int_equal(r->issues[1].column, 1);
	assert_string_equal(r->issues[1].reason, "empty id");
	assert_int_equal(r->issues[CAP_REGISTRY_ISSUES - 1].line, CAP_REGISTRY_ISSUES + 1);
	registry_free(r);
	buf_free(&in);
}

/* Each kind of issue, its column and its English reason, as results.json has always said it. */
struct issue_case {
	const char *input;
	enum registry_issue_kind kind;
	size_t column;
	const char *reason;
};

static const struct issue_case issue_cases[] = {
	{ "id,name,url\n1,\"A,u\n", REGISTRY_ISSUE_UNTERMINATED_QUOTE, 0, "unterminated quote" },
	{ "id,name,url\n1,A,\"u\"/x\n", REGISTRY_ISSUE_TEXT_AFTER_QUOTE, 3,
	  "text after the closing quote in column 3" },
	{ "id,name,url\n,A,u\n", REGISTRY_ISSUE_EMPTY_ID, 1, "empty id" },
	{ "name;№;url\nA;;u\n", REGISTRY_ISSUE_EMPTY_ID, 2, "empty id" },
};

static void test_issue_kinds(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(issue_cases); i++) {
		const struct issue_case *c = &issue_cases[i];
		struct registry *r;
		char err[256];

		print_message("case: %s\n", c->input);
		assert_int_equal(registry_parse(&r, c->input, strlen(c->input), err, sizeof(err)), 0);
		assert_int_equal(r->nrows, 0);
		assert_int_equal(r->nissues, 1);
		assert_int_equal(r->issues_dropped, 0);
		assert_int_equal(r->issues[0].line, 2);
		assert_int_equal(r->issues[0].kind, c->kind);
		assert_int_equal(r->issues[0].column, c->column);
		assert_string_equal(r->issues[0].reason, c->reason);
		registry_free(r);
	}
}

/* Rows past CAP_REGISTRY_ROWS are issues, and the records after them are still read. */
static void test_row_cap(void **state)
{
	struct registry *r;
	struct buf in;
	char err[256];
	size_t i;

	(void)state;
	buf_init(&in, 1u << 26);
	assert_int_equal(buf_addstr(&in, "name,url\n"), 0);
	for (i = 0; i < CAP_REGISTRY_ROWS + 2; i++)
		assert_int_equal(buf_addstr(&in, "A,u\n"), 0);
	assert_int_equal(buf_addstr(&in, "\"B,v\n"), 0);
	assert_int_equal(registry_parse(&r, in.data, in.len, err, sizeof(err)), 0);
	assert_int_equal(r->nrows, CAP_REGISTRY_ROWS);
	assert_int_equal(r->nissues, 3);
	assert_int_equal(r->issues[0].kind, REGISTRY_ISSUE_TOO_MANY_ROWS);
	assert_int_equal(r->issues[0].line, CAP_REGISTRY_ROWS + 2);
	assert_string_equal(r->issues[0].reason, "more than 1000000 rows; this one is not read");
	assert_int_equal(r->issues[1].kind, REGISTRY_ISSUE_TOO_MANY_ROWS);
	assert_int_equal(r->issues[2].kind, REGISTRY_ISSUE_UNTERMINATED_QUOTE);
	assert_int_equal(r->issues[2].line, CAP_REGISTRY_ROWS + 4);
	assert_int_equal(r->rows[CAP_REGISTRY_ROWS - 1].repeats, 0);
	registry_free(r);
	buf_free(&in);
}

static void test_many_rows_and_duplicates(void **state)
{
	struct registry *r;
	struct buf in;
	char err[256];
	size_t i;

	(void)state;
	buf_init(&in, 1u << 24);
	assert_int_equal(buf_addstr(&in, "id,name,url\n"), 0);
	for (i = 0; i < 20000; i++)
		assert_int_equal(buf_printf(&in, "%zu,School %zu,http://s%zu.example/\n", i % 19500, i, i),
		                 0);
	assert_int_equal(registry_parse(&r, in.data, in.len, err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 20000);
	assert_int_equal(r->nissues, 0);
	for (i = 0; i < 20000; i++)
		assert_int_equal(r->rows[i].repeats, i < 19500 ? -1 : (long)(i - 19500));
	assert_string_equal(r->rows[19999].url, "http://s19999.example/");
	registry_free(r);
	buf_free(&in);
}

/* registry_mark_repeats() on rows put together otherwise (a shard's slice): positions in them. */
static void test_repeats_of_a_slice(void **state)
{
	static const char in[] = "id;name;url\n1;A;u\n2;B;v\n1;A2;w\n3;b;x\n";
	struct registry *r, view;
	struct registry_row slice[3];
	char err[256];

	(void)state;
	assert_int_equal(registry_parse(&r, in, strlen(in), err, sizeof(err)), 0);
	assert_int_equal(r->nrows, 4);
	assert_int_equal(r->rows[2].repeats, 0);
	assert_int_equal(r->rows[3].repeats, 1);
	view = *r;
	memcpy(slice, r->rows + 1, sizeof(slice));
	view.rows = slice;
	view.nrows = 3;
	assert_int_equal(registry_mark_repeats(&view), 0);
	assert_int_equal(slice[0].repeats, -1);
	assert_int_equal(slice[1].repeats, -1);   /* its id's first row is not in the slice */
	assert_int_equal(slice[2].repeats, 0);    /* "b" is "B", now at 0 */
	assert_int_equal(r->rows[3].repeats, 1);  /* the whole registry's rows are untouched */
	registry_free(r);
}

static void test_free_null(void **state)
{
	(void)state;
	registry_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok_cases),
		cmocka_unit_test(test_fail_cases),
		cmocka_unit_test(test_err_truncated_on_char_boundary),
		cmocka_unit_test(test_field_cap),
		cmocka_unit_test(test_column_cap),
		cmocka_unit_test(test_byte_cap),
		cmocka_unit_test(test_issue_cap),
		cmocka_unit_test(test_issue_kinds),
		cmocka_unit_test(test_row_cap),
		cmocka_unit_test(test_many_rows_and_duplicates),
		cmocka_unit_test(test_repeats_of_a_slice),
		cmocka_unit_test(test_free_null),
	};

	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
