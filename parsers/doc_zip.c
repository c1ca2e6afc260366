/*
 * doc_zip.c - one member of a zip (DOCX, ODT) read within the zip caps
 * (zip_member.c): CAP_DOC_ZIP_MEMBER_BYTES, CAP_DOC_ZIP_RATIO times the
 * member's compressed size after CAP_DOC_ZIP_RATIO_FREE, and
 * CAP_DOC_ZIP_ENTRIES; what stopped it becomes the document's cut or
 * failure. One member is read per document, so the member cap is the cap
 * in all.
 */
#include "parsers/doc_impl.h"

#include "parsers/zip_member.h"

static const struct zip_caps doc_zip_caps = {
	.entries = (long)CAP_DOC_ZIP_ENTRIES, .bytes = CAP_DOC_ZIP_MEMBER_BYTES,
	.ratio = CAP_DOC_ZIP_RATIO, .ratio_free = CAP_DOC_ZIP_RATIO_FREE,
};

/* How a member's reading went, as the document's cut (0: none) and failure. */
static const struct {
	unsigned cut;
	enum doc_failure failure;
} status_effect[] = {
	[ZIP_MEMBER_OK] = { 0, DOC_FAIL_NONE },
	[ZIP_MEMBER_MISSING] = { 0, DOC_FAIL_CORRUPT },
	[ZIP_MEMBER_CORRUPT] = { 0, DOC_FAIL_CORRUPT },
	[ZIP_MEMBER_ENCRYPTED] = { 0, DOC_FAIL_ENCRYPTED },
	[ZIP_MEMBER_ENTRIES] = { DOC_CUT_ZIP_ENTRIES, DOC_FAIL_OVER_CAP },
	[ZIP_MEMBER_CUT_BYTES] = { DOC_CUT_ZIP_BYTES, DOC_FAIL_NONE },
	[ZIP_MEMBER_CUT_RATIO] = { DOC_CUT_ZIP_RATIO, DOC_FAIL_NONE },
};

static void note_status(struct doc_build *b, enum zip_member_status st)
{
	if (status_effect[st].cut)
		doc_build_cut(b, (enum doc_cut)status_effect[st].cut);
	if (status_effect[st].failure != DOC_FAIL_NONE)
		doc_build_fail(b, status_effect[st].failure);
}

int doc_zip_member(struct doc_build *b, const char *buf, size_t len, const char *name,
                   char **out, size_t *out_len)
{
	enum zip_member_status st;
	int rc = zip_member_read(buf, len, name, &doc_zip_caps, out, out_len, &st);

	note_status(b, st);
	return rc;
}

int doc_zip_other_extract(struct doc_build *b, const char *buf, size_t len)
{
	/* The sniffer looked at CAP_DOC_ZIP_ENTRIES entries: past them a DOCX may hide. */
	if (doc_zip_entry_count(buf, len) > (long)CAP_DOC_ZIP_ENTRIES) {
		doc_build_cut(b, DOC_CUT_ZIP_ENTRIES);
		doc_build_fail(b, DOC_FAIL_OVER_CAP);
	} else {
		doc_build_fail(b, DOC_FAIL_NOT_DOCUMENT);
	}
	return 0;
}
