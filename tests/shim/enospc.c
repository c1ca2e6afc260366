/*
 * enospc.c - a full disk for one process, by LD_PRELOAD (tests only).
 *
 *   MA_ENOSPC_PATH=GLOB    writes to files whose path matches GLOB (fnmatch,
 *                          '*' matches '/' too) are counted ...
 *   MA_ENOSPC_AFTER=N      ... and fail with ENOSPC once N bytes in all were
 *                          written to them (0 when unset; a write that would
 *                          pass N is cut short first, as on a real disk)
 *   MA_ENOSPC_RENAME=GLOB  rename() onto a path matching GLOB fails with ENOSPC
 *   MA_ENOSPC_RENAME_FROM=GLOB  ... only when the path renamed matches GLOB too
 *
 * write() is caught directly. stdio writes never reach an interposed
 * write() (glibc calls its own), so a stream opened for writing on a
 * matching path (fopen, fopen64, fdopen) is handed out as a fopencookie
 * stream over the same descriptor, whose writes are counted the same way;
 * fileno() and fclose() know these streams. Built by the Makefile as
 * BUILD/tests/enospc.so; tests/integration/disk.sh uses it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_STREAMS 64

static long long spent;                   /* bytes written to matching files so far */

static struct {
	FILE *f;
	int fd;
} streams[MAX_STREAMS];

#define REAL(name) real_##name
#define LOOKUP(name) do { if (!REAL(name)) REAL(name) = dlsym(RTLD_NEXT, #name); } while (0)

static ssize_t (*REAL(write))(int, const void *, size_t);
static FILE *(*REAL(fopen))(const char *, const char *);
static FILE *(*REAL(fopen64))(const char *, const char *);
static FILE *(*REAL(fdopen))(int, const char *);
static int (*REAL(fileno))(FILE *);
static int (*REAL(fclose))(FILE *);
static int (*REAL(rename))(const char *, const char *);

static bool matches(const char *var, const char *path)
{
	const char *glob = getenv(var);

	return glob && *glob && path && fnmatch(glob, path, 0) == 0;
}

static bool fd_matches(int fd)
{
	char link[64], path[PATH_MAX];
	ssize_t n;

	if (!getenv("MA_ENOSPC_PATH"))
		return false;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return false;
	path[n] = '\0';
	return matches("MA_ENOSPC_PATH", path);
}

/* How many of n bytes still fit. */
static size_t room(size_t n)
{
	const char *after = getenv("MA_ENOSPC_AFTER");
	long long limit = after ? atoll(after) : 0;
	long long left = limit - spent;

	if (left <= 0)
		return 0;
	return (long long)n < left ? n : (size_t)left;
}

/* A counted write to fd. */
static ssize_t counted_write(int fd, const void *buf, size_t n)
{
	size_t k = room(n);
	ssize_t w;

	LOOKUP(write);
	if (n > 0 && k == 0) {
		errno = ENOSPC;
		return -1;
	}
	w = REAL(write)(fd, buf, k);
	if (w > 0)
		spent += w;
	return w;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	LOOKUP(write);
	if (fd_matches(fd))
		return counted_write(fd, buf, n);
	return REAL(write)(fd, buf, n);
}

static ssize_t cookie_read(void *c, char *buf, size_t n)
{
	return read(*(int *)c, buf, n);
}

/* As glibc writes a file: short writes are retried, so the failure that ends them has its errno. */
static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = counted_write(*(int *)c, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)w;
	}
	return (ssize_t)done;
}

static int cookie_seek(void *c, off64_t *at, int whence)
{
	off_t r = lseek(*(int *)c, (off_t)*at, whence);

	if (r < 0)
		return -1;
	*at = (off64_t)r;
	return 0;
}

static int cookie_close(void *c)
{
	int rc = close(*(int *)c);

	free(c);
	return rc;
}

/* fd as a counted stream, or NULL (errno set). */
static FILE *counted_stream(int fd, const char *mode)
{
	cookie_io_functions_t io = { cookie_read, cookie_write, cookie_seek, cookie_close };
	int *c = malloc(sizeof(*c));
	FILE *f;

	if (!c)
		return NULL;
	*c = fd;
	f = fopencookie(c, mode, io);
	if (!f) {
		free(c);
		return NULL;
	}
	for (size_t i = 0; i < MAX_STREAMS; i++) {
		if (!streams[i].f) {
			streams[i].f = f;
			streams[i].fd = fd;
			break;
		}
	}
	return f;
}

static bool writes(const char *mode)
{
	return strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+');
}

static FILE *open_counted(const char *path, const char *mode)
{
	int flags = strchr(mode, 'a') ? O_WRONLY | O_CREAT | O_APPEND : O_WRONLY | O_CREAT | O_TRUNC;
	int fd;
	FILE *f;

	if (strchr(mode, '+'))
		flags = (flags & ~O_WRONLY) | O_RDWR;
	fd = open(path, flags | O_CLOEXEC, 0666);
	if (fd < 0)
		return NULL;
	f = counted_stream(fd, mode);
	if (!f)
		close(fd);
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	LOOKUP(fopen);
	if (writes(mode) && matches("MA_ENOSPC_PATH", path))
		return open_counted(path, mode);
	return REAL(fopen)(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	LOOKUP(fopen64);
	if (writes(mode) && matches("MA_ENOSPC_PATH", path))
		return open_counted(path, mode);
	return REAL(fopen64)(path, mode);
}

FILE *fdopen(int fd, const char *mode)
{
	LOOKUP(fdopen);
	if (writes(mode) && fd_matches(fd))
		return counted_stream(fd, mode);
	return REAL(fdopen)(fd, mode);
}

int fileno(FILE *f)
{
	LOOKUP(fileno);
	for (size_t i = 0; f && i < MAX_STREAMS; i++)
		if (streams[i].f == f)
			return streams[i].fd;
	return REAL(fileno)(f);
}

int fclose(FILE *f)
{
	LOOKUP(fclose);
	for (size_t i = 0; f && i < MAX_STREAMS; i++)
		if (streams[i].f == f)
			streams[i].f = NULL;
	return REAL(fclose)(f);
}

int rename(const char *from, const char *to)
{
	LOOKUP(rename);
	if (matches("MA_ENOSPC_RENAME", to) && (!getenv("MA_ENOSPC_RENAME_FROM") || matches("MA_ENOSPC_RENAME_FROM", from))) {
		errno = ENOSPC;
		return -1;
	}
	return REAL(rename)(from, to);
}
