/*
 * registry_xlsx.c - a registry saved as an Excel workbook (.xlsx): one
 * sheet (the first, or the one named) as the text the CSV reader takes, so
 * that an .xlsx registry is read with the same header, rows and issues as a
 * CSV one: sheet row N is line N, its cells tab-separated and quoted, a
 * line break inside a cell read as a space (the fields are folded so
 * anyway). Internal to parsers/registry*.c.
 *
 * The workbook's parts come out of the zip within caps (zip_member.c) and
 * are walked with libxml2's xmlReader: xl/workbook.xml names the sheets,
 * xl/_rels/workbook.xml.rels says which part each is, xl/sharedStrings.xml
 * holds the texts the cells point to. XXE-safe as doc_xml.c: no network,
 * no DTD, no entity substituted. No I/O.
 */
#include "parsers/registry_xlsx.h"

#include <libxml/xmlreader.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/caps.h"
#include "parsers/doc.h"
#include "parsers/registry_csv.h"
#include "parsers/xml_quiet.h"
#include "parsers/zip_member.h"

#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
/* The rows of a sheet: Excel's own limit (1 048 576). */
#define XLSX_MAX_ROW 1048576ul
/* A sheet's or a part's name longer than this is no sheet we can name. */
#define XLSX_NAME 256

static const struct zip_caps xlsx_caps = {
	.entries = (long)CAP_DOC_ZIP_ENTRIES, .bytes = CAP_REGISTRY_BYTES,
	.ratio = CAP_DOC_ZIP_RATIO, .ratio_free = CAP_DOC_ZIP_RATIO_FREE,
};

/* The documents' sniffer knows a workbook by its zip directory (xl/workbook.xml). */
bool registry_is_xlsx(const char *buf, size_t len)
{
	return doc_sniff(buf, len) == DOC_TYPE_XLSX;
}

/* A part of the workbook; *out NULL and a reason in err when it cannot be had. */
static int read_part(const char *buf, size_t len, const char *name, bool needed, char **out, size_t *out_len,
                     char *err, size_t errlen)
{
	enum zip_member_status st;

	if (zip_member_read(buf, len, name, &xlsx_caps, out, out_len, &st) != 0) {
		registry_set_err(err, errlen, "out of memory");
		return -1;
	}
	if (st == ZIP_MEMBER_OK || (st == ZIP_MEMBER_MISSING && !needed))
		return 0;
	free(*out);
	*out = NULL;
	registry_set_err(err, errlen, "the workbook's %s %s", name,
	                 st == ZIP_MEMBER_MISSING ? "is missing" :
	                 st == ZIP_MEMBER_ENCRYPTED ? "is encrypted" :
	                 st == ZIP_MEMBER_CORRUPT ? "cannot be read" : "is larger than the registry's cap");
	return -1;
}

/* A reader of a part; its errors end the reading, never printed (xml_quiet.h). */
static xmlTextReaderPtr reader_for(const char *xml, size_t len)
{
	xmlTextReaderPtr r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                                        XML_PARSE_NOCDATA);

	if (r)
		xml_quiet_reader(r);
	return r;
}

static bool is_elem(xmlTextReaderPtr r, const char *ns, const char *name)
{
	const xmlChar *uri = xmlTextReaderConstNamespaceUri(r);
	const xmlChar *local = xmlTextReaderConstLocalName(r);

	return xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT && local && strcmp((const char *)local, name) == 0 &&
	       (!ns || (uri && strcmp((const char *)uri, ns) == 0));
}

/* An attribute's value copied into out (cap bytes), "" when absent. */
static void attr(xmlTextReaderPtr r, const char *ns, const char *name, char *out, size_t cap)
{
	xmlChar *v = ns ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)name, (const xmlChar *)ns)
	                : xmlTextReaderGetAttribute(r, (const xmlChar *)name);

	snprintf(out, cap, "%s", v ? (const char *)v : "");
	xmlFree(v);
}

/* The relationship id of the sheet to read: the first, or the one named (*found false when none is). */
static int sheet_rid(const char *xml, size_t len, const char *want, char *rid, size_t cap, bool *found)
{
	xmlTextReaderPtr r = reader_for(xml, len);
	char name[XLSX_NAME];
	int more;

	*found = false;
	if (!r)
		return -1;
	while (!*found && (more = xmlTextReaderRead(r)) == 1) {
		if (!is_elem(r, NS_MAIN, "sheet"))
			continue;
		attr(r, NULL, "name", name, sizeof(name));
		if (!want || strcmp(name, want) == 0) {
			attr(r, NS_REL, "id", rid, cap);
			*found = rid[0] != '\0';
		}
	}
	xmlFreeTextReader(r);
	return 0;
}

