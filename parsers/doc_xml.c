/*
 * doc_xml.c - the text of a DOCX (word/document.xml) and of an ODT
 * (content.xml): the member read by doc_zip.c, walked with libxml2's
 * xmlReader. Each format is a table of elements and what they do; text is
 * taken only inside the elements that hold it (w:t; text:p and text:h),
 * never inside the ones skipped (deleted text, field codes, annotations).
 *
 * XXE-safe: no network, no DTD loaded, no entity substituted (an entity
 * reference is skipped), no XML_PARSE_HUGE; nesting past CAP_DOC_XML_DEPTH
 * stops the reading.
 */
#include "parsers/doc_impl.h"

#include <libxml/xmlreader.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_TEXT "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define NS_STYLE "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
#define NS_FO "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
/* A style name longer than this cannot be told from another. */
#define ODF_STYLE_NAME 64
/* text:s c="N": runs of spaces; more than this are one run of this many. */
#define ODF_SPACES_MAX 64

struct xml_walk {
	struct doc_build *b;
	xmlTextReaderPtr r;
	unsigned page;
	unsigned text_depth;    /* open elements whose text counts */
	unsigned skip_depth;    /* open elements whose text does not */
	bool past;              /* past CAP_DOC_PAGES: pages are only counted */
	/* ODF paragraph styles that break the page before (fo:break-before="page"). */
	char style[ODF_STYLE_NAME];     /* the style:style being read */
	char breaks[CAP_DOC_ODF_BREAK_STYLES][ODF_STYLE_NAME];
	size_t nbreaks;
};

/* What an element does where it starts (empty: it has no end) and where it ends. */
typedef int (*xml_start_fn)(struct xml_walk *w, bool empty);
typedef int (*xml_end_fn)(struct xml_walk *w);

struct xml_elem {
	const char *ns;
	const char *name;
	xml_start_fn start;
	xml_end_fn end;         /* NULL: nothing */
};

struct xml_format {
	const char *member;
	const struct xml_elem *elems;
	size_t nelems;
};

static int line(struct xml_walk *w)
{
	return w->past || w->skip_depth ? 0 : doc_build_add(w->b, "\n", 1);
}

static int text_on(struct xml_walk *w, bool empty)
{
	w->text_depth += !empty;
	return 0;
}

static int text_off(struct xml_walk *w)
{
	if (w->text_depth)
		w->text_depth--;
	return 0;
}

static char *attr(struct xml_walk *w, const char *ns, const char *name)
{
	return (char *)xmlTextReaderGetAttributeNs(w->r, (const xmlChar *)name, (const xmlChar *)ns);
}

static bool breaks_page(const struct xml_walk *w, const char *style)
{
	for (size_t i = 0; style && i < w->nbreaks; i++)
		if (strcmp(w->breaks[i], style) == 0)
			return true;
	return false;
}

static int new_page(struct xml_walk *w, bool empty);

/* A paragraph of ODF: its text counts, and a newline ends it; its style may start a page. */
static int para_on(struct xml_walk *w, bool empty)
{
	char *style = attr(w, NS_TEXT, "style-name");
	int rc = breaks_page(w, style) ? new_page(w, empty) : 0;

	xmlFree(style);
	if (rc)
		return rc;
	return empty ? line(w) : text_on(w, empty);
}

/* style:style: remember its name for the paragraph properties inside. */
static int odf_style(struct xml_walk *w, bool empty)
{
	char *name = attr(w, NS_STYLE, "name");

	(void)empty;
	snprintf(w->style, sizeof(w->style), "%s", name && strlen(name) < ODF_STYLE_NAME ? name : "");
	xmlFree(name);
	return 0;
}

static int odf_para_props(struct xml_walk *w, bool empty)
{
	char *brk = attr(w, NS_FO, "break-before");

	(void)empty;
	if (brk && strcmp(brk, "page") == 0 && w->style[0] && w->nbreaks < CAP_DOC_ODF_BREAK_STYLES)
		memcpy(w->breaks[w->nbreaks++], w->style, sizeof(w->style));
	xmlFree(brk);
	return 0;
}

static int para_off(struct xml_walk *w)
{
	text_off(w);
	return line(w);
}

static int skip_on(struct xml_walk *w, bool empty)
{
	w->skip_depth += !empty;
	return 0;
}

static int skip_off(struct xml_walk *w)
{
	if (w->skip_depth)
		w->skip_depth--;
	return 0;
}

/* A paragraph of OOXML: a newline where it ends. */
static int line_if_empty(struct xml_walk *w, bool empty)
{
	return empty ? line(w) : 0;
}

static int tab(struct xml_walk *w, bool empty)
{
	(void)empty;
	return w->past || w->skip_depth ? 0 : doc_build_add(w->b, "\t", 1);
}

static int new_page(struct xml_walk *w, bool empty)
{
	int rc;

	(void)empty;
	w->page++;
	if (w->past)
		return 0;
	rc = doc_build_page(w->b, w->page, DOC_READ_TEXT);
	w->past = rc == 1;
	return rc < 0 ? -1 : 0;
}

/* w:br w:type="page" starts a page; other breaks are newlines. */
static int docx_break(struct xml_walk *w, bool empty)
{
	xmlChar *type = xmlTextReaderGetAttributeNs(w->r, (const xmlChar *)"type", (const xmlChar *)NS_W);
	bool page = type && strcmp((const char *)type, "page") == 0;

	xmlFree(type);
	return page ? new_page(w, empty) : line(w);
}

static int odt_break(struct xml_walk *w, bool empty)
{
	(void)empty;
	return line(w);
}

