/*
 * doc_sniff.c - a document's real type from its bytes: a table of
 * signatures, each with the function that looks further where the
 * signature is shared (a zip is a DOCX, an ODT or a spreadsheet; an OLE2
 * file is a DOC, an XLS or an encrypted DOCX), then HTML, text and empty.
 */
#include "parsers/doc.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <string.h>
#include <strings.h>

#include "core/macros.h"
#include "core/text.h"
#include "parsers/doc_impl.h"

/* Acrobat finds "%PDF-" within the first KiB, and so does poppler. */
#define PDF_HEADER_WITHIN 1024u
/* How far into a page HTML's first tags are looked for. */
#define HTML_WITHIN 1024u
/* Bytes of a buffer looked at to call it text. */
#define TEXT_WITHIN (64u * 1024u)

/* Zip records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16). */
#define ZIP_EOCD_LEN 22u
#define ZIP_COMMENT_MAX 65535u
#define ZIP_CDIR_LEN 46u
#define ZIP_LOCAL_LEN 30u

typedef enum doc_type (*refine_fn)(const char *buf, size_t len);

struct signature {
	const char *magic;
	size_t len;
	size_t within;          /* the magic may start this far in (0: at the start) */
	enum doc_type type;
	refine_fn refine;       /* looks further (DOC_TYPE_COUNT: not this after all); NULL: type it is */
};

static enum doc_type refine_zip(const char *buf, size_t len);
static enum doc_type refine_ole(const char *buf, size_t len);
static enum doc_type refine_bmp(const char *buf, size_t len);
static enum doc_type refine_cms(const char *buf, size_t len);

/*
 * A CMS (PKCS #7) signedData's content type, DER (RFC 5652 5.1: OID
 * 1.2.840.113549.1.7.2), right after the outer SEQUENCE's tag and length
 * (2 to 6 bytes): a detached signature (.sig, .p7s), Госуслуги's CAdES too.
 */
#define CMS_SIGNED_DATA_OID "\x06\x09\x2A\x86\x48\x86\xF7\x0D\x01\x07\x02"
#define CMS_OID_WITHIN 6u

static const struct signature signatures[] = {
	{ "%PDF-", 5, 0, DOC_TYPE_PDF, NULL },
	{ "PK\3\4", 4, 0, DOC_TYPE_ZIP, refine_zip },
	{ "PK\5\6", 4, 0, DOC_TYPE_ZIP, refine_zip },          /* an empty zip */
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, DOC_TYPE_OLE, refine_ole },
	{ "{\\rtf", 5, 0, DOC_TYPE_RTF, NULL },
	{ "\x89PNG\r\n\x1A\n", 8, 0, DOC_TYPE_PNG, NULL },
	{ "\xFF\xD8\xFF", 3, 0, DOC_TYPE_JPEG, NULL },
	{ "II*\0", 4, 0, DOC_TYPE_TIFF, NULL },
	{ "MM\0*", 4, 0, DOC_TYPE_TIFF, NULL },
	{ "GIF87a", 6, 0, DOC_TYPE_GIF, NULL },
	{ "GIF89a", 6, 0, DOC_TYPE_GIF, NULL },
	{ "BM", 2, 0, DOC_TYPE_BMP, refine_bmp },
	{ CMS_SIGNED_DATA_OID, 11, CMS_OID_WITHIN, DOC_TYPE_SIGNATURE, refine_cms },
	{ "-----BEGIN PKCS7-----", 21, 0, DOC_TYPE_SIGNATURE, NULL },
	{ "-----BEGIN CMS-----", 19, 0, DOC_TYPE_SIGNATURE, NULL },
	/* Last: junk before the header must not hide a zip or an OLE2 file that holds a PDF. */
	{ "%PDF-", 5, PDF_HEADER_WITHIN, DOC_TYPE_PDF, NULL },
};

/* Member names that make a zip an Office Open XML document. */
static const struct {
	const char *name;
	enum doc_type type;
} ooxml_parts[] = {
	{ "word/document.xml", DOC_TYPE_DOCX },
	{ "xl/workbook.xml", DOC_TYPE_XLSX },
	{ "ppt/presentation.xml", DOC_TYPE_PPTX },
};