/* The part the relationship rid names, as a zip member's name ("xl/worksheets/sheet1.xml"). */
static int sheet_part(const char *xml, size_t len, const char *rid, char *part, size_t cap)
{
	xmlTextReaderPtr r = reader_for(xml, len);
	char id[XLSX_NAME], target[XLSX_NAME];
	int more;

	part[0] = '\0';
	if (!r)
		return -1;
	while (!part[0] && (more = xmlTextReaderRead(r)) == 1) {
		if (!is_elem(r, NULL, "Relationship"))
			continue;
		attr(r, NULL, "Id", id, sizeof(id));
		attr(r, NULL, "Target", target, sizeof(target));
		if (strcmp(id, rid) != 0 || !target[0])
			continue;
		/* Relative to xl/, or absolute in the package. */
		snprintf(part, cap, "%s%s", target[0] == '/' ? "" : "xl/", target[0] == '/' ? target + 1 : target);
	}
	xmlFreeTextReader(r);
	return 0;
}

/* The shared strings, each the text of its <t>s (rich runs joined; phonetic runs left out). */
struct strings {
	char **s;
	size_t n, alloc;
};

static int strings_add(struct strings *ss, struct buf *b)
{
	if (ss->n == ss->alloc) {
		size_t n = ss->alloc ? ss->alloc * 2 : 256;
		char **p = realloc(ss->s, n * sizeof(*p));

		if (!p)
			return -1;
		ss->s = p;
		ss->alloc = n;
	}
	ss->s[ss->n] = strdup(buf_str(b));
	return ss->s[ss->n++] ? 0 : -1;
}

static void strings_free(struct strings *ss)
{
	for (size_t i = 0; i < ss->n; i++)
		free(ss->s[i]);
	free(ss->s);
}

/* The text of a <t> the reader is on, added to b. */
static int add_t(xmlTextReaderPtr r, struct buf *b)
{
	xmlChar *t = xmlTextReaderReadString(r);
	int rc = t && buf_addstr(b, (const char *)t) == BUF_ERR_NOMEM ? -1 : 0;

	xmlFree(t);
	return rc;
}

static int read_strings(const char *xml, size_t len, struct strings *ss)
{
	xmlTextReaderPtr r;
	struct buf b;
	int more, rc = 0, in_rph = 0;

	if (!xml)
		return 0;
	r = reader_for(xml, len);
	if (!r)
		return -1;
	buf_init(&b, CAP_REGISTRY_FIELD);
	while (rc == 0 && (more = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r);
		const char *local = (const char *)xmlTextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "si") == 0)
			buf_reset(&b);
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "rPh") == 0 && !xmlTextReaderIsEmptyElement(r))
			in_rph = 1;
		else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "rPh") == 0)
			in_rph = 0;
		else if (type == XML_READER_TYPE_ELEMENT && strcmp(local, "t") == 0 && !in_rph)
			rc = add_t(r, &b);
		else if (type == XML_READER_TYPE_END_ELEMENT && strcmp(local, "si") == 0)
			rc = strings_add(ss, &b);
	}
	buf_free(&b);
	xmlFreeTextReader(r);
	return rc;
}

/* "C12" -> column 2 (0-based); -1 when the reference names no column. */
static long column_of(const char *ref)
{
	long col = 0;
	size_t i = 0;

	for (; ref[i] >= 'A' && ref[i] <= 'Z' && col <= (long)CAP_REGISTRY_COLUMNS; i++)
		col = col * 26 + (ref[i] - 'A' + 1);
	return i ? col - 1 : -1;
}

/* The sheet as text: its rows on their own line numbers, cells tab-separated and quoted. */
struct sheet_text {
	struct buf out;
	unsigned long line;     /* the text's line being written (1-based) */
	long col;               /* the next cell's column in that line */
	bool failed;
};

static void put(struct sheet_text *st, const char *s, size_t n)
{
	if (buf_add(&st->out, s, n))
		st->failed = true;
}

/* Start sheet row row (1-based) on that line: blank lines for the rows the sheet skips. */
static void start_row(struct sheet_text *st, unsigned long row)
{
	/* Out of order, or past the last row a sheet can have: the next line. */
	if (row <= st->line || row > XLSX_MAX_ROW)
		row = st->line + 1;
	while (st->line < row && !st->failed) {
		if (st->line)
			put(st, "\n", 1);
		st->line++;
	}
	st->col = 0;
}

/* A cell's value at column col, quoted; empty cells before it for the columns it skips. */
static void put_cell(struct sheet_text *st, long col, const char *v)
{
	if (col < st->col)
		col = st->col;
	for (; st->col < col; st->col++)
		put(st, "\t", 1);
	if (st->col)
		put(st, "\t", 1);
	put(st, "\"", 1);
	for (const char *p = v; *p; p++) {
		if (*p == '"')
			put(st, "\"\"", 2);
		else if (*p == '\n' || *p == '\r' || *p == '\t')
			put(st, " ", 1);
		else
			put(st, p, 1);
	}
	put(st, "\"", 1);
	st->col++;
}

