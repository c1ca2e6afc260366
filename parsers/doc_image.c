/*
 * doc_image.c - an image file (PNG, JPEG, TIFF, GIF, BMP) OCR'd as one
 * page. leptonica reads the header first (pixReadHeaderMem): an image over
 * CAP_DOC_IMAGE_SIDE or CAP_DOC_OCR_PIXELS is never decoded. A TIFF's later
 * pages are not read.
 */
#include "parsers/doc_impl.h"

#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ocr.h"

static bool fits(l_int32 w, l_int32 h)
{
	return w > 0 && h > 0 && (unsigned)w <= CAP_DOC_IMAGE_SIDE && (unsigned)h <= CAP_DOC_IMAGE_SIDE &&
	       (unsigned long long)w * (unsigned long long)h <= CAP_DOC_OCR_PIXELS;
}

int doc_image_extract(struct doc_build *b, const char *buf, size_t len)
{
	const l_uint8 *data = (const l_uint8 *)buf;
	l_int32 format = 0, w = 0, h = 0, bps = 0, spp = 0, cmap = 0;
	struct ocr_run run = { 0 };
	PIX *pix;
	int rc;

	b->t->npages = 1;
	if (pixReadHeaderMem(data, len, &format, &w, &h, &bps, &spp, &cmap)) {
		doc_build_fail(b, DOC_FAIL_CORRUPT);
		return 0;
	}
	rc = doc_build_page(b, 1, DOC_READ_SKIPPED);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!fits(w, h)) {
		doc_build_cut(b, DOC_CUT_PIXELS);
		return 0;
	}
	if (!b->opt->ocr)
		return 0;
	if (!doc_build_ocr_left(b)) {
		doc_build_cut(b, DOC_CUT_OCR_DOC_TIME);
		return 0;
	}
	pix = pixReadMem(data, len);
	if (!pix || !fits(pixGetWidth(pix), pixGetHeight(pix))) {
		doc_build_fail(b, DOC_FAIL_CORRUPT);
		pixDestroy(&pix);
		return 0;
	}
	rc = doc_build_ocr_take(b, ocr_pix(b->opt->ocr, pix, doc_build_ocr_deadline(b), &run), &run);
	pixDestroy(&pix);
	return rc;
}
