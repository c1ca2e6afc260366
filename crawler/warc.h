/*
 * warc.h - the evidence archive (--warc FILE): every fetched response as a
 * WARC 1.1 record, so that a verdict can later be shown exactly as the page
 * was served.
 *
 * The file starts with one `warcinfo` record, then one `response` record
 * per call (Content-Type: application/http;msgtype=response). Each record
 * is its own gzip member, the layout archival tools call .warc.gz, so a
 * reader can seek to a record's offset (struct warc_ref, what a CDX index
 * calls the offset) and inflate that record alone.
 *
 * The stored HTTP message: libcurl hands us the body after undoing
 * Content-Encoding (gzip, ...) and chunked Transfer-Encoding, so the block
 * holds the decoded payload. To keep the message consistent for WARC
 * readers, the head is rewritten the way archival tools do it:
 *   Content-Encoding  -> X-Archive-Orig-Content-Encoding
 *   Transfer-Encoding -> X-Archive-Orig-Transfer-Encoding
 *   Content-Length    -> X-Archive-Orig-Content-Length
 * (the prefix is added to the name as received, so an HTTP/2 head keeps its
 * lower case), and a `Content-Length:` with the stored body length is added
 * last. Everything else is kept byte for byte, the status line included
 * ("HTTP/2 200" stays so), except that every line ends in CRLF. A body cut
 * at its cap (or a head cut at CAP_WARC_HEAD_BYTES) is marked
 * `WARC-Truncated: length`. No digests: SHA-1 is not among our libraries,
 * and WARC 1.1 makes them optional.
 *
 * One writer serves one thread (the crawler's loop); calls are not
 * synchronised. To extend: another record type is another writer function
 * built on the same one-member-per-record helper in warc.c.
 */
#ifndef MA_WARC_H
#define MA_WARC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/caps.h"

/* "<urn:uuid:" + 36 + ">" + NUL */
#define WARC_RECORD_ID_SIZE CAP_WARC_RECORD_ID

struct warc_writer;

/* Where a record is: its WARC-Record-ID and the offset of its gzip member. */
struct warc_ref {
	char record_id[WARC_RECORD_ID_SIZE];   /* "<urn:uuid:...>"; "" when none */
	long long offset;                       /* -1 when none */
};

/*
 * Start an archive for path and write the warcinfo record naming software.
 * Records go to a temporary file beside path (core/file.h); warc_close()
 * renames it into place, so path is never a half-written archive. The
 * temporary files of path that killed runs left are removed first. The
 * caller owns *out and ends it with warc_close() or warc_discard(). 0, or
 * -1 with one line in err naming the file.
 */
int warc_open(struct warc_writer **out, const char *path, const char *software,
              char *err, size_t errlen);

/* warc_write_response() failed: */
#define WARC_ERR_RECORD (-1)   /* this response cannot be a record (its URI or head); the file is whole */
#define WARC_ERR_FILE   (-2)   /* the file could not be written (a full disk ...): the archive is incomplete */

/*
 * Append one response record for target_uri (the effective URL, after
 * redirects). http_head is the raw status line and header lines of the
 * response (at most CAP_WARC_HEAD_BYTES; anything after its empty line is
 * ignored); body is the decoded payload (may be NULL when body_len is 0).
 * 0 with *ref filled, or WARC_ERR_RECORD or WARC_ERR_FILE with ref set to
 * none and the reason in warc_last_error(). A failed record is cut off the
 * file again, so the records before and after it stay readable; when even
 * that fails, every later call fails too and warc_close() reports it.
 */
int warc_write_response(struct warc_writer *w, const char *target_uri, const char *http_head,
                        size_t head_len, const char *body, size_t body_len, bool truncated,
                        struct warc_ref *ref);

/* The last failure as one line naming the file; "" when none. */
const char *warc_last_error(const struct warc_writer *w);

/*
 * fsync and close the file, rename it to path, free w (NULL is fine). 0,
 * or -1 with one line in err naming the file when it could not be made
 * durable, renamed or is damaged (the temporary file is removed then).
 */
int warc_close(struct warc_writer *w, char *err, size_t errlen);

/* A run that failed: remove the temporary file and free w (NULL is fine). */
void warc_discard(struct warc_writer *w);

#endif