/* The mimetype member that starts an OpenDocument file (ODF 1.2 part 3, 3.3). */
static const struct {
	const char *mimetype;
	enum doc_type type;
} odf_types[] = {
	{ "application/vnd.oasis.opendocument.text", DOC_TYPE_ODT },
	{ "application/vnd.oasis.opendocument.spreadsheet", DOC_TYPE_ODS },
	{ "application/vnd.oasis.opendocument.", DOC_TYPE_ODF_OTHER },
};

/* OLE2 streams that tell what the compound file holds. */
static const struct {
	const char *stream;
	enum doc_type type;
} ole_streams[] = {
	{ "WordDocument", DOC_TYPE_DOC },
	{ "Workbook", DOC_TYPE_XLS },
	{ "Book", DOC_TYPE_XLS },
	{ "EncryptedPackage", DOC_TYPE_OOXML_ENCRYPTED },
};

/* Tags that start a web page (after white space and a BOM), lower case. */
static const char *const html_starts[] = {
	"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<script", "<!--", "<div",
	"<link", "<style", "<p>", "<h1", "<table", "<center", "<br", "<iframe",
};

static unsigned get16(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[0] | (unsigned)u[1] << 8;
}

static unsigned long get32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return u[0] | (unsigned long)u[1] << 8 | (unsigned long)u[2] << 16 | (unsigned long)u[3] << 24;
}

/* The end of central directory record: its offset, or -1. */
static long zip_eocd(const char *buf, size_t len)
{
	size_t stop;

	if (len < ZIP_EOCD_LEN)
		return -1;
	stop = len - ZIP_EOCD_LEN > ZIP_COMMENT_MAX ? len - ZIP_EOCD_LEN - ZIP_COMMENT_MAX : 0;
	for (size_t i = len - ZIP_EOCD_LEN + 1; i-- > stop;)
		if (memcmp(buf + i, "PK\5\6", 4) == 0)
			return (long)i;
	return -1;
}

long doc_zip_entry_count(const char *buf, size_t len)
{
	long e = zip_eocd(buf, len);

	return e < 0 ? -1 : (long)get16(buf + e + 10);
}

static enum doc_type odf_type(const char *buf, size_t len, unsigned long local)
{
	size_t data;

	if (local > len || len - local < ZIP_LOCAL_LEN || memcmp(buf + local, "PK\3\4", 4))
		return DOC_TYPE_ZIP;
	data = local + ZIP_LOCAL_LEN + get16(buf + local + 26) + get16(buf + local + 28);
	for (size_t i = 0; i < COUNT(odf_types); i++) {
		size_t n = strlen(odf_types[i].mimetype);

		if (data <= len && len - data >= n && memcmp(buf + data, odf_types[i].mimetype, n) == 0)
			return odf_types[i].type;
	}
	return DOC_TYPE_ZIP;
}

/* What one directory entry's name says, DOC_TYPE_ZIP when nothing. */
static enum doc_type zip_name_type(const char *buf, size_t len, const char *name, size_t n,
                                   unsigned long local)
{
	if (n == 8 && memcmp(name, "mimetype", 8) == 0)
		return odf_type(buf, len, local);
	for (size_t i = 0; i < COUNT(ooxml_parts); i++)
		if (strlen(ooxml_parts[i].name) == n && memcmp(name, ooxml_parts[i].name, n) == 0)
			return ooxml_parts[i].type;
	return DOC_TYPE_ZIP;
}

/* Walk the central directory (at most CAP_DOC_ZIP_ENTRIES entries) for a name that tells. */
static enum doc_type refine_zip(const char *buf, size_t len)
{
	long e = zip_eocd(buf, len);
	size_t at;

	if (e < 0)
		return odf_type(buf, len, 0);
	at = get32(buf + e + 16);
	for (unsigned i = 0; i < CAP_DOC_ZIP_ENTRIES && at < (size_t)e; i++) {
		size_t n, extra, comment;
		enum doc_type t;

		if ((size_t)e - at < ZIP_CDIR_LEN || memcmp(buf + at, "PK\1\2", 4))
			break;
		n = get16(buf + at + 28);
		extra = get16(buf + at + 30);
		comment = get16(buf + at + 32);
		if ((size_t)e - at - ZIP_CDIR_LEN < n)
			break;
		t = zip_name_type(buf, len, buf + at + ZIP_CDIR_LEN, n, get32(buf + at + 42));
		if (t != DOC_TYPE_ZIP)
			return t;
		at += ZIP_CDIR_LEN + n + extra + comment;
	}
	return DOC_TYPE_ZIP;
}

