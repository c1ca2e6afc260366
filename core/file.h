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

/*
 * Write path (created or emptied) through write_fn, for a file no reader
 * looks at yet (a temporary name, a private directory); durable: fsync it.
 * A failure removes it. 0, or -1 with one line in err naming the file as
 * shown (the name it will have; NULL: path).
 */
int file_write_new(const char *path, const char *shown, file_writer_fn write_fn, const void *ctx,
                   bool durable, char *err, size_t errlen) MA_MUST_USE;

/* The PID in a name of file_temp_path()'s shape, ".NAME.tmp-PID"; 0 for any other name. */
long file_temp_pid(const char *name);

/* Has the process that put pid into a temporary name gone (or is it this one)? */
bool file_process_gone(long pid);

/*
 * Remove what killed runs left in dir: every ".NAME.tmp-PID" entry (with
 * only_name, those of that NAME alone), a file or a directory of files,
 * whose process is gone, or is this one (call it before making any).
 * How many went; -1 when dir cannot be read (a missing one is empty).
 */
int file_remove_stale_temps(const char *dir, const char *only_name);

/* The same for the temporaries of path alone (file_temp_path(path) of gone processes). */
int file_remove_stale_temps_of(const char *path);

/* Remove a directory that holds files only, and them. 0, or -1 (a missing one is fine). */
int file_remove_flat_dir(const char *dir);

#endif
