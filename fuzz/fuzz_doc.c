/*
 * fuzz_doc.c - doc_sniff() and doc_extract() on arbitrary document bytes:
 * every extractor the type table reaches (poppler, libzip and libxml2,
 * libgsf and our DOC reader, leptonica and Tesseract, our RTF reader, plain text).
 *
 * Input: one selector byte, then the document. Selector bit 0 gives the
 * extraction an OCR context (made once, "rus+eng") with a 50 ms budget per
 * document, so image decoding and recognition are reached; without it
 * image pages are left unread. Besides memory errors, UB and leaks it
 * checks what doc.h promises: valid UTF-8 without NUL within
 * CAP_DOC_TEXT_BYTES, pages in order inside the text and within
 * CAP_DOC_PAGES, the type sniffed again the same, a failure exactly when
 * there are no words, every cut bit named.
 */
#include "fuzz/fuzz.h"

#include <stdbool.h>

#include "core/text.h"
#include "parsers/doc.h"
#include "parsers/ocr.h"

#define FUZZ_OCR_MS 50u

static struct ocr *fuzz_ocr(void)
{
	static struct ocr *ocr;
	static bool tried;
	char err[256];

	if (!tried) {
		tried = true;
		doc_global_init();
		if (ocr_new(&ocr, NULL, NULL, err, sizeof(err))) {
			fprintf(stderr, "fuzz_doc: %s\n", err);
			abort();
		}
	}
	return ocr;
}

/* Any character but white space (ASCII, and U+00A0 as doc.c counts it). */
static bool has_words(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\xC2' && i + 1 < n && s[i + 1] == '\xA0') {
			i++;
			continue;
		}
		if (!strchr(" \t\n\f", s[i]))
			return true;
	}
	return false;
}

static void check(const struct doc_text *t, const char *buf, size_t len)
{
	size_t end = 0;

	FUZZ_CHECK(t->text != NULL);
	FUZZ_CHECK(t->len <= CAP_DOC_TEXT_BYTES);
	FUZZ_CHECK(strlen(t->text) == t->len);
	FUZZ_CHECK(text_utf8_valid(t->text, t->len));
	FUZZ_CHECK(t->npages_read <= CAP_DOC_PAGES);
	FUZZ_CHECK(t->type == doc_sniff(buf, len));
	FUZZ_CHECK((unsigned)t->failure < DOC_FAIL_COUNT);
	FUZZ_CHECK((t->failure == DOC_FAIL_NONE) == has_words(t->text, t->len));
	FUZZ_CHECK(t->cuts < 1u << DOC_CUT_COUNT_BITS);
	for (unsigned bit = 0; bit < DOC_CUT_COUNT_BITS; bit++)
		FUZZ_CHECK(!(t->cuts & 1u << bit) || doc_cut_name((enum doc_cut)(1u << bit)) != NULL);
	for (size_t i = 0; i < t->npages_read; i++) {
		const struct doc_page *p = &t->pages[i];

		FUZZ_CHECK((unsigned)p->how < DOC_READ_COUNT);
		FUZZ_CHECK(p->offset >= end && p->offset + p->len <= t->len);
		FUZZ_CHECK(i == 0 || p->number > t->pages[i - 1].number);
		FUZZ_CHECK(memchr(t->text + p->offset, '\f', p->len) == NULL);
		end = p->offset + p->len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_options opt = { 0 };
	struct doc_text *t = NULL;
	struct ocr *ocr = fuzz_ocr();
	const char *buf;

	if (size < 1)
		return 0;
	if (data[0] & 1) {
		opt.ocr = ocr;
		opt.ocr_ms_doc = FUZZ_OCR_MS;
	}
	buf = (const char *)data + 1;
	if (doc_extract(&t, buf, size - 1, &opt))
		abort();
	check(t, buf, size - 1);
	doc_text_free(t);
	return 0;
}
