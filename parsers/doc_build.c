/*
 * doc_build.c - the text of a document as its extractor hands it over:
 * pages, normalisation and the text cap (doc_impl.h).
 */
#include "parsers/doc_impl.h"

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "parsers/charset.h"
#include "parsers/ocr.h"

/* Pages are joined by a form feed, so a reader of the text alone still sees them. */
#define PAGE_SEPARATOR '\f'

static const char replacement[] = "\xEF\xBF\xBD";

bool doc_has_words(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == 0xC2 && i + 1 < len && (unsigned char)buf[i + 1] == 0xA0) {
			i++;
			continue;
		}
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != '\0')
			return true;
	}
	return false;
}

int doc_build_page(struct doc_build *b, unsigned number, enum doc_read how)
{
	struct doc_text *t = b->t;
	struct doc_page *p;

	if (t->npages_read == CAP_DOC_PAGES ||
	    (b->member_pages && t->npages_read - b->member_first >= b->member_pages)) {
		doc_build_cut(b, DOC_CUT_PAGES);
		return 1;
	}
	if (t->npages_read > 0 && !b->full) {
		int rc = buf_addc(&b->text, PAGE_SEPARATOR);

		if (rc == BUF_ERR_NOMEM)
			return -1;
		if (rc == BUF_ERR_CAP) {
			b->full = true;
			doc_build_cut(b, DOC_CUT_TEXT);
		}
	}
	p = &t->pages[t->npages_read++];
	p->number = b->page_base + number;
	p->how = how;
	p->offset = b->text.len;
	p->len = 0;
	b->last_cr = false;
	return 0;
}

void doc_build_page_how(struct doc_build *b, enum doc_read how)
{
	if (b->t->npages_read)
		b->t->pages[b->t->npages_read - 1].how = how;
}

bool doc_build_page_has_words(const struct doc_build *b)
{
	const struct doc_page *p;

	if (!b->t->npages_read)
		return false;
	p = &b->t->pages[b->t->npages_read - 1];
	return doc_has_words(b->text.data + p->offset, b->text.len - p->offset);
}

/* Append s[0..n) whole, or cut the document there: 0, or -1. */
static int put(struct doc_build *b, const char *s, size_t n)
{
	int rc;

	if (b->full)
		return 0;
	rc = buf_add(&b->text, s, n);
	if (rc == BUF_ERR_NOMEM)
		return -1;
	if (rc == BUF_ERR_CAP) {
		b->full = true;
		doc_build_cut(b, DOC_CUT_TEXT);
	}
	return 0;
}

/* One valid sequence of n bytes, or a control byte made harmless. */
static int put_seq(struct doc_build *b, const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	bool was_cr = b->last_cr;

	b->last_cr = false;
	if (n > 1 || c >= 0x20 || c == '\t')
		return c == 0x7F ? 0 : put(b, s, n);
	if (c == '\n' && was_cr)
		return 0;
	b->last_cr = c == '\r';
	if (c == '\n' || c == '\r' || c == '\v' || c == '\f')
		return put(b, "\n", 1);
	return 0;
}

static void close_page(struct doc_build *b)
{
	struct doc_page *p;

	if (!b->t->npages_read)
		return;
	p = &b->t->pages[b->t->npages_read - 1];
	p->len = b->text.len - p->offset;
}

int doc_build_add(struct doc_build *b, const char *s, size_t len)
{
	size_t i = 0;
	int rc = 0;

	if (!b->t->npages_read && doc_build_page(b, 1, DOC_READ_TEXT) < 0)
		return -1;
	while (i < len && rc == 0 && !b->full) {
		int n = text_utf8_seq_len(s + i, len - i);

		if (n <= 0) {
			rc = put(b, replacement, sizeof(replacement) - 1);
			i++;
			continue;
		}
		rc = put_seq(b, s + i, (size_t)n);
		i += (size_t)n;
	}
	close_page(b);
	return rc;
}

int doc_build_cp(struct doc_build *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return doc_build_add(b, u, n);
}

int doc_build_add_charset(struct doc_build *b, const char *s, size_t len, const char *charset)
{
	char *utf8 = NULL;
	size_t n = 0;
	int rc;

	if (!len)
		return 0;
	if (charset_to_utf8(&utf8, &n, s, len, charset)) {
		/* A code page iconv does not know: windows-1251 is what Russian files use. */
		if (charset_to_utf8(&utf8, &n, s, len, "windows-1251"))
			return -1;
	}
	rc = doc_build_add(b, utf8, n);
	free(utf8);
	return rc;
}

unsigned doc_build_ocr_left(const struct doc_build *b)
{
	unsigned budget = CAP_DOC_OCR_MS_DOC;

	if (b->opt->ocr_ms_doc && b->opt->ocr_ms_doc < budget)
		budget = b->opt->ocr_ms_doc;
	return b->t->ocr_ms >= budget ? 0 : budget - b->t->ocr_ms;
}

int doc_build_ocr_deadline(const struct doc_build *b)
{
	unsigned left = doc_build_ocr_left(b);

	return left < CAP_DOC_OCR_MS_PAGE ? (int)left : CAP_DOC_OCR_MS_PAGE;
}

int doc_build_ocr_take(struct doc_build *b, int ocr_rc, struct ocr_run *run)
{
	int rc = 0;

	b->ocr_pages++;
	if (ocr_rc == 0) {
		doc_build_page_how(b, DOC_READ_OCR);
		rc = doc_build_add(b, run->text, strlen(run->text));
	}
	if (run->timed_out)
		doc_build_cut(b, DOC_CUT_OCR_PAGE_TIME);
	b->t->ocr_ms += run->ms;
	free(run->text);
	run->text = NULL;
	return rc;
}
