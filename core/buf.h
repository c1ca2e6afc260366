/*
 * buf.h - a growable byte buffer with a hard cap, always NUL-terminated.
 *
 * Owns its memory; buf_free() releases it and leaves an empty buffer.
 * buf_detach() hands the bytes to the caller, who frees them with free().
 */
#ifndef MA_BUF_H
#define MA_BUF_H

#include <stddef.h>

#include "core/macros.h"

struct buf {
	char *data;      /* NULL until the first add */
	size_t len;
	size_t alloc;
	size_t cap;      /* never grows beyond this many bytes of content */
};

#define BUF_ERR_NOMEM  (-1)
#define BUF_ERR_CAP    (-2)

void buf_init(struct buf *b, size_t cap);
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
/*
 * Room for extra more bytes of content (and the NUL) without adding them,
 * for callers that write into data themselves and then set len: 0,
 * BUF_ERR_CAP (len + extra passes the cap) or BUF_ERR_NOMEM.
 */
int buf_reserve(struct buf *b, size_t extra) MA_MUST_USE;
/* What alloc would be once extra more bytes were added (alloc itself past the cap). */
size_t buf_alloc_after(const struct buf *b, size_t extra);
/* 0, or BUF_ERR_CAP when the cap would be passed (nothing is added then). */
int buf_add(struct buf *b, const void *data, size_t len) MA_MUST_USE;
int buf_addstr(struct buf *b, const char *s) MA_MUST_USE;
int buf_addc(struct buf *b, char c) MA_MUST_USE;
int buf_printf(struct buf *b, const char *fmt, ...) MA_PRINTF(2, 3) MA_MUST_USE;
/* The content as a string: never NULL ("" when empty). */
const char *buf_str(const struct buf *b);
/* Caller owns the result (never NULL on success); the buffer is left empty. */
char *buf_detach(struct buf *b) MA_MUST_USE;

#endif
