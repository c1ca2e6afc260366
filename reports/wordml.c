/*
 * wordml.c - WordprocessingML and its package (wordml.h). The markup is
 * the least Word, LibreOffice and the OOXML schema (ECMA-376 part 1)
 * accept: no numbering, no themes, no settings part; the table's borders
 * are direct formatting, so no table style is needed.
 */
#include "reports/wordml.h"

#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "core/text.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

static const char content_types[] = XML_DECL
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"</Types>";

static const char package_rels[] = XML_DECL
	"<Relationships xmlns=\"" REL_NS "\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_TYPE "officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";

static const char document_rels[] = XML_DECL
	"<Relationships xmlns=\"" REL_NS "\">"
	"<Relationship Id=\"rId1\" Type=\"" REL_TYPE "styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* Times New Roman 12 pt in Russian, as office papers are typed; a little space after a paragraph. */
static const char styles[] = XML_DECL
	"<w:styles xmlns:w=\"" W_NS "\"><w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" "
	"w:cs=\"Times New Roman\"/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/><w:lang w:val=\"ru-RU\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault>"
	"</w:docDefaults></w:styles>";

int wml_text(struct buf *b, const char *s)
{
	int rc = 0;

	for (size_t left = s ? strlen(s) : 0; left > 0 && rc == 0;) {
		int n = text_utf8_seq_len(s, left);
		unsigned char c = (unsigned char)*s;

		if (n <= 0) {
			rc = buf_addstr(b, REPLACEMENT);
			n = 1;
		} else if (c == '&') {
			rc = buf_addstr(b, "&amp;");
		} else if (c == '<') {
			rc = buf_addstr(b, "&lt;");
		} else if (c == '>') {
			rc = buf_addstr(b, "&gt;");
		} else if (c == '"') {
			rc = buf_addstr(b, "&quot;");
		} else if (c == '\n' || c == '\r' || c == '\t') {
			rc = buf_addc(b, ' ');
		} else if (c >= 0x20 && c != 0x7f) {
			rc = buf_add(b, s, (size_t)n);
		}
		s += n;
		left -= (size_t)n;
	}
	return rc;
}

int wml_begin(struct buf *b)
{
	return buf_addstr(b, XML_DECL "<w:document xmlns:w=\"" W_NS "\"><w:body>");
}

/* The paragraph properties and the run properties of each look. */
static const struct {
	const char *ppr, *rpr;
} looks[] = {
	[WML_BODY] = { "", "" },
	[WML_TITLE] = { "<w:jc w:val=\"center\"/>", "<w:b/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>" },
	[WML_CAPTION] = { "<w:keepNext/><w:spacing w:before=\"240\"/>", "<w:b/>" },
	[WML_NOTE] = { "", "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>" },
};

/* <w:p> with its properties, one run of text, </w:p>. */
static int paragraph(struct buf *b, const char *ppr, const char *rpr, const char *text)
{
	if (buf_printf(b, "<w:p><w:pPr>%s</w:pPr><w:r><w:rPr>%s</w:rPr><w:t xml:space=\"preserve\">", ppr, rpr) ||
	    wml_text(b, text))
		return BUF_ERR_NOMEM;
	return buf_addstr(b, "</w:t></w:r></w:p>");
}

int wml_paragraph(struct buf *b, enum wml_para look, const char *text)
{
	if ((unsigned)look >= sizeof(looks) / sizeof(looks[0]))
		look = WML_BODY;
	return paragraph(b, looks[look].ppr, looks[look].rpr, text);
}

int wml_table_begin(struct buf *b, const unsigned *widths, size_t ncols)
{
	static const char *const sides[] = { "top", "left", "bottom", "right", "insideH", "insideV" };

	if (ncols == 0 || ncols > WML_MAX_COLS ||
	    buf_addstr(b, "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblBorders>"))
		return -1;
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++)
		if (buf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>", sides[i]))
			return -1;
	if (buf_addstr(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
	               "<w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/>"
	               "</w:tblCellMar></w:tblPr><w:tblGrid>"))
		return -1;
	for (size_t i = 0; i < ncols; i++)
		if (buf_printf(b, "<w:gridCol w:w=\"%u\"/>", widths[i]))
			return -1;
	return buf_addstr(b, "</w:tblGrid>");
}

