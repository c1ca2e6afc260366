/*
 * test_doc.c - parsers/doc.h without OCR: the real type of the documents
 * in fixtures/docs/ (fixtures/docs/make.sh made them) and of byte strings,
 * the text read, its pages, the caps that cut it and why none was read.
 * OCR is in test_doc_ocr.c (slow).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/file.h"
#include "core/macros.h"
#include "core/text.h"
#include "parsers/doc.h"

#define DOCS "fixtures/docs/"
#define MAX_PHRASES 4

/* The fixture's bytes in a buffer of exactly their size (ASan sees a read past it). */
static char *load(const char *name, size_t *len)
{
	char path[256], err[256], *data = NULL, *copy;

	snprintf(path, sizeof(path), DOCS "%s", name);
	assert_int_equal(file_read_all(&data, len, path, CAP_DOC_BODY_BYTES, err, sizeof(err)), 0);
	copy = malloc(*len ? *len : 1);
	assert_non_null(copy);
	memcpy(copy, data, *len);
	free(data);
	return copy;
}

/* What every result promises, whatever the input. */
static void check_shape(const struct doc_text *t)
{
	size_t end = 0;

	assert_non_null(t->text);
	assert_true(t->len <= CAP_DOC_TEXT_BYTES);
	assert_int_equal(strlen(t->text), t->len);
	assert_true(text_utf8_valid(t->text, t->len));
	assert_true(t->npages_read <= CAP_DOC_PAGES);
	for (size_t i = 0; i < t->npages_read; i++) {
		const struct doc_page *p = &t->pages[i];

		assert_true(p->offset >= end);
		assert_true(p->offset + p->len <= t->len);
		if (i > 0) {
			assert_true(p->number > t->pages[i - 1].number);
			assert_int_equal(t->text[p->offset - 1], '\f');
		}
		assert_null(memchr(t->text + p->offset, '\f', p->len));
		end = p->offset + p->len;
	}
	assert_true((t->failure == DOC_FAIL_NONE) == (t->len > 0 && strspn(t->text, " \t\n\f") < t->len));
}

static struct doc_text *extract(const char *buf, size_t len)
{
	struct doc_text *t = NULL;

	assert_int_equal(doc_extract(&t, buf, len, NULL), 0);
	assert_non_null(t);
	check_shape(t);
	return t;
}

/* The page whose text holds phrase (0: none). */
static unsigned page_of(const struct doc_text *t, const char *phrase)
{
	const char *at = strstr(t->text, phrase);

	if (!at)
		return 0;
	for (size_t i = 0; i < t->npages_read; i++)
		if ((size_t)(at - t->text) >= t->pages[i].offset &&
		    (size_t)(at - t->text) < t->pages[i].offset + t->pages[i].len)
			return t->pages[i].number;
	return 0;
}

struct sniff_file_case {
	const char *file;
	enum doc_type type;
};

static const struct sniff_file_case sniff_files[] = {
	{ "order.pdf", DOC_TYPE_PDF },
	{ "order-scan.pdf", DOC_TYPE_PDF },
	{ "encrypted.pdf", DOC_TYPE_PDF },
	{ "corrupt.pdf", DOC_TYPE_PDF },
	{ "truncated.pdf", DOC_TYPE_PDF },
	{ "regulation.docx", DOC_TYPE_DOCX },
	{ "bomb.docx", DOC_TYPE_DOCX },
	{ "regulation.odt", DOC_TYPE_ODT },
	{ "order.doc", DOC_TYPE_DOC },
	{ "order.rtf", DOC_TYPE_RTF },
	{ "order-scan.png", DOC_TYPE_PNG },
	{ "pairs.xlsx", DOC_TYPE_XLSX },
	{ "pairs.ods", DOC_TYPE_ODS },
	{ "pairs.xls", DOC_TYPE_XLS },
	{ "404.html", DOC_TYPE_HTML },
	{ "empty.bin", DOC_TYPE_EMPTY },
	{ "blank.txt", DOC_TYPE_EMPTY },
};

static void test_sniff_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(sniff_files); i++) {
		size_t len;
		char *buf = load(sniff_files[i].file, &len);

		print_message("case: %s\n", sniff_files[i].file);
		assert_string_equal(doc_type_name(doc_sniff(buf, len)), doc_type_name(sniff_files[i].type));
		free(buf);
	}
}

