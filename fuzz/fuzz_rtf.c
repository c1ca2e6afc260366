/*
 * fuzz_rtf.c - the RTF reader of parsers/doc_rtf.c alone (our own code, so
 * it gets a target of its own and many more executions than fuzz_doc).
 *
 * Input: the document after "{\rtf1" (the target writes the signature, so
 * every input is read as RTF). Besides memory errors, UB and leaks it
 * checks the text's promises (valid UTF-8, no NUL, within
 * CAP_DOC_TEXT_BYTES, pages within CAP_DOC_PAGES) and that an RTF document
 * never fails but for having no words (over_cap when a cap came first).
 */
#include "fuzz/fuzz.h"

#include "core/text.h"
#include "parsers/doc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sig[] = "{\\rtf1";
	struct doc_text *t = NULL;
	char *buf = malloc(sizeof(sig) - 1 + size);

	if (!buf)
		abort();
	memcpy(buf, sig, sizeof(sig) - 1);
	if (size)
		memcpy(buf + sizeof(sig) - 1, data, size);
	if (doc_extract(&t, buf, sizeof(sig) - 1 + size, NULL))
		abort();
	FUZZ_CHECK(t->type == DOC_TYPE_RTF);
	FUZZ_CHECK(t->failure == DOC_FAIL_NONE || t->failure == DOC_FAIL_NO_TEXT ||
	           (t->failure == DOC_FAIL_OVER_CAP && t->cuts));
	FUZZ_CHECK(strlen(t->text) == t->len && t->len <= CAP_DOC_TEXT_BYTES);
	FUZZ_CHECK(text_utf8_valid(t->text, t->len));
	FUZZ_CHECK(t->npages_read >= 1 && t->npages_read <= CAP_DOC_PAGES);
	FUZZ_CHECK(t->npages >= t->npages_read);
	doc_text_free(t);
	free(buf);
	return 0;
}
