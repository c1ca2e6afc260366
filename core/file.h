/*
 * file.h - read a whole file into memory, with a cap.
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

#endif
