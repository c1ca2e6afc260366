#include "core/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

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

int file_make_dirs(const char *dir, char *err, size_t errlen)
{
	char *path = strdup(dir);
	char *p;
	struct stat st;
	int rc = -1;

	if (!path) {
		snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(ENOMEM));
		goto out;
	}
	for (p = path + 1; ; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		*p = '\0';
		/* EEXIST may also be a file; the next component's mkdir (or the stat below) says ENOTDIR. */
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			snprintf(err, errlen, "cannot create directory %s: %s", path, strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	if (stat(dir, &st) != 0) {
		snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "cannot create directory %s: %s", dir, strerror(ENOTDIR));
		goto out;
	}
	rc = 0;
out:
	free(path);
	return rc;
}

char *file_temp_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	size_t n = strlen(path) + 32;
	char *tmp = malloc(n);

	if (tmp)
		snprintf(tmp, n, "%.*s.%s.tmp-%ld", (int)dirlen, path, path + dirlen, (long)getpid());
	return tmp;
}

/* The errno of a failed step, as a message. */
static void io_error(char *err, size_t errlen, const char *path)
{
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
}

int file_write_atomic(const char *path, file_writer_fn write_fn, const void *ctx, bool durable,
                      char *err, size_t errlen)
{
	char *tmp = file_temp_path(path);
	FILE *f = NULL;
	int fd = -1, rc = -1;

	if (!tmp) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		io_error(err, errlen, path);
		goto out;
	}
	fd = -1;
	errno = 0;
	if (write_fn(f, ctx) != 0 || fflush(f) != 0) {
		/* A writer also refuses incomplete input; only a stream error has an errno to show. */
		snprintf(err, errlen, "cannot write %s: %s", path,
		         ferror(f) ? strerror(errno ? errno : EIO) : "incomplete input");
		goto out;
	}
	if (durable && fsync(fileno(f)) != 0) {
		io_error(err, errlen, path);
		goto out;
	}
	rc = fclose(f);
	f = NULL;
	if (rc != 0 || rename(tmp, path) != 0) {
		rc = -1;
		io_error(err, errlen, path);
	}
out:
	if (f)
		fclose(f);
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	free(tmp);
	return rc;
}
