/*
 * doc.c - the table of document types (name, extractor, or why none) and
 * doc_extract(), which sniffs and hands the buffer to the type's extractor.
 */
#include "parsers/doc.h"

#include <glib.h>
#include <leptonica/allheaders.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "parsers/doc_impl.h"

struct doc_kind {
	const char *name;
	doc_extract_fn extract;     /* NULL: fail with why */
	enum doc_failure why;
};

static const struct doc_kind kinds[DOC_TYPE_COUNT] = {
	[DOC_TYPE_UNKNOWN]   = { "unknown", NULL, DOC_FAIL_UNSUPPORTED },
	[DOC_TYPE_EMPTY]     = { "empty", NULL, DOC_FAIL_EMPTY },
	[DOC_TYPE_PDF]       = { "pdf", doc_pdf_extract, DOC_FAIL_NONE },
	[DOC_TYPE_DOCX]      = { "docx", doc_docx_extract, DOC_FAIL_NONE },
	[DOC_TYPE_ODT]       = { "odt", doc_odt_extract, DOC_FAIL_NONE },
	[DOC_TYPE_DOC]       = { "doc", doc_word_extract, DOC_FAIL_NONE },
	[DOC_TYPE_RTF]       = { "rtf", doc_rtf_extract, DOC_FAIL_NONE },
	[DOC_TYPE_PNG]       = { "png", doc_image_extract, DOC_FAIL_NONE },
	[DOC_TYPE_JPEG]      = { "jpeg", doc_image_extract, DOC_FAIL_NONE },
	[DOC_TYPE_TIFF]      = { "tiff", doc_image_extract, DOC_FAIL_NONE },
	[DOC_TYPE_GIF]       = { "gif", doc_image_extract, DOC_FAIL_NONE },
	[DOC_TYPE_BMP]       = { "bmp", doc_image_extract, DOC_FAIL_NONE },
	[DOC_TYPE_TEXT]      = { "text", doc_plain_extract, DOC_FAIL_NONE },
	[DOC_TYPE_HTML]      = { "html", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_XLSX]      = { "xlsx", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_ODS]       = { "ods", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_PPTX]      = { "pptx", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_ODF_OTHER] = { "odf", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_ZIP]       = { "zip", doc_archive_extract, DOC_FAIL_NONE },
	[DOC_TYPE_XLS]       = { "xls", NULL, DOC_FAIL_NOT_DOCUMENT },
	[DOC_TYPE_OLE]       = { "ole", doc_ole_other_extract, DOC_FAIL_NONE },
	[DOC_TYPE_OOXML_ENCRYPTED] = { "ooxml-encrypted", NULL, DOC_FAIL_ENCRYPTED },
	[DOC_TYPE_SIGNATURE] = { "signature", NULL, DOC_FAIL_NOT_DOCUMENT },
};

static const char *const failure_names[DOC_FAIL_COUNT] = {
	[DOC_FAIL_NONE] = "none",
	[DOC_FAIL_EMPTY] = "empty",
	[DOC_FAIL_NOT_DOCUMENT] = "not_document",
	[DOC_FAIL_UNSUPPORTED] = "unsupported",
	[DOC_FAIL_ENCRYPTED] = "encrypted",
	[DOC_FAIL_CORRUPT] = "corrupt",
	[DOC_FAIL_NO_TEXT] = "no_text",
	[DOC_FAIL_NO_OCR] = "no_ocr",
	[DOC_FAIL_OVER_CAP] = "over_cap",
	[DOC_FAIL_OCR_NO_WORDS] = "ocr_no_words",
	[DOC_FAIL_TRUNCATED] = "truncated",
};

static const char *const read_names[DOC_READ_COUNT] = {
	[DOC_READ_TEXT] = "text",
	[DOC_READ_OCR] = "ocr",
	[DOC_READ_BLANK] = "blank",
	[DOC_READ_SKIPPED] = "skipped",
	[DOC_READ_SCAN_TEXT] = "scan_text",
};

static const char *const cut_names[DOC_CUT_COUNT_BITS] = {
	"CAP_DOC_BODY_BYTES", "CAP_DOC_PAGES", "CAP_DOC_TEXT_BYTES", "CAP_DOC_OCR_PAGES",
	"CAP_DOC_OCR_PIXELS", "CAP_DOC_OCR_MS_PAGE", "CAP_DOC_OCR_MS_DOC", "CAP_DOC_ZIP_ENTRIES",
	"CAP_DOC_ZIP_MEMBER_BYTES", "CAP_DOC_ZIP_RATIO", "CAP_DOC_XML_DEPTH", "CAP_DOC_READ_MS",
};

