/*
 * doc.h - a fetched document's real type, and its text, from its bytes.
 *
 * doc_sniff() says what the bytes are, whatever the Content-Type or the
 * file name claimed. doc_extract() reads the text of the first pages
 * (CAP_DOC_PAGES) with the extractor of that type: PDF (poppler; a page
 * with no text layer is rendered and OCR'd), DOCX and ODT (libzip and
 * libxml2), DOC (its piece table, read by our code from the streams libgsf
 * opens), RTF (our own reader), images (leptonica and Tesseract), plain text. Every extractor takes the buffer and does no I/O;
 * Tesseract reads its traineddata when an ocr context is made (ocr.h).
 *
 * The result is data: the text (UTF-8, no NUL, at most CAP_DOC_TEXT_BYTES)
 * with the page each piece came from and how the page was read, the
 * document's page count, the caps that cut it, and, when there is no text,
 * why (enum doc_failure). No words for people here: the reports name them.
 *
 * Threads: doc_global_init() once on the main thread first; then
 * doc_extract() may run on any thread, each with its own ocr context (or
 * none).
 *
 * To add a type: a row in the signature table (doc_sniff.c), an enum value
 * below with its name, and an extractor row in doc.c.
 */
#ifndef MA_DOC_H
#define MA_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

struct ocr;

enum doc_type {
	DOC_TYPE_UNKNOWN = 0,
	DOC_TYPE_EMPTY,         /* 0 bytes, or white space only */
	DOC_TYPE_PDF,
	DOC_TYPE_DOCX,
	DOC_TYPE_ODT,
	DOC_TYPE_DOC,           /* OLE2 with a WordDocument stream */
	DOC_TYPE_RTF,
	DOC_TYPE_PNG,
	DOC_TYPE_JPEG,
	DOC_TYPE_TIFF,
	DOC_TYPE_GIF,
	DOC_TYPE_BMP,
	DOC_TYPE_TEXT,          /* plain text (UTF-8 or windows-1251) */
	DOC_TYPE_HTML,          /* a web page, e.g. a soft 404 answered with 200 */
	DOC_TYPE_XLSX,          /* spreadsheets and other containers: not text documents */
	DOC_TYPE_ODS,
	DOC_TYPE_PPTX,
	DOC_TYPE_ODF_OTHER,     /* an OpenDocument of another kind (presentation, drawing) */
	DOC_TYPE_ZIP,           /* a zip that is none of the above */
	DOC_TYPE_XLS,           /* OLE2 with a Workbook stream */
	DOC_TYPE_OLE,           /* OLE2 that is neither (PowerPoint 97, MSI, ...) */
	DOC_TYPE_OOXML_ENCRYPTED, /* a password-protected DOCX/XLSX (OLE2 with an EncryptedPackage) */
	DOC_TYPE_SIGNATURE,     /* a detached electronic signature (CMS/PKCS #7 .sig, .p7s): not the document it signs */
	DOC_TYPE_COUNT
};

/* Why a document gave no text. */
enum doc_failure {
	DOC_FAIL_NONE = 0,      /* text was read */
	DOC_FAIL_EMPTY,         /* 0 bytes, or white space (NUL bytes count as such) */
	DOC_FAIL_NOT_DOCUMENT,  /* HTML, a spreadsheet, another container: not a text document */
	DOC_FAIL_UNSUPPORTED,   /* a type no extractor reads (unknown bytes, old Word 6) */
	DOC_FAIL_ENCRYPTED,     /* needs a password */
	DOC_FAIL_CORRUPT,       /* the library could not open it */
	DOC_FAIL_NO_TEXT,       /* opened, and no words in it and no image to recognise */
	DOC_FAIL_NO_OCR,        /* image-only, and no ocr context was given */
	DOC_FAIL_OVER_CAP,      /* a cap stopped it before any text (cuts say which) */
	DOC_FAIL_OCR_NO_WORDS,  /* image-only, OCR'd, and OCR recognised no words: unread, not blank */
	DOC_FAIL_TRUNCATED,     /* a PDF the library could not open that never ends (no %%EOF in
	                           its last CAP_DOC_PDF_TAIL bytes): an upload cut short */
	DOC_FAIL_COUNT
};

/* How one page's text was had. */
enum doc_read {
	DOC_READ_TEXT = 0,      /* the document's own text (a text layer, XML, RTF, DOC) */
	DOC_READ_OCR,           /* recognised from the page's image */
	DOC_READ_BLANK,         /* no text and nothing to recognise */
	DOC_READ_SKIPPED,       /* an image left unread: no OCR, or a cap (cuts say which) */
	DOC_READ_SCAN_TEXT,     /* a scanned page's text layer: a scanner's OCR, as unsure as ours */
	DOC_READ_COUNT
};

