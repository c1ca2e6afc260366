/*
 * doc_pdf.c - the text of a PDF's first pages with poppler-glib, from the
 * buffer (poppler_document_new_from_bytes, no file). A page without a text
 * layer but with an image (a scan) is rendered with cairo at
 * CAP_DOC_OCR_DPI, or less to stay under CAP_DOC_OCR_PIXELS, and OCR'd.
 *
 * poppler itself cannot be interrupted: opening (the xref, a reconstruction
 * of a broken one), poppler_page_get_text() and poppler_page_render() run to
 * their end on whatever the page holds. The page cap bounds how many such
 * calls a document gets, not how long one takes.
 */
#include "parsers/doc_impl.h"

#include <cairo.h>
#include <math.h>
#include <poppler.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ocr.h"

#define POINTS_PER_INCH 72.0

/* Does the file end as a PDF does, with %%EOF in its last CAP_DOC_PDF_TAIL bytes (ISO 32000 7.5.5)? */
static bool pdf_ends(const char *buf, size_t len)
{
	static const char eof[] = "%%EOF";
	size_t n = sizeof(eof) - 1;
	size_t from = len > CAP_DOC_PDF_TAIL ? len - CAP_DOC_PDF_TAIL : 0;

	for (size_t i = from; i + n <= len; i++)
		if (memcmp(buf + i, eof, n) == 0)
			return true;
	return false;
}

/* Why poppler could not open (or count the pages of) buf: a password, an upload cut short, or damage. */
static enum doc_failure open_failure(const GError *err, const char *buf, size_t len)
{
	if (err && err->domain == POPPLER_ERROR && err->code == POPPLER_ERROR_ENCRYPTED)
		return DOC_FAIL_ENCRYPTED;
	return pdf_ends(buf, len) ? DOC_FAIL_CORRUPT : DOC_FAIL_TRUNCATED;
}

/* The page as 8-bit grey, white where nothing is drawn. */
static unsigned char *render_gray(PopplerPage *page, int *w, int *h, int *dpi)
{
	double pw = 0, ph = 0, scale = CAP_DOC_OCR_DPI / POINTS_PER_INCH;
	cairo_surface_t *s;
	cairo_t *cr;
	unsigned char *gray = NULL;

	poppler_page_get_size(page, &pw, &ph);
	if (!(pw >= 1 && ph >= 1 && isfinite(pw) && isfinite(ph)))
		return NULL;
	if (pw * scale * ph * scale > CAP_DOC_OCR_PIXELS)
		scale = sqrt(CAP_DOC_OCR_PIXELS / (pw * ph));
	*w = (int)(pw * scale);
	*h = (int)(ph * scale);
	*dpi = (int)(scale * POINTS_PER_INCH + 0.5);
	if (*w < 1 || *h < 1 || (unsigned)*w > CAP_DOC_IMAGE_SIDE || (unsigned)*h > CAP_DOC_IMAGE_SIDE)
		return NULL;
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, *w, *h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_destroy(cr);
	cairo_surface_flush(s);
	if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS)
		gray = malloc((size_t)*w * (size_t)*h);
	if (gray) {
		const unsigned char *px = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);

		for (int y = 0; y < *h; y++) {
			const uint32_t *row = (const uint32_t *)(const void *)(px + (size_t)y * (size_t)stride);

			for (int x = 0; x < *w; x++) {
				uint32_t p = row[x];

				gray[(size_t)y * (size_t)*w + (size_t)x] =
					(unsigned char)((((p >> 16) & 0xFF) * 77 + ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8);
			}
		}
	}
	cairo_surface_destroy(s);
	return gray;
}

/* Why an image page is not OCR'd now, or 0 when it may be. */
static unsigned ocr_refusal(const struct doc_build *b)
{
	if (b->ocr_pages >= CAP_DOC_OCR_PAGES)
		return DOC_CUT_OCR_PAGES;
	if (!doc_build_ocr_left(b))
		return DOC_CUT_OCR_DOC_TIME;
	return 0;
}

static int ocr_page(struct doc_build *b, PopplerPage *page)
{
	int w = 0, h = 0, dpi = 0, rc;
	struct ocr_run run = { 0 };
	unsigned char *gray = render_gray(page, &w, &h, &dpi);

	if (!gray) {
		b->ocr_pages++;
		doc_build_cut(b, DOC_CUT_PIXELS);
		return 0;
	}
	rc = doc_build_ocr_take(b, ocr_gray(b->opt->ocr, gray, w, h, w, dpi, doc_build_ocr_deadline(b), &run), &run);
	free(gray);
	return rc;
}

static bool has_image(PopplerPage *page)
{
	GList *images = poppler_page_get_image_mapping(page);
	bool any = images != NULL;

	poppler_page_free_image_mapping(images);
	return any;
}

