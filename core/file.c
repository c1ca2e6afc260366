#include "core/file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "core/buf.h"

/* What marks a temporary name: ".NAME" TEMP_TAG "PID". */
#define TEMP_TAG ".tmp-"

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
		snprintf(tmp, n, "%.*s.%s" TEMP_TAG "%ld", (int)dirlen, path, path + dirlen, (long)getpid());
	return tmp;
}

/* The errno of a failed step, as a message. */
static void io_error(char *err, size_t errlen, const char *path)
{
	snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno ? errno : EIO));
}

int file_write_new(const char *path, const char *shown, file_writer_fn write_fn, const void *ctx,
                   bool durable, char *err, size_t errlen)
{
	FILE *f = NULL;
	int fd, rc = -1;

	if (!shown)
		shown = path;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		io_error(err, errlen, shown);
		if (fd >= 0)
			close(fd);
		goto out;
	}
	errno = 0;
	if (write_fn(f, ctx) != 0 || fflush(f) != 0) {
		/* A writer also refuses incomplete input; only a stream error has an errno to show. */
		snprintf(err, errlen, "cannot write %s: %s", shown,
		         ferror(f) ? strerror(errno ? errno : EIO) : "incomplete input");
		goto out;
	}
	if (durable && fsync(fileno(f)) != 0) {
		io_error(err, errlen, shown);
		goto out;
	}
	rc = fclose(f);
	f = NULL;
	if (rc != 0)
		io_error(err, errlen, shown);
out:
	if (f)
		fclose(f);
	if (rc != 0 && fd >= 0)
		unlink(path);
	return rc;
}

int file_write_atomic(const char *path, file_writer_fn write_fn, const void *ctx, bool durable,
                      char *err, size_t errlen)
{
	char *tmp = file_temp_path(path);
	int rc = -1;

	if (!tmp) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(ENOMEM));
		return -1;
	}
	if (file_write_new(tmp, path, write_fn, ctx, durable, err, errlen) != 0)
		goto out;
	if (rename(tmp, path) != 0) {
		io_error(err, errlen, path);
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	return rc;
}

long file_temp_pid(const char *name)
{
	const char *tag = strstr(name, TEMP_TAG), *next;
	char *end;
	long pid;

	if (name[0] != '.' || !tag || tag == name + 1)
		return 0;
	/* The last ".tmp-" is the tag: a NAME may hold one too. */
	for (next = strstr(tag + 1, TEMP_TAG); next; next = strstr(next + 1, TEMP_TAG))
		tag = next;
	errno = 0;
	pid = strtol(tag + strlen(TEMP_TAG), &end, 10);
	if (errno || *end || end == tag + strlen(TEMP_TAG) || pid <= 0)
		return 0;
	return pid;
}

bool file_process_gone(long pid)
{
	return pid == (long)getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

int file_remove_flat_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	for (de = readdir(d); de; de = readdir(d)) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) != 0 && errno != ENOENT)
			rc = -1;
	}
	closedir(d);
	if (rmdir(dir) != 0 && errno != ENOENT)
		rc = -1;
	return rc;
}

int file_remove_stale_temps(const char *dir, const char *only_name)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t want = only_name ? strlen(only_name) : 0;
	int removed = 0;

	if (!d)
		return errno == ENOENT ? 0 : -1;
	for (de = readdir(d); de; de = readdir(d)) {
		const char *name = de->d_name;
		long pid = file_temp_pid(name);
		struct stat st;

		if (!pid || !file_process_gone(pid) ||
		    (only_name && (strncmp(name + 1, only_name, want) != 0 ||
		                   strncmp(name + 1 + want, TEMP_TAG, strlen(TEMP_TAG)) != 0)))
			continue;
		if (fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			size_t n = strlen(dir) + strlen(name) + 2;
			char *path = malloc(n);

			if (path) {
				snprintf(path, n, "%s/%s", dir, name);
				removed += file_remove_flat_dir(path) == 0;
				free(path);
			}
		} else if (unlinkat(dirfd(d), name, 0) == 0) {
			removed++;
		}
	}
	closedir(d);
	return removed;
}

int file_remove_stale_temps_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path)) : strdup(".");
	int rc;

	if (!dir)
		return -1;
	rc = file_remove_stale_temps(*dir ? dir : "/", slash ? slash + 1 : path);
	free(dir);
	return rc;
}