/* The cell the reader is on: its type, column, and the value of its <v> or <is>. */
static int read_cell(xmlTextReaderPtr r, const struct strings *ss, struct sheet_text *st)
{
	char type[16], ref[32];
	long col;
	int depth = xmlTextReaderDepth(r), more;
	struct buf v;
	int rc = 0;

	attr(r, NULL, "t", type, sizeof(type));
	attr(r, NULL, "r", ref, sizeof(ref));
	col = ref[0] ? column_of(ref) : st->col;
	if (xmlTextReaderIsEmptyElement(r) || col < 0 || col >= (long)CAP_REGISTRY_COLUMNS)
		return 0;
	buf_init(&v, CAP_REGISTRY_FIELD);
	while (rc == 0 && (more = xmlTextReaderRead(r)) == 1 && xmlTextReaderDepth(r) > depth) {
		const char *local = (const char *)xmlTextReaderConstLocalName(r);

		if (xmlTextReaderNodeType(r) == XML_READER_TYPE_ELEMENT &&
		    (strcmp(local, "v") == 0 || strcmp(local, "t") == 0))
			rc = add_t(r, &v);
	}
	if (rc == 0 && strcmp(type, "s") == 0) {
		char *end = NULL;
		unsigned long i = strtoul(buf_str(&v), &end, 10);

		put_cell(st, col, end && end != buf_str(&v) && i < ss->n ? ss->s[i] : "");
	} else if (rc == 0) {
		put_cell(st, col, buf_str(&v));
	}
	buf_free(&v);
	return rc;
}

static int read_sheet(const char *xml, size_t len, const struct strings *ss, struct sheet_text *st)
{
	xmlTextReaderPtr r = reader_for(xml, len);
	char num[32];
	int more, rc = 0;

	if (!r)
		return -1;
	while (rc == 0 && !st->failed && (more = xmlTextReaderRead(r)) == 1) {
		if (is_elem(r, NS_MAIN, "row")) {
			attr(r, NULL, "r", num, sizeof(num));
			start_row(st, num[0] ? strtoul(num, NULL, 10) : st->line + 1);
		} else if (is_elem(r, NS_MAIN, "c")) {
			rc = read_cell(r, ss, st);
		}
	}
	xmlFreeTextReader(r);
	return rc || st->failed ? -1 : 0;
}

int registry_xlsx_sheet_text(char **text, size_t *tlen, const char *strs, size_t nstrs, const char *sheet,
                             size_t nsheet, char *err, size_t errlen)
{
	struct strings ss = { NULL, 0, 0 };
	struct sheet_text st = { .line = 0 };
	int rc = -1;

	*text = NULL;
	*tlen = 0;
	buf_init(&st.out, CAP_REGISTRY_BYTES);
	if (read_strings(strs, nstrs, &ss) || read_sheet(sheet, nsheet, &ss, &st)) {
		registry_set_err(err, errlen, st.failed ? "the sheet is larger than the registry's cap" : "out of memory");
		goto out;
	}
	put(&st, "\n", 1);
	*tlen = st.out.len;
	*text = buf_detach(&st.out);
	rc = *text ? 0 : -1;
	if (rc)
		registry_set_err(err, errlen, "out of memory");
out:
	strings_free(&ss);
	buf_free(&st.out);
	return rc;
}

int registry_xlsx_text(char **text, size_t *tlen, const char *buf, size_t len, const char *sheet, char *err,
                       size_t errlen)
{
	char *book = NULL, *rels = NULL, *strs = NULL, *data = NULL;
	size_t nbook = 0, nrels = 0, nstrs = 0, ndata = 0;
	char rid[XLSX_NAME] = "", part[2 * XLSX_NAME] = "";
	bool found = false;
	struct xml_quiet q;
	int rc = -1;

	*text = NULL;
	*tlen = 0;
	xml_quiet_begin(&q);
	if (read_part(buf, len, "xl/workbook.xml", true, &book, &nbook, err, errlen) ||
	    read_part(buf, len, "xl/_rels/workbook.xml.rels", true, &rels, &nrels, err, errlen))
		goto out;
	if (sheet_rid(book, nbook, sheet, rid, sizeof(rid), &found) || !found) {
		registry_set_err(err, errlen, sheet ? "the workbook has no sheet named '%s'" : "the workbook has no sheet%s",
		                 sheet ? sheet : "");
		goto out;
	}
	if (sheet_part(rels, nrels, rid, part, sizeof(part)) || !part[0]) {
		registry_set_err(err, errlen, "the workbook does not say where its sheet is");
		goto out;
	}
	if (read_part(buf, len, "xl/sharedStrings.xml", false, &strs, &nstrs, err, errlen) ||
	    read_part(buf, len, part, true, &data, &ndata, err, errlen))
		goto out;
	rc = registry_xlsx_sheet_text(text, tlen, strs, nstrs, data, ndata, err, errlen);
out:
	xml_quiet_end(&q);
	free(book);
	free(rels);
	free(strs);
	free(data);
	return rc;
}
