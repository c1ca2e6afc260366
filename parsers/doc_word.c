/*
 * doc_word.c - the text of a Word 97-2003 document (DOC) with libwv, read
 * from the buffer through libgsf's memory input (wvInitParser_gsf).
 *
 * libwv keeps global state (wvInit, its code-page tables) and was written
 * for one document at a time: calls are serialised by a lock. It walks the
 * whole document and cannot be stopped; its time is bounded by the body
 * cap alone. Its few warnings go to stderr (wvError), which it offers no
 * way to silence.
 */
#include "parsers/doc_impl.h"

#include <gsf/gsf-input-memory.h>
#include <pthread.h>
#include <string.h>
#include <wv.h>

/* wvInitParser's answer with this bit set: the document is password-protected. */
#define WV_PASSWORD_BIT 0x8000
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

static pthread_mutex_t wv_lock = PTHREAD_MUTEX_INITIALIZER;

struct word_walk {
	struct doc_build *b;
	unsigned page;
	unsigned field_depth;           /* open fields */
	unsigned instr_mask;            /* bit d: the field at depth d is still in its instructions */
	bool past;                      /* past CAP_DOC_PAGES */
	int rc;
};

void doc_word_global_init(void)
{
	wvInit();
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

static int on_char(wvParseStruct *ps, U16 c, U8 chartype, U16 lid)
{
	/* chartype 1: a byte in the code page of the text's language. */
	word_char(ps->userData, chartype ? wvHandleCodePage(c, lid) : c);
	return 0;
}

static int on_special(wvParseStruct *ps, U16 c, CHP *props)
{
	(void)props;
	word_char(ps->userData, c);
	return 0;
}

/* A paragraph that starts a page (its fPageBreakBefore property). */
static int on_element(wvParseStruct *ps, wvTag tag, void *props, int dirty)
{
	struct word_walk *w = ps->userData;

	(void)dirty;
	if (tag == PARABEGIN && props && ((const PAP *)props)->fPageBreakBefore && !w->rc)
		word_page(w);
	return 0;
}

static enum doc_failure open_failure(int ret)
{
	if (ret & WV_PASSWORD_BIT)
		return DOC_FAIL_ENCRYPTED;
	return DOC_FAIL_CORRUPT;
}

int doc_word_extract(struct doc_build *b, const char *buf, size_t len)
{
	struct word_walk w = { .b = b, .page = 1 };
	GsfInput *in = gsf_input_memory_new((const guint8 *)buf, (gsf_off_t)len, FALSE);
	wvParseStruct ps;
	int ret;

	if (!in)
		return -1;
	if (doc_build_page(b, 1, DOC_READ_TEXT) < 0) {
		g_object_unref(in);
		return -1;
	}
	memset(&ps, 0, sizeof(ps));
	pthread_mutex_lock(&wv_lock);
	/* On success the parser owns the input and wvOLEFree releases it. */
	ret = wvInitParser_gsf(&ps, in);
	if (ret == 0) {
		ps.userData = &w;
		wvSetCharHandler(&ps, on_char);
		wvSetSpecialCharHandler(&ps, on_special);
		wvSetElementHandler(&ps, on_element);
		wvText(&ps);
		wvOLEFree(&ps);
	}
	pthread_mutex_unlock(&wv_lock);
	if (ret) {
		doc_build_fail(b, open_failure(ret));
		g_object_unref(in);
	}
	b->t->npages = w.page;
	return w.rc;
}
