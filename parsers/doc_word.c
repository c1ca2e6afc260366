/*
 * doc_word.c - the text of a Word 97-2003 document (DOC): its piece table
 * read with our own code from the OLE2 streams libgsf opens in memory.
 *
 * Not libwv: ten minutes of fuzz_doc found a 13 KB DOC (order.doc with a few
 * bytes changed, fuzz/findings/) on which wvText() never returns, inside
 * wvGetFullTableInit; it cannot be interrupted, and with the lock its global
 * state needs it would have stalled every DOC of the run. What a title block
 * needs is the main text, which MS-DOC keeps simply: the FIB gives the text's
 * length (ccpText) and where the piece table is (fcClx/lcbClx in the 0Table
 * or 1Table stream); each piece is a run of characters, 8-bit (Windows-1252)
 * or UTF-16LE, at an offset of the WordDocument stream. Every offset and
 * length is checked against its stream; the work is one pass over the pieces.
 * Page breaks (character 12) start pages; Word keeps no other page layout.
 */
#include "parsers/doc_impl.h"

/* Under LeakSanitizer, what one library call allocates is left out of its report (doc_ole_open). */
#if defined(__SANITIZE_ADDRESS__)
#define MA_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MA_LSAN 1
#endif
#endif
#ifdef MA_LSAN
#include <sanitizer/lsan_interface.h>
#define LIBRARY_LEAKS_IGNORED_BEGIN() __lsan_disable()
#define LIBRARY_LEAKS_IGNORED_END() __lsan_enable()
#else
#define LIBRARY_LEAKS_IGNORED_BEGIN() ((void)0)
#define LIBRARY_LEAKS_IGNORED_END() ((void)0)
#endif

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-memory.h>
#include <stdlib.h>
#include <string.h>

#include "core/macros.h"

/* MS-DOC 2.5.1 FibBase, 2.5.10 FibRgLw97, 2.5.6 FibRgFcLcb97. */
#define FIB_IDENT 0xA5EC
#define FIB_NFIB_WORD97 0x00C1
#define FIB_FLAGS_AT 0x0A
#define FIB_ENCRYPTED 0x0100
#define FIB_TABLE_1 0x0200
#define FIB_BASE_LEN 32u
#define FIB_LW_CCP_TEXT 3u              /* ccpText is the fourth 32-bit value of FibRgLw97 */
#define FIB_FCLCB_CLX 33u               /* fcClx/lcbClx is the 34th pair of FibRgFcLcb97 */
#define PIECE_COMPRESSED 0x40000000u
#define PCD_LEN 8u
#define CLX_PRC 1
#define CLX_PCDT 2
/* Word's special characters (MS-DOC 2.8.25 and following). */
#define WORD_CELL_END 7
#define WORD_TAB 9
#define WORD_LINE_BREAK 11
#define WORD_PAGE_BREAK 12
#define WORD_PARAGRAPH 13
#define WORD_FIELD_BEGIN 0x13
#define WORD_FIELD_SEPARATOR 0x14
#define WORD_FIELD_END 0x15
#define WORD_NB_HYPHEN 30
#define WORD_SOFT_HYPHEN 31
/* Fields nested deeper than this are all instructions (skipped). */
#define WORD_FIELD_DEPTH 16

