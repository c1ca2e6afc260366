/*
 * test_lines.c - the line cursor (core/lines.h): line ends LF, CR LF and
 * (on request) a lone CR, mixed; the BOM; a last line without an end;
 * empty lines; NUL bytes; the line cap; empty buffers. Each case lists the
 * lines it expects as text, one per line: "NO[flags]:bytes", flags E (an
 * end followed), Z (a NUL in the line), L (longer than the cap), bytes
 * with \r, \0 and non-ASCII written as escapes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"
#include "core/lines.h"
#include "core/macros.h"
#include "core/text.h"

/* A literal with its length, NULs inside included. */
#define IN(s) (s), sizeof(s) - 1

#define BOM "\xEF\xBB\xBF"
#define CR LINES_LONE_CR

struct lines_case {
	const char *name;
	const char *in;
	size_t len;
	unsigned flags;
	size_t cap;
	const char *expect;
};

static const struct lines_case cases[] = {
	{ "empty buffer", IN(""), 0, 0, "" },
	{ "empty buffer, lone CR ends lines", IN(""), CR, 0, "" },
	{ "LF", IN("a\nbc\n"), 0, 0, "1E:a\n2E:bc" },
	{ "CR LF", IN("a\r\nbc\r\n"), 0, 0, "1E:a\n2E:bc" },
	{ "CR LF, lone CR ends lines", IN("a\r\nbc\r\n"), CR, 0, "1E:a\n2E:bc" },
	{ "lone CR is a byte of the line", IN("a\rb\r"), 0, 0, "1:a\\rb\\r" },
	{ "lone CR ends a line", IN("a\rb\r"), CR, 0, "1E:a\n2E:b" },
	{ "CR before CR LF stays in the line", IN("a\r\r\nb"), 0, 0, "1E:a\\r\n2:b" },
	{ "CR before CR LF ends a line", IN("a\r\r\nb"), CR, 0, "1E:a\n2E:\n3:b" },
	{ "mixed", IN("a\r\n\rb\n\r\r\nc"), 0, 0, "1E:a\n2E:\\rb\n3E:\\r\n4:c" },
	{ "mixed, lone CR ends lines", IN("a\r\n\rb\n\r\r\nc"), CR, 0,
	  "1E:a\n2E:\n3E:b\n4E:\n5E:\n6:c" },
	{ "LF CR is two ends", IN("a\n\rb"), CR, 0, "1E:a\n2E:\n3:b" },
	{ "no final end", IN("a\nb"), 0, 0, "1E:a\n2:b" },
	{ "one line, no end", IN("abc"), 0, 0, "1:abc" },
	{ "empty lines", IN("\n\n"), 0, 0, "1E:\n2E:" },
	{ "empty lines, CR LF", IN("\r\n\r\n"), CR, 0, "1E:\n2E:" },
	{ "BOM skipped", IN(BOM "a\n"), 0, 0, "1E:a" },
	{ "BOM only", IN(BOM), 0, 0, "" },
	{ "BOM and an end", IN(BOM "\r\n"), CR, 0, "1E:" },
	{ "BOM skipped once", IN(BOM BOM "a"), 0, 0, "1:\\xEF\\xBB\\xBFa" },
	{ "BOM after the start is text", IN("a\n" BOM "b"), 0, 0, "1E:a\n2:\\xEF\\xBB\\xBFb" },
	{ "half a BOM is text", IN("\xEF\xBB"), 0, 0, "1:\\xEF\\xBB" },
	{ "NUL in a line", IN("a\0b\nc"), 0, 0, "1EZ:a\\0b\n2:c" },
	{ "NUL alone at the end", IN("a\n\0"), 0, 0, "1E:a\n2Z:\\0" },
	{ "NUL line ended by a lone CR", IN("\0\rx"), CR, 0, "1EZ:\\0\n2:x" },
	{ "cap: as long as the cap", IN("abc\nab"), 0, 3, "1E:abc\n2:ab" },
	{ "cap: one byte more", IN("abc\nabcd\nab"), 0, 3, "1E:abc\n2EL:abcd\n3:ab" },
	{ "cap: the end is not counted", IN("abc\r\nabc\r"), CR, 3, "1E:abc\n2E:abc" },
	{ "cap: a lone CR is counted when it is text", IN("abc\r"), 0, 3, "1L:abc\\r" },
	{ "cap: the last line too", IN("a\nabcdef"), CR, 3, "1E:a\n2L:abcdef" },
};

