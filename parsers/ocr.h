/*
 * ocr.h - text recognition with Tesseract, one context per thread.
 *
 * A TessBaseAPI is not thread-safe and takes a second or so (and some
 * 100 MB for "rus+eng") to load its traineddata, so a worker thread makes
 * one ocr context when it starts and hands it to every doc_extract() it
 * runs (struct doc_options); nothing here is global. Tesseract writes its
 * messages to /dev/null (debug_file), never to our stderr.
 *
 * Tesseract parallelises one page with OpenMP threads of its own. With a
 * worker per core that oversubscribes the machine: a caller that runs
 * several workers sets OMP_THREAD_LIMIT=1 in the environment before any
 * thread starts (Tesseract's own advice for many instances).
 *
 * Recognition of one image is bounded by a deadline (Tesseract's
 * ETEXT_DESC): it stops there and gives what it has. The layout analysis
 * before it cannot be interrupted; its time grows with the pixels, which
 * CAP_DOC_OCR_PIXELS bounds.
 */
#ifndef MA_OCR_H
#define MA_OCR_H

#include <stdbool.h>
#include <stddef.h>

struct ocr;
struct Pix;

/* Tesseract's language when none is given: Russian, with Latin words and numbers in English. */
#define OCR_LANGS_DEFAULT "rus+eng"

/*
 * Load Tesseract for langs (NULL: OCR_LANGS_DEFAULT) from datapath (NULL:
 * Tesseract's own default, /usr/share/tesseract-ocr/5/tessdata on Debian).
 * On success *out is owned by the caller (ocr_free). -1 when the data is
 * missing or memory runs out; err (may be NULL) gets one line.
 */
int ocr_new(struct ocr **out, const char *langs, const char *datapath, char *err, size_t errlen);
void ocr_free(struct ocr *o);

struct ocr_run {
	char *text;             /* UTF-8, owned by the caller (free); never NULL after success */
	bool timed_out;         /* the deadline stopped recognition: text is what came before */
	unsigned ms;            /* wall-clock time spent */
};

/*
 * Recognise an 8-bit grey image (stride bytes per row) rendered at dpi (0:
 * unknown), within deadline_ms. 0, or -1 (Tesseract refused the image, or
 * memory ran out).
 */
int ocr_gray(struct ocr *o, const unsigned char *px, int width, int height, int stride, int dpi,
             int deadline_ms, struct ocr_run *run);
/* The same for a leptonica image (any depth). */
int ocr_pix(struct ocr *o, struct Pix *pix, int deadline_ms, struct ocr_run *run);

#endif
