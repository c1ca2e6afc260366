/*
 * doc_zip.c - one member of a zip (DOCX, ODT) read from a buffer with
 * libzip, within the zip caps. The sizes in the zip's headers are never
 * trusted: the bytes that come out are counted as they come, and reading
 * stops at CAP_DOC_ZIP_MEMBER_BYTES or when they pass CAP_DOC_ZIP_RATIO
 * times the member's compressed size (after CAP_DOC_ZIP_RATIO_FREE). One
 * member is read per document, so the member cap is the cap in all.
 */
#include "parsers/doc_impl.h"

#include <stdlib.h>
#include <zip.h>

#include "core/buf.h"

#define ZIP_CHUNK (64u * 1024u)

static zip_t *open_zip(struct doc_build *b, const char *buf, size_t len)
{
	zip_error_t err;
	zip_source_t *src;
	zip_t *za;
	long entries = doc_zip_entry_count(buf, len);

	/* libzip reads the whole directory when it opens: count its entries before. */
	if (entries > (long)CAP_DOC_ZIP_ENTRIES) {
		doc_build_cut(b, DOC_CUT_ZIP_ENTRIES);
		doc_build_fail(b, DOC_FAIL_OVER_CAP);
		return NULL;
	}
	zip_error_init(&err);
	src = zip_source_buffer_create(buf, len, 0, &err);
	if (!src) {
		zip_error_fini(&err);
		return NULL;
	}
	za = zip_open_from_source(src, ZIP_RDONLY, &err);
	if (!za)
		zip_source_free(src);
	zip_error_fini(&err);
	if (!za)
		doc_build_fail(b, DOC_FAIL_CORRUPT);
	return za;
}

/* Is there more to read after got bytes of a member of comp compressed bytes? */
static bool within_caps(struct doc_build *b, size_t got, zip_uint64_t comp)
{
	if (got >= CAP_DOC_ZIP_MEMBER_BYTES) {
		doc_build_cut(b, DOC_CUT_ZIP_BYTES);
		return false;
	}
	if (got > CAP_DOC_ZIP_RATIO_FREE && got / CAP_DOC_ZIP_RATIO > comp) {
		doc_build_cut(b, DOC_CUT_ZIP_RATIO);
		return false;
	}
	return true;
}

static int read_member(struct doc_build *b, zip_t *za, zip_int64_t idx, struct buf *out)
{
	zip_stat_t st;
	zip_file_t *f;
	int rc = 0;

	zip_stat_init(&st);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &st) || !(st.valid & ZIP_STAT_COMP_SIZE)) {
		doc_build_fail(b, DOC_FAIL_CORRUPT);
		return 0;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		doc_build_fail(b, DOC_FAIL_ENCRYPTED);
		return 0;
	}
	f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f) {
		doc_build_fail(b, DOC_FAIL_CORRUPT);
		return 0;
	}
	while (within_caps(b, out->len, st.comp_size)) {
		size_t want = CAP_DOC_ZIP_MEMBER_BYTES - out->len < ZIP_CHUNK ? CAP_DOC_ZIP_MEMBER_BYTES - out->len : ZIP_CHUNK;
		zip_int64_t n;

		if (buf_reserve(out, want)) {
			rc = -1;
			break;
		}
		/* A CRC or inflate error ends the member: what came before it is kept. */
		n = zip_fread(f, out->data + out->len, want);
		if (n <= 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
	}
	zip_fclose(f);
	return rc;
}

int doc_zip_member(struct doc_build *b, const char *buf, size_t len, const char *name,
                   char **out, size_t *out_len)
{
	struct buf data;
	zip_t *za = open_zip(b, buf, len);
	zip_int64_t idx;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	buf_init(&data, CAP_DOC_ZIP_MEMBER_BYTES);
	if (!za)
		goto out;
	idx = zip_name_locate(za, name, 0);
	if (idx < 0) {
		doc_build_fail(b, DOC_FAIL_CORRUPT);
		goto out;
	}
	rc = read_member(b, za, idx, &data);
	if (rc == 0 && data.len) {
		*out_len = data.len;
		*out = buf_detach(&data);
		if (!*out)
			rc = -1;
	}
out:
	if (za)
		zip_discard(za);
	buf_free(&data);
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