/* A table's text: 11 pt, no space after a paragraph, so a long table stays short. */
#define CELL_PPR "<w:spacing w:after=\"0\"/>"
#define CELL_RPR "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>"

int wml_table_row(struct buf *b, const unsigned *widths, const char *const *cells, size_t ncols,
                  bool header, const bool *numeric)
{
	if (buf_addstr(b, header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
	                         : "<w:tr><w:trPr><w:cantSplit/></w:trPr>"))
		return -1;
	for (size_t i = 0; i < ncols; i++) {
		const char *jc = header ? CELL_PPR "<w:jc w:val=\"center\"/>"
		                 : numeric && numeric[i] ? CELL_PPR "<w:jc w:val=\"right\"/>" : CELL_PPR;

		if (buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%u\" w:type=\"dxa\"/></w:tcPr>", widths[i]) ||
		    paragraph(b, jc, header ? "<w:b/>" CELL_RPR : CELL_RPR, cells[i]) || buf_addstr(b, "</w:tc>"))
			return -1;
	}
	return buf_addstr(b, "</w:tr>");
}

int wml_table_end(struct buf *b)
{
	/* A paragraph after the table: Word needs one between a table and the section's end. */
	return buf_addstr(b, "</w:tbl><w:p/>");
}

int wml_end(struct buf *b)
{
	return buf_addstr(b, "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
	                     "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\" "
	                     "w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
}

/*
 * Add one part, dated mtime (so the same document is the same bytes); libzip
 * reads data at zip_close, so it must live until then.
 */
static int add_part(zip_t *za, const char *name, const void *data, size_t len, time_t mtime)
{
	zip_source_t *src = zip_source_buffer(za, data, len, 0);
	zip_int64_t i;

	if (!src)
		return -1;
	i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return -1;
	}
	return zip_file_set_mtime(za, (zip_uint64_t)i, mtime, 0) < 0 ? -1 : 0;
}

/* The bytes libzip wrote into src, into *out. */
static int take_bytes(zip_source_t *src, void **out, size_t *outlen)
{
	zip_stat_t st;
	char *bytes = NULL;
	int rc = -1;

	if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(src) < 0)
		return -1;
	bytes = malloc(st.size ? st.size : 1);
	if (bytes && zip_source_read(src, bytes, st.size) == (zip_int64_t)st.size) {
		*out = bytes;
		*outlen = st.size;
		bytes = NULL;
		rc = 0;
	}
	zip_source_close(src);
	free(bytes);
	return rc;
}

int wml_package(const char *document, size_t len, time_t mtime, void **out, size_t *outlen)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	int rc = -1;

	*out = NULL;
	*outlen = 0;
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		goto out;
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	/* The archive's bytes stay in src after zip_close, to be read back. */
	zip_source_keep(src);
	if (add_part(za, "[Content_Types].xml", content_types, sizeof(content_types) - 1, mtime) ||
	    add_part(za, "_rels/.rels", package_rels, sizeof(package_rels) - 1, mtime) ||
	    add_part(za, "word/_rels/document.xml.rels", document_rels, sizeof(document_rels) - 1, mtime) ||
	    add_part(za, "word/styles.xml", styles, sizeof(styles) - 1, mtime) ||
	    add_part(za, "word/document.xml", document, len, mtime)) {
		zip_discard(za);
		za = NULL;
		goto out;
	}
	rc = zip_close(za) < 0 ? -1 : 0;
	if (rc)
		zip_discard(za);
	za = NULL;
	if (rc == 0)
		rc = take_bytes(src, out, outlen);
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}
