/*
 * file.h - whole-file reads with a cap, directories, atomic writes.
 */
#ifndef MA_FILE_H
#define MA_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/macros.h"

/*
 * Read path into *out (NUL-terminated, caller frees). Fails with a one-line
 * message in err naming the file when it cannot be opened, read, or is
 * larger than cap bytes.
 */
int file_read_all(char **out, size_t *len, const char *path, size_t cap,
                  char *err, size_t errlen) MA_MUST_USE;

/* mkdir -p: create every missing directory of dir; an existing one is fine. */
int file_make_dirs(const char *dir, char *err, size_t errlen) MA_MUST_USE;

/*
 * The temporary name for path: DIR/.NAME.tmp-PID beside DIR/NAME, hidden and
 * on the same file system so that rename() is atomic. Caller frees; NULL
 * when out of memory.
 */
char *file_temp_path(const char *path) MA_MUST_USE;

/* Writes the content to f; 0, or -1 (with or without a stream error). */
typedef int (*file_writer_fn)(FILE *f, const void *ctx);

/*
 * Write path through write_fn into a temporary file beside it
 * (DIR/.NAME.tmp-PID), then rename(): a reader sees the old content or the
 * new, never half, and a failure leaves no temporary file. durable: fsync
 * before the rename, so the new content survives a crash too.
 */
int file_write_atomic(const char *path, file_writer_fn write_fn, const void *ctx, bool durable,
                      char *err, size_t errlen) MA_MUST_USE;

#endif
