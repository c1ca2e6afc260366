/*
 * wordml.h - a small writer of Word documents (.docx, WordprocessingML in
 * an OPC zip package): paragraphs and one kind of bordered table, enough
 * for a table a department pastes into its own report. Debian has no C
 * library that writes DOCX, so the XML is written here, every text
 * escaped by wml_text(), and the package zipped with libzip. Private to
 * reports/; extend it with the elements a report needs, each as one
 * function that appends to the document's buffer.
 */
#ifndef MA_WORDML_H
#define MA_WORDML_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/buf.h"

/* word/document.xml never grows past this (the indicator table is a few KiB). */
#define WML_DOCUMENT_CAP (4u * 1024u * 1024u)
/* Columns of a table. */
#define WML_MAX_COLS 8u

/* Paragraph looks: body text, a bold title, a bold caption, a small note. */
enum wml_para { WML_BODY, WML_TITLE, WML_CAPTION, WML_NOTE };

/*
 * s as the text of an XML element: &, <, >, " escaped, a line break or a
 * tab as a space, other control characters dropped (XML 1.0 has no way to
 * write them), a byte that is not valid UTF-8 as U+FFFD. 0, or a buf error.
 */
int wml_text(struct buf *b, const char *s);

/* The document's start: the XML declaration, <w:document>, <w:body>. */
int wml_begin(struct buf *b);
/* One paragraph of text in the given look. */
int wml_paragraph(struct buf *b, enum wml_para look, const char *text);
/*
 * A table of ncols columns, widths in twentieths of a point (they add up
 * to the text's width, WML_TEXT_WIDTH), single borders round every cell;
 * its first row, the header, is bold and repeats on every page.
 */
#define WML_TEXT_WIDTH 9355u    /* A4 less the margins of Russian office papers: 3 cm left, 1.5 cm right */
int wml_table_begin(struct buf *b, const unsigned *widths, size_t ncols);
/* One row of the table begun last: ncols cells; numeric ones right-aligned. */
int wml_table_row(struct buf *b, const unsigned *widths, const char *const *cells, size_t ncols,
                  bool header, const bool *numeric);
int wml_table_end(struct buf *b);
/* The page (A4, the margins above) and the end of the body and document. */
int wml_end(struct buf *b);

/*
 * The package: [Content_Types].xml, the relationships, word/styles.xml
 * (Times New Roman 12 pt, Russian) and document (word/document.xml as
 * wml_begin ... wml_end wrote it), zipped in memory, every part dated
 * mtime. *out (the caller frees it) and *outlen. 0, or -1 (a libzip error
 * or out of memory).
 */
int wml_package(const char *document, size_t len, time_t mtime, void **out, size_t *outlen);

#endif