/* The lines of the cursor as the cases write them. */
static void render(struct lines *c, struct buf *out)
{
	struct line ln;

	buf_reset(out);
	while (lines_next(c, &ln)) {
		assert_true(ln.no == c->line_no);
		if (out->len)
			assert_int_equal(buf_addc(out, '\n'), 0);
		assert_int_equal(buf_printf(out, "%zu%s%s%s:", ln.no, ln.ended ? "E" : "",
		                            ln.has_nul ? "Z" : "", ln.too_long ? "L" : ""), 0);
		for (size_t i = 0; i < ln.len; i++) {
			unsigned char b = (unsigned char)ln.s[i];
			int rc;

			if (b == '\r')
				rc = buf_addstr(out, "\\r");
			else if (b == '\0')
				rc = buf_addstr(out, "\\0");
			else if (b < 0x20 || b >= 0x80)
				rc = buf_printf(out, "\\x%02X", b);
			else
				rc = buf_addc(out, (char)b);
			assert_int_equal(rc, 0);
		}
	}
}

static void test_lines_cases(void **state)
{
	struct buf out;

	(void)state;
	buf_init(&out, 4096);
	for (size_t i = 0; i < COUNT(cases); i++) {
		struct lines c;

		lines_init(&c, cases[i].in, cases[i].len, cases[i].cap, cases[i].flags);
		render(&c, &out);
		if (strcmp(buf_str(&out), cases[i].expect) != 0)
			fail_msg("%s: got \"%s\", expected \"%s\"", cases[i].name, buf_str(&out),
			         cases[i].expect);
	}
	buf_free(&out);
}

/* After the last line the cursor still names it: parsers report "file:N" at the end. */
static void test_lines_number_after_the_end(void **state)
{
	struct lines c;
	struct line ln;

	(void)state;
	lines_init(&c, IN("a\n\nb\n"), 0, 0);
	assert_int_equal(c.line_no, 0);
	while (lines_next(&c, &ln))
		;
	assert_int_equal(c.line_no, 3);
	assert_false(lines_next(&c, &ln));
	assert_int_equal(c.line_no, 3);

	lines_init(&c, NULL, 0, 0, CR);
	assert_false(lines_next(&c, &ln));
	assert_int_equal(c.line_no, 0);
	lines_init(&c, IN(BOM), 0, 0);
	assert_false(lines_next(&c, &ln));
	assert_int_equal(c.line_no, 0);
}

static void test_lines_end_len(void **state)
{
	static const struct {
		const char *p;
		size_t left;
		unsigned flags;
		size_t expect;
	} ends[] = {
		{ "", 0, 0, 0 },
		{ "", 0, CR, 0 },
		{ "x", 1, CR, 0 },
		{ "\n", 1, 0, 1 },
		{ "\nx", 2, CR, 1 },
		{ "\r\n", 2, 0, 2 },
		{ "\r\n", 2, CR, 2 },
		{ "\r\n", 1, 0, 0 },    /* the LF is past what may be read */
		{ "\r\n", 1, CR, 1 },
		{ "\r", 1, 0, 0 },
		{ "\r", 1, CR, 1 },
		{ "\rx", 2, CR, 1 },
		{ "\n\r", 2, CR, 1 },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(ends); i++)
		if (lines_end_len(ends[i].p, ends[i].left, ends[i].flags) != ends[i].expect)
			fail_msg("end %zu: expected %zu", i, ends[i].expect);
}

static void test_utf8_bom(void **state)
{
	static const struct {
		const char *s;
		size_t len;
		bool bom;
	} boms[] = {
		{ IN(BOM), true },
		{ IN(BOM "x"), true },
		{ IN("\xEF\xBB"), false },
		{ IN("\xEF\xBB\xBE"), false },
		{ IN("x" BOM), false },
		{ IN("\xFF\xFE"), false },
		{ IN(""), false },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(boms); i++)
		if (text_has_utf8_bom(boms[i].s, boms[i].len) != boms[i].bom)
			fail_msg("bom %zu: expected %d", i, boms[i].bom);
	assert_false(text_has_utf8_bom(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_cases),
		cmocka_unit_test(test_lines_number_after_the_end),
		cmocka_unit_test(test_lines_end_len),
		cmocka_unit_test(test_utf8_bom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
