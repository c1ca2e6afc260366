/*
 * test_doc_ocr.c - parsers/doc.h with OCR (parsers/ocr.h): a scanned order
 * as an image-only PDF and as a PNG (fixtures/docs/make.sh), and the OCR
 * time budget. Slow (about a second per page): two pages are recognised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/doc.h"
#include "parsers/ocr.h"

#include <leptonica/allheaders.h>

static struct ocr *ocr;

static char *load(const char *path, size_t *len)
{
	char err[256], *data = NULL, *copy;

	assert_int_equal(file_read_all(&data, len, path, CAP_DOC_BODY_BYTES, err, sizeof(err)), 0);
	copy = malloc(*len);
	assert_non_null(copy);
	memcpy(copy, data, *len);
	free(data);
	return copy;
}

static struct doc_text *extract(const char *path, unsigned ocr_ms_doc)
{
	struct doc_options opt = { .ocr = ocr, .ocr_ms_doc = ocr_ms_doc };
	struct doc_text *t = NULL;
	size_t len;
	char *buf = load(path, &len);

	assert_int_equal(doc_extract(&t, buf, len, &opt), 0);
	free(buf);
	assert_true(text_utf8_valid(t->text, t->len));
	assert_int_equal(strlen(t->text), t->len);
	return t;
}

/* The OCR'd heading: the title block a reader recognises the order by. */
static void check_order(const struct doc_text *t, enum doc_type type)
{
	assert_int_equal(t->type, type);
	assert_int_equal(t->failure, DOC_FAIL_NONE);
	assert_int_equal(t->npages, 1);
	assert_int_equal(t->npages_read, 1);
	assert_int_equal(t->pages[0].how, DOC_READ_OCR);
	assert_int_equal(t->cuts, 0);
	assert_true(t->ocr_ms > 0);
	assert_non_null(strstr(t->text, "ПРИКАЗ № 214"));
	assert_non_null(strstr(t->text, "наставнических пар"));
	assert_non_null(strstr(t->text, "2026-2027"));
}

static void test_scanned_pdf(void **state)
{
	struct doc_text *t = extract("fixtures/docs/order-scan.pdf", 0);

	(void)state;
	check_order(t, DOC_TYPE_PDF);
	doc_text_free(t);
}

/* A scanner's English OCR under a Russian scan (no Cyrillic letter): our OCR reads the picture instead. */
static void test_scan_garbage_layer(void **state)
{
	struct doc_text *t = extract("fixtures/docs/order-scan-eng.pdf", 0);

	(void)state;
	check_order(t, DOC_TYPE_PDF);
	assert_int_equal(t->pages[0].how, DOC_READ_OCR);
	assert_null(strstr(t->text, "Cpequaa"));
	doc_text_free(t);
}

static void test_image(void **state)
{
	struct doc_text *t = extract("fixtures/docs/order-scan.png", 0);

	(void)state;
	check_order(t, DOC_TYPE_PNG);
	doc_text_free(t);
}

/*
 * A budget of 1 ms: recognition stops at its deadline and the page is cut by
 * time. (What it recognised before its first look at the clock is kept, and
 * how much that is depends on the machine: the text is not compared.)
 */
static void test_time_budget(void **state)
{
	struct doc_text *t = extract("fixtures/docs/order-scan.png", 1);

	(void)state;
	assert_int_equal(t->cuts, DOC_CUT_OCR_PAGE_TIME);
	assert_int_equal(t->npages_read, 1);
	doc_text_free(t);
}

/*
 * A white image: OCR runs and recognises no words. That is "OCR found
 * nothing", not "blank": a faint scan, or an image the reader could not
 * decode under its memory limit, looks the same.
 */
static void test_white_image(void **state)
{
	struct doc_options opt = { .ocr = ocr };
	struct doc_text *t = NULL;
	PIX *pix = pixCreate(800, 600, 8);
	l_uint8 *png = NULL;
	size_t len = 0;

	(void)state;
	assert_non_null(pix);
	pixSetAll(pix);
	assert_int_equal(pixWriteMem(&png, &len, pix, IFF_PNG), 0);
	pixDestroy(&pix);
	assert_int_equal(doc_extract(&t, (const char *)png, len, &opt), 0);
	lept_free(png);
	assert_int_equal(t->type, DOC_TYPE_PNG);
	assert_int_equal(t->failure, DOC_FAIL_OCR_NO_WORDS);
	assert_int_equal(t->pages[0].how, DOC_READ_OCR);
	doc_text_free(t);
}

static void test_bad_data_path(void **state)
{
	struct ocr *o = NULL;
	char err[256];

	(void)state;
	assert_int_equal(ocr_new(&o, "rus", "/nonexistent/tessdata", err, sizeof(err)), -1);
	assert_null(o);
	assert_non_null(strstr(err, "/nonexistent/tessdata"));
	ocr_free(NULL);
}

static int setup(void **state)
{
	char err[256];

	(void)state;
	return ocr_new(&ocr, NULL, NULL, err, sizeof(err));
}

static int teardown(void **state)
{
	(void)state;
	ocr_free(ocr);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanned_pdf),
		cmocka_unit_test(test_scan_garbage_layer),
		cmocka_unit_test(test_image),
		cmocka_unit_test(test_time_budget),
		cmocka_unit_test(test_white_image),
		cmocka_unit_test(test_bad_data_path),
	};

	doc_global_init();
	return cmocka_run_group_tests(tests, setup, teardown);
}