/* Windows-1252's 0x80..0x9F (the rest of its upper half is Latin-1), MS-DOC 2.4.1. */
static const uint16_t cp1252_high[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

struct stream {
	unsigned char *data;
	size_t len;
};

struct word_walk {
	struct doc_build *b;
	unsigned page;
	unsigned field_depth;           /* open fields */
	unsigned instr_mask;            /* bit d: the field at depth d is still in its instructions */
	bool past;                      /* past CAP_DOC_PAGES */
	int rc;
};

static unsigned get16(const unsigned char *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The named stream, whole: 0, or -1 when it is missing, too large or unreadable. */
static int read_stream(GsfInfile *ole, const char *name, struct stream *s)
{
	GsfInput *in = gsf_infile_child_by_name(ole, name);
	gsf_off_t size = in ? gsf_input_size(in) : -1;
	int rc = -1;

	s->data = NULL;
	s->len = 0;
	if (size < 0 || size > (gsf_off_t)CAP_DOC_BODY_BYTES)
		goto out;
	s->len = (size_t)size;
	s->data = malloc(s->len ? s->len : 1);
	if (s->data && (s->len == 0 || gsf_input_read(in, s->len, s->data)))
		rc = 0;
out:
	if (in)
		g_object_unref(in);
	return rc;
}

static void word_page(struct word_walk *w)
{
	int opened;

	w->page++;
	if (w->past)
		return;
	opened = doc_build_page(w->b, w->page, DOC_READ_TEXT);
	w->past = opened == 1;
	if (opened < 0)
		w->rc = -1;
}

/* Field codes (between begin and separator) are instructions, not text. */
static bool field_mark(struct word_walk *w, uint32_t c)
{
	if (c == WORD_FIELD_BEGIN) {
		if (w->field_depth < WORD_FIELD_DEPTH)
			w->instr_mask |= 1u << w->field_depth;
		w->field_depth++;
		return true;
	}
	if (c == WORD_FIELD_SEPARATOR && w->field_depth && w->field_depth <= WORD_FIELD_DEPTH) {
		w->instr_mask &= ~(1u << (w->field_depth - 1));
		return true;
	}
	if (c == WORD_FIELD_END && w->field_depth) {
		w->field_depth--;
		if (w->field_depth < WORD_FIELD_DEPTH)
			w->instr_mask &= ~(1u << w->field_depth);
		return true;
	}
	return false;
}

static void word_char(struct word_walk *w, uint32_t c)
{
	if (w->rc || field_mark(w, c) || w->instr_mask || (w->field_depth > WORD_FIELD_DEPTH))
		return;
	if (c == WORD_PAGE_BREAK) {
		word_page(w);
		return;
	}
	if (w->past || c == WORD_SOFT_HYPHEN)
		return;
	if (c == WORD_PARAGRAPH || c == WORD_CELL_END || c == WORD_LINE_BREAK)
		c = '\n';
	else if (c == WORD_NB_HYPHEN)
		c = '-';
	else if (c < 0x20 && c != WORD_TAB)
		return;
	if (doc_build_cp(w->b, c))
		w->rc = -1;
}

/* count characters of one piece, at fc of the WordDocument stream (8-bit when compressed). */
static void read_piece(struct word_walk *w, const struct stream *doc, uint32_t fc, uint32_t count)
{
	bool compressed = fc & PIECE_COMPRESSED;
	size_t at = compressed ? (fc & ~PIECE_COMPRESSED) / 2 : fc, width = compressed ? 1 : 2;

	if (at > doc->len || (doc->len - at) / width < count)
		count = at > doc->len ? 0 : (uint32_t)((doc->len - at) / width);
	for (uint32_t i = 0; i < count && !w->rc && !w->b->full; i++) {
		const unsigned char *p = doc->data + at + (size_t)i * width;
		uint32_t c = compressed ? *p : get16(p);

		if (compressed && c >= 0x80 && c < 0xA0)
			c = cp1252_high[c - 0x80];
		word_char(w, c);
	}
}

/* The piece table (PlcPcd) of the Clx at table[fc .. fc + lcb): its Pcdt, past any Prc. */
static bool find_pieces(const struct stream *table, uint32_t fc, uint32_t lcb, const unsigned char **plc, uint32_t *plc_len)
{
	size_t at, end;

	if (fc > table->len || table->len - fc < lcb)
		return false;
	at = fc;
	end = (size_t)fc + lcb;
	while (at < end && table->data[at] == CLX_PRC) {
		if (end - at < 3)
			return false;
		at += 3 + get16(table->data + at + 1);
	}
	if (at >= end || end - at < 5 || table->data[at] != CLX_PCDT)
		return false;
	*plc_len = get32(table->data + at + 1);
	*plc = table->data + at + 5;
	return *plc_len <= end - at - 5 && *plc_len >= 4;
}

static void read_text(struct word_walk *w, const struct stream *doc, const struct stream *table, uint32_t ccp,
                      uint32_t fc_clx, uint32_t lcb_clx)
{
	const unsigned char *plc;
	uint32_t plc_len, n;

	if (!find_pieces(table, fc_clx, lcb_clx, &plc, &plc_len)) {
		doc_build_fail(w->b, DOC_FAIL_CORRUPT);
		return;
	}
	n = (plc_len - 4) / (4 + PCD_LEN);
	for (uint32_t i = 0; i < n && !w->rc && !w->b->full; i++) {
		uint32_t from = get32(plc + 4 * i), to = get32(plc + 4 * (i + 1));
		const unsigned char *pcd = plc + 4 * (n + 1) + PCD_LEN * i;

		if (from >= ccp)
			break;
		if (to > ccp)
			to = ccp;
		if (to > from)
			read_piece(w, doc, get32(pcd + 2), to - from);
	}
}

/* The FIB's fields we read: 0, or why the document cannot be read. */
struct fib {
	bool table1;
	uint32_t ccp_text, fc_clx, lcb_clx;
};

static enum doc_failure read_fib(const struct stream *doc, struct fib *f)
{
	const unsigned char *p = doc->data;
	size_t at, csw, cslw, cb;

	if (doc->len < FIB_BASE_LEN + 2 || get16(p) != FIB_IDENT)
		return DOC_FAIL_CORRUPT;
	if (get16(p + FIB_FLAGS_AT) & FIB_ENCRYPTED)
		return DOC_FAIL_ENCRYPTED;
	if (get16(p + 2) < FIB_NFIB_WORD97)
		return DOC_FAIL_UNSUPPORTED;        /* Word 6 and 95 */
	f->table1 = get16(p + FIB_FLAGS_AT) & FIB_TABLE_1;
	csw = get16(p + FIB_BASE_LEN);
	at = FIB_BASE_LEN + 2 + csw * 2;
	if (doc->len < at + 2)
		return DOC_FAIL_CORRUPT;
	cslw = get16(p + at);
	if (cslw <= FIB_LW_CCP_TEXT || doc->len < at + 2 + cslw * 4 + 2)
		return DOC_FAIL_CORRUPT;
	f->ccp_text = get32(p + at + 2 + FIB_LW_CCP_TEXT * 4);
	at += 2 + cslw * 4;
	cb = get16(p + at);
	at += 2;
	if (cb <= FIB_FCLCB_CLX || doc->len < at + (FIB_FCLCB_CLX + 1) * 8)
		return DOC_FAIL_CORRUPT;
	f->fc_clx = get32(p + at + FIB_FCLCB_CLX * 8);
	f->lcb_clx = get32(p + at + FIB_FCLCB_CLX * 8 + 4);
	return DOC_FAIL_NONE;
}

GsfInfile *doc_ole_open(const char *buf, size_t len, GsfInput **in)
{
	GsfInfile *ole;

	*in = gsf_input_memory_new((const guint8 *)buf, (gsf_off_t)len, FALSE);
	if (!*in)
		return NULL;
	LIBRARY_LEAKS_IGNORED_BEGIN();
	ole = gsf_infile_msole_new(*in, NULL);
	LIBRARY_LEAKS_IGNORED_END();
	return ole;
}

int doc_ole_other_extract(struct doc_build *b, const char *buf, size_t len)
{
	GsfInput *in;
	GsfInfile *ole = doc_ole_open(buf, len, &in);

	/* One libgsf cannot open at all may be a DOC cut short: say corrupt, not "no document". */
	doc_build_fail(b, ole ? DOC_FAIL_NOT_DOCUMENT : DOC_FAIL_CORRUPT);
	if (ole)
		g_object_unref(ole);
	if (in)
		g_object_unref(in);
	return 0;
}

int doc_word_extract(struct doc_build *b, const char *buf, size_t len)
{
	struct word_walk w = { .b = b, .page = 1 };
	struct stream doc = { 0 }, table = { 0 };
	enum doc_failure why = DOC_FAIL_CORRUPT;
	struct fib fib;
	GsfInput *in;
	GsfInfile *ole = doc_ole_open(buf, len, &in);

	if (doc_build_page(b, 1, DOC_READ_TEXT) < 0)
		w.rc = -1;
	if (!ole || w.rc || read_stream(ole, "WordDocument", &doc))
		goto out;
	why = read_fib(&doc, &fib);
	if (why == DOC_FAIL_NONE && read_stream(ole, fib.table1 ? "1Table" : "0Table", &table))
		why = DOC_FAIL_CORRUPT;
	if (why == DOC_FAIL_NONE)
		read_text(&w, &doc, &table, fib.ccp_text, fib.fc_clx, fib.lcb_clx);
out:
	if (why != DOC_FAIL_NONE)
		doc_build_fail(b, why);
	b->t->npages = w.page;
	free(doc.data);
	free(table.data);
	if (ole)
		g_object_unref(ole);
	if (in)
		g_object_unref(in);
	return w.rc;
}