/* The caps that cut a document: bits of doc_text.cuts. */
enum doc_cut {
	DOC_CUT_BODY      = 1u << 0,  /* CAP_DOC_BODY_BYTES: not opened */
	DOC_CUT_PAGES     = 1u << 1,  /* CAP_DOC_PAGES: later pages not read */
	DOC_CUT_TEXT      = 1u << 2,  /* CAP_DOC_TEXT_BYTES: text cut */
	DOC_CUT_OCR_PAGES = 1u << 3,  /* CAP_DOC_OCR_PAGES: later image pages not OCR'd */
	DOC_CUT_PIXELS    = 1u << 4,  /* CAP_DOC_OCR_PIXELS or _IMAGE_SIDE: an image too large to OCR */
	DOC_CUT_OCR_PAGE_TIME = 1u << 5, /* CAP_DOC_OCR_MS_PAGE: a page's recognition stopped */
	DOC_CUT_OCR_DOC_TIME  = 1u << 6, /* CAP_DOC_OCR_MS_DOC: later pages not OCR'd */
	DOC_CUT_ZIP_ENTRIES = 1u << 7, /* CAP_DOC_ZIP_ENTRIES: not opened */
	DOC_CUT_ZIP_BYTES   = 1u << 8, /* CAP_DOC_ZIP_MEMBER_BYTES or _TOTAL_BYTES: member cut */
	DOC_CUT_ZIP_RATIO   = 1u << 9, /* CAP_DOC_ZIP_RATIO: member cut as a bomb */
	DOC_CUT_XML_DEPTH   = 1u << 10, /* CAP_DOC_XML_DEPTH or CAP_DOC_RTF_DEPTH: the rest not read */
	DOC_CUT_READER      = 1u << 11, /* CAP_DOC_READ_MS or CAP_DOC_READ_BYTES: its reader was stopped */
	DOC_CUT_COUNT_BITS  = 12
};

struct doc_page {
	unsigned number;        /* 1-based page of the document the text is from */
	enum doc_read how;
	size_t offset;          /* the page's text is text[offset .. offset + len) */
	size_t len;
};

struct doc_text {
	enum doc_type type;     /* doc_sniff()'s answer */
	enum doc_failure failure;
	unsigned cuts;          /* enum doc_cut bits; 0 when read whole */
	unsigned npages;        /* pages of the document (0: unknown; DOCX, ODT, DOC, RTF, text: from explicit breaks) */
	char *text;             /* UTF-8, no NUL inside; pages joined by '\f'; never NULL */
	size_t len;
	struct doc_page pages[CAP_DOC_PAGES];
	size_t npages_read;     /* entries of pages[] in use, in page order */
	unsigned ocr_ms;        /* milliseconds spent in OCR */
};

struct doc_options {
	/* NULL: pages without text are left unread (DOC_READ_SKIPPED, DOC_FAIL_NO_OCR). */
	struct ocr *ocr;
	/* OCR time per document (0: CAP_DOC_OCR_MS_DOC); may only lower the cap. */
	unsigned ocr_ms_doc;
};

/* Set up the libraries once, on the main thread, before any doc_extract(). */
void doc_global_init(void);

/* The real type of buf[0..len) from its bytes alone. Never fails. */
enum doc_type doc_sniff(const char *buf, size_t len);

/*
 * Read the text of buf[0..len). opt may be NULL (no OCR). On success *out
 * is owned by the caller (doc_text_free); a document that gave no text is a
 * success with failure set. -1 only when memory runs out.
 */
int doc_extract(struct doc_text **out, const char *buf, size_t len, const struct doc_options *opt);
void doc_text_free(struct doc_text *t);

/*
 * A doc_text as bytes, for a reader in another process (doc_wire.c):
 * encode appends to out (0, or buf's error); decode checks every count and
 * offset and gives a doc_text of the caller's (0, or -1: not a whole, valid
 * encoding, or out of memory).
 */
struct buf;
int doc_text_encode(const struct doc_text *t, struct buf *out);
int doc_text_decode(struct doc_text **out, const char *buf, size_t len);

/* Stable lower-case tokens for results.json and the CLI ("pdf", "encrypted", "ocr"). */
const char *doc_type_name(enum doc_type t);
const char *doc_failure_name(enum doc_failure f);
const char *doc_read_name(enum doc_read r);
/* The cap a cut bit stands for ("CAP_DOC_PAGES"), NULL for a bit that is none. */
const char *doc_cut_name(enum doc_cut bit);

#endif