struct sniff_case {
	const char *bytes;
	size_t len;             /* 0: strlen */
	enum doc_type type;
};

#define B(s) s, sizeof(s) - 1

static const struct sniff_case sniff_bytes[] = {
	{ B("\xFF\xD8\xFF\xE0\0\x10JFIF"), DOC_TYPE_JPEG },
	{ B("II*\0\x08\0\0\0"), DOC_TYPE_TIFF },
	{ B("MM\0*\0\0\0\x08"), DOC_TYPE_TIFF },
	{ B("GIF89a\x01\0\x01\0"), DOC_TYPE_GIF },
	{ B("BM\x46\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0"), DOC_TYPE_BMP },
	{ "BMW and Mercedes", 0, DOC_TYPE_TEXT },
	{ B("junk before\n%PDF-1.4\n"), DOC_TYPE_PDF },
	{ B("PK\5\6\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"), DOC_TYPE_ZIP },
	{ B("PK\3\4 a zip with no directory"), DOC_TYPE_ZIP },
	{ "\xEF\xBB\xBF\r\n  <!DOCTYPE html><html><body>404</body></html>", 0, DOC_TYPE_HTML },
	{ "<HTML><HEAD><TITLE>Not Found</TITLE></HEAD></HTML>", 0, DOC_TYPE_HTML },
	{ "<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"></html>", 0, DOC_TYPE_HTML },
	{ "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 0, DOC_TYPE_TEXT },
	{ "\xcf\xd0\xc8\xca\xc0\xc7 \xb9 214", 0, DOC_TYPE_TEXT },     /* windows-1251 */
	{ "ПРИКАЗ № 214\r\n", 0, DOC_TYPE_TEXT },
	{ B("\x01\x02\x03binary"), DOC_TYPE_UNKNOWN },
	{ B("\0\0\0\0 \n"), DOC_TYPE_EMPTY },
	{ B("{\\rtf1\\ansi}"), DOC_TYPE_RTF },
	{ B("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 not really OLE"), DOC_TYPE_OLE },
	{ B("\x89PNG\r\n\x1A\n"), DOC_TYPE_PNG },
};

static void test_sniff_bytes(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(sniff_bytes); i++) {
		const struct sniff_case *c = &sniff_bytes[i];
		size_t len = c->len ? c->len : strlen(c->bytes);
		char *buf = malloc(len);

		print_message("case %zu\n", i);
		memcpy(buf, c->bytes, len);
		assert_string_equal(doc_type_name(doc_sniff(buf, len)), doc_type_name(c->type));
		free(buf);
	}
	assert_int_equal(doc_sniff(NULL, 0), DOC_TYPE_EMPTY);
	assert_int_equal(doc_sniff("", 0), DOC_TYPE_EMPTY);
}

struct file_case {
	const char *file;
	enum doc_type type;
	enum doc_failure failure;
	unsigned cuts;
	unsigned npages;
	size_t npages_read;
	/* Each phrase and the page it must be on (0: anywhere; -1: nowhere). */
	struct {
		const char *text;
		int page;
	} phrases[MAX_PHRASES];
};

static const struct file_case files[] = {
	{ "order.pdf", DOC_TYPE_PDF, DOC_FAIL_NONE, 0, 2, 2,
	  { { "ПРИКАЗ № 214", 1 }, { "О закреплении наставнических пар на 2026-2027 учебный год", 1 },
	    { "Приложение 1 к приказу от 01.09.2026 № 214", 2 }, { "Наставнические пары на 2026-2027 учебный год", 2 } } },
	/* DOC: pages only from explicit breaks (the appendix starts with a paragraph property). */
	{ "order.doc", DOC_TYPE_DOC, DOC_FAIL_NONE, 0, 1, 1,
	  { { "ПРИКАЗ № 214\nот 01.09.2026\n", 1 }, { "О закреплении наставнических пар на 2026-2027 учебный год", 1 },
	    { "Приложение 1 к приказу от 01.09.2026 № 214", 1 }, { "Сидорова Мария Петровна", 1 } } },
	{ "order.rtf", DOC_TYPE_RTF, DOC_FAIL_NONE, 0, 2, 2,
	  { { "ПРИКАЗ № 214\nот 01.09.2026\n", 1 }, { "«Средняя общеобразовательная школа № 5»", 1 },
	    { "Приложение 1 к приказу от 01.09.2026 № 214", 2 }, { "педагог – молодой специалист", 2 } } },
	{ "regulation.docx", DOC_TYPE_DOCX, DOC_FAIL_NONE, 0, 2, 2,
	  { { "ПОЛОЖЕНИЕ\nо системе наставничества педагогических работников", 1 },
	    { "1.2. Положение определяет", 1 }, { "2. Цели и задачи наставничества", 2 }, { "Р-145", 1 } } },
	{ "regulation.odt", DOC_TYPE_ODT, DOC_FAIL_NONE, 0, 2, 2,
	  { { "ПОЛОЖЕНИЕ\nо системе наставничества педагогических работников", 1 },
	    { "1.2. Положение определяет", 1 }, { "2. Цели и задачи наставничества", 2 }, { "АЗ-1128/08", 1 } } },
	{ "pages12.pdf", DOC_TYPE_PDF, DOC_FAIL_NONE, DOC_CUT_PAGES, 12, CAP_DOC_PAGES,
	  { { "Страница 1.", 1 }, { "Страница 10.", 10 }, { "Страница 11.", -1 } } },
	{ "long.docx", DOC_TYPE_DOCX, DOC_FAIL_NONE, DOC_CUT_TEXT, 1, 1,
	  { { "1. Наставник 7 закреплён за молодым специалистом 13.", 1 }, { "5000. Наставник", -1 } } },
	{ "bomb.docx", DOC_TYPE_DOCX, DOC_FAIL_OVER_CAP, DOC_CUT_ZIP_RATIO, 1, 1, { { NULL, 0 } } },
	{ "encrypted.pdf", DOC_TYPE_PDF, DOC_FAIL_ENCRYPTED, 0, 0, 0, { { NULL, 0 } } },
	{ "corrupt.pdf", DOC_TYPE_PDF, DOC_FAIL_CORRUPT, 0, 0, 0, { { NULL, 0 } } },
	{ "truncated.pdf", DOC_TYPE_PDF, DOC_FAIL_TRUNCATED, 0, 0, 0, { { NULL, 0 } } },
	{ "blank.pdf", DOC_TYPE_PDF, DOC_FAIL_NO_TEXT, 0, 1, 1, { { NULL, 0 } } },
	{ "order-scan.pdf", DOC_TYPE_PDF, DOC_FAIL_NO_OCR, 0, 1, 1, { { NULL, 0 } } },
	{ "order-scan.png", DOC_TYPE_PNG, DOC_FAIL_NO_OCR, 0, 1, 1, { { NULL, 0 } } },
	{ "empty.bin", DOC_TYPE_EMPTY, DOC_FAIL_EMPTY, 0, 0, 0, { { NULL, 0 } } },
	{ "blank.txt", DOC_TYPE_EMPTY, DOC_FAIL_EMPTY, 0, 0, 0, { { NULL, 0 } } },
	{ "404.html", DOC_TYPE_HTML, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
	{ "pairs.xlsx", DOC_TYPE_XLSX, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
	{ "pairs.xls", DOC_TYPE_XLS, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
	/* A detached signature of order.pdf (DER .sig, PEM .p7s): not the order. */
	{ "signature.sig", DOC_TYPE_SIGNATURE, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
	{ "signature.p7s", DOC_TYPE_SIGNATURE, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
	/*
	 * An archive: its documents one after another, each from a new page and
	 * for CAP_DOC_ARCHIVE_MEMBER_PAGES pages (the DOCX's 2, the order's 2,
	 * 2 of pages12.pdf's 12, the RTF's 2; the zip inside and the web page
	 * not read), numbered on as if printed one after another.
	 */
	{ "archive.zip", DOC_TYPE_ZIP, DOC_FAIL_NONE, DOC_CUT_PAGES, 18, 8,
	  { { "ПОЛОЖЕНИЕ\nо системе наставничества педагогических работников", 1 }, { "ПРИКАЗ № 214", 3 },
	    { "Страница 3.", -1 }, { "педагог – молодой специалист", 18 } } },
	{ "archive-none.zip", DOC_TYPE_ZIP, DOC_FAIL_NOT_DOCUMENT, 0, 0, 0, { { NULL, 0 } } },
};

static void check_file(const struct file_case *c)
{
	size_t len;
	char *buf = load(c->file, &len);
	struct doc_text *t = extract(buf, len);

	assert_string_equal(doc_type_name(t->type), doc_type_name(c->type));
	assert_string_equal(doc_failure_name(t->failure), doc_failure_name(c->failure));
	assert_int_equal(t->cuts, c->cuts);
	assert_int_equal(t->npages, c->npages);
	assert_int_equal(t->npages_read, c->npages_read);
	for (size_t k = 0; k < MAX_PHRASES && c->phrases[k].text; k++) {
		print_message("  phrase: %s\n", c->phrases[k].text);
		if (c->phrases[k].page < 0)
			assert_null(strstr(t->text, c->phrases[k].text));
		else if (c->phrases[k].page > 0)
			assert_int_equal(page_of(t, c->phrases[k].text), c->phrases[k].page);
		else
			assert_non_null(strstr(t->text, c->phrases[k].text));
	}
	doc_text_free(t);
	free(buf);
}

/* Every element the XML readers act on, whole text compared (make.sh has the XML). */
static void test_xml_elements(void **state)
{
	static const struct {
		const char *file;
		const char *text;
		unsigned npages;
	} cases[] = {
		{ "features.docx", "ПРИКАЗ\t№ 214 \nот 01.09.2026\nТекст\fПриложение 1\n\n\fПриложение 2\n", 3 },
		{ "features.odt", "ПОЛОЖЕНИЕ   о\tнаставничестве\nстрока\nТекст\n\n\fРаздел 2\n\fРаздел 3\n", 3 },
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t len;
		char *buf = load(cases[i].file, &len);
		struct doc_text *t = extract(buf, len);

		print_message("case: %s\n", cases[i].file);
		assert_string_equal(t->text, cases[i].text);
		assert_int_equal(t->npages, cases[i].npages);
		assert_int_equal(t->npages_read, cases[i].npages);
		doc_text_free(t);
		free(buf);
	}
}

static void test_files(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(files); i++) {
		print_message("case: %s\n", files[i].file);
		check_file(&files[i]);
	}
}

/* The scan without OCR: its page is an image left unread, not a blank one. */
static void test_scan_pages_without_ocr(void **state)
{
	size_t len;
	char *buf = load("order-scan.pdf", &len);
	struct doc_text *t = extract(buf, len);

	(void)state;
	assert_int_equal(t->pages[0].how, DOC_READ_SKIPPED);
	assert_int_equal(t->ocr_ms, 0);
	doc_text_free(t);
	free(buf);
	buf = load("blank.pdf", &len);
	t = extract(buf, len);
	assert_int_equal(t->pages[0].how, DOC_READ_BLANK);
	doc_text_free(t);
	free(buf);
}

/* A scan saved with its scanner's OCR as a text layer: that text is read, and marked as a scan's. */
static void test_scan_with_text_layer(void **state)
{
	size_t len;
	char *buf = load("order-scan-ocr.pdf", &len);
	struct doc_text *t = extract(buf, len);

	(void)state;
	assert_int_equal(t->failure, DOC_FAIL_NONE);
	assert_int_equal(t->npages_read, 1);
	assert_int_equal(t->pages[0].how, DOC_READ_SCAN_TEXT);
	assert_string_equal(doc_read_name(t->pages[0].how), "scan_text");
	assert_non_null(strstr(t->text, "наставни"));
	assert_int_equal(t->ocr_ms, 0);
	doc_text_free(t);
	free(buf);
	/* Without OCR, a layer of the scanner's English OCR (Latin garbage) is all there is: kept. */
	buf = load("order-scan-eng.pdf", &len);
	t = extract(buf, len);
	assert_int_equal(t->failure, DOC_FAIL_NONE);
	assert_int_equal(t->pages[0].how, DOC_READ_SCAN_TEXT);
	assert_null(strstr(t->text, "наставни"));
	doc_text_free(t);
	free(buf);
	/* A text PDF is its own text. */
	buf = load("order.pdf", &len);
	t = extract(buf, len);
	assert_int_equal(t->pages[0].how, DOC_READ_TEXT);
	assert_int_equal(t->pages[1].how, DOC_READ_TEXT);
	doc_text_free(t);
	free(buf);
}

struct text_case {
	const char *in;
	size_t len;             /* 0: strlen */
	const char *text;       /* the whole text expected */
	unsigned npages;
};

static const struct text_case texts[] = {
	{ B("line one\r\nline two\rthree\n"), "line one\nline two\nthree\n", 1 },
	{ B("{\\rtf1 NUL\0inside\x01\x7F and \\'00controls}"), "NULinside and controls", 1 },
	{ B("page one\fpage two\f\fpage four"), "page one\fpage two\f\fpage four", 4 },
	{ B("\xcf\xd0\xc8\xca\xc0\xc7 \xb9 214"), "ПРИКАЗ № 214", 1 },
	{ B("\xEF\xBB\xBFПоложение\r\n"), "Положение\n", 1 },
	/* Valid UTF-8 but for one byte: still read as UTF-8, the byte replaced. */
	{ B("Приказ о наставничестве \xff педагогических работников"),
	  "Приказ о наставничестве \xEF\xBF\xBD педагогических работников", 1 },
	{ B("{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0 Times New Roman;}}{\\*\\generator x;}"
	    "\\'cf\\'d0\\'c8\\'ca\\'c0\\'c7 \\'b9 214\\par \\uc1\\u1054?\\u1090? 01.09.2026}"),
	  "ПРИКАЗ № 214\nОт 01.09.2026", 1 },
	{ B("{\\rtf1{\\info{\\title Hidden}}{\\header Header}Body\\tab text\\line next"
	    "\\page Second {\\field{\\*\\fldinst HYPERLINK x}{\\fldrslt link}}}"),
	  "Body\ttext\nnext\fSecond link", 2 },
	/* \uc2: two fallback characters dropped after each \uN; \bin3: three bytes of binary. */
	{ B("{\\rtf1\\uc2\\u1040\\'c0\\'c0 \\u-3913 xyz\\bin3 {}?w\\~v\\_\\-\\{\\}\\\\}"),
	  "А \xEF\x82\xB7zw\xC2\xA0v-{}\\", 1 },
	{ B("{\\rtf1 unterminated \\'c"), "unterminated ", 1 },
};

static void test_text_normalised(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(texts); i++) {
		const struct text_case *c = &texts[i];
		size_t len = c->len ? c->len : strlen(c->in);
		char *buf = malloc(len);
		struct doc_text *t;

		print_message("case %zu\n", i);
		memcpy(buf, c->in, len);
		t = extract(buf, len);
		assert_string_equal(t->text, c->text);
		assert_int_equal(t->npages, c->npages);
		doc_text_free(t);
		free(buf);
	}
}

/* Over CAP_DOC_BODY_BYTES a document is not opened at all. */
static void test_body_cap(void **state)
{
	size_t len = CAP_DOC_BODY_BYTES + 1;
	char *buf = malloc(len);
	struct doc_text *t;

	(void)state;
	memset(buf, 'a', len);
	memcpy(buf, "%PDF-1.4\n", 9);
	t = extract(buf, len);
	assert_int_equal(t->type, DOC_TYPE_PDF);
	assert_int_equal(t->failure, DOC_FAIL_OVER_CAP);
	assert_int_equal(t->cuts, DOC_CUT_BODY);
	doc_text_free(t);
	free(buf);
}

/* RTF nested past CAP_DOC_RTF_DEPTH: the text before the cap is kept. */
static void test_rtf_depth(void **state)
{
	size_t n = CAP_DOC_RTF_DEPTH + 10, len = 0;
	char *buf = malloc(n + 64);
	struct doc_text *t;

	(void)state;
	len += (size_t)sprintf(buf, "{\\rtf1 kept ");
	memset(buf + len, '{', n);
	len += n;
	memcpy(buf + len, "lost", 4);
	len += 4;
	t = extract(buf, len);
	assert_string_equal(t->text, "kept ");
	assert_int_equal(t->cuts, DOC_CUT_XML_DEPTH);
	doc_text_free(t);
	free(buf);
}

/* Documents of a few bytes whose structure lies. */
static void test_lying_structure(void **state)
{
	/* A page tree that claims two thousand million pages and has none. */
	static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	                          "2 0 obj << /Type /Pages /Kids [] /Count 2000000000 >> endobj\n"
	                          "trailer << /Root 1 0 R >>\n%%EOF\n";
	/* A zip whose end record announces 5000 entries: more than the sniffer looks at. */
	static const char zip[] = "PK\3\4 local header\0"
	                          "PK\5\6\0\0\0\0\x88\x13\x88\x13\0\0\0\0\0\0\0\0\0\0";
	struct doc_text *t = extract(pdf, sizeof(pdf) - 1);

	(void)state;
	assert_int_equal(t->type, DOC_TYPE_PDF);
	assert_int_equal(t->failure, DOC_FAIL_CORRUPT);
	assert_int_equal(t->npages, 0);
	doc_text_free(t);
	t = extract(zip, sizeof(zip) - 1);
	assert_int_equal(t->type, DOC_TYPE_ZIP);
	assert_int_equal(t->failure, DOC_FAIL_OVER_CAP);
	assert_int_equal(t->cuts, DOC_CUT_ZIP_ENTRIES);
	doc_text_free(t);
}

/* order.doc with its FIB changed: the encryption flag, then a Word 95 version. */
static void test_doc_fib(void **state)
{
	static const struct {
		size_t at;              /* byte of the FIB changed */
		unsigned char set;      /* the bits set there */
		unsigned char value;    /* or, when set is 0, the value written */
		enum doc_failure failure;
	} cases[] = {
		{ 0x0B, 0x01, 0, DOC_FAIL_ENCRYPTED },  /* fEncrypted */
		{ 0x03, 0, 0x00, DOC_FAIL_UNSUPPORTED }, /* nFib below Word 97's (0x0101 here becomes 0x0001) */
		{ 0x00, 0, 0x00, DOC_FAIL_CORRUPT },    /* wIdent broken */
	};
	size_t whole;
	char *cut = load("order.doc", &whole);
	struct doc_text *short_doc = extract(cut, 3000);

	/* Cut short: libgsf cannot open it, so nothing says DOC, and it is corrupt, not "no document". */
	assert_int_equal(short_doc->type, DOC_TYPE_OLE);
	assert_int_equal(short_doc->failure, DOC_FAIL_CORRUPT);
	doc_text_free(short_doc);
	free(cut);

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		size_t len;
		char *buf = load("order.doc", &len);
		char *fib = NULL;
		struct doc_text *t;

		for (size_t k = 0; k + 1 < len && !fib; k++)
			if (buf[k] == '\xEC' && buf[k + 1] == '\xA5')
				fib = buf + k;      /* wIdent: the FIB starts the WordDocument stream */
		assert_non_null(fib);
		if (cases[i].set)
			fib[cases[i].at] = (char)(fib[cases[i].at] | cases[i].set);
		else
			fib[cases[i].at] = (char)cases[i].value;
		t = extract(buf, len);
		assert_int_equal(t->type, DOC_TYPE_DOC);
		assert_string_equal(doc_failure_name(t->failure), doc_failure_name(cases[i].failure));
		doc_text_free(t);
		free(buf);
	}
}

static void test_names(void **state)
{
	(void)state;
	for (int i = 0; i < DOC_TYPE_COUNT; i++) {
		assert_non_null(doc_type_name((enum doc_type)i));
		for (int k = 0; k < i; k++)
			assert_string_not_equal(doc_type_name((enum doc_type)i), doc_type_name((enum doc_type)k));
	}
	for (int i = 0; i < DOC_FAIL_COUNT; i++)
		assert_string_not_equal(doc_failure_name((enum doc_failure)i), "unknown");
	for (int i = 0; i < DOC_READ_COUNT; i++)
		assert_string_not_equal(doc_read_name((enum doc_read)i), "unknown");
	for (int i = 0; i < DOC_CUT_COUNT_BITS; i++)
		assert_non_null(doc_cut_name((enum doc_cut)(1u << i)));
	assert_null(doc_cut_name((enum doc_cut)(1u << DOC_CUT_COUNT_BITS)));
	assert_string_equal(doc_cut_name(DOC_CUT_PAGES), "CAP_DOC_PAGES");
	assert_string_equal(doc_type_name(DOC_TYPE_COUNT), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_files),
		cmocka_unit_test(test_sniff_bytes),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_xml_elements),
		cmocka_unit_test(test_scan_pages_without_ocr),
		cmocka_unit_test(test_scan_with_text_layer),
		cmocka_unit_test(test_text_normalised),
		cmocka_unit_test(test_body_cap),
		cmocka_unit_test(test_rtf_depth),
		cmocka_unit_test(test_lying_structure),
		cmocka_unit_test(test_doc_fib),
		cmocka_unit_test(test_names),
	};

	doc_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