const char *doc_type_name(enum doc_type t)
{
	return (unsigned)t < DOC_TYPE_COUNT ? kinds[t].name : "unknown";
}

const char *doc_failure_name(enum doc_failure f)
{
	return (unsigned)f < DOC_FAIL_COUNT ? failure_names[f] : "unknown";
}

const char *doc_read_name(enum doc_read r)
{
	return (unsigned)r < DOC_READ_COUNT ? read_names[r] : "unknown";
}

const char *doc_cut_name(enum doc_cut bit)
{
	for (unsigned i = 0; i < DOC_CUT_COUNT_BITS; i++)
		if ((unsigned)bit == 1u << i)
			return cut_names[i];
	return NULL;
}

/* The libraries' messages about a hostile file are not ours to print. */
static void quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data)
{
	(void)domain;
	(void)level;
	(void)message;
	(void)data;
}

void doc_global_init(void)
{
	static const char *const domains[] = { "Poppler", "libgsf", "libgsf:msole", "GLib-GObject" };

	for (size_t i = 0; i < COUNT(domains); i++)
		g_log_set_handler(domains[i], G_LOG_LEVEL_MASK | G_LOG_FLAG_FATAL | G_LOG_FLAG_RECURSION,
		                  quiet_log, NULL);
	setMsgSeverity(L_SEVERITY_NONE);
	doc_pdf_global_init();
}

/*
 * Why a document gave no words. An image OCR found no words in is not
 * called blank: a scan too faint or an image a reader could not decode
 * under its memory limit looks so too.
 */
static enum doc_failure failure_without_words(const struct doc_text *t)
{
	const unsigned ocr_cuts = DOC_CUT_PIXELS | DOC_CUT_OCR_PAGES | DOC_CUT_OCR_PAGE_TIME | DOC_CUT_OCR_DOC_TIME;
	bool skipped = false, ocr = false;

	for (size_t i = 0; i < t->npages_read; i++) {
		skipped = skipped || t->pages[i].how == DOC_READ_SKIPPED;
		ocr = ocr || t->pages[i].how == DOC_READ_OCR;
	}
	if (skipped)
		return t->cuts & ocr_cuts ? DOC_FAIL_OVER_CAP : DOC_FAIL_NO_OCR;
	if (t->cuts & ~(unsigned)DOC_CUT_PAGES)
		return DOC_FAIL_OVER_CAP;
	return ocr ? DOC_FAIL_OCR_NO_WORDS : DOC_FAIL_NO_TEXT;
}

static int finish(struct doc_build *b)
{
	struct doc_text *t = b->t;

	t->len = b->text.len;
	t->text = buf_detach(&b->text);
	if (!t->text)
		return -1;
	if (t->failure == DOC_FAIL_NONE && !doc_has_words(t->text, t->len))
		t->failure = failure_without_words(t);
	return 0;
}

int doc_build_extract(struct doc_build *b, enum doc_type type, const char *buf, size_t len)
{
	const struct doc_kind *k = &kinds[(unsigned)type < DOC_TYPE_COUNT ? type : DOC_TYPE_UNKNOWN];

	if (!k->extract) {
		doc_build_fail(b, k->why);
		return 0;
	}
	return k->extract(b, buf, len);
}

int doc_extract(struct doc_text **out, const char *buf, size_t len, const struct doc_options *opt)
{
	static const struct doc_options no_options;
	struct doc_build b = { 0 };
	struct doc_text *t = calloc(1, sizeof(*t));
	int rc = -1;

	*out = NULL;
	if (!t)
		return -1;
	b.t = t;
	b.opt = opt ? opt : &no_options;
	buf_init(&b.text, CAP_DOC_TEXT_BYTES);
	t->type = doc_sniff(buf, len);
	if (len > CAP_DOC_BODY_BYTES) {
		doc_build_cut(&b, DOC_CUT_BODY);
		doc_build_fail(&b, DOC_FAIL_OVER_CAP);
	} else if (doc_build_extract(&b, t->type, buf, len)) {
		goto out;
	}
	if (finish(&b))
		goto out;
	*out = t;
	t = NULL;
	rc = 0;
out:
	buf_free(&b.text);
	doc_text_free(t);
	return rc;
}

void doc_text_free(struct doc_text *t)
{
	if (!t)
		return;
	free(t->text);
	free(t);
}
