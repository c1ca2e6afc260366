#include "core/file.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/buf.h"

int file_read_all(char **out, size_t *len, const char *path, size_t cap,
                  char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct buf b;
	char chunk[16384];
	size_t n;
	int rc = -1;

	*out = NULL;
	*len = 0;
	buf_init(&b, cap);
	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&b, chunk, n)) {
			snprintf(err, errlen, "%s: larger than %zu bytes", path, cap);
			goto out;
		}
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error: %s", path, strerror(errno));
		goto out;
	}
	*len = b.len;
	*out = buf_detach(&b);
	rc = *out ? 0 : -1;
out:
	if (f)
		fclose(f);
	buf_free(&b);
	return rc;
}
