/*
 * doc_rtf.c - the text of an RTF document: a small reader of our own.
 *
 * Debian has no RTF library to read text with (librtf is gone; libwv's RTF
 * is a writer; LibreOffice and unrtf are programs, not libraries), and
 * what a title block needs is small: groups, control words and symbols,
 * destinations that hold no body text skipped (a table of them, and every
 * \* group), \par \line \tab \cell \row as white space, \page and \pagebb
 * as pages,
 * \'hh bytes in the \ansicpg code page through iconv, \uN with its \ucN
 * fallback characters dropped, \binN skipped. Nesting is capped
 * (CAP_DOC_RTF_DEPTH); every loop moves forward through the buffer.
 */
#include "parsers/doc_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"
#include "core/text.h"

/* RTF 1.9.1: a control word is at most 32 letters, its parameter at most 10 digits. */
#define RTF_WORD_MAX 32
#define RTF_DIGITS_MAX 10
/* Bytes of \'hh gathered before they go through iconv together. */
#define RTF_PENDING 256
/* Russian RTF without \ansicpg writes Cyrillic \'hh in windows-1251. */
#define RTF_DEFAULT_CODEPAGE 1251

struct rtf_group {
	bool skip;              /* a destination whose text is not body text */
	unsigned uc;            /* fallback characters after \uN (\ucN) */
};

struct rtf {
	struct doc_build *b;
	const char *p, *end;
	struct rtf_group stack[CAP_DOC_RTF_DEPTH];
	unsigned depth;         /* stack[depth] is the current group */
	unsigned skip_fallback; /* characters still to drop after \uN */
	unsigned codepage;
	unsigned page;
	bool past;              /* past CAP_DOC_PAGES */
	bool ignorable;         /* the last token was \* */
	char pending[RTF_PENDING];
	size_t npending;
};

/* Destinations whose text is not the document's body. */
static const char *const skipped_destinations[] = {
	"fonttbl", "colortbl", "stylesheet", "info", "pict", "object", "header", "headerl", "headerr",
	"headerf", "footer", "footerl", "footerr", "footerf", "themedata", "colorschememapping",
	"datastore", "latentstyles", "listtable", "listoverridetable", "rsidtbl", "generator",
	"xmlnstbl", "fldinst", "filetbl", "revtbl", "pgdsctbl", "template", "nonshppict", "shpinst",
	"bkmkstart", "bkmkend", "mmathPr", "userprops", "docvar", "ftnsep", "ftnsepc", "aftnsep",
	"objdata", "listpicture", "wgrffmtfilter", "xe", "tc", "atnauthor", "annotation",
};

/* Control words that are characters or white space. */
static const struct {
	const char *word;
	const char *text;
} word_texts[] = {
	{ "par", "\n" }, { "line", "\n" }, { "sect", "\n" }, { "row", "\n" }, { "cell", "\t" },
	{ "tab", "\t" }, { "emdash", "\xE2\x80\x94" }, { "endash", "\xE2\x80\x93" },
	{ "bullet", "\xE2\x80\xA2" }, { "lquote", "\xE2\x80\x98" }, { "rquote", "\xE2\x80\x99" },
	{ "ldblquote", "\xE2\x80\x9C" }, { "rdblquote", "\xE2\x80\x9D" }, { "emspace", " " },
	{ "enspace", " " }, { "qmspace", " " },
};

/* Control symbols: \~ a no-break space, \_ a non-breaking hyphen, \- an optional one (dropped). */
static const struct {
	char symbol;
	const char *text;
} symbol_texts[] = {
	{ '~', "\xC2\xA0" }, { '_', "-" }, { '-', "" }, { '\\', "\\" }, { '{', "{" }, { '}', "}" },
};

static const char *codepage_name(unsigned cp, char out[24])
{
	if (cp == 20866)
		return "KOI8-R";
	if (cp == 10007)
		return "MAC-CYRILLIC";
	snprintf(out, 24, cp >= 1250 && cp <= 1258 ? "WINDOWS-%u" : "CP%u", cp);
	return out;
}

static int flush(struct rtf *r)
{
	char name[24];
	int rc;

	if (!r->npending)
		return 0;
	rc = doc_build_add_charset(r->b, r->pending, r->npending, codepage_name(r->codepage, name));
	r->npending = 0;
	return rc;
}

static bool skipping(const struct rtf *r)
{
	return r->stack[r->depth].skip || r->past;
}

/* A byte of text in the code page (a plain character, or \'hh). */
static int text_byte(struct rtf *r, char c)
{
	if (r->skip_fallback) {
		r->skip_fallback--;
		return 0;
	}
	if (skipping(r))
		return 0;
	if (r->npending == RTF_PENDING && flush(r))
		return -1;
	r->pending[r->npending++] = c;
	return 0;
}

static int text_utf8(struct rtf *r, const char *s)
{
	if (skipping(r) || !*s)
		return 0;
	if (flush(r))
		return -1;
	return doc_build_add(r->b, s, strlen(s));
}

