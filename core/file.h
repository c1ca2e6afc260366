/*
 * file.h - whole-file reads with a cap, directories, atomic writes.
 */
#ifndef MA_FILE_H
#define MA_FILE_H

#include <stddef.h>

/*
 * Read path into *out (NUL-terminated, caller frees). Fails with a one-line
 * message in err naming the file when it cannot be opened, read, or is
 * larger than cap bytes.
 */
int file_read_all(char **out, size_t *len, const char *path, size_t cap,
                  char *err, size_t errlen);

/* mkdir -p: create every missing directory of dir; an existing one is fine. */
int file_make_dirs(const char *dir, char *err, size_t errlen);

/*
 * Write len bytes to path through a temporary file in the same directory
 * and rename(): a reader sees the old content or the new, never half.
 */
int file_write_atomic(const char *path, const void *data, size_t len,
                      char *err, size_t errlen);

#endif
