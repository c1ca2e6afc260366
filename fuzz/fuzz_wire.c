/*
 * fuzz_wire.c - a document's text as the reader process sends it back
 * (parsers/doc_wire.c): the decoder takes any bytes. What it accepts has
 * every page inside the text and encodes back to the same bytes.
 */
#include "fuzz/fuzz.h"

#include "core/buf.h"
#include "parsers/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct doc_text *t = NULL;
	struct buf again;

	if (doc_text_decode(&t, (const char *)data, size))
		return 0;
	for (size_t i = 0; i < t->npages_read; i++)
		FUZZ_CHECK(t->pages[i].offset + t->pages[i].len <= t->len);
	buf_init(&again, size + 1);
	FUZZ_CHECK(doc_text_encode(t, &again) == 0);
	FUZZ_CHECK(again.len == size && memcmp(again.data, data, size) == 0);
	buf_free(&again);
	doc_text_free(t);
	return 0;
}