static int odt_spaces(struct xml_walk *w, bool empty)
{
	static const char spaces[ODF_SPACES_MAX + 1] =
		"                                                                ";
	xmlChar *c = xmlTextReaderGetAttributeNs(w->r, (const xmlChar *)"c", (const xmlChar *)NS_TEXT);
	long n = c ? strtol((const char *)c, NULL, 10) : 1;

	(void)empty;
	xmlFree(c);
	if (n < 1)
		n = 1;
	if (n > ODF_SPACES_MAX)
		n = ODF_SPACES_MAX;
	return w->past || w->skip_depth ? 0 : doc_build_add(w->b, spaces, (size_t)n);
}

static const struct xml_elem docx_elems[] = {
	{ NS_W, "t", text_on, text_off },
	{ NS_W, "p", line_if_empty, line },
	{ NS_W, "tab", tab, NULL },
	{ NS_W, "br", docx_break, NULL },
	{ NS_W, "cr", docx_break, NULL },
	{ NS_W, "pageBreakBefore", new_page, NULL },
	{ NS_W, "delText", skip_on, skip_off },
	{ NS_W, "instrText", skip_on, skip_off },
};

static const struct xml_elem odt_elems[] = {
	{ NS_TEXT, "p", para_on, para_off },
	{ NS_TEXT, "h", para_on, para_off },
	{ NS_TEXT, "tab", tab, NULL },
	{ NS_TEXT, "line-break", odt_break, NULL },
	{ NS_TEXT, "s", odt_spaces, NULL },
	{ NS_TEXT, "soft-page-break", new_page, NULL },
	{ NS_TEXT, "tracked-changes", skip_on, skip_off },
	{ NS_TEXT, "note-citation", skip_on, skip_off },
	{ NS_OFFICE, "annotation", skip_on, skip_off },
	{ NS_STYLE, "style", odf_style, NULL },
	{ NS_STYLE, "paragraph-properties", odf_para_props, NULL },
};

static const struct xml_format docx = { "word/document.xml", docx_elems, sizeof(docx_elems) / sizeof(docx_elems[0]) };
static const struct xml_format odt = { "content.xml", odt_elems, sizeof(odt_elems) / sizeof(odt_elems[0]) };

static const struct xml_elem *find_elem(const struct xml_format *f, xmlTextReaderPtr r)
{
	const char *ns = (const char *)xmlTextReaderConstNamespaceUri(r);
	const char *name = (const char *)xmlTextReaderConstLocalName(r);

	if (!ns || !name)
		return NULL;
	for (size_t i = 0; i < f->nelems; i++)
		if (strcmp(f->elems[i].name, name) == 0 && strcmp(f->elems[i].ns, ns) == 0)
			return &f->elems[i];
	return NULL;
}

static int text_node(struct xml_walk *w)
{
	const char *v;

	if (!w->text_depth || w->skip_depth || w->past)
		return 0;
	v = (const char *)xmlTextReaderConstValue(w->r);
	return v ? doc_build_add(w->b, v, strlen(v)) : 0;
}

/* One node of the reader: 0, -1 (memory), 1 (stop: nested too deep). */
static int node(struct xml_walk *w, const struct xml_format *f)
{
	int type = xmlTextReaderNodeType(w->r);
	const struct xml_elem *e;

	if (xmlTextReaderDepth(w->r) > (int)CAP_DOC_XML_DEPTH) {
		doc_build_cut(w->b, DOC_CUT_XML_DEPTH);
		return 1;
	}
	if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	    type == XML_READER_TYPE_CDATA)
		return text_node(w);
	if (type != XML_READER_TYPE_ELEMENT && type != XML_READER_TYPE_END_ELEMENT)
		return 0;
	e = find_elem(f, w->r);
	if (!e)
		return 0;
	if (type == XML_READER_TYPE_END_ELEMENT)
		return e->end ? e->end(w) : 0;
	return e->start(w, xmlTextReaderIsEmptyElement(w->r) == 1);
}

/* A hostile member's errors are not ours to print; a reading error ends the text. */
static void quiet(void *arg, xmlErrorPtr err)
{
	(void)arg;
	(void)err;
}

static int walk(struct doc_build *b, const char *xml, size_t len, const struct xml_format *f)
{
	struct xml_walk w = { .b = b, .page = 1 };
	int rc = 0, more = 1;

	if (len > INT32_MAX)
		len = INT32_MAX;
	w.r = xmlReaderForMemory(xml, (int)len, NULL, NULL,
	                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
	if (!w.r)
		return -1;
	xmlTextReaderSetStructuredErrorHandler(w.r, quiet, NULL);
	if (doc_build_page(b, 1, DOC_READ_TEXT) < 0)
		rc = -1;
	/* A reading error (a cut member, bad XML) ends the text: what came before it stays. */
	while (rc == 0 && more == 1) {
		more = xmlTextReaderRead(w.r);
		if (more == 1)
			rc = node(&w, f);
	}
	if (more < 0 && !b->t->cuts && !doc_has_words(b->text.data, b->text.len))
		doc_build_fail(b, DOC_FAIL_CORRUPT);
	xmlFreeTextReader(w.r);
	b->t->npages = w.page;
	return rc < 0 ? -1 : 0;
}

static int extract(struct doc_build *b, const char *buf, size_t len, const struct xml_format *f)
{
	char *xml = NULL;
	size_t n = 0;
	int rc = doc_zip_member(b, buf, len, f->member, &xml, &n);

	if (rc == 0 && xml)
		rc = walk(b, xml, n, f);
	free(xml);
	return rc;
}

int doc_docx_extract(struct doc_build *b, const char *buf, size_t len)
{
	return extract(b, buf, len, &docx);
}

int doc_odt_extract(struct doc_build *b, const char *buf, size_t len)
{
	return extract(b, buf, len, &odt);
}