static int new_page(struct rtf *r)
{
	int rc;

	r->page++;
	if (r->past || flush(r))
		return r->past ? 0 : -1;
	rc = doc_build_page(r->b, r->page, DOC_READ_TEXT);
	r->past = rc == 1;
	return rc < 0 ? -1 : 0;
}

static bool is_skipped_destination(const char *word)
{
	for (size_t i = 0; i < COUNT(skipped_destinations); i++)
		if (strcmp(word, skipped_destinations[i]) == 0)
			return true;
	return false;
}

static int unicode(struct rtf *r, long n)
{
	r->skip_fallback = r->stack[r->depth].uc;
	if (skipping(r))
		return 0;
	if (flush(r))
		return -1;
	return doc_build_cp(r->b, (uint32_t)(n < 0 ? n + 65536 : n));
}

/* A control word with its parameter (has: one was written). */
static int control_word(struct rtf *r, const char *word, bool has, long n)
{
	r->skip_fallback = 0;
	if (r->ignorable || is_skipped_destination(word))
		r->stack[r->depth].skip = true;
	r->ignorable = false;
	if (strcmp(word, "u") == 0 && has)
		return unicode(r, n);
	if (strcmp(word, "uc") == 0 && has && n >= 0 && n < 16)
		r->stack[r->depth].uc = (unsigned)n;
	else if (strcmp(word, "ansicpg") == 0 && has && n > 0 && n < 100000)
		r->codepage = (unsigned)n;
	else if (strcmp(word, "page") == 0 || strcmp(word, "pagebb") == 0)
		return new_page(r);
	else if (strcmp(word, "bin") == 0 && has && n > 0)
		r->p += (size_t)n < (size_t)(r->end - r->p) ? (size_t)n : (size_t)(r->end - r->p);
	for (size_t i = 0; i < COUNT(word_texts); i++)
		if (strcmp(word, word_texts[i].word) == 0)
			return text_utf8(r, word_texts[i].text);
	return 0;
}

/* \'hh: a byte in the code page; a cut one (\'h) is dropped with its digit. */
static int hex_byte(struct rtf *r)
{
	int hi = r->end - r->p > 1 ? text_hex_value(r->p[1]) : -1;
	int lo = hi >= 0 && r->end - r->p > 2 ? text_hex_value(r->p[2]) : -1;

	r->p += 1 + (hi >= 0) + (lo >= 0);
	return lo >= 0 ? text_byte(r, (char)(hi * 16 + lo)) : 0;
}

/* After a backslash: a symbol, \'hh, or a word with its parameter. */
static int control(struct rtf *r)
{
	char word[RTF_WORD_MAX + 1];
	size_t n = 0;
	long param = 0;
	bool neg = false;
	int digits = 0;

	if (r->p == r->end)
		return 0;
	if (*r->p == '\'')
		return hex_byte(r);
	if (!((*r->p >= 'a' && *r->p <= 'z') || (*r->p >= 'A' && *r->p <= 'Z'))) {
		char c = *r->p++;

		r->ignorable = c == '*';
		for (size_t i = 0; i < COUNT(symbol_texts); i++)
			if (c == symbol_texts[i].symbol)
				return text_utf8(r, symbol_texts[i].text);
		return 0;
	}
	while (r->p < r->end && n < RTF_WORD_MAX && ((*r->p >= 'a' && *r->p <= 'z') || (*r->p >= 'A' && *r->p <= 'Z')))
		word[n++] = *r->p++;
	word[n] = '\0';
	if (r->p < r->end && *r->p == '-') {
		neg = true;
		r->p++;
	}
	for (; r->p < r->end && *r->p >= '0' && *r->p <= '9'; r->p++)
		if (digits++ < RTF_DIGITS_MAX)
			param = param * 10 + (*r->p - '0');
	if (r->p < r->end && *r->p == ' ')
		r->p++;
	return control_word(r, word, digits > 0, neg ? -param : param);
}

static int group(struct rtf *r, bool open)
{
	r->skip_fallback = 0;
	r->ignorable = false;
	if (!open) {
		if (r->depth)
			r->depth--;
		return 0;
	}
	if (r->depth + 1 == CAP_DOC_RTF_DEPTH) {
		doc_build_cut(r->b, DOC_CUT_XML_DEPTH);
		return 1;
	}
	r->stack[r->depth + 1] = r->stack[r->depth];
	r->depth++;
	return 0;
}

int doc_rtf_extract(struct doc_build *b, const char *buf, size_t len)
{
	struct rtf r = { .b = b, .p = buf, .end = buf + len, .codepage = RTF_DEFAULT_CODEPAGE, .page = 1 };
	int rc = doc_build_page(b, 1, DOC_READ_TEXT) < 0 ? -1 : 0;

	r.stack[0].uc = 1;
	while (rc == 0 && r.p < r.end && !b->full) {
		char c = *r.p++;

		if (c == '\\')
			rc = control(&r);
		else if (c == '{' || c == '}')
			rc = group(&r, c == '{');
		else if (c != '\r' && c != '\n')
			rc = text_byte(&r, c);
	}
	if (rc >= 0 && flush(&r))
		rc = -1;
	b->t->npages = r.page;
	return rc < 0 ? -1 : 0;
}
