/*
 * doc_zip.c - a zip's members read within the zip caps (zip_member.c):
 * CAP_DOC_ZIP_MEMBER_BYTES, CAP_DOC_ZIP_RATIO times the member's
 * compressed size after CAP_DOC_ZIP_RATIO_FREE, and CAP_DOC_ZIP_ENTRIES;
 * what stopped one becomes the document's cut or failure. A DOCX or ODT
 * reads one member. An archive of documents (a ZIP of programmes) reads up
 * to CAP_DOC_ARCHIVE_MEMBERS files, one at a time, each as the document its
 * bytes say (a zip inside is not opened), from a new page and for at most
 * CAP_DOC_ARCHIVE_MEMBER_PAGES pages: the title blocks are at their starts.
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

/* An archive being read: how many of its members were documents, and the first one's failure. */
struct archive {
	struct doc_build *b;
	size_t documents;
	unsigned pages;               /* pages of the members read so far (read or known) */
	enum doc_failure first_failure;
};

static int archive_member(void *ctx, const char *name, const char *data, size_t len, enum zip_member_status st)
{
	struct archive *a = ctx;
	struct doc_build *b = a->b;
	struct doc_text *t = b->t;
	enum doc_type type = data ? doc_sniff(data, len) : DOC_TYPE_EMPTY;
	int rc;

	(void)name;
	if (status_effect[st].cut)
		doc_build_cut(b, (enum doc_cut)status_effect[st].cut);
	if (type == DOC_TYPE_ZIP || type == DOC_TYPE_EMPTY)
		return 0;
	if (t->npages_read == CAP_DOC_PAGES) {
		doc_build_cut(b, DOC_CUT_PAGES);
		return 1;
	}
	b->member_first = t->npages_read;
	b->page_base = a->pages;
	b->member_pages = CAP_DOC_ARCHIVE_MEMBER_PAGES;
	t->npages = 0;
	t->failure = DOC_FAIL_NONE;
	rc = doc_build_extract(b, type, data, len);
	if (t->failure != DOC_FAIL_NONE && a->first_failure == DOC_FAIL_NONE)
		a->first_failure = t->failure;
	a->documents += t->failure == DOC_FAIL_NONE;
	a->pages += t->npages ? t->npages : (unsigned)(t->npages_read - b->member_first);
	return rc;
}

int doc_archive_extract(struct doc_build *b, const char *buf, size_t len)
{
	struct archive a = { .b = b };
	enum zip_member_status st;
	int rc = zip_member_each(buf, len, &doc_zip_caps, CAP_DOC_ARCHIVE_MEMBERS, archive_member, &a, &st);

	b->member_pages = 0;
	b->t->failure = DOC_FAIL_NONE;
	b->t->npages = a.pages;
	if (rc < 0)
		return -1;
	if (st != ZIP_MEMBER_OK)
		note_status(b, st);
	else if (b->t->npages_read == 0)
		doc_build_fail(b, a.first_failure != DOC_FAIL_NONE ? a.first_failure : DOC_FAIL_NOT_DOCUMENT);
	else if (a.documents == 0)
		doc_build_fail(b, a.first_failure);
	return 0;
}
