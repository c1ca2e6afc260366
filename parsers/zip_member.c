/*
 * zip_member.c - one member of a zip from a buffer (zip_member.h). The
 * sizes in the zip's headers are never trusted: the bytes that come out are
 * counted as they come, and reading stops at the byte cap or when they pass
 * the ratio cap times the member's compressed size.
 */
#include "parsers/zip_member.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/buf.h"
#include "parsers/doc_impl.h"

#define ZIP_CHUNK (64u * 1024u)

static zip_t *open_zip(const char *buf, size_t len, const struct zip_caps *caps, enum zip_member_status *st)
{
	zip_error_t err;
	zip_source_t *src;
	zip_t *za;

	/* libzip reads the whole directory when it opens: count its entries before. */
	if (doc_zip_entry_count(buf, len) > caps->entries) {
		*st = ZIP_MEMBER_ENTRIES;
		return NULL;
	}
	zip_error_init(&err);
	src = zip_source_buffer_create(buf, len, 0, &err);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
	if (src && !za)
		zip_source_free(src);
	zip_error_fini(&err);
	if (!za)
		*st = ZIP_MEMBER_CORRUPT;
	return za;
}

/* Is there more to read after got bytes of a member of comp compressed bytes? */
static bool within_caps(size_t got, zip_uint64_t comp, const struct zip_caps *caps, enum zip_member_status *st)
{
	if (got >= caps->bytes) {
		*st = ZIP_MEMBER_CUT_BYTES;
		return false;
	}
	if (got > caps->ratio_free && got / caps->ratio > comp) {
		*st = ZIP_MEMBER_CUT_RATIO;
		return false;
	}
	return true;
}

static int read_index(zip_t *za, zip_int64_t idx, const struct zip_caps *caps, struct buf *out,
                      enum zip_member_status *st)
{
	zip_stat_t zs;
	zip_file_t *f;
	int rc = 0;

	zip_stat_init(&zs);
	if (zip_stat_index(za, (zip_uint64_t)idx, 0, &zs) || !(zs.valid & ZIP_STAT_COMP_SIZE)) {
		*st = ZIP_MEMBER_CORRUPT;
		return 0;
	}
	if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) && zs.encryption_method != ZIP_EM_NONE) {
		*st = ZIP_MEMBER_ENCRYPTED;
		return 0;
	}
	f = zip_fopen_index(za, (zip_uint64_t)idx, 0);
	if (!f) {
		*st = ZIP_MEMBER_CORRUPT;
		return 0;
	}
	while (within_caps(out->len, zs.comp_size, caps, st)) {
		size_t want = caps->bytes - out->len < ZIP_CHUNK ? caps->bytes - out->len : ZIP_CHUNK;
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

int zip_member_read(const char *buf, size_t len, const char *name, const struct zip_caps *caps, char **out,
                    size_t *out_len, enum zip_member_status *status)
{
	struct buf data;
	zip_t *za;
	zip_int64_t idx;
	int rc = 0;

	*out = NULL;
	*out_len = 0;
	*status = ZIP_MEMBER_OK;
	buf_init(&data, caps->bytes);
	za = open_zip(buf, len, caps, status);
	if (!za)
		goto out;
	idx = zip_name_locate(za, name, 0);
	if (idx < 0) {
		*status = ZIP_MEMBER_MISSING;
		goto out;
	}
	rc = read_index(za, idx, caps, &data, status);
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

/* One member of the walk: read, handed to fn, freed. */
static int each_member(zip_t *za, zip_int64_t idx, const char *name, const struct zip_caps *caps,
                       zip_member_fn fn, void *ctx)
{
	enum zip_member_status st = ZIP_MEMBER_OK;
	struct buf data;
	int rc;

	buf_init(&data, caps->bytes);
	rc = read_index(za, idx, caps, &data, &st);
	if (rc == 0)
		rc = fn(ctx, name, data.len ? data.data : NULL, data.len, st);
	buf_free(&data);
	return rc;
}

int zip_member_each(const char *buf, size_t len, const struct zip_caps *caps, size_t max, zip_member_fn fn,
                    void *ctx, enum zip_member_status *status)
{
	zip_t *za;
	zip_int64_t n;
	size_t given = 0;
	int rc = 0;

	*status = ZIP_MEMBER_OK;
	za = open_zip(buf, len, caps, status);
	if (!za)
		return 0;
	n = zip_get_num_entries(za, 0);
	for (zip_int64_t i = 0; i < n && given < max && rc == 0; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		size_t nlen = name ? strlen(name) : 0;

		if (!name || nlen == 0 || name[nlen - 1] == '/')
			continue;
		given++;
		rc = each_member(za, i, name, caps, fn, ctx);
	}
	zip_discard(za);
	return rc;
}
