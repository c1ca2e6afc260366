/*
 * zip_member.h - one member of a zip read from a buffer with libzip,
 * within caps: the document readers' DOCX and ODT (doc_zip.c), the
 * documents of an archive (doc_archive.c) and the registry's XLSX
 * (registry_xlsx.c). No I/O.
 */
#ifndef MA_ZIP_MEMBER_H
#define MA_ZIP_MEMBER_H

#include <stddef.h>

/* How reading a member went. */
enum zip_member_status {
	ZIP_MEMBER_OK,          /* read whole */
	ZIP_MEMBER_MISSING,     /* no member of that name */
	ZIP_MEMBER_CORRUPT,     /* not a zip libzip opens, or the member's entry is broken */
	ZIP_MEMBER_ENCRYPTED,
	ZIP_MEMBER_ENTRIES,     /* the directory has more entries than the cap: not opened */
	ZIP_MEMBER_CUT_BYTES,   /* read up to the byte cap, the rest left */
	ZIP_MEMBER_CUT_RATIO,   /* stopped: more than the ratio cap times its compressed size (a bomb) */
};

struct zip_caps {
	long entries;            /* directory entries looked at */
	size_t bytes;            /* uncompressed bytes read from the member */
	size_t ratio;            /* uncompressed : compressed past ratio_free */
	size_t ratio_free;       /* bytes read before the ratio applies */
};

/*
 * The member name of the zip buf[0..len), uncompressed, into *out (caller
 * frees; NUL-terminated; NULL when nothing was read) and *out_len, within
 * caps; *status says how it went (a cut member keeps what was read).
 * 0, or -1 when memory runs out.
 */
int zip_member_read(const char *buf, size_t len, const char *name, const struct zip_caps *caps, char **out,
                    size_t *out_len, enum zip_member_status *status);

/*
 * Each file member of the zip buf[0..len), in directory order, up to max
 * of them (directories and members with a path ending in '/' skipped):
 * fn(ctx, name, data, data_len, status) with its bytes read within caps
 * (data NULL when nothing could be read; status says why), freed after the
 * call. A non-zero fn's return stops the walk and is returned. 0 when the
 * walk ended; *status says why the zip could not be opened (ZIP_MEMBER_OK
 * when it was); -1 when memory runs out.
 */
typedef int (*zip_member_fn)(void *ctx, const char *name, const char *data, size_t data_len,
                             enum zip_member_status status);
int zip_member_each(const char *buf, size_t len, const struct zip_caps *caps, size_t max, zip_member_fn fn,
                    void *ctx, enum zip_member_status *status);

#endif
