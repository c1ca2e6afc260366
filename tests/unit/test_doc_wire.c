/*
 * test_doc_wire.c - a document's text as the reader process sends it back
 * (parsers/doc_wire.c): the same text, pages and causes after the trip,
 * and any bytes that are not a whole, valid encoding refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "parsers/doc.h"

static const char text[] = "ПРИКАЗ № 214\fПриложение 1";

static struct doc_text sample(void)
{
	size_t first = strlen("ПРИКАЗ № 214");
	struct doc_text t = { .type = DOC_TYPE_PDF, .failure = DOC_FAIL_NONE, .cuts = DOC_CUT_PAGES,
	                      .npages = 12, .text = (char *)text, .len = strlen(text), .npages_read = 2,
	                      .ocr_ms = 950 };

	t.pages[0] = (struct doc_page){ .number = 1, .how = DOC_READ_TEXT, .offset = 0, .len = first };
	t.pages[1] = (struct doc_page){ .number = 2, .how = DOC_READ_OCR, .offset = first + 1,
	                                .len = strlen(text) - first - 1 };
	return t;
}

static void test_round_trip(void **state)
{
	struct doc_text t = sample(), *back = NULL;
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(doc_text_encode(&t, &b), 0);
	assert_int_equal(doc_text_decode(&back, b.data, b.len), 0);
	assert_int_equal(back->type, DOC_TYPE_PDF);
	assert_int_equal(back->cuts, DOC_CUT_PAGES);
	assert_int_equal(back->npages, 12);
	assert_int_equal(back->ocr_ms, 950);
	assert_int_equal(back->npages_read, 2);
	assert_int_equal(back->pages[1].how, DOC_READ_OCR);
	assert_int_equal(back->pages[1].offset, t.pages[1].offset);
	assert_string_equal(back->text, text);
	doc_text_free(back);
	buf_free(&b);
}

static void test_refused(void **state)
{
	struct doc_text t = sample(), *back = NULL;
	struct buf b;

	(void)state;
	buf_init(&b, 4096);
	assert_int_equal(doc_text_encode(&t, &b), 0);
	/* Cut short, one byte too many, a page past the text, a wrong magic. */
	assert_int_equal(doc_text_decode(&back, b.data, b.len - 1), -1);
	assert_int_equal(buf_addc(&b, 'x'), 0);
	assert_int_equal(doc_text_decode(&back, b.data, b.len), -1);
	b.len--;
	b.data[32 + 16 + 12] = (char)0xff;   /* the second page's length */
	assert_int_equal(doc_text_decode(&back, b.data, b.len), -1);
	b.data[0] = 'X';
	assert_int_equal(doc_text_decode(&back, b.data, b.len), -1);
	assert_null(back);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
