/*
 * doc_impl.h - what the document extractors share (parsers/doc_*.c); not
 * for callers outside parsers/doc*.c.
 *
 * An extractor reads one type from a buffer and writes into a doc_build:
 * doc_build_page() opens the next page (and says when the page cap is
 * reached), doc_build_add() appends text, normalised on the way in (valid
 * UTF-8, no NUL or control bytes but tab and newline, CR and CRLF as a
 * newline, cut at CAP_DOC_TEXT_BYTES on a character boundary). An extractor
 * sets t->failure for a document it cannot read and t->npages when it knows
 * the page count; doc_build_finish() decides the failure of a document that
 * gave no words. Extractors return 0, or -1 when memory runs out.
 */
#ifndef MA_DOC_IMPL_H
#define MA_DOC_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "parsers/doc.h"

struct doc_build {
	struct doc_text *t;
	const struct doc_options *opt;  /* never NULL (doc_extract gives defaults) */
	struct buf text;
	bool full;                      /* the text cap was reached */
	bool last_cr;                   /* the last byte added was a CR (CRLF is one newline) */
	unsigned ocr_pages;             /* pages given to OCR so far */
	/* An archive's member (doc_archive.c): its pages are numbered on from page_base, at most member_pages (0: no cap). */
	unsigned page_base;
	size_t member_first;            /* t->pages[] index of the member's first page */
	unsigned member_pages;
};

typedef int (*doc_extract_fn)(struct doc_build *b, const char *buf, size_t len);

/*
 * Start page number (1-based) read as how. 0; 1 when CAP_DOC_PAGES pages
 * are already open (DOC_CUT_PAGES is set and the page is not opened: stop);
 * -1 when memory runs out.
 */
int doc_build_page(struct doc_build *b, unsigned number, enum doc_read how);
/* Change how the open page was read (an image page found blank, say). */
void doc_build_page_how(struct doc_build *b, enum doc_read how);
/* Append UTF-8 (invalid bytes become U+FFFD) to the open page. 0 or -1. */
int doc_build_add(struct doc_build *b, const char *s, size_t len);
/* Append one code point (U+0000 and surrogates dropped). 0 or -1. */
int doc_build_cp(struct doc_build *b, uint32_t cp);
/* Append text in a legacy charset (an iconv name). 0 or -1. */
int doc_build_add_charset(struct doc_build *b, const char *s, size_t len, const char *charset);
/* Has the open page any character that is not white space? */
bool doc_build_page_has_words(const struct doc_build *b);
static inline void doc_build_cut(struct doc_build *b, enum doc_cut bit)
{
	b->t->cuts |= (unsigned)bit;
}
static inline void doc_build_fail(struct doc_build *b, enum doc_failure f)
{
	if (b->t->failure == DOC_FAIL_NONE)
		b->t->failure = f;
}
/* OCR milliseconds left for this document (0: none). */
unsigned doc_build_ocr_left(const struct doc_build *b);
/* The deadline of the next page's OCR: what is left, at most CAP_DOC_OCR_MS_PAGE. */
int doc_build_ocr_deadline(const struct doc_build *b);
struct ocr_run;
/*
 * Take an OCR run (ocr_rc: what ocr_gray/ocr_pix returned) into the open
 * page: its text, its time, a timeout cut; frees run->text. 0 or -1.
 */
int doc_build_ocr_take(struct doc_build *b, int ocr_rc, struct ocr_run *run);

/* Does buf[0..len) hold a character that is not white space (NUL counts as space)? */
bool doc_has_words(const char *buf, size_t len);

/*
 * The zip directory as doc_sniff() reads it (doc_sniff.c): the entries the
 * end record announces, or -1 when there is no end record.
 */
long doc_zip_entry_count(const char *buf, size_t len);

/* The extractors, one per type (doc_<type>.c). */
int doc_pdf_extract(struct doc_build *b, const char *buf, size_t len);
int doc_docx_extract(struct doc_build *b, const char *buf, size_t len);
int doc_odt_extract(struct doc_build *b, const char *buf, size_t len);
int doc_word_extract(struct doc_build *b, const char *buf, size_t len);
int doc_rtf_extract(struct doc_build *b, const char *buf, size_t len);
int doc_image_extract(struct doc_build *b, const char *buf, size_t len);
int doc_plain_extract(struct doc_build *b, const char *buf, size_t len);
/* An OLE2 file that is no DOC: not_document, or corrupt when libgsf cannot open it (doc_word.c). */
int doc_ole_other_extract(struct doc_build *b, const char *buf, size_t len);

/*
 * An OLE2 compound file over buf (libgsf), or NULL when libgsf cannot open
 * it; the caller unrefs both *in and the result. Every open goes through
 * here: libgsf 1.14 leaks the directory entries of a file whose directory
 * is inconsistent inside gsf_infile_msole_new() (found by fuzz_doc; a few
 * hundred bytes a file, nothing of ours holds them), and under LeakSanitizer
 * that call's allocations are left out of the report so that ours are not.
 */
struct _GsfInput;
struct _GsfInfile;
struct _GsfInfile *doc_ole_open(const char *buf, size_t len, struct _GsfInput **in);
/*
 * A zip that is no office document: an archive of documents (doc_archive.c),
 * whose members are read in turn, each from a new page; not_document when
 * none is a document, over_cap when its directory passes the cap.
 */
int doc_archive_extract(struct doc_build *b, const char *buf, size_t len);
/* buf[0..len) read as type by its extractor into b (doc.c), or b failed with why the type has none. 0 or -1. */
int doc_build_extract(struct doc_build *b, enum doc_type type, const char *buf, size_t len);

/* Set up poppler once (doc_pdf.c); called by doc_global_init(). */
void doc_pdf_global_init(void);

/*
 * One member of a zip, uncompressed, within the zip caps (doc_zip.c):
 * *out (caller frees; NUL-terminated) and *out_len, possibly cut (the cut
 * bits say why). 0 with *out NULL when the member is missing or the zip
 * cannot be read (then t->failure says why); -1 when memory runs out.
 */
int doc_zip_member(struct doc_build *b, const char *buf, size_t len, const char *name,
                   char **out, size_t *out_len);

#endif