static enum doc_type refine_ole(const char *buf, size_t len)
{
	GsfInput *in;
	GsfInfile *ole = doc_ole_open(buf, len, &in);
	enum doc_type t = DOC_TYPE_OLE;

	for (size_t i = 0; ole && i < COUNT(ole_streams) && t == DOC_TYPE_OLE; i++) {
		GsfInput *child = gsf_infile_child_by_name(ole, ole_streams[i].stream);

		if (child) {
			t = ole_streams[i].type;
			g_object_unref(child);
		}
	}
	if (ole)
		g_object_unref(ole);
	if (in)
		g_object_unref(in);
	return t;
}

/* "BM" starts many words: a BMP also has a known info header size at 14. */
/* The OID follows a SEQUENCE (0x30) that starts the file. */
static enum doc_type refine_cms(const char *buf, size_t len)
{
	return len > 0 && (unsigned char)buf[0] == 0x30 ? DOC_TYPE_SIGNATURE : DOC_TYPE_COUNT;
}

static enum doc_type refine_bmp(const char *buf, size_t len)
{
	static const unsigned long sizes[] = { 12, 40, 52, 56, 64, 108, 124 };

	if (len < 18)
		return DOC_TYPE_COUNT;
	for (size_t i = 0; i < COUNT(sizes); i++)
		if (get32(buf + 14) == sizes[i])
			return DOC_TYPE_BMP;
	return DOC_TYPE_COUNT;
}

static bool has_magic(const struct signature *s, const char *buf, size_t len)
{
	size_t last = s->within && len >= s->len ? (len - s->len < s->within ? len - s->len : s->within) : 0;

	if (len < s->len)
		return false;
	for (size_t i = 0; i <= last; i++)
		if (memcmp(buf + i, s->magic, s->len) == 0)
			return true;
	return false;
}

/* Past leading white space and a UTF-8 BOM: the offset of the first other byte. */
static size_t skip_blank(const char *buf, size_t len)
{
	size_t i = text_has_utf8_bom(buf, len) ? TEXT_UTF8_BOM_LEN : 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r' ||
	                   buf[i] == '\f' || buf[i] == '\v' || buf[i] == '\0'))
		i++;
	return i;
}

static bool looks_html(const char *buf, size_t len)
{
	size_t end = len < HTML_WITHIN ? len : HTML_WITHIN;
	size_t i = skip_blank(buf, len);

	if (i >= len || buf[i] != '<')
		return false;
	for (; i < end; i++) {
		if (buf[i] != '<')
			continue;
		for (size_t k = 0; k < COUNT(html_starts); k++) {
			size_t n = strlen(html_starts[k]);

			if (end - i >= n && strncasecmp(buf + i, html_starts[k], n) == 0)
				return true;
		}
	}
	return false;
}

/* No control bytes but white space: text in some 8-bit or UTF-8 charset. */
static bool looks_text(const char *buf, size_t len)
{
	size_t end = len < TEXT_WITHIN ? len : TEXT_WITHIN;

	for (size_t i = 0; i < end; i++) {
		unsigned char c = (unsigned char)buf[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F)
			return false;
	}
	return true;
}

enum doc_type doc_sniff(const char *buf, size_t len)
{
	if (!buf || skip_blank(buf, len) == len)
		return DOC_TYPE_EMPTY;
	for (size_t i = 0; i < COUNT(signatures); i++) {
		const struct signature *s = &signatures[i];

		enum doc_type t;

		if (!has_magic(s, buf, len))
			continue;
		t = s->refine ? s->refine(buf, len) : s->type;
		if (t != DOC_TYPE_COUNT)
			return t;
	}
	if (looks_html(buf, len))
		return DOC_TYPE_HTML;
	return looks_text(buf, len) ? DOC_TYPE_TEXT : DOC_TYPE_UNKNOWN;
}
