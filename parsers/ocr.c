/*
 * ocr.c - a Tesseract context and the recognition of one image within a
 * deadline (ocr.h).
 */
#include "parsers/ocr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tesseract/capi.h>
#include <time.h>

struct ocr {
	TessBaseAPI *api;
	ETEXT_DESC *monitor;
};

/* Set before the traineddata loads, so that even loading prints nothing. */
static const char *const init_vars[][2] = {
	{ "debug_file", "/dev/null" },
};

int ocr_new(struct ocr **out, const char *langs, const char *datapath, char *err, size_t errlen)
{
	char *names[sizeof(init_vars) / sizeof(init_vars[0])];
	char *values[sizeof(init_vars) / sizeof(init_vars[0])];
	struct ocr *o = calloc(1, sizeof(*o));
	int rc = -1;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	if (!o)
		goto out;
	for (size_t i = 0; i < sizeof(init_vars) / sizeof(init_vars[0]); i++) {
		names[i] = (char *)init_vars[i][0];
		values[i] = (char *)init_vars[i][1];
	}
	o->api = TessBaseAPICreate();
	o->monitor = TessMonitorCreate();
	if (!o->api || !o->monitor)
		goto out;
	if (TessBaseAPIInit4(o->api, datapath, langs ? langs : OCR_LANGS_DEFAULT, OEM_DEFAULT, NULL, 0, names,
	                     values, sizeof(init_vars) / sizeof(init_vars[0]), 0)) {
		if (err && errlen)
			snprintf(err, errlen, "tesseract: cannot load \"%s\" from %s", langs ? langs : OCR_LANGS_DEFAULT,
			         datapath ? datapath : "its default data path");
		goto out;
	}
	TessBaseAPISetPageSegMode(o->api, PSM_AUTO);
	*out = o;
	o = NULL;
	rc = 0;
out:
	ocr_free(o);
	return rc;
}

void ocr_free(struct ocr *o)
{
	if (!o)
		return;
	if (o->api) {
		TessBaseAPIEnd(o->api);
		TessBaseAPIDelete(o->api);
	}
	if (o->monitor)
		TessMonitorDelete(o->monitor);
	free(o);
}

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000ul + (unsigned long)ts.tv_nsec / 1000000ul;
}

/* Recognise the image set on the API; the image is cleared after. */
static int recognise(struct ocr *o, int deadline_ms, unsigned long start, struct ocr_run *run)
{
	char *text;
	int rc = -1;

	TessMonitorSetDeadlineMSecs(o->monitor, deadline_ms > 0 ? deadline_ms : 1);
	/* A stop at the deadline is a failure to Tesseract; the words it has are still there. */
	run->timed_out = TessBaseAPIRecognize(o->api, o->monitor) != 0;
	if (run->timed_out && now_ms() - start < (unsigned long)deadline_ms) {
		run->timed_out = false;
		goto out;
	}
	text = TessBaseAPIGetUTF8Text(o->api);
	run->text = strdup(text ? text : "");
	TessDeleteText(text);
	if (run->text)
		rc = 0;
out:
	TessBaseAPIClear(o->api);
	run->ms = (unsigned)(now_ms() - start);
	return rc;
}

int ocr_gray(struct ocr *o, const unsigned char *px, int width, int height, int stride, int dpi,
             int deadline_ms, struct ocr_run *run)
{
	unsigned long start = now_ms();

	memset(run, 0, sizeof(*run));
	TessBaseAPISetImage(o->api, px, width, height, 1, stride);
	if (dpi > 0)
		TessBaseAPISetSourceResolution(o->api, dpi);
	return recognise(o, deadline_ms, start, run);
}

int ocr_pix(struct ocr *o, struct Pix *pix, int deadline_ms, struct ocr_run *run)
{
	unsigned long start = now_ms();

	memset(run, 0, sizeof(*run));
	TessBaseAPISetImage2(o->api, pix);
	return recognise(o, deadline_ms, start, run);
}