/*
 * Is the page a scan: an image over at least half of it (SCAN_AREA_SHARE)?
 * Its text layer, when it has one, is a scanner's OCR under the picture.
 */
#define SCAN_AREA_SHARE 0.5
static bool is_scan(PopplerPage *page)
{
	GList *images = poppler_page_get_image_mapping(page);
	double w = 0, h = 0, page_area;
	bool scan = false;

	poppler_page_get_size(page, &w, &h);
	page_area = w * h;
	for (GList *l = images; l && !scan && page_area > 0; l = l->next) {
		const PopplerImageMapping *m = l->data;
		double iw = m->area.x2 - m->area.x1, ih = m->area.y2 - m->area.y1;

		scan = (iw < 0 ? -iw : iw) * (ih < 0 ? -ih : ih) >= SCAN_AREA_SHARE * page_area;
	}
	poppler_page_free_image_mapping(images);
	return scan;
}

/* A page without a text layer: blank, an image left unread, or OCR'd. */
static int image_page(struct doc_build *b, PopplerPage *page)
{
	unsigned refusal;

	if (!has_image(page)) {
		doc_build_page_how(b, DOC_READ_BLANK);
		return 0;
	}
	doc_build_page_how(b, DOC_READ_SKIPPED);
	if (!b->opt->ocr)
		return 0;
	refusal = ocr_refusal(b);
	if (refusal) {
		doc_build_cut(b, (enum doc_cut)refusal);
		return 0;
	}
	return ocr_page(b, page);
}

/* Any Cyrillic letter (U+0400-U+047F: lead byte 0xD0 or 0xD1) in s? */
static bool has_cyrillic(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; u[i]; i++)
		if ((u[i] == 0xD0 || u[i] == 0xD1) && (u[i + 1] & 0xC0) == 0x80)
			return true;
	return false;
}

/*
 * A scan with a scanner's text layer. A layer with no Cyrillic letter is the
 * scanner's English OCR of a Russian page (Latin garbage): our own OCR reads
 * the picture instead, when it may; the layer is kept when it may not, or
 * when our OCR read nothing.
 */
static int scan_page(struct doc_build *b, PopplerPage *page, const char *text)
{
	if (b->opt->ocr && !has_cyrillic(text) && !ocr_refusal(b)) {
		int rc = ocr_page(b, page);

		if (rc || b->t->pages[b->t->npages_read - 1].how == DOC_READ_OCR)
			return rc;
	}
	doc_build_page_how(b, DOC_READ_SCAN_TEXT);
	return doc_build_add(b, text, strlen(text));
}

/* Page index i: 0, -1 (memory), 1 (the page cap: stop). */
static int read_page(struct doc_build *b, PopplerDocument *pd, int i)
{
	PopplerPage *page = poppler_document_get_page(pd, i);
	char *text = NULL;
	int rc;

	rc = doc_build_page(b, (unsigned)i + 1, DOC_READ_TEXT);
	if (rc || !page)
		goto out;
	text = poppler_page_get_text(page);
	if (text && doc_has_words(text, strlen(text)))
		rc = is_scan(page) ? scan_page(b, page, text) : doc_build_add(b, text, strlen(text));
	else
		rc = image_page(b, page);
out:
	g_free(text);
	if (page)
		g_object_unref(page);
	return rc;
}

/*
 * poppler sets up its global tables (GlobalParams) when the first document opens
 * and tears them down when the last one closes: one document kept open from the
 * start keeps them for the whole run instead of building them again per document.
 */
void doc_pdf_global_init(void)
{
	static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	                          "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
	                          "trailer << /Root 1 0 R >>\n%%EOF\n";
	static PopplerDocument *keeper;
	GBytes *bytes;

	if (keeper)
		return;
	bytes = g_bytes_new_static(pdf, sizeof(pdf) - 1);
	keeper = poppler_document_new_from_bytes(bytes, NULL, NULL);
	g_bytes_unref(bytes);
}

int doc_pdf_extract(struct doc_build *b, const char *buf, size_t len)
{
	GBytes *bytes = g_bytes_new_static(buf, len);
	GError *err = NULL;
	PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &err);
	int n, rc = 0;

	if (!pd) {
		doc_build_fail(b, open_failure(err, buf, len));
		goto out;
	}
	n = poppler_document_get_n_pages(pd);
	b->t->npages = n > 0 ? (unsigned)n : 0;
	/* A page tree poppler cannot count (a lying /Count, no /Kids) leaves no page. */
	if (n <= 0)
		doc_build_fail(b, open_failure(NULL, buf, len));
	for (int i = 0; i < n && rc == 0; i++)
		rc = read_page(b, pd, i);
	if (rc > 0)
		rc = 0;
out:
	if (err)
		g_error_free(err);
	if (pd)
		g_object_unref(pd);
	g_bytes_unref(bytes);
	return rc;
}
