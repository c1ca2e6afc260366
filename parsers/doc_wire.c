/*
 * doc_wire.c - a struct doc_text as bytes and back (doc.h), for the reader
 * that runs in a child process (src/sandbox.c). Little-endian words:
 *
 *   "MADT" type failure cuts npages npages_read ocr_ms text_len   (u32 each)
 *   npages_read x (number how offset len)                          (u32 each)
 *   text_len bytes of text
 *
 * The decoder trusts nothing: every count and offset is checked against the
 * caps and the bytes it was given.
 */
#include "parsers/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

#define WIRE_MAGIC 0x5444414du   /* "MADT" */
#define WIRE_HEAD_WORDS 8u
#define WIRE_PAGE_WORDS 4u

static int put_u32(struct buf *out, uint32_t v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
	                       (unsigned char)(v >> 24) };

	return buf_add(out, b, sizeof(b));
}

static uint32_t get_u32(const char *p)
{
	const unsigned char *b = (const unsigned char *)p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

int doc_text_encode(const struct doc_text *t, struct buf *out)
{
	uint32_t head[WIRE_HEAD_WORDS] = { WIRE_MAGIC, (uint32_t)t->type, (uint32_t)t->failure, t->cuts, t->npages,
	                                   (uint32_t)t->npages_read, t->ocr_ms, (uint32_t)t->len };
	int rc = 0;

	for (size_t i = 0; i < WIRE_HEAD_WORDS && rc == 0; i++)
		rc = put_u32(out, head[i]);
	for (size_t i = 0; i < t->npages_read && rc == 0; i++) {
		const struct doc_page *p = &t->pages[i];

		rc = put_u32(out, p->number) || put_u32(out, (uint32_t)p->how) || put_u32(out, (uint32_t)p->offset) ||
		     put_u32(out, (uint32_t)p->len);
	}
	return rc ? rc : buf_add(out, t->text, t->len);
}

/* The header's words, checked against the caps and the bytes there are. */
static bool head_ok(const uint32_t *h, size_t len)
{
	size_t need;

	if (h[0] != WIRE_MAGIC || h[1] >= DOC_TYPE_COUNT || h[2] >= DOC_FAIL_COUNT || h[5] > CAP_DOC_PAGES ||
	    h[7] > CAP_DOC_TEXT_BYTES)
		return false;
	need = (WIRE_HEAD_WORDS + (size_t)h[5] * WIRE_PAGE_WORDS) * 4u + h[7];
	return need == len;
}

int doc_text_decode(struct doc_text **out, const char *buf, size_t len)
{
	uint32_t h[WIRE_HEAD_WORDS];
	struct doc_text *t;
	const char *p = buf;

	*out = NULL;
	if (len < WIRE_HEAD_WORDS * 4u)
		return -1;
	for (size_t i = 0; i < WIRE_HEAD_WORDS; i++, p += 4)
		h[i] = get_u32(p);
	if (!head_ok(h, len))
		return -1;
	t = calloc(1, sizeof(*t));
	if (t)
		t->text = malloc(h[7] + 1u);
	if (!t || !t->text) {
		free(t);
		return -1;
	}
	*t = (struct doc_text){ .type = (enum doc_type)h[1], .failure = (enum doc_failure)h[2], .cuts = h[3],
	                        .npages = h[4], .npages_read = h[5], .ocr_ms = h[6], .len = h[7], .text = t->text };
	for (size_t i = 0; i < t->npages_read; i++, p += WIRE_PAGE_WORDS * 4u) {
		struct doc_page *pg = &t->pages[i];

		*pg = (struct doc_page){ .number = get_u32(p), .how = (enum doc_read)get_u32(p + 4),
		                         .offset = get_u32(p + 8), .len = get_u32(p + 12) };
		if ((unsigned)pg->how >= DOC_READ_COUNT || pg->offset > t->len || pg->len > t->len - pg->offset) {
			doc_text_free(t);
			return -1;
		}
	}
	memcpy(t->text, p, t->len);
	t->text[t->len] = '\0';
	*out = t;
	return 0;
}
